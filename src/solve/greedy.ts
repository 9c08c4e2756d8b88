/**
 * The fast path: best-fit decreasing with the congruence rule. Most real
 * instances end here. Every placement is reserved in the {@link FreeMap} as it
 * is made; the caller rolls the map back to its checkpoint afterwards, so the
 * map is left exactly as it was.
 *
 * Policy, named as vmem names its policies: **best fit, flush**. Each item
 * goes into the smallest free range that can hold it, at whichever end of
 * that range (as close to the end as the congruence allows) leaves the larger
 * free fragment intact. Big items go first because they have the fewest
 * choices. Cost: O(m log m + m log n) for m items and n free ranges (plus the
 * one-off O(n) build of the map's best-fit index on first use).
 *
 * @module
 */
import { lastCongruent } from '../congruence.js';
import type { FreeMap } from '../memory/free-map.js';
import type { Block, PlacementInstance } from '../memory/instance.js';
import { decreasingOrder, type Items, nextCut, phaseAt } from './items.js';
import type { OwnedPiece } from './pieces.js';

/** Where the greedy stopped, or its pieces. */
export type GreedyOutcome =
  | { readonly placed: true; readonly pieces: OwnedPiece[] }
  /** `item` could not be placed (an index into the items, or a block index in split mode). */
  | { readonly placed: false; readonly item: number };

/** Reused output buffer for fit queries: position, range start, range end. */
const fit = new Float64Array(3);

/**
 * Choose the position for `size` at `phase` in the range `fit` describes:
 * the low or high congruent end, whichever leaves the larger fragment.
 * Ties go low, for a stable answer.
 */
function flushPosition(size: number, phase: number, alignment: number): number {
  const low = fit[0]!;
  const start = fit[1]!;
  const end = fit[2]!;
  const high = lastCongruent(end - size, phase, alignment);
  const lowKeeps = Math.max(low - start, end - low - size);
  const highKeeps = Math.max(high - start, end - high - size);
  return highKeeps > lowKeeps ? high : low;
}

/**
 * Strict-mode greedy: one piece per item, best fit, flush. Reserves in `map`.
 *
 * @param items whole blocks
 * @param map the target's free map (mutated: the caller rolls it back)
 * @param alignment congruence modulus (granules)
 */
export function greedyPlace(items: Items, map: FreeMap, alignment: number): GreedyOutcome {
  const pieces: OwnedPiece[] = [];
  for (const i of decreasingOrder(items)) {
    const size = items.size[i]!;
    const phase = items.phase[i]!;
    if (!map.bestFitInto(size, phase, alignment, fit)) return { placed: false, item: i };
    const pa = flushPosition(size, phase, alignment);
    map.reserve(pa, size);
    pieces.push({ ra: items.ra[i]!, pa, size, block: items.block[i]! });
  }
  return { placed: true, pieces };
}

/**
 * Split-mode greedy over whole blocks, largest first. A block that fits whole
 * goes whole (best fit, flush). Otherwise it is cut at `step` boundaries: the
 * longest prefix that still fits somewhere (found by binary search over the
 * number of cut units, each probe a first-fit query) goes best fit, and the
 * rest continues the same way. Few, long pieces.
 *
 * Cost: O(m log m + p · log(units) · log n) for p pieces produced.
 *
 * @param blocks the source blocks
 * @param map the target's free map (mutated: the caller rolls it back)
 * @param alignment congruence modulus (granules)
 * @param step where cuts may fall: RAs that are multiples of this (granules)
 * @param order block indices in the order to take them (default: largest first)
 */
export function greedySplit(
  blocks: readonly Block[],
  map: FreeMap,
  alignment: number,
  step: number,
  order: readonly number[] = largestFirst(blocks),
): GreedyOutcome {
  const pieces: OwnedPiece[] = [];
  for (const index of order) {
    const block = blocks[index]!;
    const end = block.ra + block.size;
    for (let ra = block.ra; ra < end; ) {
      const phase = phaseAt(block, ra, alignment);
      const size = longestPlaceablePrefix(ra, end, phase, map, alignment, step);
      if (size === 0 || !map.bestFitInto(size, phase, alignment, fit)) return { placed: false, item: index };
      const pa = flushPosition(size, phase, alignment);
      map.reserve(pa, size);
      pieces.push({ ra, pa, size, block: index });
      ra += size;
    }
  }
  return { placed: true, pieces };
}

/** Block indices by size descending, then RA. */
function largestFirst(blocks: readonly Block[]): number[] {
  return blocks.map((_, index) => index).sort((a, b) => blocks[b]!.size - blocks[a]!.size || blocks[a]!.ra - blocks[b]!.ra);
}

/** Block indices in RA order: ldm's binding order. */
export function raOrder(blocks: readonly Block[]): number[] {
  return blocks.map((_, index) => index).sort((a, b) => blocks[a]!.ra - blocks[b]!.ra);
}

/**
 * The longest `[ra, cut)` with `cut` a multiple of `step` (or the block end)
 * that fits in some free range at `phase`; 0 if not even the first finest
 * piece fits. Fitting is monotone in the length, so binary search is exact.
 */
function longestPlaceablePrefix(
  ra: number,
  end: number,
  phase: number,
  map: FreeMap,
  alignment: number,
  step: number,
): number {
  if (map.firstFit(end - ra, phase, alignment) >= 0) return end - ra;
  const firstCut = nextCut(ra, step);
  if (firstCut >= end) return 0;
  // Candidate cuts: firstCut + k·step for k in [0, units); all shorter than the whole.
  const units = Math.ceil((end - firstCut) / step);
  let low = -1;
  let high = units;
  while (high - low > 1) {
    // Counts of cut units go far past 2^31 (a 2^40-granule block cut every granule): no 32-bit shift here.
    const mid = Math.floor((low + high) / 2);
    if (map.firstFit(firstCut + mid * step - ra, phase, alignment) >= 0) low = mid;
    else high = mid;
  }
  return low < 0 ? 0 : firstCut + low * step - ra;
}

/**
 * ldm's view of a failure: bind blocks in RA order, each at the first free
 * range that holds it, and report the first that cannot be bound. When the
 * instance is infeasible some block must fail, so this always names one.
 * Reserves in `map` (the caller rolls it back). O(m log n).
 *
 * @returns the index of the first block that cannot be bound, or -1
 */
export function firstUnbindableBlock(blocks: readonly Block[], map: FreeMap, alignment: number): number {
  for (const index of raOrder(blocks)) {
    const block = blocks[index]!;
    const pa = map.firstFit(block.size, phaseAt(block, block.ra, alignment), alignment);
    if (pa < 0) return index;
    map.reserve(pa, block.size);
  }
  return -1;
}

/**
 * The block ldm would name: binding in RA order, the first that fails
 * ({@link firstUnbindableBlock}; in split mode the split greedy in RA
 * order). Call it once infeasibility is proven, so some block fails; -1
 * otherwise. Leaves `map` as it was (rolled back). O(m log n).
 */
export function ldmFailedBlock(instance: PlacementInstance, map: FreeMap): number {
  const mark = map.checkpoint();
  try {
    if (!instance.split) return firstUnbindableBlock(instance.blocks, map, instance.alignment);
    const outcome = greedySplit(instance.blocks, map, instance.alignment, instance.splitAlignment, raOrder(instance.blocks));
    return outcome.placed ? -1 : outcome.item;
  } finally {
    map.rollback(mark);
  }
}
