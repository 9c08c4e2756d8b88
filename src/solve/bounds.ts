/**
 * Quick proofs of infeasibility, tried before any search. Each returns a
 * {@link Certificate} a person can check by hand, or undefined.
 *
 * @module
 */
import type { FreeMap } from '../memory/free-map.js';
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
