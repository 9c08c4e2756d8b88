/**
 * The things the solver places: whole source blocks (strict mode) or the
 * finest pieces a block may be cut into (split mode), as typed-array
 * columns. An item keeps its source congruence: `phase = source pa mod
 * alignment`, where a piece's source pa is its block's pa plus its offset.
 *
 * Also the one statement of the cut rule every split strategy uses: cuts
 * fall at RAs that are multiples of the split step, so a block's finest
 * pieces are a partial head, whole step-windows, and a partial tail
 * ({@link cutBlock}); the greedy asks for the next cut after an RA
 * ({@link nextCut}).
 *
 * @module
 */
import { firstCongruent, wholeWindows } from '../congruence.js';
import type { Block, PlacementInstance } from '../memory/instance.js';

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

/** The source PA of the granule at `ra` of `block`: where a piece starting there came from. O(1). */
export function sourcePa(block: Block, ra: number): number {
  return block.pa + (ra - block.ra);
}

/** The phase of a piece of `block` starting at `ra`: its source PA modulo the alignment. O(1). */
export function phaseAt(block: Block, ra: number, alignment: number): number {
  return sourcePa(block, ra) % alignment;
}

/** The first RA strictly after `ra` where a cut may fall: the next multiple of `step`. O(1). */
export function nextCut(ra: number, step: number): number {
  return firstCongruent(ra + 1, 0, step);
}

/**
 * Block `[ra, ra + size)` cut at every RA that is a multiple of `step`, in
 * closed form: `fullCount` whole windows of `step` from `fullFrom` to
 * `fullTo`, a partial head `[ra, fullFrom)` and a partial tail
 * `[fullTo, ra + size)`, either of which may be empty. A block that crosses
 * no multiple of `step` is all head (`fullFrom = fullTo = ra + size`).
 */
export interface BlockCut {
  /** RA of the first whole window: the end of the head. */
  readonly fullFrom: number;
  /** RA where the whole windows end: the start of the tail. */
  readonly fullTo: number;
  /** How many whole windows, `(fullTo − fullFrom) / step`. */
  readonly fullCount: number;
}

/** {@link BlockCut} of block `[ra, ra + size)` at multiples of `step`. O(1), whatever the number of windows. */
export function cutBlock(ra: number, size: number, step: number): BlockCut {
  const { first, count } = wholeWindows(ra, ra + size, 0, step);
  // With no whole window, the one cut inside the block (if any) splits it into head and tail.
  const fullFrom = Math.min(first, ra + size);
  return { fullFrom, fullTo: fullFrom + count * step, fullCount: count };
}

/** How many finest pieces block `[ra, ra + size)` has when cuts fall at multiples of `step`. O(1). */
export function pieceCount(ra: number, size: number, step: number): number {
  const { fullFrom, fullTo, fullCount } = cutBlock(ra, size, step);
  return (fullFrom > ra ? 1 : 0) + fullCount + (fullTo < ra + size ? 1 : 0);
}

/** How many items {@link placementItems} lists: the blocks, or in split mode their finest pieces. O(m). */
export function itemCount(instance: PlacementInstance): number {
  return instance.split ? finestCount(instance) : instance.blocks.length;
}

/** How many finest pieces the blocks have. O(m). */
function finestCount(instance: PlacementInstance): number {
  return instance.blocks.reduce((sum, block) => sum + pieceCount(block.ra, block.size, instance.splitAlignment), 0);
}

/** One item per block: strict mode. O(m). */
export function wholeBlocks(instance: PlacementInstance): Items {
  const count = instance.blocks.length;
  const items = allocate(count);
  instance.blocks.forEach((block, index) => {
    items.size[index] = block.size;
    items.phase[index] = phaseAt(block, block.ra, instance.alignment);
    items.ra[index] = block.ra;
    items.block[index] = index;
  });
  return items;
}

/**
 * Cut every block at each RA that is a multiple of `splitAlignment`: the
 * finest pieces of split mode. Any split placement is a merge of neighbouring
 * finest pieces, so feasibility of the pieces is feasibility of split mode.
 * Returns undefined when there would be more than {@link MAX_ITEMS} pieces.
 * O(number of pieces).
 */
export function finestPieces(instance: PlacementInstance): Items | undefined {
  const total = finestCount(instance);
  return total > MAX_ITEMS ? undefined : cutAll(instance, total);
}

/**
 * What the solver places, with no cap on the count: the whole blocks, or in
 * split mode every finest piece, in block input order and each block's
 * pieces by RA. O(number of items).
 */
export function placementItems(instance: PlacementInstance): Items {
  return instance.split ? cutAll(instance, finestCount(instance)) : wholeBlocks(instance);
}

/** Every block's finest pieces (`total` of them) as items: head, whole windows, tail. */
function cutAll(instance: PlacementInstance, total: number): Items {
  const step = instance.splitAlignment;
  const items = allocate(total);
  let next = 0;
  instance.blocks.forEach((block, index) => {
    const add = (ra: number, size: number): void => {
      items.size[next] = size;
      items.phase[next] = phaseAt(block, ra, instance.alignment);
      items.ra[next] = ra;
      items.block[next] = index;
      next++;
    };
    const end = block.ra + block.size;
    const { fullFrom, fullTo } = cutBlock(block.ra, block.size, step);
    if (fullFrom > block.ra) add(block.ra, fullFrom - block.ra);
    for (let ra = fullFrom; ra < fullTo; ra += step) add(ra, step);
    if (fullTo < end) add(fullTo, end - fullTo);
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
