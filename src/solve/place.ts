/**
 * The placement solver: given a domain's blocks and a target's free ranges,
 * decide exactly whether the memory can be rebuilt there, and where.
 *
 * Pipeline (each stage only runs when the previous one did not decide):
 * 1. greedy best fit, flush ({@link greedyPlace} / {@link greedySplit});
 * 2. quick proofs of infeasibility ({@link totalBound},
 *    {@link unplaceableItem}, {@link thresholdBound});
 * 3. when the ranges that could take an item hold exactly the items' total,
 *    the zero-slack fill ({@link zeroSlackFill}), with half the time left:
 *    every such range is then a chain of items back to back (or, when every
 *    size is a multiple of the alignment, a full bin: bin completion);
 * 4. the LP stage ({@link columnGeneration}), with a quarter of the time left: a
 *    fill packer, then the pattern LP's bound by column generation, its
 *    certificate checked from the instance;
 * 5. when the LP proves nothing, a packing: when its relaxation is feasible,
 *    the dive ({@link dive}) fixes the patterns the LP uses, with a third of
 *    the time left; then the repair packer ({@link repairFills}) from the
 *    dive's fills (or the fill packer's), with half the time left — finding
 *    a packing of a tight question is where the complete search is weakest;
 * 6. complete branch and bound ({@link completionSearch}) on the reduced
 *    ranges, within the caller's budget.
 *
 * Strategy `search` skips the greedy, the zero-slack fill and the LP stage (to measure the
 * search alone); `lp`
 * hands the whole question to the MIP of {@link solveByLp}.
 *
 * What it optimises among feasible answers: the greedy keeps the largest free
 * ranges intact (best fit, flush to the end that leaves the larger fragment)
 * and, in split mode, cuts a block only when it fits nowhere whole, into the
 * longest pieces that fit; neighbouring pieces placed contiguously are merged.
 * The exact search, reached only when the greedy fails, looks for any
 * feasible placement (best fit first) and does not optimise further.
 *
 * @module
 */
import { FreeMap } from '../memory/free-map.js';
import { verify } from '../memory/verify.js';
import type { Block, PlacementInstance, Piece } from '../memory/instance.js';
import { blockCertificate, countBound, thresholdBound, totalBound, unplaceableItem } from './bounds.js';
import { greedyPlace, greedySplit, ldmFailedBlock } from './greedy.js';
import { finestPieces, type Items, wholeBlocks } from './items.js';
import { solveByLp } from './lp.js';
import { itemPiece, mergePieces, type OwnedPiece } from './pieces.js';
import { type Certificate, DEFAULT_TIME_LIMIT_MS, type PlacementResult, type SolveOptions, type SolveStats } from './result.js';
import { columnGeneration } from './colgen.js';
import { completionSearch, type SearchRanges } from './completion.js';
import { verifyDualWeights } from './dual-weights.js';
import { placeFills } from './fill-packer.js';
import { repairFills } from './local-search.js';
import { dive } from './dive.js';
import { zeroSlackFill } from './exact-fill.js';
import { rangeClasses } from './range-classes.js';
import { residueShortage } from './residues.js';
import { commonGrid, solveBySlots } from './slots.js';
import { solveByComponents } from './components.js';

export { DEFAULT_TIME_LIMIT_MS } from './result.js';

/**
 * Solve one placement question from scratch.
 *
 * Cost: building the free map, O(n log n) for n free ranges unless they
 * arrive sorted (then O(n)); the greedy, O(m log n); the exact search only
 * when the greedy fails, bounded by `options`.
 *
 * @param instance the question, in granule units
 * @param options time and node budget, strategy
 * @throws {@link InputError} when free ranges overlap (naming both)
 */
export function solvePlacement(instance: PlacementInstance, options: SolveOptions = {}): PlacementResult {
  const started = performance.now();
  const map = FreeMap.fromColumns(instance.free);
  // The map is ours alone: a successful greedy need not give its reservations back.
  return checked(instance, solve(instance, map, options, started, false));
}

/**
 * Solve against an existing free map (the machine model keeps one per
 * machine). The map is left exactly as it was: every trial reservation is
 * rolled back. The instance's own `free` columns must describe the same
 * memory: the answer is verified against them.
 *
 * @param instance the question (blocks, alignment, split settings)
 * @param map the target's free memory
 * @param options time and node budget, strategy
 * @param started `performance.now()` when the caller's clock started
 */
export function solveOnMap(
  instance: PlacementInstance,
  map: FreeMap,
  options: SolveOptions = {},
  started = performance.now(),
): PlacementResult {
  return checked(instance, solve(instance, map, options, started, true));
}

/**
 * Every feasible answer through {@link verify}, which checks in exact bytes
 * what the solver computed in units: a placement it rejects is a bug, and
 * is never returned as an answer.
 */
function checked(instance: PlacementInstance, result: PlacementResult): PlacementResult {
  if (result.status !== 'feasible') return result;
  const violations = verify(instance, result.pieces);
  /* c8 ignore next 3 -- reached only through a solver bug */
  if (violations.length > 0) {
    throw new Error(`internal: the placement found breaks rule ${violations[0]!.rule}: ${violations[0]!.message}`);
  }
  return result;
}

/** {@link solveOnMap}; `restore` false lets a successful greedy keep its reservations in a private map. */
function solve(
  instance: PlacementInstance,
  map: FreeMap,
  options: SolveOptions,
  started: number,
  restore: boolean,
): PlacementResult {
  const clock = { started, deadline: started + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS) };
  const strategy = options.strategy ?? 'auto';
  if (strategy === 'lp') return solveByLp({ ...instance, free: map.toColumns() }, options, clock);
  if (strategy === 'auto') {
    const pieces = tryGreedy(instance, map, restore);
    if (pieces !== undefined) return feasible(pieces, stats('greedy', 0, clock));
  }
  const blocks = wholeBlocks(instance);
  // A search that stops short of a verdict stops on its node budget, or else on the clock.
  const nodeLimit = options.nodeLimit ?? Infinity;
  const budget = options.onProgress === undefined
    ? { nodeLimit, deadline: clock.deadline }
    : { nodeLimit, deadline: clock.deadline, onProgress: options.onProgress };
  const unknown = (decidedBy: SolveStats['decidedBy'], nodes: number): PlacementResult =>
    ({ status: 'unknown', pieces: [], stats: { ...stats(decidedBy, nodes, clock), stoppedBy: nodes >= nodeLimit ? 'node-limit' : 'time-limit' } });
  const infeasible = (certificate: Certificate, failedBlock: number, decidedBy: SolveStats['decidedBy'], nodes: number): PlacementResult =>
    ({ status: 'infeasible', pieces: [], failedBlock, certificate, stats: stats(decidedBy, nodes, clock) });
  // Proofs that need no pieces: they hold (or not) however the blocks are cut.
  const counted = countingProof(blocks, instance.blocks, map, instance.alignment);
  if (counted !== undefined) return infeasible(counted, ldmFailedBlock(instance, map), 'bounds', 0);
  const grid = instance.split ? commonGrid(instance.blocks, instance.splitAlignment) : -1;
  if (grid >= 0) {
    const slotted = solveBySlots(instance.blocks, map, instance.alignment, instance.splitAlignment, grid, budget);
    if (slotted.status === 'feasible') return feasible(mergePieces(slotted.pieces), stats('slots', slotted.nodes, clock));
    if (slotted.status === 'infeasible') return infeasible(slotted.certificate, ldmFailedBlock(instance, map), 'slots', slotted.nodes);
    return unknown('slots', slotted.nodes);
  }
  const items = instance.split ? finestPieces(instance) : blocks;
  if (instance.split && items !== undefined) {
    const laps = solveByComponents(items, map, instance.alignment, budget);
    if (laps?.status === 'feasible') return feasible(mergePieces(laps.pieces), stats('slots', laps.nodes, clock));
    if (laps?.status === 'infeasible') return infeasible(laps.certificate, ldmFailedBlock(instance, map), 'slots', laps.nodes);
    if (laps?.status === 'unknown') return unknown('slots', laps.nodes);
  }
  const proof = items === undefined ? undefined : pieceProof(items, map, instance.alignment);
  if (proof !== undefined) {
    return infeasible(proof.certificate, proof.kind === 'block' ? items!.block[proof.item]! : ldmFailedBlock(instance, map), 'bounds', 0);
  }
  if (items === undefined) return { status: 'unknown', pieces: [], stats: { ...stats('bounds', 0, clock), stoppedBy: 'size-limit' } };
  if (strategy === 'auto') {
    const now = performance.now();
    const chained = zeroSlackFill(items, map, instance.alignment, { ...budget, deadline: now + ZERO_SLACK_SHARE * (clock.deadline - now) });
    if (chained.status === 'feasible') {
      return feasible(mergePieces(Array.from(chained.position, (pa, i) => itemPiece(items, i, pa))), stats('search', chained.nodes, clock));
    }
  }
  const weighed = strategy === 'auto' ? lpStage(instance, items, map, { deadline: clock.deadline, nodeLimit, onProgress: options.onProgress }) : undefined;
  if (weighed?.status === 'packed') return feasible(mergePieces(weighed.pieces), stats('packer', weighed.steps, clock));
  if (weighed !== undefined) return infeasible(weighed.certificate, ldmFailedBlock(instance, map), 'bounds', 0);
  const outcome = completionSearch(items, reduceRanges(map, items, instance.alignment), instance.alignment, budget);
  const searched = stats('search', outcome.nodes, clock);
  switch (outcome.status) {
    case 'feasible':
      return feasible(mergePieces(Array.from(outcome.range, (_, i) => itemPiece(items, i, outcome.position[i]!))), searched);
    case 'infeasible':
      return {
        status: 'infeasible',
        pieces: [],
        failedBlock: ldmFailedBlock(instance, map),
        certificate: { kind: 'exhaustive', nodes: outcome.nodes },
        stats: searched,
      };
    default:
      return unknown('search', outcome.nodes);
  }
}

/**
 * The greedy, on a checkpoint of `map`. A failure always rolls back (the
 * proofs and the search need the map as it was); a success rolls back only
 * when `restore` asks for it.
 */
function tryGreedy(instance: PlacementInstance, map: FreeMap, restore: boolean): Piece[] | undefined {
  const mark = map.checkpoint();
  const outcome = instance.split
    ? greedySplit(instance.blocks, map, instance.alignment, instance.splitAlignment)
    : greedyPlace(wholeBlocks(instance), map, instance.alignment);
  if (!outcome.placed || restore) map.rollback(mark);
  return outcome.placed ? mergePieces(outcome.pieces) : undefined;
}

/**
 * The proofs that need no pieces, on the whole blocks: the total, and the
 * residue count (see {@link residueShortage}).
 */
function countingProof(items: Items, blocks: readonly Block[], map: FreeMap, alignment: number): Certificate | undefined {
  const total = totalBound(items, map);
  if (total !== undefined) return total;
  const shortage = residueShortage(blocks, map, alignment);
  if (shortage === undefined) return undefined;
  const { from, to, need, offer } = shortage;
  return { kind: 'residue', fromGranules: from, toGranules: to, need, offer };
}

/**
 * The first quick proof on the items (whole blocks, or finest pieces) that
 * holds, with the item it names for `block`.
 */
function pieceProof(
  items: Items,
  map: FreeMap,
  alignment: number,
): { readonly certificate: Certificate; readonly kind: Certificate['kind']; readonly item: number } | undefined {
  const lonely = unplaceableItem(items, map, alignment);
  if (lonely >= 0) {
    const item = { block: items.block[lonely]!, ra: items.ra[lonely]!, size: items.size[lonely]!, phase: items.phase[lonely]! };
    return { certificate: blockCertificate(item, map, alignment), kind: 'block', item: lonely };
  }
  const lengths = new Float64Array(map.rangeCount);
  let next = 0;
  map.forEachRange((start, end) => (lengths[next++] = end - start));
  const threshold = thresholdBound(items, lengths);
  if (threshold !== undefined) return { certificate: threshold, kind: threshold.kind, item: -1 };
  const count = countBound(items, lengths);
  return count === undefined ? undefined : { certificate: count, kind: count.kind, item: -1 };
}

/** Share of the time left that the zero-slack fill may take (it costs O(ranges) when the slack is not zero). */
const ZERO_SLACK_SHARE = 0.5;

/** Share of the time left that the LP bound may take before the search starts. */
const LP_BOUND_SHARE = 0.25;

/** Share of the time left after the LP bound that the dive may take. */
const DIVE_SHARE = 1 / 3;

/** Share of the time left after the dive that the repair packer may take before the search starts. */
const REPAIR_SHARE = 0.5;

/**
 * The LP stage ({@link columnGeneration}) with part of the time left (and
 * as many master LPs as the search may take nodes): a
 * placement from its fill packer, or its `dual-weights` certificate once
 * {@link verifyDualWeights} confirms it from the instance; else, when the
 * relaxation is feasible, the dive ({@link dive}), and then the repair
 * packer ({@link repairFills}, as many steps as the search may take nodes)
 * from the dive's fills or the fill packer's. Undefined when it decides
 * nothing.
 */
function lpStage(
  instance: PlacementInstance,
  items: Items,
  map: FreeMap,
  budget: { readonly deadline: number; readonly nodeLimit: number; readonly onProgress: ((nodes: number) => void) | undefined },
): { readonly status: 'packed'; readonly pieces: OwnedPiece[]; readonly steps: number } | { readonly status: 'proven'; readonly certificate: Certificate } | undefined {
  const now = performance.now();
  const outcome = columnGeneration(items, map, instance.alignment, now + LP_BOUND_SHARE * (budget.deadline - now), budget.nodeLimit, budget.onProgress);
  if (outcome.status === 'packed') return { ...outcome, steps: 0 };
  if (outcome.status === 'proven') {
    /* c8 ignore next -- a refusal means a bug in the LP or the pricing: the search decides instead */
    return verifyDualWeights(instance, outcome.certificate).length === 0 ? outcome : undefined;
  }
  if (outcome.start === undefined) return undefined;
  const { types, typeOf, classes } = outcome.start;
  let fills = outcome.start.fills;
  if (outcome.stoppedBy === 'relaxed') {
    const diveFrom = performance.now();
    const dived = dive(outcome.start, outcome.patterns!, instance.alignment, {
      deadline: diveFrom + DIVE_SHARE * (budget.deadline - diveFrom),
      nodeLimit: budget.nodeLimit,
      nodes: 0,
      onProgress: budget.onProgress,
    });
    const pieces = dived.complete ? placeFills(items, typeOf, classes, dived.fills, instance.alignment) : undefined;
    if (pieces !== undefined) return { status: 'packed', pieces, steps: 0 };
    fills = dived.fills;
  }
  const later = performance.now();
  const repaired = repairFills(types, classes, fills, instance.alignment, {
    deadline: later + REPAIR_SHARE * (budget.deadline - later),
    stepLimit: budget.nodeLimit,
    onProgress: budget.onProgress,
  });
  if (repaired.status !== 'packed') return undefined;
  const pieces = placeFills(items, typeOf, classes, repaired.fills, instance.alignment);
  /* c8 ignore next -- the repair keeps every range within the exact fit rule, so its fills pack; were one not to, the search decides */
  return pieces === undefined ? undefined : { status: 'packed', pieces, steps: repaired.steps };
}

/**
 * The ranges worth searching: long enough for the smallest item, at most one
 * per item in each class of interchangeable ranges (see `range-classes.ts`:
 * a solution never uses more ranges of a class than there are items).
 * Sorted by length, residue, start, so each class is contiguous.
 * O(n + c log c) for c classes.
 */
function reduceRanges(map: FreeMap, items: Items, alignment: number): SearchRanges {
  let smallest = Infinity;
  for (let i = 0; i < items.count; i++) smallest = Math.min(smallest, items.size[i]!);
  const classes = rangeClasses(map, alignment)
    .filter((rangeClass) => rangeClass.length >= smallest)
    .sort((a, b) => a.length - b.length || a.residue - b.residue);
  const start: number[] = [];
  const length: number[] = [];
  const classOf: number[] = [];
  classes.forEach((rangeClass, id) => {
    for (const at of rangeClass.starts.slice(0, items.count)) {
      start.push(at);
      length.push(rangeClass.length);
      classOf.push(id);
    }
  });
  return { count: start.length, start: Float64Array.from(start), length: Float64Array.from(length), rangeClass: Int32Array.from(classOf) };
}

function feasible(pieces: readonly Piece[], solveStats: SolveStats): PlacementResult {
  return { status: 'feasible', pieces, stats: solveStats };
}

function stats(decidedBy: SolveStats['decidedBy'], nodes: number, clock: { readonly started: number }): SolveStats {
  return { decidedBy, nodes, elapsedMs: performance.now() - clock.started };
}
