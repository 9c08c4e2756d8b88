/**
 * Can a given set of items share one free range, and where does each go?
 *
 * An item is `(size, phase)`: it may start only at `p ≡ phase (mod alignment)`.
 * Two facts make this exact without trying every position:
 *
 * 1. **Earliest congruent position is optimal for a fixed order.** Take any
 *    feasible layout with the items in order b1..bk from left to right.
 *    Moving b1 left to the earliest congruent position ≥ the range start keeps
 *    it congruent and only enlarges the room to its right; by induction each
 *    item can sit at the earliest congruent position after its predecessor's
 *    end. So a set fits iff some order fits with earliest placement, and the
 *    minimal end over orders is a DP over subsets:
 *    `minEnd(S) = min over last item b of place(b, minEnd(S \ b))`.
 *
 * 2. **Closed form when every size is a multiple of the alignment.** Then an
 *    item ends on the residue it started on. Let `d_i = (phase_i − start) mod
 *    alignment` be item i's padding at the range start. Sorting by `d_i` and
 *    packing earliest ends at `start + Σ size + max d_i`, and no order does
 *    better: the item with the largest `d` starts at a position ≡ start +
 *    d_max, at or after `start + Σ(sizes before it)` — a multiple of the
 *    alignment past start — hence at least `start + Σbefore + d_max`, and
 *    everything after it adds its size. So the set fits iff
 *    `Σ size + max d_i ≤ length`.
 *
 * @module
 */
import { firstCongruent, paddingTo } from '../congruence.js';

/** Largest set the subset DP handles (2^k table entries). */
export const SUBSET_DP_LIMIT = 14;

/** A set of items and the range `[start, end)` they are to share. */
export interface SetInRange {
  /** Range start (granules). */
  readonly start: number;
  /** Range end, exclusive (granules). */
  readonly end: number;
  /** The items: indices into `sizes` and `phases`. */
  readonly items: readonly number[];
  /** Item sizes. */
  readonly sizes: ArrayLike<number>;
  /** Item phases, each below the alignment. */
  readonly phases: ArrayLike<number>;
  /** The congruence modulus (granules). */
  readonly alignment: number;
}

/** Outcome of {@link packSet}. */
export type SetPackOutcome =
  /** The set fits: `positions[i]` is where `items[i]` starts. */
  | { readonly fits: true; readonly positions: Float64Array; readonly end: number }
  /** Proven not to fit. */
  | { readonly fits: false; readonly proven: true }
  /** Too many unaligned items for the DP and no tried order fits. */
  | { readonly fits: false; readonly proven: false };

/**
 * Pack a set of items into `[start, end)` exactly.
 *
 * Cost: O(k log k) when every size is a multiple of the alignment (closed
 * form); O(2^k · k) by the subset DP when k ≤ {@link SUBSET_DP_LIMIT};
 * otherwise a few heuristic orders, O(k log k), whose failure is not a
 * proof (`proven: false`).
 *
 * @param start range start (granules)
 * @param end range end, exclusive (granules)
 * @param items indices into `sizes` / `phases`
 * @param sizes item sizes
 * @param phases item phases, each < alignment
 * @param alignment the congruence modulus (granules, power of two)
 */
export function packSet(
  start: number,
  end: number,
  items: readonly number[],
  sizes: ArrayLike<number>,
  phases: ArrayLike<number>,
  alignment: number,
): SetPackOutcome {
  const set: SetInRange = { start, end, items, sizes, phases, alignment };
  const byPadding = items
    .map((item, index) => ({ index, pad: paddingTo(start, phases[item]!, alignment), size: sizes[item]! }))
    .sort((a, b) => a.pad - b.pad || b.size - a.size || a.index - b.index)
    .map((entry) => entry.index);
  const allMultiples = items.every((item) => sizes[item]! % alignment === 0);
  const padded = packInOrder(set, byPadding);
  if (padded !== undefined) return padded;
  if (allMultiples) return { fits: false, proven: true };
  if (items.length <= SUBSET_DP_LIMIT) return packBySubsets(set);
  const bySize = items
    .map((item, index) => ({ index, size: sizes[item]! }))
    .sort((a, b) => b.size - a.size || a.index - b.index)
    .map((entry) => entry.index);
  return packInOrder(set, bySize) ?? { fits: false, proven: false };
}

/**
 * Fact 1's placement: the items in the given order (positions in
 * `set.items`), each at the earliest congruent position after the one
 * before; undefined when the last would end past the range. O(k).
 */
export function packInOrder(set: SetInRange, order: readonly number[]): (SetPackOutcome & { readonly fits: true }) | undefined {
  const { start, end, items, sizes, phases, alignment } = set;
  const positions = new Float64Array(items.length);
  let cursor = start;
  for (const index of order) {
    const item = items[index]!;
    const at = firstCongruent(cursor, phases[item]!, alignment);
    cursor = at + sizes[item]!;
    if (cursor > end) return undefined;
    positions[index] = at;
  }
  return { fits: true, positions, end: cursor };
}

/** The subset DP of fact 1; exact for k ≤ {@link SUBSET_DP_LIMIT}. */
function packBySubsets(set: SetInRange): SetPackOutcome {
  const { start, end, items, sizes, phases, alignment } = set;
  const k = items.length;
  const full = (1 << k) - 1;
  const minEnd = new Float64Array(full + 1).fill(Infinity);
  const lastItem = new Int8Array(full + 1).fill(-1);
  minEnd[0] = start;
  for (let mask = 1; mask <= full; mask++) {
    for (let b = 0; b < k; b++) {
      if ((mask & (1 << b)) === 0) continue;
      const before = minEnd[mask ^ (1 << b)]!;
      if (before === Infinity) continue;
      const item = items[b]!;
      const finish = firstCongruent(before, phases[item]!, alignment) + sizes[item]!;
      if (finish <= end && finish < minEnd[mask]!) {
        minEnd[mask] = finish;
        lastItem[mask] = b;
      }
    }
  }
  if (minEnd[full] === Infinity) return { fits: false, proven: true };
  const positions = new Float64Array(k);
  for (let mask = full; mask !== 0; ) {
    const b = lastItem[mask]!;
    const item = items[b]!;
    positions[b] = minEnd[mask]! - sizes[item]!;
    mask ^= 1 << b;
  }
  return { fits: true, positions, end: minEnd[full]! };
}
