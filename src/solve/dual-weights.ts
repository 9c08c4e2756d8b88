/**
 * The `dual-weights` certificate: integer weights on the items such that the
 * items weigh more than all free ranges together can carry. Why that proves
 * infeasibility: in any placement each item sits in one range, so the total
 * weight is the sum over ranges of the weight each holds, and a range of a
 * class holds at most the class's capacity (the heaviest set its fit rule
 * admits, see `pricing.ts`); a total above Σ ranges × capacity leaves no
 * placement.
 *
 * Two halves, on purpose apart: {@link roundedWeights} turns the LP's
 * fractional duals into integers (scaled, rounded down) and prices them with
 * `pricing.ts`; {@link verifyDualWeights} checks a certificate from the
 * instance alone, with a knapsack of its own, in integers, and refuses
 * anything it cannot recompute. The solver answers `infeasible` only once
 * the checker agrees.
 *
 * @module
 */
import { FreeMap } from '../memory/free-map.js';
import type { PlacementInstance } from '../memory/instance.js';
import { finestPieces, type Items, wholeBlocks } from './items.js';
import { heaviestSet, type ItemTypes, type RangeShape } from './pricing.js';
import { rangeClasses } from './range-classes.js';
import type { Certificate } from './result.js';

/** The engine's `dual-weights` certificate. */
export type DualWeights = Extract<Certificate, { readonly kind: 'dual-weights' }>;

/** A range class with how many ranges it has. */
export interface CountedShape extends RangeShape {
  /** Ranges in the class. */
  readonly ranges: number;
}

/** Scales tried, as powers of two, for rounding the duals: small weights read better, large ones lose less. */
const SCALE_BITS = [4, 8, 12, 16, 20, 24, 28];

/** Largest weight total a certificate may reach: sums of integers stay exact in doubles. */
const SAFE_TOTAL = 2 ** 50;

/**
 * Integer weights from fractional ones: for growing scales S, the weight of
 * type t is ⌊S · weights[t]⌋, each class's capacity is priced exactly, and
 * the first scale whose total beats the offer gives the certificate.
 * Rounding down loses at most one unit per item, so a fractional margin
 * survives once S times it exceeds the item count. Undefined when no scale
 * does (or a class is too long to price).
 *
 * Cost: up to {@link SCALE_BITS} pricings per class.
 *
 * @param items the items, with `typeOf[i]` the type of item i
 * @param types their types
 * @param classes every range class that can hold some item, with its count
 * @param weights a fractional weight per type, in [0, 1]
 * @param alignment the congruence modulus
 */
export function roundedWeights(
  items: Items,
  typeOf: Int32Array,
  types: ItemTypes,
  classes: readonly CountedShape[],
  weights: ArrayLike<number>,
  alignment: number,
): DualWeights | undefined {
  let demand = 0;
  for (let t = 0; t < types.count; t++) demand += types.demand[t]!;
  for (const scale of SCALE_BITS.map((bits) => 2 ** bits).filter((scale) => scale * demand <= SAFE_TOTAL)) {
    const integral = Float64Array.from({ length: types.count }, (_, t) => Math.floor(scale * weights[t]!));
    let total = 0;
    for (let t = 0; t < types.count; t++) total += types.demand[t]! * integral[t]!;
    const capacities: number[] = [];
    let offer = 0;
    for (const shape of classes) {
      const priced = heaviestSet(types, shape, integral, alignment);
      if (priced === undefined) return undefined;
      capacities.push(priced.weight);
      offer += shape.ranges * priced.weight;
    }
    if (total <= offer) continue;
    const listed = [];
    for (let i = 0; i < items.count; i++) {
      const weight = integral[typeOf[i]!]!;
      if (weight > 0) listed.push({ ra: items.ra[i]!, size: items.size[i]!, weight });
    }
    listed.sort((a, b) => a.ra - b.ra);
    const carrying = classes
      .map((shape, k) => ({ length: shape.length, residue: shape.residue, ranges: shape.ranges, capacity: capacities[k]! }))
      .filter((shape) => shape.capacity > 0);
    return { kind: 'dual-weights', items: listed, classes: carrying, total, offer };
  }
  return undefined;
}

/**
 * Check a `dual-weights` certificate against the question, sharing nothing
 * with the LP or the pricing that made it: the items (blocks, or finest
 * pieces in split mode) and the range classes are rebuilt from the instance,
 * each class's capacity recomputed by a knapsack of this module, and the
 * certificate's every number compared. Returns what is wrong: empty when the
 * certificate proves the question infeasible.
 *
 * Cost: per range class, a knapsack of O(cells × Σ log count) per distinct
 * pad of its items; a class too long for {@link CHECK_CELL_LIMIT} cells is
 * refused ("cannot recompute").
 *
 * @param instance the question, in granule units
 * @param certificate the claimed proof
 */
export function verifyDualWeights(instance: PlacementInstance, certificate: DualWeights): string[] {
  const items = instance.split ? finestPieces(instance) : wholeBlocks(instance);
  if (items === undefined) return ['too many finest pieces to rebuild the items'];
  const problems: string[] = [];
  const weights = itemWeights(items, certificate, problems);
  let total = 0;
  for (const weight of weights) total += weight;
  if (total !== certificate.total) problems.push(`the items weigh ${total}, not ${certificate.total}`);
  const closedForm = items.size.every((size) => size % instance.alignment === 0);
  const stated = new Map(certificate.classes.map((c) => [`${c.length}@${c.residue}`, c]));
  let offer = 0;
  for (const rangeClass of rangeClasses(FreeMap.fromColumns(instance.free), instance.alignment)) {
    const key = `${rangeClass.length}@${rangeClass.residue}`;
    const capacity = classCapacity(items, weights, rangeClass.length, rangeClass.residue, instance.alignment, closedForm);
    const claimed = stated.get(key);
    stated.delete(key);
    if (capacity === undefined) {
      problems.push(`cannot recompute the capacity of the ranges of ${rangeClass.length} at residue ${rangeClass.residue}`);
      continue;
    }
    offer += rangeClass.starts.length * capacity;
    if (capacity === 0 && claimed === undefined) continue;
    if (claimed?.capacity !== capacity || claimed.ranges !== rangeClass.starts.length) {
      problems.push(`the ${rangeClass.starts.length} ranges of ${rangeClass.length} at residue ${rangeClass.residue} each hold up to ${capacity}`);
    }
  }
  for (const key of stated.keys()) problems.push(`no free range class ${key}`);
  if (offer !== certificate.offer) problems.push(`the ranges carry ${offer}, not ${certificate.offer}`);
  if (total <= offer) problems.push(`the items weigh ${total}, no more than the ${offer} the ranges carry`);
  return problems;
}

/** Table entries the checker's knapsack may fill per pad (a memory and time guard, like the pricing's). */
export const CHECK_CELL_LIMIT = 1 << 25;

/** Each item's weight from the certificate's list (matched by RA and size), with what does not match. */
function itemWeights(items: Items, certificate: DualWeights, problems: string[]): number[] {
  const byRa = new Map<number, number>();
  for (let i = 0; i < items.count; i++) byRa.set(items.ra[i]!, i);
  const weights = new Array<number>(items.count).fill(0);
  for (const listed of certificate.items) {
    const i = byRa.get(listed.ra);
    if (i === undefined || items.size[i] !== listed.size) problems.push(`no item of ${listed.size} at RA ${listed.ra}`);
    else if (!Number.isSafeInteger(listed.weight) || listed.weight <= 0) problems.push(`the weight ${listed.weight} at RA ${listed.ra} is not a positive integer`);
    else if (weights[i] !== 0) problems.push(`the item at RA ${listed.ra} is listed twice`);
    else weights[i] = listed.weight;
  }
  return weights;
}

/**
 * The most weight one range `[residue, residue + length)` holds: over the
 * items' distinct pads d, a bounded knapsack of capacity `length − d` over
 * the items whose pad is at most d (sizes all multiples of the alignment:
 * a set fits iff Σ size + max pad ≤ length) or at least d (otherwise: the
 * first item pays its pad, a necessary condition). Items are grouped by
 * (size, pad, weight); counts are split into powers of two. Undefined when
 * a table would pass {@link CHECK_CELL_LIMIT}.
 */
function classCapacity(items: Items, weights: readonly number[], length: number, residue: number, alignment: number, closedForm: boolean): number | undefined {
  const groups = new Map<string, { size: number; pad: number; weight: number; count: number }>();
  for (let i = 0; i < items.count; i++) {
    const pad = (((items.phase[i]! - residue) % alignment) + alignment) % alignment;
    if (weights[i] === 0 || items.size[i]! + pad > length) continue;
    const key = `${items.size[i]}/${pad}/${weights[i]}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { size: items.size[i]!, pad, weight: weights[i]!, count: 1 });
    else group.count++;
  }
  let best = 0;
  for (const d of new Set([...groups.values()].map((g) => g.pad))) {
    const chosen = [...groups.values()].filter((g) => (closedForm ? g.pad <= d : g.pad >= d));
    const value = knapsack(chosen, length - d);
    if (value === undefined) return undefined;
    best = Math.max(best, value);
  }
  return best;
}

/** Bounded knapsack, best value within `capacity`, on a table in units of the sizes' gcd. */
function knapsack(groups: readonly { size: number; weight: number; count: number }[], capacity: number): number | undefined {
  let unit = 0;
  for (const g of groups) unit = greatestCommonDivisor(unit, g.size);
  const cells = Math.floor(capacity / unit) + 1;
  const parts: { span: number; value: number }[] = [];
  for (const g of groups) {
    let left = Math.min(g.count, Math.floor(capacity / g.size));
    for (let part = 1; left > 0; part *= 2) {
      const take = Math.min(part, left);
      parts.push({ span: (take * g.size) / unit, value: take * g.weight });
      left -= take;
    }
  }
  if (cells * Math.max(1, parts.length) > CHECK_CELL_LIMIT) return undefined;
  const best = new Float64Array(cells);
  for (const { span, value } of parts) {
    for (let c = cells - 1; c >= span; c--) best[c] = Math.max(best[c]!, best[c - span]! + value);
  }
  return best[cells - 1]!;
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}
