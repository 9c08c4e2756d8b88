/**
 * A brute-force placement solver for tiny instances, whose verdict is ground
 * truth for the real solvers' tests.
 *
 * It tries every assignment of items (blocks, or in split mode their finest
 * pieces) to coalesced free ranges and, per range, every order of its items,
 * each item at the earliest congruent address after the previous one. That
 * is complete because, for a fixed order, moving each item down to its
 * earliest congruent position never pushes a later item's end up. It shares
 * no code with the solvers (not even `firstCongruent`).
 *
 * @module
 */
import type { Piece, PlacementInstance } from '../../src/memory/instance.js';

/** The reference verdict; `pieces` (sorted by RA, finest pieces in split mode) when feasible. */
export interface ReferenceAnswer {
  readonly feasible: boolean;
  readonly pieces?: Piece[];
}

/** Most items and ranges the brute force accepts (beyond, it would take too long). */
const MAX_ITEMS = 8;
const MAX_RANGES = 4;

interface Item {
  readonly ra: number;
  readonly size: number;
  readonly phase: number;
}

/**
 * Decide an instance by exhaustion. Throws when it is too large to brute
 * force (more than 8 items or 4 coalesced ranges).
 */
export function referenceSolve(instance: PlacementInstance): ReferenceAnswer {
  const items = itemsOf(instance);
  const ranges = coalesced(instance);
  if (items.length > MAX_ITEMS || ranges.length > MAX_RANGES) {
    throw new Error(`reference solver: ${items.length} items, ${ranges.length} ranges is too large`);
  }
  // fits(r, mask): start addresses (by item) of the mask's items in range r, or null; memoised.
  const memo = ranges.map(() => new Map<number, Map<number, number> | null>());
  const fits = (r: number, mask: number): Map<number, number> | null => {
    if (!memo[r]!.has(mask)) memo[r]!.set(mask, packByPermutations(ranges[r]!, items, mask, instance.alignment));
    return memo[r]!.get(mask)!;
  };
  const masks = ranges.map(() => 0);
  // A set that does not fit has no superset that fits, so checking as items are added prunes.
  const assign = (i: number): boolean => {
    if (i === items.length) return true;
    for (let r = 0; r < ranges.length; r++) {
      masks[r]! |= 1 << i;
      if (fits(r, masks[r]!) !== null && assign(i + 1)) return true;
      masks[r]! &= ~(1 << i);
    }
    return false;
  };
  if (!assign(0)) return { feasible: false };
  const pieces: Piece[] = [];
  masks.forEach((mask, r) => {
    for (const [i, pa] of fits(r, mask)!) pieces.push({ ra: items[i]!.ra, pa, size: items[i]!.size });
  });
  return { feasible: true, pieces: pieces.sort((a, b) => a.ra - b.ra) };
}

function itemsOf(instance: PlacementInstance): Item[] {
  const items: Item[] = [];
  for (const block of instance.blocks) {
    const cuts = [block.ra];
    if (instance.split) {
      for (let ra = block.ra + 1; ra < block.ra + block.size; ra++) if (ra % instance.splitAlignment === 0) cuts.push(ra);
    }
    cuts.push(block.ra + block.size);
    for (let k = 0; k + 1 < cuts.length; k++) {
      const ra = cuts[k]!;
      items.push({ ra, size: cuts[k + 1]! - ra, phase: (block.pa + ra - block.ra) % instance.alignment });
    }
  }
  return items;
}

function coalesced(instance: PlacementInstance): { start: number; end: number }[] {
  const list: { start: number; end: number }[] = [];
  for (let i = 0; i < instance.free.count; i++) {
    if (instance.free.size[i]! > 0) list.push({ start: instance.free.start[i]!, end: instance.free.start[i]! + instance.free.size[i]! });
  }
  list.sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const range of list) {
    const last = out[out.length - 1];
    if (last !== undefined && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else out.push({ ...range });
  }
  return out;
}

/** Try every order of the mask's items in the range; the first that fits, as item → PA. */
function packByPermutations(range: { start: number; end: number }, items: readonly Item[], mask: number, alignment: number): Map<number, number> | null {
  const chosen = new Map<number, number>();
  const walk = (cursor: number, left: number): boolean => {
    if (left === 0) return true;
    for (let i = 0; i < items.length; i++) {
      if ((left & (1 << i)) === 0) continue;
      let pa = cursor;
      while (pa % alignment !== items[i]!.phase) pa++;
      if (pa + items[i]!.size > range.end) continue;
      chosen.set(i, pa);
      if (walk(pa + items[i]!.size, left & ~(1 << i))) return true;
      chosen.delete(i);
    }
    return false;
  };
  return walk(range.start, mask) ? chosen : null;
}
