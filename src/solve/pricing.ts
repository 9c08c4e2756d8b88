/**
 * Pricing: the heaviest set of items one free range of a class can hold,
 * for a weight per item type. Column generation asks it for a pattern
 * (`colgen.ts`); the `dual-weights` certificate states its value per class.
 *
 * The rule for "fits", from `in-range.ts`, as a bounded knapsack:
 *
 * - **Every size a multiple of the alignment** (fact 2 there): a set fits a
 *   range of length `L` starting at residue `r` iff `Σ size + max pad ≤ L`,
 *   where `pad = (phase − r) mod alignment`. So the best set is the best over
 *   the pads `d` of a knapsack of capacity `L − d` over the types of pad at
 *   most `d`. Exact.
 * - **Otherwise** the padding between two items depends on their order,
 *   and this module states a necessary condition only: the first item of
 *   any layout pays its own pad, so a set that fits has `Σ size + min pad ≤
 *   L`, and the best set is the best over `d` of a knapsack of capacity
 *   `L − d` over the types of pad at least `d`. Its value is an upper bound
 *   on the true best (a set it returns may not fit), which keeps every bound
 *   built on it valid, only weaker.
 *
 * One table answers every `d`: the types enter in order of pad (ascending
 * for the first rule, descending for the second) and the table, indexed by
 * capacity, is read at `L − d` once a pad's types are all in. Capacities
 * are counted in units of the gcd of the sizes, and a type's count is cut
 * into powers of two (1, 2, 4, …, rest: every count up to the bound is a
 * sum of distinct parts), so the cost is O(cells × Σ log count).
 *
 * @module
 */
import { paddingTo } from '../congruence.js';
import type { Items } from './items.js';
import { gcd } from './subset-sums.js';

/**
 * Table entries (capacity cells × count parts) one pricing may fill: beyond
 * this a class is too long for the knapsack in its units, and callers give
 * up on the bound rather than run for minutes or exhaust memory.
 */
export const PRICING_CELL_LIMIT = 1 << 25;

/** Distinct `(size, phase)` items with their multiplicity: the knapsack's item types. */
export interface ItemTypes {
  /** Number of types. */
  readonly count: number;
  /** Size of each type (units). */
  readonly size: Float64Array;
  /** Phase of each type (residue modulo the alignment). */
  readonly phase: Float64Array;
  /** How many items share the type. */
  readonly demand: Float64Array;
}

/** A range class as pricing sees it: its length and its start residue. */
export interface RangeShape {
  /** Length (units). */
  readonly length: number;
  /** Start residue modulo the alignment. */
  readonly residue: number;
}

/** The heaviest set found: its total weight and how many items of each type. */
export interface PricedSet {
  /** Total weight of the set. */
  readonly weight: number;
  /** Items of each type in the set. */
  readonly counts: Int32Array;
}

/**
 * Group items into types, largest size first (then phase): equal items are
 * interchangeable in any packing. `typeOf[i]` is item i's type. O(m log m).
 */
export function itemTypes(items: Items): { readonly types: ItemTypes; readonly typeOf: Int32Array } {
  const order = Array.from({ length: items.count }, (_, i) => i).sort(
    (a, b) => items.size[b]! - items.size[a]! || items.phase[a]! - items.phase[b]!,
  );
  const size: number[] = [];
  const phase: number[] = [];
  const demand: number[] = [];
  const typeOf = new Int32Array(items.count);
  for (const i of order) {
    const last = size.length - 1;
    if (last < 0 || size[last] !== items.size[i] || phase[last] !== items.phase[i]) {
      size.push(items.size[i]!);
      phase.push(items.phase[i]!);
      demand.push(0);
    }
    typeOf[i] = size.length - 1;
    demand[size.length - 1]!++;
  }
  return {
    types: { count: size.length, size: Float64Array.from(size), phase: Float64Array.from(phase), demand: Float64Array.from(demand) },
    typeOf,
  };
}

/** Whether every type's size is a multiple of the alignment: then the closed form is exact. O(types). */
export function allMultiples(types: ItemTypes, alignment: number): boolean {
  for (let t = 0; t < types.count; t++) if (types.size[t]! % alignment !== 0) return false;
  return true;
}

/**
 * The heaviest set of items (at most `demand` of each type, types of weight
 * 0 or less left out) that fits one range of `shape` by the module's rule:
 * exact when every size is a multiple of the alignment, an upper bound
 * otherwise. Undefined when the table would pass {@link PRICING_CELL_LIMIT}.
 *
 * Cost: O(t log t + cells × Σ log count), cells = range length / gcd of the sizes.
 *
 * @param types the item types
 * @param shape the range class
 * @param weights a weight per type
 * @param alignment the congruence modulus
 */
export function heaviestSet(types: ItemTypes, shape: RangeShape, weights: ArrayLike<number>, alignment: number): PricedSet | undefined {
  const closedForm = allMultiples(types, alignment);
  const pad = (t: number): number => paddingTo(shape.residue, types.phase[t]!, alignment);
  const eligible: number[] = [];
  let unit = 0;
  let smallestPad = Infinity;
  for (let t = 0; t < types.count; t++) {
    if (!(weights[t]! > 0) || types.size[t]! + pad(t) > shape.length) continue;
    eligible.push(t);
    unit = gcd(types.size[t]!, unit);
    smallestPad = Math.min(smallestPad, pad(t));
  }
  const counts = new Int32Array(types.count);
  if (eligible.length === 0) return { weight: 0, counts };
  // Closed form: the pad that bounds the set is its largest, so types enter by ascending pad; otherwise by descending.
  eligible.sort((a, b) => (closedForm ? pad(a) - pad(b) : pad(b) - pad(a)) || a - b);
  const cells = Math.floor((shape.length - smallestPad) / unit) + 1;
  const parts = countParts(types, eligible, cells - 1, unit);
  if (parts.type.length * cells > PRICING_CELL_LIMIT) return undefined;
  const spans = parts.type.map((t, k) => (parts.copies[k]! * types.size[t]!) / unit);
  return bestOverPads(parts, spans, cells, unit, shape.length, weights, eligible.map(pad), counts);
}

/** A type's bound cut into powers of two, as 0/1 items of the knapsack, in the order the types entered. */
interface CountParts {
  /** The type of each part. */
  readonly type: number[];
  /** How many items of its type the part stands for. */
  readonly copies: number[];
  /** Index of the eligible type each part belongs to (to read the table after a pad's last type). */
  readonly stage: number[];
}

/** Cut each eligible type's bound (its demand, at most what the widest capacity holds) into parts 1, 2, 4, …, rest. */
function countParts(types: ItemTypes, eligible: readonly number[], widestCells: number, unit: number): CountParts {
  const parts: CountParts = { type: [], copies: [], stage: [] };
  eligible.forEach((t, stage) => {
    let left = Math.min(types.demand[t]!, Math.floor(widestCells / (types.size[t]! / unit)));
    for (let part = 1; left > 0; part *= 2) {
      const copies = Math.min(part, left);
      parts.type.push(t);
      parts.copies.push(copies);
      parts.stage.push(stage);
      left -= copies;
    }
  });
  return parts;
}

/**
 * The 0/1 knapsack over `parts` (part k takes `spans[k]` cells), read at
 * capacity `length − pad` after each pad's last type: the best of those
 * readings, and its set in `counts`.
 */
function bestOverPads(
  parts: CountParts,
  spans: readonly number[],
  cells: number,
  unit: number,
  length: number,
  weights: ArrayLike<number>,
  pads: readonly number[],
  counts: Int32Array,
): PricedSet {
  const best = new Float64Array(cells);
  const take = new Uint8Array(parts.type.length * cells);
  let bestWeight = 0;
  let bestPart = -1;
  let bestCells = 0;
  for (let k = 0; k < parts.type.length; k++) {
    const t = parts.type[k]!;
    const span = spans[k]!;
    const gain = parts.copies[k]! * weights[t]!;
    for (let c = cells - 1; c >= span; c--) {
      const withPart = best[c - span]! + gain;
      if (withPart > best[c]!) {
        best[c] = withPart;
        take[k * cells + c] = 1;
      }
    }
    const stage = parts.stage[k]!;
    const lastOfPad = k + 1 === parts.type.length || pads[parts.stage[k + 1]!] !== pads[stage];
    if (!lastOfPad) continue;
    const capacity = Math.floor((length - pads[stage]!) / unit);
    if (capacity >= 0 && best[capacity]! > bestWeight) {
      bestWeight = best[capacity]!;
      bestPart = k;
      bestCells = capacity;
    }
  }
  for (let k = bestPart, c = bestCells; k >= 0; k--) {
    if (take[k * cells + c] === 0) continue;
    counts[parts.type[k]!]! += parts.copies[k]!;
    c -= spans[k]!;
  }
  return { weight: bestWeight, counts };
}
