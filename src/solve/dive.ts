/**
 * The dive: a packing read off the pattern LP. When column generation shows
 * the LP relaxation feasible (`colgen.ts`, `relaxed`), its restricted
 * primal says how many ranges use each pattern, λ. Patterns at λ ≥ 1 are
 * fixed (as many ranges as λ's whole part), or else the one of largest λ is
 * fixed once; their items and ranges leave the question, column
 * generation runs again on what is left, and so on until the fill packer
 * (`fill-packer.ts`) holds the rest, the relaxation of the rest turns out
 * infeasible (a fixing was wrong; no backtracking here: the repair takes
 * over), or the budget runs out.
 *
 * Why it finds what the fill packer and the tabu search miss: on the
 * classic hard sets the LP bound is almost always the optimum, so an
 * optimal packing is a vertex the LP can reach, and a pattern the LP uses
 * whole is usually in one. What it ends with is a start for the repair
 * packer (`local-search.ts`), never a verdict: a dive that fails proves
 * nothing.
 *
 * @module
 */
import { generateColumns, MasterLp } from './colgen.js';
import { type Fill, type FillStart, fillRanges } from './fill-packer.js';
import type { LpBudget } from './lp.js';

/** Master LPs of column generation before each fixing. */
const ROUNDS = 8;

/** λ this close below a whole number counts as that number (the LP works in doubles). */
const WHOLE = 1e-6;

/** What a dive ended with: fills (fixed patterns, then the fill packer's on the rest), and whether they hold every item. */
export interface DiveOutcome {
  /** The fills, at most as many of a class as it has ranges. */
  readonly fills: Fill[];
  /** Whether they hold every item. */
  readonly complete: boolean;
  /** Patterns fixed by the LP. */
  readonly fixed: number;
}

/**
 * Dive from the LP stage's start: the fill packer's classes and types, and
 * the patterns column generation found.
 *
 * Cost: per fixing, one column generation on the question left (warm, from
 * every pattern known that still fits) and one restricted primal LP.
 *
 * @param start the types, classes and fills of the LP stage
 * @param patterns the patterns column generation found
 * @param alignment the congruence modulus
 * @param budget the LP budget every master LP draws on
 */
export function dive(start: FillStart, patterns: readonly Fill[], alignment: number, budget: LpBudget): DiveOutcome {
  const { types, classes } = start;
  const demand = Float64Array.from(types.demand);
  const ranges = classes.map((shape) => shape.ranges);
  const fixed: Fill[] = [];
  let known = patterns;
  for (;;) {
    const residualTypes = { ...types, demand: Float64Array.from(demand) };
    const residualClasses = classes.map((shape, k) => ({ ...shape, ranges: ranges[k]! }));
    const filled = fillRanges(residualTypes, residualClasses, alignment);
    const ended = (complete: boolean): DiveOutcome => ({ fills: [...fixed, ...filled.fills], complete, fixed: fixed.length });
    if (filled.complete) return ended(true);
    const master = new MasterLp(residualTypes, residualClasses);
    for (const pattern of known) if (copiesLeft(pattern, demand, ranges) > 0) master.addPattern(pattern.rangeClass, pattern.counts);
    for (const fill of filled.fills) master.addPattern(fill.rangeClass, fill.counts);
    // A few rounds only: the restricted LP need not be optimal to point at good patterns, and the long tail of
    // column generation on a feasible question (driving the dual to 0) would take the whole budget.
    const step: LpBudget = { deadline: budget.deadline, nodeLimit: Math.min(ROUNDS, budget.nodeLimit - budget.nodes), nodes: 0, onProgress: budget.onProgress };
    const outcome = generateColumns(residualTypes, residualClasses, alignment, master, step, () => true);
    budget.nodes += step.nodes;
    // Proven: what is left cannot be packed, a fixing was wrong.
    if (outcome.status === 'proven' || performance.now() >= budget.deadline || budget.nodes >= budget.nodeLimit) return ended(false);
    const lambda = master.primal(budget);
    /* c8 ignore next -- the clock ran out between the last round and the primal LP */
    if (lambda === undefined) return ended(false);
    known = master.patternList();
    let progress = 0;
    for (const j of choose(lambda)) {
      const pattern = known[j]!;
      const copies = Math.min(Math.max(1, Math.floor(lambda[j]! + WHOLE)), copiesLeft(pattern, demand, ranges));
      progress += copies;
      for (let c = 0; c < copies; c++) fixed.push({ rangeClass: pattern.rangeClass, counts: pattern.counts });
      ranges[pattern.rangeClass]! -= copies;
      pattern.counts.forEach((count, t) => (demand[t]! -= copies * count));
    }
    // The LP leaned on patterns no range is left for (a class used up): nothing to fix, the dive ends here.
    /* c8 ignore next -- not met in the fuzzing: the restricted primal's largest λ is on a pattern it may still use */
    if (progress === 0) return ended(false);
  }
}

/** The patterns to fix: every one at λ ≥ 1, else the one of largest λ (the first, on a tie). */
function choose(lambda: Float64Array): number[] {
  const whole: number[] = [];
  let largest = 0;
  lambda.forEach((value, j) => {
    if (value >= 1 - WHOLE) whole.push(j);
    if (value > lambda[largest]!) largest = j;
  });
  return whole.length > 0 ? whole : [largest];
}

/** How many more ranges may take `pattern`: its class's ranges left, and the demand left of each type it holds. */
function copiesLeft(pattern: Fill, demand: Float64Array, ranges: readonly number[]): number {
  let copies = ranges[pattern.rangeClass]!;
  pattern.counts.forEach((count, t) => {
    if (count > 0) copies = Math.min(copies, Math.floor(demand[t]! / count));
  });
  return copies;
}
