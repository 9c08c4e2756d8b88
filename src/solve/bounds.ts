/**
 * Quick proofs of infeasibility, tried before any search. Each returns a
 * {@link Certificate} a person can check by hand, or undefined.
 *
 * @module
 */
import type { FreeMap } from '../memory/free-map.js';
import { firstCongruent } from '../congruence.js';
import { countAbove } from '../sorted.js';
import type { Items } from './items.js';
import type { Certificate } from './result.js';

/**
 * Total: the items need more granules than the map has free. Proof: the
 * pieces are disjoint and all inside free ranges. O(m).
 */
export function totalBound(items: Items, map: FreeMap): Certificate | undefined {
  let need = 0;
  for (let i = 0; i < items.count; i++) need += items.size[i]!;
  const offer = map.totalFree;
  return need > offer ? { kind: 'total', needGranules: need, offerGranules: offer } : undefined;
}

/**
 * Single item: some item fits in no free range even alone (with its
 * congruence). Returns the item index. O(m log n) by first-fit queries.
 */
export function unplaceableItem(items: Items, map: FreeMap, alignment: number): number {
  for (let i = 0; i < items.count; i++) {
    if (map.firstFit(items.size[i]!, items.phase[i]!, alignment) < 0) return i;
  }
  return -1;
}

/**
 * The certificate that an item (a block, or a finest piece of block
 * `item.block`) fits in no free range (see {@link unplaceableItem}), with the
 * range that comes closest: the most room from its first address congruent
 * to the item's phase. O(n).
 */
export function blockCertificate(
  item: { readonly block: number; readonly ra: number; readonly size: number; readonly phase: number },
  map: FreeMap,
  alignment: number,
): Certificate {
  const phase = item.phase;
  let bestRange: { start: number; length: number; at: number } | undefined;
  let bestRoom = -Infinity;
  map.forEachRange((start, end) => {
    const at = firstCongruent(start, phase, alignment);
    if (end - at > bestRoom) {
      bestRoom = end - at;
      bestRange = { start, length: end - start, at };
    }
  });
  return { kind: 'block', block: item.block, item: { ra: item.ra, size: item.size, phase }, bestRange };
}

/**
 * Threshold: for a size t, the items of at least t granules can only go in
 * ranges at least t long, so their total must not exceed the total length
 * of those ranges. Tried at every distinct item size, largest first, in one
 * sweep over both lists sorted by size: O(m log m + n log n).
 *
 * @param rangeLengths lengths of the free ranges (any order)
 */
export function thresholdBound(items: Items, rangeLengths: Float64Array): Certificate | undefined {
  const sizes = Float64Array.from(items.size.subarray(0, items.count)).sort().reverse();
  const lengths = Float64Array.from(rangeLengths).sort().reverse();
  let need = 0;
  let offer = 0;
  let r = 0;
  for (let i = 0; i < sizes.length; i++) {
    const threshold = sizes[i]!;
    need += threshold;
    if (i + 1 < sizes.length && sizes[i + 1] === threshold) continue;
    while (r < lengths.length && lengths[r]! >= threshold) offer += lengths[r++]!;
    if (need > offer) return { kind: 'threshold', thresholdGranules: threshold, needGranules: need, offerGranules: offer };
  }
  return undefined;
}

/**
 * Count: when every range long enough for the smallest item has the same
 * length, the items need at least {@link rangesNeededL2} such ranges. O(m log m + n).
 *
 * @param rangeLengths lengths of the free ranges (any order)
 */
export function countBound(items: Items, rangeLengths: Float64Array): Certificate | undefined {
  const sizes = Float64Array.from(items.size.subarray(0, items.count)).sort().reverse();
  const smallest = sizes[sizes.length - 1]!;
  let common = -1;
  let offer = 0;
  for (const length of rangeLengths) {
    if (length < smallest) continue;
    if (common !== -1 && length !== common) return undefined;
    common = length;
    offer++;
  }
  if (common === -1) return undefined;
  const need = rangesNeededL2(sizes, sizes.length, common);
  return need > offer ? { kind: 'count', rangeGranules: common, needRanges: need, offerRanges: offer } : undefined;
}

/**
 * Martello and Toth's L2: a lower bound on how many ranges of length
 * `capacity` the items need, ignoring congruence (padding only wastes room,
 * so the bound stays valid with it). For each K up to capacity/2: items
 * above capacity/2 need a range each; items between K and capacity/2 fit
 * only in the room those ranges leave or in new ranges; items above
 * capacity − K share with none of them.
 *
 * Cost: O(k log k) for k sizes.
 *
 * @param sizes item sizes sorted in decreasing order
 * @param count how many of `sizes` to use (a prefix)
 * @param capacity the common range length
 */
export function rangesNeededL2(sizes: ArrayLike<number>, count: number, capacity: number): number {
  const prefix = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) prefix[i + 1] = prefix[i]! + sizes[i]!;
  // Sizes decrease: the index of the first size at most a limit is the count of those above it.
  const half = countAbove(sizes, capacity / 2, count);
  let best = 0;
  let previousK = -1;
  for (let i = count; i >= half; i--) {
    const K = i === count ? 0 : sizes[i]!;
    if (K === previousK) continue;
    previousK = K;
    const big = countAbove(sizes, capacity - K, count);
    // Items at indices [half, lastAtLeastK) are at least K and at most capacity/2.
    let lastAtLeastK = i === count ? count : i + 1;
    while (lastAtLeastK < count && sizes[lastAtLeastK] === K) lastAtLeastK++;
    const roomInMiddle = (half - big) * capacity - (prefix[half]! - prefix[big]!);
    const small = prefix[lastAtLeastK]! - prefix[half]!;
    best = Math.max(best, half + Math.max(0, Math.ceil((small - roomInMiddle) / capacity)));
  }
  return best;
}
