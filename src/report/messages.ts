/**
 * The sentences of a placement answer: ldm's own failure wording (users
 * search for it verbatim), the certificate that proves an infeasible
 * verdict, the summary of a feasible one and the reason of an undecided one.
 * Sizes are printed the way ldm prints them ({@link formatSize}: `1536K`).
 *
 * @module
 */
import type { BlockBytes } from '../memory/frame.js';
import { formatSize } from '../quantity.js';
import type { FeasibleAnswer, UnknownAnswer } from '../solve/answer.js';
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
 * @param block the block, in bytes
 * @param profile wording to use (default {@link DEFAULT_PROFILE})
 */
export function unableToBindMessage(block: BlockBytes, profile: MessageProfile = DEFAULT_PROFILE): string {
  return bindFailureMessage(profile, block);
}

export { certificateText } from '../solve/certificate-text.js';

/**
 * The one-line summary of a feasible placement:
 * `ldg-src: 1 block placed in 1 piece on dt212-239; largest free range left 1G`.
 */
export function feasibleSummary(answer: FeasibleAnswer): string {
  const left = answer.largestFreeLeft === 0n ? 'no free memory left' : `largest free range left ${formatSize(answer.largestFreeLeft)}`;
  return `${answer.domainName}: ${plural(answer.blockCount, 'block')} placed in ${plural(answer.placements.length, 'piece')} on ${answer.targetName}; ${left}`;
}

/**
 * Why an answer is `unknown`: which budget ran out, and how far the search
 * got.
 */
export function unknownReason(answer: UnknownAnswer): string {
  const searched = plural(answer.stats.nodes, 'search node');
  switch (answer.stoppedBy) {
    case 'node-limit':
      return `undecided: the node limit of ${answer.budget.nodeLimit} ran out after ${searched}`;
    case 'work-limit':
      return `undecided: the LP solver stopped on a node that would not converge after ${searched}; try the default strategy`;
    case 'size-limit':
      return 'undecided: the question is too large for this strategy\'s exact model; try the default strategy, or --strategy search';
    case 'time-limit':
      return `undecided: the time limit of ${answer.budget.timeLimitMs} ms ran out after ${searched}`;
  }
}

/** `1 block`, `2 blocks`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
