/**
 * Pieces shared by the generator's shapes: laying a domain out in RA and on
 * its source machine, and the result every shape returns.
 *
 * @module
 */
import { firstCongruent } from '../congruence.js';
import type { Block, Piece, RangeColumns } from '../memory/instance.js';
import type { SeededRandom } from '../random.js';

/** What a shape draws: the domain, the map, and the placement it was built around (if any). */
export interface Drawn {
  /** The domain's blocks in RA order (granules). */
  readonly blocks: Block[];
  /** The target's free ranges, sorted by address, never adjacent (granules). */
  readonly free: RangeColumns;
  /** A placement known to be valid, one piece per block, sorted by RA; `undefined` for `random`. */
  readonly placement: Piece[] | undefined;
}

/**
 * RAs for blocks laid back to back in the given order, starting at one
 * alignment (a domain's memory usually starts above RA 0). All in granules.
 */
export function contiguousRas(sizes: readonly number[], first: number): number[] {
  const ras = new Array<number>(sizes.length);
  let cursor = first;
  for (let i = 0; i < sizes.length; i++) {
    ras[i] = cursor;
    cursor += sizes[i]!;
  }
  return ras;
}

/**
 * Blocks with their source PAs: each block sits at the first address of its
 * congruence class after the previous one, as a source machine that bound
 * the domain in RA order would have put it. Source PAs therefore never
 * overlap, and `pa mod alignment` is the requested phase.
 *
 * @param ras RA of each block, increasing (granules)
 * @param sizes size of each block (granules)
 * @param phases required `pa mod alignment` of each block (granules)
 * @param alignment congruence modulus (granules)
 */
export function sourceBlocks(
  ras: readonly number[],
  sizes: readonly number[],
  phases: readonly number[],
  alignment: number,
): Block[] {
  const blocks = new Array<Block>(ras.length);
  let cursor = alignment;
  for (let i = 0; i < ras.length; i++) {
    const pa = firstCongruent(cursor, phases[i]!, alignment);
    blocks[i] = { ra: ras[i]!, pa, size: sizes[i]! };
    cursor = pa + sizes[i]!;
  }
  return blocks;
}

/** Columns in granules from columns in units (the arrays are scaled in place and reused). */
export function unitsToGranules(startUnits: Float64Array, sizeUnits: Float64Array, unitGranules: number): RangeColumns {
  for (let i = 0; i < startUnits.length; i++) {
    startUnits[i] = startUnits[i]! * unitGranules;
    sizeUnits[i] = sizeUnits[i]! * unitGranules;
  }
  return { count: startUnits.length, start: startUnits, size: sizeUnits };
}

/**
 * Split `items` into `groups` non-empty groups at random: the first
 * `groups` items of a shuffle open one group each, the rest join a random
 * group. Shuffles `items`. Requires `1 ≤ groups ≤ items.length`.
 */
export function randomGroups<T>(items: T[], groups: number, random: SeededRandom): T[][] {
  random.shuffle(items);
  const result: T[][] = [];
  for (let g = 0; g < groups; g++) result.push([items[g]!]);
  for (let i = groups; i < items.length; i++) result[random.below(groups)]!.push(items[i]!);
  return result;
}
