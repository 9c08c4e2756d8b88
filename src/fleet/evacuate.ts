/**
 * `planEvacuation`: move every domain off one host (fleet.md, "ldmfit
 * evacuate").
 *
 * The method, in order:
 *
 * 1. Every pair (domain, other host) is checked once on the fleet as it is.
 *    A pair refused now is refused for good: the only domains that move are
 *    the evacuated host's, so a target's free memory, strands and cores only
 *    shrink, and the other rules do not depend on what lands.
 * 2. Greedy plans (see `Greedy` below): largest first to the best `rank`
 *    score, largest first to the first target that takes it, and the naive
 *    first-fit in the host's order; the best is the first incumbent and the
 *    fallback, so a plan never places fewer domains than naive first-fit.
 * 3. The assignment MIP (`assignment.ts`) on aggregate capacities. For each
 *    target, the set of domains it chose is laid out jointly by the
 *    placement solver (`joint-layout.ts`); a set that does not lay out
 *    becomes a no-good cut and the MIP is solved again, until every chosen
 *    set lays out or the time limit is reached.
 *
 * "Optimal" means: no plan moves more domains, and none of those moving as
 * many moves more memory, under the rules of migration.md and the fleet
 * model of fleet.md. It is claimed only when the last MIP was solved to the
 * end with cuts that are all proofs; `bound` is then the plan's length, and
 * otherwise the smallest of: the domains with an allowed target, the LP
 * relaxation's optimum rounded down, and the optimum of the last MIP whose
 * cuts were all proofs.
 *
 * Whatever produced it, a plan is replayed step by step on the fleet
 * (`moveDomain`) before it is returned: each step must pass the full check
 * with no error, fit the target's strands or cores (also for an inactive
 * domain, which will need them to bind there), and have placements that
 * `verify` accepts against the target's free memory at that moment. A plan
 * that fails its replay is not returned.
 *
 * @module
 */
import type { PieceBytes } from '../memory/frame.js';
import { verifyBytes } from '../memory/verify.js';
import type { Finding } from '../migration/finding.js';
import { parseRequest, type MigrationRequest } from '../migration/request.js';
import { placementInstance } from '../migration/rules/memory.js';
import type { SolveOptions } from '../solve/result.js';
import { assignmentBound, solveAssignment, type AssignmentQuestion, type NoGoodCut } from './assignment.js';
import { findHost, migrationRequest, type Fleet, type FleetDomainFile, type FleetHostFile } from './fleet.js';
import { jointLayout } from './joint-layout.js';
import { freeWholeCores, moveCost, moveDomain, rangesOf } from './move.js';
import { checkInFleet } from './pair.js';
import { fitsCapacity } from './rank.js';
import { totalBytes } from './ranges.js';
import { score, scoreParts } from './score.js';
import { estimateTransferSeconds, type TransferModel } from './transfer.js';

/** One `ldm migrate-domain` of a plan. */
export interface EvacuationStep {
  /** The domain moved. */
  readonly domain: string;
  /** The evacuated host. */
  readonly from: string;
  /** Its final host. */
  readonly to: string;
  /** Where its memory goes, sorted by RA, valid against the target as the earlier steps left it. */
  readonly placements: readonly PieceBytes[];
  /** The check's findings for this step (never an error). */
  readonly findings: readonly Finding[];
  /** The transfer-time model's estimate for this step. */
  readonly estimatedSeconds: number;
}

/** A domain the plan leaves where it is, and why. */
export interface UnplacedDomain {
  /** The domain. */
  readonly domain: string;
  /** Its blocking findings per target, or "no room left once the others moved". */
  readonly reason: string;
}

/** How the plan was found, for reports and benchmarks (not part of the JSON contract). */
export interface EvacuationStats {
  /** Which plan was returned. */
  readonly method: 'greedy' | 'mip';
  /** Steps of the greedy plan. */
  readonly greedySteps: number;
  /** Milliseconds until the greedy plan (the first plan) was ready. */
  readonly firstPlanMs: number;
  /** MIP solves. */
  readonly mipRounds: number;
  /** No-good cuts added. */
  readonly cuts: number;
  /** Milliseconds in all. */
  readonly elapsedMs: number;
}

/** The answer of {@link planEvacuation}. */
export interface EvacuationPlan {
  /** The evacuated host. */
  readonly host: string;
  /** `complete` when every domain of the host moves, else `partial`. */
  readonly status: 'complete' | 'partial';
  /** The maximum (domains, then memory) is proven. */
  readonly optimal: boolean;
  /** The number of steps when optimal; else a proven upper bound on it. */
  readonly bound: number;
  /** The migrations, one at a time, in order. */
  readonly steps: readonly EvacuationStep[];
  /** The domains that stay, in the host's order. */
  readonly unplaced: readonly UnplacedDomain[];
  /** How it was found. */
  readonly stats: EvacuationStats;
}

/** Choices for {@link planEvacuation}. */
export interface EvacuationOptions {
  /** Milliseconds for the MIP and its joint layouts, counted once the greedy plans are made (default 10,000); the greedy plans always run. */
  readonly timeLimitMs?: number;
  /** Budget of each placement solve in a check (default 1,000 ms). */
  readonly solve?: SolveOptions;
  /** `mip` (default): greedy, then the MIP; `greedy`: the greedy plan alone. */
  readonly method?: 'mip' | 'greedy';
  /** Overrides of the transfer-time model. */
  readonly transfer?: Partial<TransferModel>;
}

/** The default time limit of the MIP stage. */
export const DEFAULT_EVACUATION_TIME_LIMIT_MS = 10_000;

/** A plan before replay: which domain goes where, in order, with the placements to use. */
interface Move {
  readonly domain: FleetDomainFile;
  readonly target: FleetHostFile;
  readonly placements: readonly PieceBytes[];
}

/**
 * Plan the evacuation of the host named `hostName`.
 *
 * Cost: one check per (domain, target) pair, the greedy plan's checks
 * (domains × targets again), then MIP rounds within `options.timeLimitMs`.
 * Pure: the fleet is not mutated.
 *
 * @throws {@link InputError} when `hostName` names no host (`--host`)
 */
export function planEvacuation(fleet: Fleet, hostName: string, options: EvacuationOptions = {}): EvacuationPlan {
  const started = performance.now();
  const source = findHost(fleet, hostName);
  const solve = options.solve ?? { timeLimitMs: 1000 };
  const domains = [...(source.domains ?? [])].sort((a, b) => memoryOf(b) - memoryOf(a) || (a.name < b.name ? -1 : 1));
  const targets = fleet.hosts.filter((host) => host !== source);
  const pairs = domains.map((domain) => targets.map((target) => {
    const { result } = checkInFleet(fleet, domain.name, target.name, { solve });
    return { allowed: result.status !== 'refused' && fitsCapacity(fleet, domain, target), result };
  }));
  const allowed = pairs.map((row) => row.map((p) => p.allowed));
  let greedy = greedyMoves(fleet, domains, targets, allowed, solve, 'best-score');
  const firstPlanMs = performance.now() - started;
  for (const kind of ['largest-first-fit', 'first-fit'] as const) {
    const other = greedyMoves(fleet, domains, targets, allowed, solve, kind);
    if (better(other, greedy)) greedy = other;
  }
  let best = { moves: greedy, method: 'greedy' as 'greedy' | 'mip' };
  let optimal = false;
  let bound = pairs.filter((row) => row.some((p) => p.allowed)).length;
  let mipRounds = 0;
  let cutCount = 0;
  if (options.method !== 'greedy' && bound > greedy.length) {
    const search = mipMoves(fleet, domains, targets, allowed, performance.now() + (options.timeLimitMs ?? DEFAULT_EVACUATION_TIME_LIMIT_MS), solve);
    mipRounds = search.rounds;
    cutCount = search.cuts;
    bound = Math.min(bound, search.bound);
    if (search.moves !== undefined && better(search.moves, greedy)) best = { moves: search.moves, method: 'mip' };
    optimal = search.proven && search.moves !== undefined && !better(search.moves, best.moves);
  } else if (bound === greedy.length) {
    // Every domain that may go anywhere went: nothing can move more, and all of them moved.
    optimal = true;
  }
  let steps = replay(fleet, source, best.moves, solve, options.transfer);
  /* c8 ignore next 5 -- a joint layout that the step-by-step replay refuses would be a bug; the greedy plan, built by replay, stands */
  if (steps === undefined) {
    best = { moves: greedy, method: 'greedy' };
    optimal = false;
    steps = replay(fleet, source, greedy, solve, options.transfer)!;
  }
  const moved = new Set(steps.map((s) => s.domain));
  const unplaced = (source.domains ?? []).filter((d) => !moved.has(d.name)).map((d) => ({
    domain: d.name,
    reason: reasonFor(targets, pairs[domains.indexOf(d)]!),
  }));
  return {
    host: source.name,
    status: unplaced.length === 0 ? 'complete' : 'partial',
    optimal,
    bound: optimal ? steps.length : bound,
    steps,
    unplaced,
    stats: { method: best.method, greedySteps: greedy.length, firstPlanMs, mipRounds, cuts: cutCount, elapsedMs: performance.now() - started },
  };
}

function memoryOf(domain: FleetDomainFile): number {
  return domain.state === 'inactive' ? 0 : Number(totalBytes(rangesOf(domain.memory)));
}

/** More domains, or as many and more memory. */
function better(a: readonly Move[], b: readonly Move[]): boolean {
  const memory = (moves: readonly Move[]): number => moves.reduce((sum, m) => sum + memoryOf(m.domain), 0);
  return a.length > b.length || (a.length === b.length && memory(a) > memory(b));
}

function reasonFor(targets: readonly FleetHostFile[], row: readonly { allowed: boolean; result: { findings: readonly Finding[] } }[]): string {
  if (targets.length === 0) return 'no other host in the fleet';
  if (row.some((p) => p.allowed)) return 'no room left once the others moved';
  return targets.map((target, t) => {
    const errors = row[t]!.result.findings.filter((f) => f.severity === 'error').map((f) => f.code);
    return `${target.name}: ${errors.length === 0 ? 'not enough free strands or cores to bind it' : [...new Set(errors)].join(', ')}`;
  }).join('; ');
}

/**
 * The greedy heuristics, each a plan built by moving one domain at a time on
 * the fleet as the earlier moves left it: largest domain first to its
 * best-scoring target (spreads, keeps large ranges); largest first to the
 * first target by name that takes it (packs); and the host's own order to
 * the first target by name (the naive first-fit a person would script, so
 * that a plan never places fewer than it).
 */
type Greedy = 'best-score' | 'largest-first-fit' | 'first-fit';

function greedyMoves(fleet: Fleet, domains: readonly FleetDomainFile[], targets: readonly FleetHostFile[], allowed: readonly (readonly boolean[])[], solve: SolveOptions, kind: Greedy): Move[] {
  const moves: Move[] = [];
  let current = fleet;
  const order = kind === 'first-fit' ? domains.map((_, d) => d).sort((a, b) => fileOrder(fleet, domains[a]!) - fileOrder(fleet, domains[b]!)) : domains.map((_, d) => d);
  const byName = targets.map((_, t) => t).sort((a, b) => (targets[a]!.name < targets[b]!.name ? -1 : 1));
  for (const d of order) {
    const domain = domains[d]!;
    let chosen: { move: Move; score: number } | undefined;
    for (const t of kind === 'best-score' ? targets.map((_, t) => t) : byName) {
      if (!allowed[d]![t]) continue;
      const target = findHost(current, targets[t]!.name);
      const { result } = checkInFleet(current, domain.name, target.name, { solve });
      if (!result.ok || !fitsCapacity(current, domain, target)) continue;
      const value = kind === 'best-score' ? score(scoreParts(current, domain, target, result.placements)) : 0;
      if (chosen === undefined || value > chosen.score) chosen = { move: { domain, target: targets[t]!, placements: result.placements }, score: value };
      if (kind !== 'best-score') break;
    }
    if (chosen === undefined) continue;
    moves.push(chosen.move);
    current = moveDomain(current, domain.name, chosen.move.target.name, chosen.move.placements);
  }
  return moves;
}

function fileOrder(fleet: Fleet, domain: FleetDomainFile): number {
  return fleet.hosts.find((host) => host.domains?.includes(domain))!.domains!.indexOf(domain);
}

/** What the MIP stage found: a plan when every chosen set laid out, and what it proved. */
interface MipOutcome {
  readonly moves: Move[] | undefined;
  readonly proven: boolean;
  readonly bound: number;
  readonly rounds: number;
  readonly cuts: number;
}

function mipMoves(fleet: Fleet, domains: readonly FleetDomainFile[], targets: readonly FleetHostFile[], allowed: readonly (readonly boolean[])[], deadline: number, solve: SolveOptions): MipOutcome {
  const requests = domains.map((domain) => targets.map((target) => (allowed[domains.indexOf(domain)]![targets.indexOf(target)] ? parseRequest(migrationRequest(fleet, domain.name, target.name)) : undefined)));
  const question = assignmentQuestion(fleet, domains, targets, allowed);
  const cuts: NoGoodCut[] = [];
  let proven = true;
  let bound = assignmentBound(question, deadline) ?? Infinity;
  let rounds = 0;
  for (;;) {
    const assignment = solveAssignment(question, cuts, deadline);
    if (assignment === undefined) return { moves: undefined, proven: false, bound, rounds, cuts: cuts.length };
    rounds++;
    if (proven) bound = Math.min(bound, assignment.count);
    const moves: Move[] = [];
    const failed: NoGoodCut[] = [];
    targets.forEach((target, t) => {
      const chosen = domains.map((_, d) => d).filter((d) => assignment.targetOf[d] === t);
      if (chosen.length === 0) return;
      const remaining = deadline - performance.now();
      const layout = jointLayout(chosen.map((d) => requests[d]![t]!), { ...solve, timeLimitMs: Math.max(0, Math.min(remaining, solve.timeLimitMs ?? remaining)) });
      if (layout.status === 'feasible') {
        chosen.forEach((d, k) => moves.push({ domain: domains[d]!, target, placements: layout.placements[k]! }));
      } else {
        failed.push({ target: t, domains: chosen });
        proven &&= layout.status === 'infeasible' && layout.proven;
      }
    });
    if (failed.length === 0) {
      moves.sort((a, b) => domains.indexOf(a.domain) - domains.indexOf(b.domain));
      return { moves, proven, bound, rounds, cuts: cuts.length };
    }
    cuts.push(...failed);
  }
}

function assignmentQuestion(fleet: Fleet, domains: readonly FleetDomainFile[], targets: readonly FleetHostFile[], allowed: readonly (readonly boolean[])[]): AssignmentQuestion {
  const mib = (bytes: bigint): number => Number(bytes) / 2 ** 20;
  const wholeCores = fleet.profile === 'ldoms-1.3';
  return {
    domains: domains.map((domain) => ({
      memoryMiB: mib(BigInt(memoryOf(domain))),
      strands: domain.strands,
      coresOn: targets.map((target) => moveCost(fleet, domain, target).wholeCores),
    })),
    targets: targets.map((target) => ({
      memoryMiB: mib(totalBytes(rangesOf(target.freeMemory))),
      strands: wholeCores ? undefined : target.cpu.freeStrands,
      cores: wholeCores ? freeWholeCores(target) : undefined,
    })),
    pairs: allowed.flatMap((row, d) => row.flatMap((ok, t) => (ok ? [{ domain: d, target: t }] : []))),
  };
}

/**
 * Replay moves on the fleet, checking each as fleet.md requires; the steps,
 * or undefined when a step would be refused (the caller then has no plan
 * from that source).
 */
function replay(fleet: Fleet, source: FleetHostFile, moves: readonly Move[], solve: SolveOptions, transfer: Partial<TransferModel> | undefined): EvacuationStep[] | undefined {
  const steps: EvacuationStep[] = [];
  let current = fleet;
  for (const move of moves) {
    const step = replayStep(current, source, move, solve, transfer);
    if (step === undefined) return undefined;
    steps.push(step);
    current = moveDomain(current, move.domain.name, move.target.name, move.placements);
  }
  return steps;
}

/**
 * One step checked on the fleet as it stands: the full check with no error,
 * the target's strands or cores, and placements `verify` accepts.
 */
function replayStep(fleet: Fleet, source: FleetHostFile, move: Move, solve: SolveOptions, transfer?: Partial<TransferModel>): EvacuationStep | undefined {
  const target = findHost(fleet, move.target.name);
  const { result, request } = checkInFleet(fleet, move.domain.name, target.name, { solve });
  if (result.status === 'refused' || !fitsCapacity(fleet, move.domain, target)) return undefined;
  if (move.domain.state !== 'inactive' && !validPlacements(request, move.placements)) return undefined;
  return {
    domain: move.domain.name,
    from: source.name,
    to: target.name,
    placements: move.placements,
    findings: result.findings,
    estimatedSeconds: estimateTransferSeconds({ memoryBytes: BigInt(memoryOf(move.domain)), active: move.domain.state === 'active', source: source.primary, target: target.primary }, transfer),
  };
}

function validPlacements(request: MigrationRequest, placements: readonly PieceBytes[]): boolean {
  return verifyBytes(placementInstance(request), placements).length === 0;
}

/** The exit status of `ldmfit evacuate`: 0 complete, 1 partial. */
export function evacuateExitCode(plan: EvacuationPlan): 0 | 1 {
  return plan.status === 'complete' ? 0 : 1;
}
