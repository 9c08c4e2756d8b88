/**
 * The fill packer: range after range, longest class first, put in the
 * heaviest set by size, the fullest the fit rule allows of the items still
 * left (`pricing.ts` with weight = size). A subset-sum fill rather than a
 * fit of one item at a time, so it finds the exact triples of the
 * Falkenauer triplet sets, which defeat best fit; and its fills are a good
 * first set of patterns for column generation (`colgen.ts`).
 *
 * @module
 */
import type { FreeMap } from '../memory/free-map.js';
import { paddingTo } from '../congruence.js';
import type { CountedShape } from './dual-weights.js';
import { packSet } from './in-range.js';
import type { Items } from './items.js';
import { itemPiece, type OwnedPiece } from './pieces.js';
import { heaviestSet, type ItemTypes } from './pricing.js';
import { rangeClasses } from './range-classes.js';

/** A range class the pattern LP and the packer use: its shape, its count, and where its ranges start. */
export interface UsefulClass extends CountedShape {
  /** The starts of its ranges, ascending. */
  readonly starts: readonly number[];
}

/** One range filled: its class and how many items of each type went in (column generation's patterns have this shape too). */
export interface Fill {
  /** Index of the class. */
  readonly rangeClass: number;
  /** Items of each type. */
  readonly counts: Int32Array;
}

/** The fill packer's fills with what they refer to: the start of the repair packer (`local-search.ts`). */
export interface FillStart {
  /** The item types. */
  readonly types: ItemTypes;
  /** Type of each item. */
  readonly typeOf: Int32Array;
  /** The range classes the fills use. */
  readonly classes: readonly UsefulClass[];
  /** The fills, at most as many of a class as it has ranges. */
  readonly fills: readonly Fill[];
}

/**
 * The range classes of `map` where at least one item type fits alone;
 * undefined when more than `limit` classes are long enough for the smallest
 * item (checked before the O(c · t) fit test, so a map of a million
 * distinct ranges costs O(n)).
 */
export function usefulClasses(types: ItemTypes, map: FreeMap, alignment: number, limit: number): UsefulClass[] | undefined {
  const smallest = types.size[types.count - 1]!;
  const long = rangeClasses(map, alignment).filter((c) => c.length >= smallest);
  if (long.length > limit) return undefined;
  return long
    .filter((c) => Array.from({ length: types.count }, (_, t) => t).some((t) => types.size[t]! + paddingTo(c.residue, types.phase[t]!, alignment) <= c.length))
    .map((c) => ({ length: c.length, residue: c.residue, ranges: c.starts.length, starts: c.starts }));
}

/**
 * Fill ranges, longest class first, each with the fullest set of the items
 * left, until the items run out or no range is left that takes one. The
 * caller has checked that every class prices (see `colgen.ts`): with fewer
 * items in play a pricing only gets smaller.
 *
 * Cost: one pricing per range filled.
 *
 * @returns the fills, and whether they hold every item
 */
export function fillRanges(types: ItemTypes, classes: readonly UsefulClass[], alignment: number): { readonly fills: Fill[]; readonly complete: boolean } {
  const left = Float64Array.from(types.demand);
  const remaining: ItemTypes = { ...types, demand: left };
  let open = left.reduce((sum, d) => sum + d, 0);
  const fills: Fill[] = [];
  const order = classes.map((_, k) => k).sort((a, b) => classes[b]!.length - classes[a]!.length);
  for (const k of order) {
    for (let used = 0; used < classes[k]!.ranges && open > 0; used++) {
      const set = heaviestSet(remaining, classes[k]!, fillWeights(remaining, classes[k]!.length), alignment)!;
      if (set.weight === 0) break;
      fills.push({ rangeClass: k, counts: set.counts });
      set.counts.forEach((count, t) => {
        left[t]! -= count;
        open -= count;
      });
    }
  }
  return { fills, complete: open === 0 };
}

/**
 * Weight = size, and the largest type left weighs a whole range more, so a
 * fill takes it whenever it fits at all (the rule of Gupta and Ho's
 * minimum bin slack: the largest item is the hardest to place later), and
 * the fullest set around it.
 */
function fillWeights(remaining: ItemTypes, length: number): Float64Array {
  const weights = Float64Array.from(remaining.size);
  // Types are sorted by decreasing size: the first with demand left is the largest.
  const largest = remaining.demand.findIndex((d) => d > 0);
  weights[largest]! += length;
  return weights;
}

/**
 * The fills as pieces: each on the next unused range of its class, its items
 * taken from their types and packed by {@link packSet}. Undefined when a
 * set does not pack (the fit rule is only necessary when sizes are off the
 * alignment).
 *
 * Cost: O(m) plus one {@link packSet} per fill.
 */
export function placeFills(items: Items, typeOf: Int32Array, classes: readonly UsefulClass[], fills: readonly Fill[], alignment: number): OwnedPiece[] | undefined {
  const byType: number[][] = [];
  for (let i = items.count - 1; i >= 0; i--) (byType[typeOf[i]!] ??= []).push(i);
  const nextRange = new Int32Array(classes.length);
  const pieces: OwnedPiece[] = [];
  for (const fill of fills) {
    const shape = classes[fill.rangeClass]!;
    const start = shape.starts[nextRange[fill.rangeClass]!++]!;
    const members: number[] = [];
    fill.counts.forEach((count, t) => {
      for (let c = 0; c < count; c++) members.push(byType[t]!.pop()!);
    });
    const packed = packSet(start, start + shape.length, members, items.size, items.phase, alignment);
    if (!packed.fits) return undefined;
    members.forEach((i, k) => pieces.push(itemPiece(items, i, packed.positions[k]!)));
  }
  return pieces;
}
