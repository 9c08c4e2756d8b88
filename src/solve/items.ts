/**
 * The things the solver places: whole source blocks (strict mode) or the
 * finest pieces a block may be cut into (split mode), as typed-array
 * columns. An item keeps its source congruence: `phase = source pa mod
 * alignment`, where a piece's source pa is its block's pa plus its offset.
 *
 * @module
 */
import type { PlacementInstance } from '../memory/instance.js';

/** Items as columns; item `i` is `[ra[i], ra[i] + size[i])` of block `block[i]`. */
export interface Items {
  /** Number of items. */
  readonly count: number;
  /** Item sizes (granules). */
  readonly size: Float64Array;
  /** Required residue of the new PA modulo the alignment. */
  readonly phase: Float64Array;
  /** RA of the item's first granule. */
  readonly ra: Float64Array;
  /** Index of the source block in the instance. */
  readonly block: Int32Array;
}

/** The most finest pieces the exact search will materialise (memory guard). */
export const MAX_ITEMS = 1 << 20;

/** One item per block: strict mode. O(m). */
export function wholeBlocks(instance: PlacementInstance): Items {
  const count = instance.blocks.length;
  const items = allocate(count);
  instance.blocks.forEach((block, index) => {
    items.size[index] = block.size;
    items.phase[index] = block.pa % instance.alignment;
    items.ra[index] = block.ra;
    items.block[index] = index;
  });
  return items;
}

/** How many finest pieces block `[ra, ra + size)` has when cuts fall at multiples of `step`. */
export function pieceCount(ra: number, size: number, step: number): number {
  const firstCut = Math.ceil((ra + 1) / step) * step;
  if (firstCut >= ra + size) return 1;
  const lastCut = Math.floor((ra + size - 1) / step) * step;
  return (lastCut - firstCut) / step + 2;
}

/**
 * Cut every block at each RA that is a multiple of `splitAlignment`: the
 * finest pieces of split mode. Any split placement is a merge of neighbouring
 * finest pieces, so feasibility of the pieces is feasibility of split mode.
 * Returns undefined when there would be more than {@link MAX_ITEMS} pieces.
 * O(number of pieces).
 */
export function finestPieces(instance: PlacementInstance): Items | undefined {
  const step = instance.splitAlignment;
  let total = 0;
  for (const block of instance.blocks) {
    total += pieceCount(block.ra, block.size, step);
    if (total > MAX_ITEMS) return undefined;
  }
  const items = allocate(total);
  let next = 0;
  instance.blocks.forEach((block, index) => {
    const end = block.ra + block.size;
    for (let ra = block.ra; ra < end; ) {
      const cut = Math.min(end, (Math.floor(ra / step) + 1) * step);
      items.size[next] = cut - ra;
      items.phase[next] = (block.pa + (ra - block.ra)) % instance.alignment;
      items.ra[next] = ra;
      items.block[next] = index;
      next++;
      ra = cut;
    }
  });
  return items;
}

function allocate(count: number): Items {
  return {
    count,
    size: new Float64Array(count),
    phase: new Float64Array(count),
    ra: new Float64Array(count),
    block: new Int32Array(count),
  };
}

/**
 * Items largest first, then by phase, then by RA: the order the greedy and
 * the exact search both take them in (big items have the fewest choices). O(m log m).
 */
export function decreasingOrder(items: Items): Int32Array {
  return Int32Array.from({ length: items.count }, (_, i) => i).sort(
    (a, b) => items.size[b]! - items.size[a]! || items.phase[a]! - items.phase[b]! || items.ra[a]! - items.ra[b]!,
  );
}
