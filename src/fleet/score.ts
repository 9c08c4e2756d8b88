/**
 * The score of a feasible target in `rank` (fleet.md asks that it be
 * documented; larger is better). Four parts, each in [0, 1]:
 *
 * - `room` = L / (L + M): L the largest free range the target keeps after
 *   the placement, M the domain's memory. One half when the largest range
 *   left could take the domain once more; it saturates, so a huge host does
 *   not drown the other parts. Weight 0.4: a large free range is what lets
 *   the next domain in, the scarcest thing this tool knows about.
 * - `compact` = L / F, F all the free memory left (1 when none is left):
 *   how little the placement fragments what remains. Weight 0.2.
 * - `cpu` = s / (s + d): s the strands left free, d the domain's strands.
 *   Weight 0.2.
 * - `crypto` = c / (c + max(1, k)): c the crypto units left free, k the
 *   domain's. Weight 0.2.
 *
 * The score is the weighted sum rounded to four decimals, so that the same
 * fleet prints the same bytes and ties are ties (then host names decide).
 *
 * @module
 */
import type { PieceBytes } from '../memory/frame.js';
import type { FleetDomainFile, FleetHostFile } from './fleet.js';
import { moveCost, rangesOf } from './move.js';
import { largestBytes, takeRanges, totalBytes } from './ranges.js';
import type { Fleet } from './fleet.js';

/** The parts of a target's score, each in [0, 1]. */
export interface ScoreParts {
  /** Largest free range left, against the domain's memory. */
  readonly room: number;
  /** Largest free range left, against all free memory left. */
  readonly compact: number;
  /** Strand headroom left. */
  readonly cpu: number;
  /** Crypto unit headroom left. */
  readonly crypto: number;
}

/** The weights of {@link ScoreParts} in the score; they sum to 1. */
export const SCORE_WEIGHTS: Readonly<Record<keyof ScoreParts, number>> = { room: 0.4, compact: 0.2, cpu: 0.2, crypto: 0.2 };

/**
 * The parts of the score of moving `domain` onto `target` with `placements`.
 * O(r log r) for r free ranges on the target.
 */
export function scoreParts(fleet: Fleet, domain: FleetDomainFile, target: FleetHostFile, placements: readonly PieceBytes[]): ScoreParts {
  const left = takeRanges(rangesOf(target.freeMemory), placements, 'placements');
  const largest = Number(largestBytes(left));
  const total = Number(totalBytes(left));
  const memory = domain.state === 'inactive' ? 0 : Number(totalBytes(rangesOf(domain.memory)));
  const cost = moveCost(fleet, domain, target);
  const strandsLeft = Math.max(0, target.cpu.freeStrands - cost.strands);
  const cryptoLeft = (target.freeCryptoUnits ?? 0) - cost.cryptoUnits;
  return {
    room: ratio(largest, largest + memory),
    compact: ratio(largest, total),
    cpu: ratio(strandsLeft, strandsLeft + domain.strands),
    crypto: ratio(cryptoLeft, cryptoLeft + Math.max(1, domain.cryptoUnits ?? 0)),
  };
}

/** a / b, and 1 for 0 / 0 (nothing left to fragment, nothing asked). */
function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

/** The score: the weighted sum of the parts, rounded to four decimals. */
export function score(parts: ScoreParts): number {
  const sum = SCORE_WEIGHTS.room * parts.room + SCORE_WEIGHTS.compact * parts.compact + SCORE_WEIGHTS.cpu * parts.cpu + SCORE_WEIGHTS.crypto * parts.crypto;
  return Math.round(sum * 10_000) / 10_000;
}
