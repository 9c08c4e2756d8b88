/**
 * The strong LP bound: Gilmore and Gomory's pattern formulation, solved by
 * column generation, turned into a `dual-weights` certificate.
 *
 * The primal, in phase-1 form: a pattern is a set of items one range of a
 * class can hold (`pricing.ts`); λ_p ≥ 0 uses pattern p; item type t has
 * demand d_t; class k has n_k ranges; s_t ≥ 0 is the demand left uncovered.
 *
 *     min Σ s_t   s.t.  Σ_p a_tp λ_p + s_t ≥ d_t (each type),
 *                       Σ_{p of k} λ_p ≤ n_k   (each class).
 *
 * Every placement gives a solution with Σ s = 0, so a positive optimum
 * proves the question infeasible. Its dual is
 *
 *     max Σ d_t π_t − Σ n_k μ_k   s.t.  Σ_t a_tp π_t ≤ μ_k (each pattern p of k),
 *                                      0 ≤ π_t ≤ 1, μ_k ≥ 0,
 *
 * and that is the LP solved here, one row per pattern known so far (the
 * "restricted" dual has fewer rows, so its optimum bounds the full one from
 * above: when it reaches 0, no proof can come out of this LP and the loop
 * stops). For its weights π the pricing gives each class's true capacity
 * K_k = max_p Σ_t a_tp π_t; then `Σ d π − Σ n K` is the value of a dual
 * solution of the full LP (μ = K), a lower bound on its optimum. A positive
 * value is the proof, and {@link roundedWeights} makes it one in integers.
 * A class whose capacity exceeds its μ gets that pattern as a new row, and
 * the loop goes on until the restricted optimum drops to 0 (`relaxed`), no
 * pattern is new although the optimum is positive (the LP engine broke a
 * row: `work-limit`), or the clock runs out.
 *
 * Three things make it converge in rounds rather than hundreds: the master
 * starts with the fill packer's patterns; the first dual point tried is
 * the continuous bound's (weight ∝ size), which already proves whatever
 * the total does; and pricing happens between the best point so far and
 * the LP's (Wentges' smoothing), which damps the duals' swings.
 *
 * Why the dual and not the primal with its duals read off: javascript-lp-
 * solver gives primal values only. Solving the dual directly needs nothing
 * else, and a row per pattern is what column generation adds anyway.
 *
 * @module
 */
import type { FreeMap } from '../memory/free-map.js';
import { type CountedShape, type DualWeights, roundedWeights } from './dual-weights.js';
import type { Items } from './items.js';
import { type LpBudget, type LpModel, solveWithin } from './lp.js';
import { heaviestSet, type ItemTypes, itemTypes, type PricedSet } from './pricing.js';
import type { StopReason } from './result.js';
import { type Fill, type FillStart, fillRanges, placeFills, usefulClasses } from './fill-packer.js';
import type { OwnedPiece } from './pieces.js';

/** Item types the master LP takes (one column each); beyond, the dense simplex is too slow to help. */
export const MAX_TYPES = 600;

/** Range classes the master LP takes (one column each). */
export const MAX_CLASSES = 200;

/**
 * Right-hand side of the pattern rows, a different small amount per row
 * instead of 0. At 0 every row is tight at the origin, a vertex so
 * degenerate that javascript-lp-solver's simplex stopped there and reported
 * an optimum of 0 on LPs whose optimum is a whole range (measured on
 * Falkenauer triplets). Loosening the rows only raises the LP's optimum,
 * so "optimum ≤ 0, stop" stays sound, and its weights are only a point to
 * price at: every bound is recomputed from them exactly.
 */
const PERTURBATION = 1e-6;

/** The rows' right-hand sides cycle through PERTURBATION × 1 … PERTURBATION × this. */
const PERTURBATION_STEPS = 7;

/** Below this a pricing gain or a bound counts as zero: the LP works in doubles. */
const EPSILON = 1e-9;

/** What column generation ended with. */
export type ColgenOutcome =
  /** Proven infeasible: the certificate (not yet checked against the instance). */
  | { readonly status: 'proven'; readonly certificate: DualWeights; readonly rounds: number }
  /** The fill packer placed every item: the pieces (not yet verified). */
  | { readonly status: 'packed'; readonly pieces: OwnedPiece[]; readonly rounds: 0 }
  /**
   * No proof: `relaxed` when the LP relaxation is feasible (the bound cannot
   * prove this question), else which budget stopped it.
   */
  | {
      readonly status: 'open';
      readonly stoppedBy: 'relaxed' | StopReason;
      readonly rounds: number;
      /** The fill packer's partial answer, where the repair packer (`local-search.ts`) starts; absent when the LP stage did not get that far. */
      readonly start?: FillStart;
      /** The patterns generated (with `start`), where a dive (`dive.ts`) starts. */
      readonly patterns?: readonly Fill[];
    };

/**
 * The LP stage: first the fill packer (`fill-packer.ts`), whose fills are
 * a placement when they hold every item and pack; otherwise they seed the
 * master, and column generation runs on the pattern LP of `items` in the
 * free ranges of `map` until it proves the question infeasible, shows its
 * relaxation feasible, or `deadline` (`performance.now()` time) passes.
 *
 * Cost: per round, one pricing per class (see {@link heaviestSet}) and one
 * LP of (types + classes) columns and one row per pattern so far.
 *
 * @param items the items to place (whole blocks, or finest pieces)
 * @param map the free ranges
 * @param alignment the congruence modulus
 * @param deadline when to give up (`performance.now()` time)
 * @param lpLimit how many master LPs it may solve (the caller's node budget: a run with one is deterministic)
 * @param onProgress told the master LPs solved, at each one
 */
export function columnGeneration(
  items: Items,
  map: FreeMap,
  alignment: number,
  deadline: number,
  lpLimit = Infinity,
  onProgress?: (lps: number) => void,
): ColgenOutcome {
  const { types, typeOf } = itemTypes(items);
  if (performance.now() >= deadline) return { status: 'open', stoppedBy: 'time-limit', rounds: 0 };
  const classes = types.count > MAX_TYPES ? undefined : usefulClasses(types, map, alignment, MAX_CLASSES);
  if (classes === undefined) return { status: 'open', stoppedBy: 'size-limit', rounds: 0 };
  // The table is largest with every type in play (the smallest gcd, the most parts): if all weights 1 price, every later pricing does.
  if (priceAll(types, classes, new Float64Array(types.count).fill(1), alignment) === undefined) return { status: 'open', stoppedBy: 'size-limit', rounds: 0 };
  const { fills, complete } = fillRanges(types, classes, alignment);
  const pieces = complete ? placeFills(items, typeOf, classes, fills, alignment) : undefined;
  if (pieces !== undefined) return { status: 'packed', pieces, rounds: 0 };
  const start: FillStart = { types, typeOf, classes, fills };
  const master = new MasterLp(types, classes);
  for (const fill of fills) master.addPattern(fill.rangeClass, fill.counts);
  const outcome = generateColumns(types, classes, alignment, master, { deadline, nodeLimit: lpLimit, nodes: 0, onProgress }, (point) =>
    roundedWeights(items, typeOf, types, classes, point, alignment),
  );
  if (outcome.status === 'proven') return { status: 'proven', certificate: outcome.proof, rounds: outcome.rounds };
  return { ...outcome, start, patterns: master.patternList() };
}

/**
 * Column generation proper: from the patterns `master` holds, price and add
 * until `prove` turns a dual point into a proof, the restricted LP shows
 * the relaxation feasible (`relaxed`), or the budget runs out.
 *
 * @internal shared with `dive.ts`
 * @param prove a proof from a dual point whose bound is positive, or undefined when it cannot make one
 */
export function generateColumns<P>(
  types: ItemTypes,
  classes: readonly CountedShape[],
  alignment: number,
  master: MasterLp,
  budget: LpBudget,
  prove: (point: Float64Array) => P | undefined,
): { readonly status: 'proven'; readonly proof: P; readonly rounds: number } | { readonly status: 'open'; readonly stoppedBy: 'relaxed' | StopReason; readonly rounds: number } {
  // The stability centre: the best dual point so far, the first one in proportion to size (the continuous bound's).
  let stable: { weights: Float64Array; bound: number } = { weights: new Float64Array(types.count), bound: -Infinity };
  /** Price at `point`; a proof when its bound is one, else the priced sets (and a better centre, if it is one). */
  const consider = (point: Float64Array): { readonly proof: P } | { readonly sets: PricedSet[] } => {
    const priced = priceAll(types, classes, point, alignment)!;
    if (priced.bound <= stable.bound) return priced;
    stable = { weights: point, bound: priced.bound };
    const proof = priced.bound > EPSILON ? prove(point) : undefined;
    return proof === undefined ? priced : { proof };
  };
  // What the perturbed rows may add to the optimum: the primal uses at most all the ranges, each row loosened by at most PERTURBATION_STEPS δ.
  const slack = EPSILON + PERTURBATION_STEPS * PERTURBATION * classes.reduce((sum, c) => sum + c.ranges, 0);
  const longest = Math.max(...classes.map((c) => c.length));
  const first = consider(Float64Array.from(types.size, (size) => size / longest));
  if ('proof' in first) return { status: 'proven', proof: first.proof, rounds: 0 };
  for (let rounds = 1; ; rounds++) {
    const solved = master.solve(budget);
    if (solved === undefined) return { status: 'open', stoppedBy: budget.stoppedBy!, rounds };
    if (solved.value <= slack) return { status: 'open', stoppedBy: 'relaxed', rounds };
    // Price at a point between the centre and the LP's (Wentges' smoothing); at the LP's own when that adds nothing.
    let added = 0;
    for (const alpha of [SMOOTHING, 0]) {
      const outcome = consider(Float64Array.from(solved.weights, (w, t) => alpha * stable.weights[t]! + (1 - alpha) * w));
      if ('proof' in outcome) return { status: 'proven', proof: outcome.proof, rounds };
      outcome.sets.forEach((set, k) => {
        if (patternValue(set.counts, solved.weights) > solved.classWeights[k]! + EPSILON && master.addPattern(k, set.counts)) added++;
      });
      if (added > 0) break;
    }
    // The LP claims a positive optimum, yet no new pattern beats its weights: its answer broke a row it has (javascript-lp-solver
    // does, on degenerate masters). Nothing is proven either way.
    if (added === 0) return { status: 'open', stoppedBy: 'work-limit', rounds };
  }
}

/** Weight of the smoothed dual point kept from the best one so far (Wentges): damps the duals' swings, the cause of column generation's long tail. */
const SMOOTHING = 0.5;

/**
 * Price every class at `weights`: the heaviest set of each, and the
 * Lagrangian bound `Σ d · weights − Σ ranges × capacity` (positive: a
 * proof). Undefined when a class is too long to price.
 */
function priceAll(types: ItemTypes, classes: readonly CountedShape[], weights: Float64Array, alignment: number): { readonly sets: PricedSet[]; readonly bound: number } | undefined {
  const sets: PricedSet[] = [];
  let bound = 0;
  for (let t = 0; t < types.count; t++) bound += types.demand[t]! * weights[t]!;
  for (const shape of classes) {
    const set = heaviestSet(types, shape, weights, alignment);
    if (set === undefined) return undefined;
    sets.push(set);
    bound -= shape.ranges * set.weight;
  }
  return { sets, bound };
}

/** Σ counts × weights. */
function patternValue(counts: Int32Array, weights: Float64Array): number {
  let value = 0;
  for (let t = 0; t < counts.length; t++) value += counts[t]! * weights[t]!;
  return value;
}

/**
 * The restricted dual as a javascript-lp-solver model: columns `w<t>` (a
 * type's weight, at most 1 by row `cap<t>`) and `k<c>` (a class's weight),
 * a row `p<j>` per pattern, objective `gain`. Plain JSON:
 * `JSON.stringify(master.model())` prints it.
 */
export class MasterLp {
  private readonly patterns: Fill[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly types: ItemTypes,
    private readonly classes: readonly CountedShape[],
  ) {}

  /** Add pattern `counts` of class `rangeClass`; false when it is already a row (then it adds nothing). */
  addPattern(rangeClass: number, counts: Int32Array): boolean {
    const key = `${rangeClass}:${counts.join(',')}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    this.patterns.push({ rangeClass, counts: Int32Array.from(counts) });
    return true;
  }

  /** The patterns so far, in the order they were added. */
  patternList(): readonly Fill[] {
    return this.patterns;
  }

  /**
   * The restricted primal — how many ranges use each pattern, λ_j ≥ 0,
   * covering each type's demand with at most each class's ranges, the
   * uncovered demand minimised (and, far behind, the ranges used) — solved:
   * λ per pattern, or undefined when the budget stopped the solver.
   */
  primal(budget: LpBudget): Float64Array | undefined {
    const constraints: Record<string, { min: number } | { max: number }> = {};
    const variables: Record<string, Record<string, number>> = {};
    for (let t = 0; t < this.types.count; t++) {
      constraints[`d${t}`] = { min: this.types.demand[t]! };
      variables[`s${t}`] = { cost: 1, [`d${t}`]: 1 };
    }
    this.classes.forEach((shape, k) => (constraints[`n${k}`] = { max: shape.ranges }));
    this.patterns.forEach((pattern, j) => {
      const column: Record<string, number> = { cost: PRIMAL_RANGE_COST, [`n${pattern.rangeClass}`]: 1 };
      pattern.counts.forEach((count, t) => {
        if (count > 0) column[`d${t}`] = count;
      });
      variables[`l${j}`] = column;
    });
    const solved = solveWithin({ optimize: 'cost', opType: 'min', constraints, variables, binaries: {}, options: { presolve: false } }, budget);
    if (solved === undefined) return undefined;
    return Float64Array.from(this.patterns, (_, j) => numberOr0(solved.answer[`l${j}`]));
  }

  /** The model as it stands. */
  model(): LpModel {
    const constraints: Record<string, { max: number }> = {};
    const variables: Record<string, Record<string, number>> = {};
    for (let t = 0; t < this.types.count; t++) {
      constraints[`cap${t}`] = { max: 1 };
      variables[`w${t}`] = { gain: this.types.demand[t]!, [`cap${t}`]: 1 };
    }
    this.classes.forEach((shape, k) => (variables[`k${k}`] = { gain: -shape.ranges }));
    this.patterns.forEach((pattern, j) => {
      constraints[`p${j}`] = { max: PERTURBATION * (1 + (j % PERTURBATION_STEPS)) };
      variables[`k${pattern.rangeClass}`]![`p${j}`] = -1;
      pattern.counts.forEach((count, t) => {
        if (count > 0) variables[`w${t}`]![`p${j}`] = count;
      });
    });
    return { optimize: 'gain', opType: 'max', constraints, variables, binaries: {}, options: { presolve: false } };
  }

  /** Solve the model: its optimum and the weights, or undefined when the budget stopped the solver. */
  solve(budget: LpBudget): { readonly value: number; readonly weights: Float64Array; readonly classWeights: Float64Array } | undefined {
    const solved = solveWithin(this.model(), budget);
    if (solved === undefined) return undefined;
    const read = (name: string): number => numberOr0(solved.answer[name]);
    return {
      value: read('result'),
      weights: Float64Array.from({ length: this.types.count }, (_, t) => Math.min(1, Math.max(0, read(`w${t}`)))),
      classWeights: Float64Array.from({ length: this.classes.length }, (_, k) => read(`k${k}`)),
    };
  }
}

/** A column's value in a javascript-lp-solver answer: the solver leaves out columns at 0. */
function numberOr0(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** Cost of a range in the restricted primal: far below an uncovered item, it only picks, among covers, one with fewer ranges. */
const PRIMAL_RANGE_COST = 1e-6;
