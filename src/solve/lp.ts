/**
 * The LP/MIP strategy: the assignment model solved by javascript-lp-solver,
 * made exact by packing every range for real and adding a no-good cut
 * whenever a range cannot hold what the MIP gave it.
 *
 * Why the MIP alone is not enough: a capacity row `Σ size ≤ length` ignores
 * the padding congruence forces between blocks sharing a range, and that
 * padding depends on their order. So the MIP is a *relaxation*: every real
 * placement satisfies it, but not every MIP answer is a placement. The loop
 * is
 *
 * 1. solve the MIP → an assignment of items to ranges;
 * 2. pack each range's items exactly (earliest congruent positions in the
 *    best order, see {@link packRange});
 * 3. all ranges packed → a placement, checked by {@link verify} and returned;
 *    a range failed → a cut "these items cannot all share a range of this
 *    class", added to the model, back to 1.
 *
 * Verdicts and why they are sound:
 * - `feasible` only with a placement `verify` accepts;
 * - `infeasible` only when the solver reports the relaxation infeasible
 *   after a branch and bound that ran to its end (not stopped by the budget,
 *   no cycle guard fired), every cut added was proved (exact packing), and no
 *   range was left out of the model — then no placement exists, because every
 *   placement satisfies every row;
 * - `unknown` otherwise (time or node budget spent, a simplex that did not
 *   converge, a fractional or untrusted answer).
 *
 * What it optimises: nothing. The MIP has an objective of zero, so the
 * branch and bound stops at its first integral assignment; an objective
 * (a best-fit rank per range was tried) kept it searching for a better one
 * and turned tight but feasible 10-block instances into timeouts. Within a
 * range, items go in RA order when that fits, and split pieces placed
 * contiguously are merged, so the answer has few pieces; fragmentation of
 * what stays free is not minimised — that is the search strategy's job.
 *
 * @module
 */
import lpSolverModule from 'javascript-lp-solver';
import { firstCongruent, paddingTo } from '../congruence.js';
import type { PlacementInstance } from '../memory/instance.js';
import { FreeMap } from '../memory/free-map.js';
import { verify } from '../memory/verify.js';
import { blockCertificate } from './bounds.js';
import { ldmFailedBlock } from './greedy.js';
import { packInOrder, packSet } from './in-range.js';
import { itemCount, placementItems } from './items.js';
import { mergePieces, type OwnedPiece } from './pieces.js';
import { type RangeClass, rangeClasses } from './range-classes.js';
import { gcd } from './subset-sums.js';
import { type Certificate, DEFAULT_TIME_LIMIT_MS, type PlacementResult, type SolveOptions, type StopReason } from './result.js';

/**
 * The part of javascript-lp-solver used here. Declared locally because the
 * package's declarations describe its CommonJS build: under NodeNext the type
 * checker sees the default import as the module object, while Node's ES
 * module loader hands over the solver itself.
 */
interface LpSolver {
  /** The solver's own model class; {@link solveWithin} builds one to reach its tableau. */
  readonly Model: new () => SolverModel;
  Solve(model: SolverModel): LpAnswer;
}

/** A loaded model: its tableau and the diagnostics its simplex leaves. */
interface SolverModel {
  loadJson(model: LpModel): SolverModel;
  readonly tableau: SolverTableau;
  /** Non-empty when the simplex stopped on a detected cycle (see {@link solveWithin}). */
  readonly messages: readonly unknown[];
}

/**
 * The two tableau methods every branch-and-bound node goes through: `simplex`
 * once per node, `pivot` once per simplex step. {@link solveWithin} wraps
 * them on one instance to count and stop the work.
 */
interface SolverTableau {
  readonly height: number;
  readonly width: number;
  simplex(): unknown;
  pivot(row: number, column: number): void;
}

/**
 * The solver's simplified answer: the verdict and the non-zero columns.
 *
 * @internal shared with `colgen.ts`, not part of the `./lp` API
 */
export interface LpAnswer {
  /** Whether the solver found the model feasible. */
  readonly feasible: boolean;
  readonly [column: string]: number | boolean | undefined;
}

const lpSolver = lpSolverModule as unknown as LpSolver;

/** Binaries beyond which the model keeps only the largest ranges (and an infeasible verdict becomes `unknown`). */
const MAX_VARIABLES = 1500;
/**
 * Item-against-range-class tests that building one model may make: without
 * it a target of a million distinct ranges costs n × 10^6 tests before the
 * solver starts, past any budget.
 */
const MAX_FIT_CHECKS = 1 << 20;
/** How far from 0 or 1 a binary may be and still count as integral. */
const INTEGRALITY_TOLERANCE = 1e-6;

/**
 * A javascript-lp-solver model: plain JSON a person can print and read
 * (`JSON.stringify(model, null, 2)`).
 */
export interface LpModel {
  /** Name of the objective attribute. */
  readonly optimize: string;
  /** Minimise or maximise it. */
  readonly opType: 'min' | 'max';
  /** Rows: name → bounds. */
  readonly constraints: Readonly<
    Record<
      string,
      {
        /** Lower bound on the row's sum (`≥`); unused by the placement model. */
        readonly min?: number;
        /** Upper bound on the row's sum (`≤`): capacity rows and no-good cuts. */
        readonly max?: number;
        /** Exact value of the row's sum (`=`): the each-item-in-one-range rows. */
        readonly equal?: number;
      }
    >
  >;
  /** Columns: name → coefficient per row (and the objective). */
  readonly variables: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Columns restricted to 0 or 1. */
  readonly binaries: Readonly<Record<string, 1>>;
  /**
   * Solver options: `presolve: false` keeps the solver to plain simplex and
   * branch and bound, the part whose verdicts the fuzz tests check. `timeout`
   * is the solver's own and {@link solveByLp} leaves it unset: it is checked
   * only between branch-and-bound nodes, so it cannot stop a node that runs
   * away, and an answer cut short by it looks like a finished one.
   */
  readonly options?: {
    /** Wall-clock limit in milliseconds for the solver's branch and bound, read between nodes only. */
    readonly timeout?: number;
    /** `false` (as {@link solveByLp} sets it) skips the solver's presolve pass; see above. */
    readonly presolve?: boolean;
  };
}

/**
 * What the MIP places: a whole block, or in split mode one of its finest
 * pieces (cut at every `splitAlignment` boundary inside the block). Granules.
 */
export interface LpItem {
  /** Index of the source block in the instance. */
  readonly block: number;
  /** Real address of the item's first granule. */
  readonly ra: number;
  /** Length (granules). */
  readonly size: number;
  /** Source PA modulo the alignment: the item may start only at a PA of this residue. */
  readonly phase: number;
}

/** A coalesced free range kept in the model. Granules. */
export interface LpRange {
  /** Physical address of the range's first granule. */
  readonly start: number;
  /** One past its last granule: the range is `[start, end)`. */
  readonly end: number;
  /**
   * Ranges with the same `start mod alignment` and length are translates of
   * each other by a multiple of the alignment, so a set of items fits one iff
   * it fits the other (see `range-classes.ts`): they share an id, and a cut
   * proved for one holds for all.
   */
  readonly classId: number;
}

/** The reduced question and its MIP, as {@link buildPlacementModel} returns it. */
export interface PlacementModel {
  /** The items to place, in block input order, each block's items by RA. */
  readonly items: readonly LpItem[];
  /** The coalesced free ranges the model uses, ascending by start. */
  readonly ranges: readonly LpRange[];
  /** For each item, the indices (into `ranges`) of the ranges that can hold it alone. */
  readonly candidates: readonly (readonly number[])[];
  /** The MIP without no-good cuts or time limit; variable `x<item>@<range>` is 1 when the item goes there. */
  readonly model: LpModel;
  /** The first item that fits no free range on its own, if any (a proof of infeasibility). */
  readonly unplaceable: number | undefined;
  /** False when ranges were left out to bound the model's size: then the model is no longer a relaxation. */
  readonly complete: boolean;
  /** Total coalesced free memory (granules). */
  readonly freeGranules: number;
}

/** The MIP column of item `item` in range `range`. */
function variableName(item: number, range: number): string {
  return `x${item}@${range}`;
}

/**
 * Build the reduced question and its assignment MIP.
 *
 * Reductions, each exact (a placement of the original exists iff one of the
 * reduced question does):
 * - split mode: blocks become their finest pieces — any split placement cut
 *   further at every allowed boundary is still valid, and finest pieces
 *   placed anywhere are a valid split placement;
 * - free ranges are coalesced (adjacent ranges are contiguous memory);
 * - item `i` may go to range `r` only if it fits there alone with its
 *   congruence;
 * - of each class of translated ranges (see {@link LpRange.classId}) at most
 *   as many copies are kept as items fit them: a placement puts at least one
 *   such item in every copy it uses, and the copies it uses can be relabelled
 *   onto the kept ones.
 *
 * Rows: `item<i>` (each item in exactly one range) and `range<r>` (capacity:
 * `Σ size ≤ length − least padding` of a candidate, since the first item in a
 * range pays its own padding; sizes divided by their gcd, the right-hand side
 * rounded down, which keeps the row exact and the numbers small). The
 * objective `cost` appears in no column: this is a feasibility problem (see
 * the module comment for why).
 *
 * When the model would exceed 1500 binary columns (`MAX_VARIABLES`), only
 * the longest ranges are kept and `complete` is false; so too when testing
 * items against range classes would take more than 2^20 tests
 * (`MAX_FIT_CHECKS`), longest classes first.
 *
 * Cost: O(n log m + m + c log c) for n items, m free ranges and c range
 * classes, plus at most 2^20 fit tests; listing the items is O(n), where
 * split mode makes n the number of finest pieces ({@link solveByLp} does
 * not build a model of more than 1500 items, which could not give each one
 * a column).
 *
 * @param instance the question (granule units); not mutated
 * @throws {@link InputError} when free ranges overlap (naming both) or a size
 *   is not positive, exactly as {@link FreeMap.fromColumns} reports it
 */
export function buildPlacementModel(instance: PlacementInstance): PlacementModel {
  return modelOnMap(instance, FreeMap.fromColumns(instance.free));
}

/** {@link buildPlacementModel} on the free ranges already validated and coalesced into `map`. */
function modelOnMap(instance: PlacementInstance, map: FreeMap): PlacementModel {
  const items = lpItems(instance);
  const classes = rangeClasses(map, instance.alignment);
  const { kept, complete } = keptRanges(items, classes, instance.alignment);
  const ranges: LpRange[] = kept
    .flatMap(({ classId, starts }) => starts.map((start) => ({ start, end: start + classes[classId]!.length, classId })))
    .sort((a, b) => a.start - b.start);
  const fitting = new Map(kept.map(({ classId, fits }) => [classId, fits]));
  const candidates: number[][] = items.map(() => []);
  ranges.forEach((range, r) => {
    for (const i of fitting.get(range.classId)!) candidates[i]!.push(r);
  });
  // Every range, not only the kept ones: the first fit over the whole map is the same test at O(log m).
  const unplaceableIndex = items.findIndex((item) => map.firstFit(item.size, item.phase, instance.alignment) < 0);
  return {
    items,
    ranges,
    candidates,
    model: assignmentModel(items, ranges, candidates, instance.alignment),
    unplaceable: unplaceableIndex < 0 ? undefined : unplaceableIndex,
    complete,
    freeGranules: map.totalFree,
  };
}

/**
 * Which ranges of each class the model keeps, and the items that fit a range
 * of the class alone. Classes are taken longest first, as many copies of
 * each as items fit it, until the model holds {@link MAX_VARIABLES} columns
 * or {@link MAX_FIT_CHECKS} item-against-class tests have been made; a class
 * that could not get all its copies, or was never tested, makes the model
 * incomplete. Classes shorter than the smallest item fit nothing and cost no
 * test. Both caps bound the work of building a model and its size,
 * whatever the number of free ranges.
 */
function keptRanges(
  items: readonly LpItem[],
  classes: readonly RangeClass[],
  alignment: number,
): { kept: { classId: number; starts: number[]; fits: number[] }[]; complete: boolean } {
  const smallest = items.reduce((least, item) => Math.min(least, item.size), Infinity);
  const byLength = classes.map((_, c) => c).sort((a, b) => classes[b]!.length - classes[a]!.length || a - b);
  const kept: { classId: number; starts: number[]; fits: number[] }[] = [];
  let columnsLeft = MAX_VARIABLES;
  let testsLeft = MAX_FIT_CHECKS;
  let complete = true;
  for (const classId of byLength) {
    const { length, starts } = classes[classId]!;
    if (length < smallest) break;
    if (testsLeft < items.length) {
      complete = false;
      break;
    }
    testsLeft -= items.length;
    const fits: number[] = [];
    for (let i = 0; i < items.length; i++) if (fitsAlone(items[i]!, starts[0]!, length, alignment)) fits.push(i);
    if (fits.length === 0) continue;
    const wanted = Math.min(starts.length, fits.length);
    const copies = Math.min(wanted, Math.floor(columnsLeft / fits.length));
    if (copies < wanted) complete = false;
    if (copies > 0) kept.push({ classId, starts: starts.slice(0, copies), fits });
    columnsLeft -= copies * fits.length;
  }
  return { kept, complete };
}

/** The blocks, or in split mode their finest pieces (see `items.ts`), as readable objects in block input order. */
function lpItems(instance: PlacementInstance): LpItem[] {
  const items = placementItems(instance);
  return Array.from({ length: items.count }, (_, i) => ({ block: items.block[i]!, ra: items.ra[i]!, size: items.size[i]!, phase: items.phase[i]! }));
}

/** Whether an item fits a range of this start and length on its own. */
function fitsAlone(item: LpItem, start: number, length: number, alignment: number): boolean {
  return firstCongruent(start, item.phase, alignment) + item.size <= start + length;
}

/** The assignment MIP: rows and columns as described on {@link buildPlacementModel}. */
function assignmentModel(items: readonly LpItem[], ranges: readonly LpRange[], candidates: readonly (readonly number[])[], alignment: number): LpModel {
  const unit = items.reduce((g, item) => gcd(g, item.size), 0) || 1;
  const leastPadding = ranges.map(() => Infinity);
  candidates.forEach((list, i) => {
    for (const r of list) {
      const padding = paddingTo(ranges[r]!.start, items[i]!.phase, alignment);
      leastPadding[r] = Math.min(leastPadding[r]!, padding);
    }
  });
  const constraints: Record<string, { max?: number; equal?: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  const binaries: Record<string, 1> = {};
  items.forEach((_, i) => (constraints[`item${i}`] = { equal: 1 }));
  ranges.forEach((range, r) => {
    // Every kept range holds some item alone, so its least padding is finite.
    constraints[`range${r}`] = { max: Math.floor((range.end - range.start - leastPadding[r]!) / unit) };
  });
  candidates.forEach((list, i) => {
    for (const r of list) {
      const name = variableName(i, r);
      variables[name] = { [`item${i}`]: 1, [`range${r}`]: items[i]!.size / unit };
      binaries[name] = 1;
    }
  });
  return { optimize: 'cost', opType: 'min', constraints, variables, binaries };
}

/** One item to pack into a range: its phase (the PA residue it must start on), size, and RA (which orders the first attempt). */
export interface PackItem {
  /** Required start residue modulo the alignment. */
  readonly phase: number;
  /** Length (granules). */
  readonly size: number;
  /** Real address: tried first in RA order, and among equal offsets the lower RA goes first, so split neighbours stay contiguous. */
  readonly ra: number;
}

/**
 * Whether a set of items fits one range, and where: `pa[i]` is item `i`'s
 * start when it fits. `proven` says whether a failure is a proof.
 */
export type PackOutcome =
  | {
      /** The items fit the range. */
      readonly fits: true;
      /** Start PA of each item (granules), indexed like the `items` argument; each is congruent to the item's phase. */
      readonly pa: readonly number[];
    }
  | {
      /** No packing was found. */
      readonly fits: false;
      /**
       * True when no packing exists (a cut built on it is sound); false when
       * the set was too large for the exact packer and only heuristic orders
       * failed.
       */
      readonly proven: boolean;
    };

/**
 * Pack items into the range `[start, end)`, each at a PA congruent to its
 * phase modulo `alignment`, exactly.
 *
 * Items in RA order are tried first: split neighbours then land contiguous
 * and merge; failing that proves nothing. Then the exact in-range packer
 * (`packSet` in `solve/in-range.ts`) decides: closed form when every size is
 * a multiple of the alignment, a subset DP for up to 14 items
 * (`SUBSET_DP_LIMIT`), and beyond that a few heuristic orders whose failure
 * is returned as `proven: false`.
 *
 * Cost: O(k log k), or O(2^k · k) through the DP. Mutates nothing.
 *
 * @param start first address of the range (granules)
 * @param end one past its last address
 * @param alignment the congruence modulus
 * @param items what to place
 */
export function packRange(start: number, end: number, alignment: number, items: readonly PackItem[]): PackOutcome {
  const sizes = items.map((item) => item.size);
  const phases = items.map((item) => item.phase);
  const indices = items.map((_, i) => i);
  const byRa = [...indices].sort((a, b) => items[a]!.ra - items[b]!.ra);
  const inRaOrder = packInOrder({ start, end, items: indices, sizes, phases, alignment }, byRa);
  if (inRaOrder !== undefined) return { fits: true, pa: Array.from(inRaOrder.positions) };
  const outcome = packSet(start, end, byRa, sizes, phases, alignment);
  if (!outcome.fits) return { fits: false, proven: outcome.proven };
  const placed = new Array<number>(items.length);
  byRa.forEach((item, index) => (placed[item] = outcome.positions[index]!));
  return { fits: true, pa: placed };
}

/** "These items cannot all share a range of this class", proved by {@link packRange}. */
interface NoGood {
  readonly items: readonly number[];
  readonly classId: number;
}

/** The outcome of packing every range of one MIP assignment. */
type AssignmentOutcome =
  | { readonly packed: true; readonly pieces: OwnedPiece[] }
  | { readonly packed: false; readonly cuts: NoGood[]; readonly proven: boolean };

/**
 * When the caller's clock started and when its budget ends, both
 * `performance.now()` readings: the one clock every strategy reads.
 */
export interface SolveClock {
  /** When the caller started timing the question; `stats.elapsedMs` counts from here. */
  readonly started: number;
  /** When the work must stop; a question not decided by then is `unknown`. */
  readonly deadline: number;
}

/**
 * Solve the placement question with the MIP and no-good cuts (see the module
 * comment for the loop and why each verdict is sound).
 *
 * Budgets, both for the whole loop: the clock's deadline (by default
 * `options.timeLimitMs`, 5000, from now) and `options.nodeLimit`, counted in
 * branch-and-bound nodes over every MIP round (`stats.nodes` reports them).
 * The node limit is the deterministic one: with it the same question gets
 * the same answer on any machine. Both are checked at every node and the
 * deadline at every simplex pivot, so the call returns within the budget
 * plus what runs between two checks: building the model (linear in the free
 * ranges, at most 2^20 fit tests), loading it into the solver, one pivot and
 * the exact packing of one round. A budget spent is `unknown`; so is a
 * question of more than 1500 items (blocks, or finest pieces in split mode),
 * at once and with no node spent, since the model would give some item no
 * column (`decidedBy: 'bounds'`).
 *
 * In split mode neighbouring pieces placed contiguously (same block,
 * consecutive RA and PA) are merged, so the answer has no needless cuts.
 *
 * Cost: dominated by javascript-lp-solver's branch and bound, exponential in
 * the worst case; bounded by the budgets. Mutates nothing.
 *
 * @param instance the question (granule units)
 * @param options time and node budget
 * @param clock the caller's clock, when the question is part of a larger
 *   one; `options.timeLimitMs` is then already in its deadline
 * @throws {@link InputError} when free ranges overlap (naming both) or a size
 *   is not positive, exactly as {@link FreeMap.fromColumns} reports it
 */
export function solveByLp(instance: PlacementInstance, options: SolveOptions = {}, clock: SolveClock = startClock(options)): PlacementResult {
  const map = FreeMap.fromColumns(instance.free);
  const budget: LpBudget = { deadline: clock.deadline, nodeLimit: options.nodeLimit ?? Infinity, nodes: 0, onProgress: options.onProgress };
  const stats = (decidedBy: 'bounds' | 'lp'): PlacementResult['stats'] => ({ decidedBy, nodes: budget.nodes, elapsedMs: performance.now() - clock.started });
  const infeasible = (certificate: Certificate, failedBlock: number, decidedBy: 'bounds' | 'lp'): PlacementResult => ({
    status: 'infeasible',
    pieces: [],
    failedBlock,
    certificate,
    stats: stats(decidedBy),
  });
  // The items tile the blocks, so the total needs no item list.
  const needGranules = instance.blocks.reduce((sum, block) => sum + block.size, 0);
  if (needGranules > map.totalFree) {
    return infeasible({ kind: 'total', needGranules, offerGranules: map.totalFree }, ldmFailedBlock(instance, map), 'bounds');
  }
  // Each item needs a column of its own, so a model of more items than
  // columns could never be complete: say so before listing them (a split
  // block can have millions of finest pieces).
  if (itemCount(instance) > MAX_VARIABLES) return { status: 'unknown', pieces: [], stats: { ...stats('bounds'), stoppedBy: 'size-limit' } };
  const built = modelOnMap(instance, map);
  if (built.unplaceable !== undefined) {
    const item = built.items[built.unplaceable]!;
    return infeasible(blockCertificate(item, map, instance.alignment), item.block, 'bounds');
  }
  const cuts: NoGood[] = [];
  let proven = built.complete;
  const unknown = (reason: StopReason): PlacementResult => ({ status: 'unknown', pieces: [], stats: { ...stats('lp'), stoppedBy: reason } });
  for (;;) {
    const solved = solveWithin(withCuts(built, cuts), budget);
    if (solved === undefined) return unknown(budget.stoppedBy!);
    const { answer, cycled } = solved;
    const assignment = answer.feasible ? readAssignment(built, answer) : undefined;
    if (assignment === undefined) {
      // The cycle guard ends a node's simplex as "infeasible" whether it was
      // or not, so after a cycle an infeasible relaxation proves nothing.
      if (!answer.feasible && !cycled && proven) {
        return infeasible({ kind: 'exhaustive', nodes: budget.nodes }, ldmFailedBlock(instance, map), 'lp');
      }
      // Nothing proved: the solver's cycle guard ended a node (the work it may do), or the model was cut to its size limit.
      return unknown(cycled ? 'work-limit' : 'size-limit');
    }
    const outcome = packAssignment(built, assignment, instance.alignment);
    if (outcome.packed) {
      const pieces = mergePieces(outcome.pieces);
      // Never return what verify rejects; a rejection would be a bug here, and unknown is the honest answer.
      return verify(instance, pieces).length === 0 ? { status: 'feasible', pieces, stats: stats('lp') } : unknown('work-limit');
    }
    cuts.push(...outcome.cuts);
    proven &&= outcome.proven;
  }
}

/** A clock started now with `options.timeLimitMs` (default 5000) to run. */
function startClock(options: SolveOptions): SolveClock {
  const started = performance.now();
  return { started, deadline: started + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS) };
}

/**
 * What every MIP round (and every master LP of `colgen.ts`) draws on: the caller's deadline and node limit, and the nodes spent so far.
 *
 * @internal shared with `colgen.ts`, not part of the `./lp` API
 */
export interface LpBudget {
  /** `performance.now()` past which no node starts and no pivot is made. */
  readonly deadline: number;
  /** Branch-and-bound nodes (simplex runs) allowed in all. */
  readonly nodeLimit: number;
  /** Nodes spent so far. */
  nodes: number;
  /** Set when a budget ran out: which one. */
  stoppedBy?: StopReason;
  /** Told the nodes spent, at every node (LP nodes are few and slow). */
  readonly onProgress?: ((nodes: number) => void) | undefined;
}

/**
 * Pivots one node's simplex may make, per row and per column of its tableau,
 * before it counts as not converging. A healthy node needs well under one
 * (measured: at most 0.51 over 10,000 fuzzed questions, the tight bench
 * questions and the repro files); the runaway node of
 * `lp-ignores-time-limit.json` made 500,000 pivots on a 301 × 122 tableau
 * without ending.
 */
const PIVOTS_PER_LINE = 10;

/** Thrown from inside the solver to abandon a solve; {@link solveWithin} catches it. */
class BudgetSpent extends Error {}

/** Whether no node may start: the deadline has come or the node limit is used up. */
function spent(budget: LpBudget): boolean {
  if (budget.nodes >= budget.nodeLimit) budget.stoppedBy = 'node-limit';
  else if (performance.now() >= budget.deadline) budget.stoppedBy = 'time-limit';
  return budget.stoppedBy !== undefined;
}

/**
 * One call of the solver that stops when the budget does; undefined when it
 * was stopped.
 *
 * Why not the solver's own `timeout`: javascript-lp-solver 1.0.3 reads it on
 * `Date.now()`, from the start of its branch and bound (after the tableau is
 * built), and only between nodes. Inside one node's simplex nothing is
 * checked: phase 1, once it falls back to Bland's rule, has no iteration
 * limit, and its cycle detector only recognises a cycle of length one (it
 * skips any candidate longer than the one pair recorded after it), so a
 * node can pivot for minutes — the cause of the repro file. And a solve that
 * hit the timeout returns like one that finished, so the caller had to guess
 * from elapsed time whether an "infeasible" was a proof.
 *
 * So the budget is enforced here, in the two tableau methods every node goes
 * through, overridden on this one model's tableau (the solver's classes are
 * left alone): `simplex` starts each node, where the deadline and the node
 * limit are checked and a node counted; `pivot` is each simplex step, where
 * the deadline and a per-node cap of {@link PIVOTS_PER_LINE} × (rows +
 * columns) are checked. A stop throws out of the solver, which keeps no
 * state between solves but the scratch arrays of its pivot. A solve that
 * returns was therefore never cut short.
 *
 * @internal shared with `colgen.ts`, not part of the `./lp` API
 */
export function solveWithin(model: LpModel, budget: LpBudget): { readonly answer: LpAnswer; readonly cycled: boolean } | undefined {
  if (spent(budget)) return undefined;
  const loaded = new lpSolver.Model().loadJson(model);
  const tableau = loaded.tableau;
  const simplex = tableau.simplex.bind(tableau);
  const pivot = tableau.pivot.bind(tableau);
  let pivotsLeft = 0;
  tableau.simplex = () => {
    if (spent(budget)) throw new BudgetSpent();
    budget.nodes++;
    budget.onProgress?.(budget.nodes);
    pivotsLeft = PIVOTS_PER_LINE * (tableau.height + tableau.width);
    return simplex();
  };
  tableau.pivot = (row, column) => {
    if (pivotsLeft-- <= 0) budget.stoppedBy = 'work-limit';
    else if (performance.now() >= budget.deadline) budget.stoppedBy = 'time-limit';
    if (budget.stoppedBy !== undefined) throw new BudgetSpent();
    pivot(row, column);
  };
  try {
    return { answer: lpSolver.Solve(loaded), cycled: loaded.messages.length > 0 };
  } catch (error) {
    if (!(error instanceof BudgetSpent)) throw error;
    return undefined;
  }
}

/** The model with the no-good cuts as rows on every range of their class. */
function withCuts(built: PlacementModel, cuts: readonly NoGood[]): LpModel {
  const constraints = { ...built.model.constraints };
  const variables = { ...built.model.variables };
  cuts.forEach((cut, k) => {
    built.ranges.forEach((range, r) => {
      if (range.classId !== cut.classId) return;
      const row = `cut${k}@${r}`;
      constraints[row] = { max: cut.items.length - 1 };
      for (const i of cut.items) {
        const name = variableName(i, r);
        variables[name] = { ...variables[name], [row]: 1 };
      }
    });
  });
  return { ...built.model, constraints, variables, options: { presolve: false } };
}

/** Each item's range from an integral answer, or undefined when any column is fractional. */
function readAssignment(built: PlacementModel, answer: LpAnswer): number[] | undefined {
  const assignment: number[] = [];
  for (let i = 0; i < built.items.length; i++) {
    let chosen = -1;
    for (const r of built.candidates[i]!) {
      const value = answer[variableName(i, r)];
      const x = typeof value === 'number' ? value : 0;
      if (Math.abs(x - Math.round(x)) > INTEGRALITY_TOLERANCE) return undefined;
      if (Math.round(x) === 1) chosen = chosen === -1 ? r : -2;
    }
    if (chosen < 0) return undefined;
    assignment.push(chosen);
  }
  return assignment;
}

/** Pack every range of an assignment; pieces when all fit, else a cut per failing range. */
function packAssignment(built: PlacementModel, assignment: readonly number[], alignment: number): AssignmentOutcome {
  const byRange = new Map<number, number[]>();
  assignment.forEach((r, i) => byRange.set(r, [...(byRange.get(r) ?? []), i]));
  const pieces: OwnedPiece[] = [];
  const cuts: NoGood[] = [];
  let proven = true;
  for (const [r, members] of [...byRange].sort((a, b) => a[0] - b[0])) {
    const range = built.ranges[r]!;
    const outcome = packRange(range.start, range.end, alignment, members.map((i) => built.items[i]!));
    if (outcome.fits) {
      members.forEach((i, k) => pieces.push({ ra: built.items[i]!.ra, pa: outcome.pa[k]!, size: built.items[i]!.size, block: built.items[i]!.block }));
      continue;
    }
    proven &&= outcome.proven;
    cuts.push({ items: outcome.proven ? minimalConflict(built, range, members, alignment) : members, classId: range.classId });
  }
  return cuts.length === 0 ? { packed: true, pieces } : { packed: false, cuts, proven };
}

/**
 * Shrink a set proved not to fit to a minimal one (dropping any item leaves a
 * set that fits, or one not proved not to), which makes the cut stronger:
 * it then forbids every superset as well.
 */
function minimalConflict(built: PlacementModel, range: LpRange, members: readonly number[], alignment: number): number[] {
  let conflict = [...members];
  for (const i of members) {
    const without = conflict.filter((j) => j !== i);
    const outcome = packRange(range.start, range.end, alignment, without.map((j) => built.items[j]!));
    if (!outcome.fits && outcome.proven) conflict = without;
  }
  return conflict;
}

/** What {@link solveLpModel} returns: the verdict, the objective and every non-zero column. */
export interface LpSolution {
  /** The model has a solution (the solver's verdict; after a `cycled` node, not a proof of the contrary). */
  readonly feasible: boolean;
  /** True when the solver's cycle guard ended a node: an infeasible verdict then proves nothing. */
  readonly cycled: boolean;
  /** The objective's value at the solution. */
  readonly objective: number;
  /** Column name → value, for the columns the solver reports (the non-zero ones). */
  readonly values: Readonly<Record<string, number>>;
}

/**
 * Solve any model of this module's form with javascript-lp-solver, under
 * the same guards as the placement MIP (a deadline checked at every node and
 * every pivot, a cap on one node's pivots): the fleet's assignment model
 * uses it. Undefined when the deadline or the pivot cap stopped the solve.
 *
 * @param model the model, printable as JSON
 * @param deadline `performance.now()` value after which the solve stops
 */
export function solveLpModel(model: LpModel, deadline: number): LpSolution | undefined {
  const solved = solveWithin(model, { deadline, nodeLimit: Infinity, nodes: 0 });
  if (solved === undefined) return undefined;
  const { feasible, result, bounded: _bounded, isIntegral: _isIntegral, ...columns } = solved.answer as LpAnswer & { result?: number; bounded?: unknown; isIntegral?: unknown };
  const values = Object.fromEntries(Object.entries(columns).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  return { feasible, cycled: solved.cycled, objective: result ?? 0, values };
}
