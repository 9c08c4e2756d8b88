/**
 * The sentences of a placement answer: ldm's own failure wording (users
 * search for it verbatim), the certificate that proves an infeasible
 * verdict, the summary of a feasible one and the reason of an undecided one.
 * Sizes are printed the way ldm prints them ({@link formatSize}: `1536K`).
 *
 * @module
 */
import { blockBytes } from '../memory/frame.js';
import type { PlacementInstance } from '../memory/instance.js';
import { formatGranulesSize } from '../quantity.js';
import type { PlacementResult, SolveOptions } from '../solve/result.js';
import { bindFailureMessage, type LdmProfile } from '../wording/ldm.js';

export { migrationFailedMessage } from '../wording/ldm.js';

/**
 * Which ldm release's wording to use: `ldoms-1.3` (the default) or `ovm-3.6`
 * (Oracle VM Server for SPARC 3.6 and later).
 */
export type MessageProfile = LdmProfile;

/** The profile used when the caller names none. */
export const DEFAULT_PROFILE: MessageProfile = 'ldoms-1.3';

/**
 * ldm's message for a block it cannot bind on the target:
 * `ldoms-1.3` `Unable to bind 2G memory region at real address 0x8000000`;
 * `ovm-3.6` `Free memory layout and congruency requirements prevent binding
 * the memory block with PA 0x880000000, RA 0x400000000, and size 6G`, where
 * PA is the block's source PA.
 *
 * @param instance the question the block belongs to
 * @param blockIndex index into `instance.blocks`
 * @param profile wording to use (default {@link DEFAULT_PROFILE})
 */
export function unableToBindMessage(instance: PlacementInstance, blockIndex: number, profile: MessageProfile = DEFAULT_PROFILE): string {
  if (instance.blocks[blockIndex] === undefined) throw new RangeError(`no block ${blockIndex} in the instance`);
  return bindFailureMessage(profile, blockBytes(instance, blockIndex));
}

export { certificateText } from '../solve/certificate-text.js';

/**
 * The one-line summary of a feasible placement:
 * `ldg-src: 1 block placed in 1 piece on dt212-239; largest free range left 1G`.
 *
 * @param largestFreeLeft the longest free range of the target once the
 *   pieces are placed, in granules (see `largestFreeLeft`)
 */
export function feasibleSummary(instance: PlacementInstance, pieceCount: number, largestFreeLeft: number): string {
  const left = largestFreeLeft === 0 ? 'no free memory left' : `largest free range left ${formatGranulesSize(largestFreeLeft, instance.granuleBytes)}`;
  return `${instance.domainName}: ${plural(instance.blocks.length, 'block')} placed in ${plural(pieceCount, 'piece')} on ${instance.targetName}; ${left}`;
}

/**
 * Why an answer is `unknown`: which budget ran out, and how far the search
 * got. The node budget is named when the search reached it; the solver's
 * decision stage tells apart a search that never ran (too many pieces to
 * search exactly) from one stopped by the clock.
 *
 * @param options the budgets the solver was given (the same defaults apply)
 * @param defaultTimeLimitMs the time budget used when `options` gives none
 */
export function unknownReason(result: PlacementResult, options: SolveOptions, defaultTimeLimitMs: number): string {
  const searched = plural(result.stats.nodes, 'search node');
  switch (result.stats.stoppedBy) {
    case 'node-limit':
      return `undecided: the node limit of ${options.nodeLimit} ran out after ${searched}`;
    case 'work-limit':
      return `undecided: the LP solver stopped on a node that would not converge after ${searched}; try the default strategy`;
    case 'size-limit':
      return 'undecided: the question is too large for this strategy\'s exact model; try the default strategy, or --strategy search';
    default:
      return `undecided: the time limit of ${options.timeLimitMs ?? defaultTimeLimitMs} ms ran out after ${searched}`;
  }
}

/** `1 block`, `2 blocks`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
