/**
 * `rankTargets`: one domain against every other host of the fleet
 * (fleet.md, "ldmfit rank").
 *
 * Two passes, as a scheduler's filters and weighers do: a cheap filter on
 * aggregate capacity first, then the full check (placement solver and all)
 * on the survivors. The filter only removes a target the full check would
 * refuse anyway, so it changes the cost, never the verdict: memory in total
 * (`MEMORY_INSUFFICIENT`, for a domain that holds memory) and strands or
 * whole cores (`CPU_STRANDS_INSUFFICIENT`, for a domain that is not
 * inactive), exactly the comparisons those rules make. Crypto units cannot
 * filter: a target short of them is a warning (`CRYPTO_REDUCED`), not a
 * refusal, so they count in the score instead. A filtered target still gets
 * every finding but the memory layout's, which was not examined (an error
 * is already present).
 *
 * With `advise`, a target the memory rule refused (`MEMORY_LAYOUT` or
 * `MEMORY_INSUFFICIENT`, filtered or not) also gets `adviseMemory`'s
 * verified advice, its own domains given as the blocks in the way, and,
 * when some target fits, the best of them as "another target".
 *
 * @module
 */
import type { PieceBytes } from '../memory/frame.js';
import type { CheckOptions, CheckStatus } from '../migration/check.js';
import type { Finding } from '../migration/finding.js';
import type { PlacementSolver } from '../migration/rules/memory.js';
import type { MigrationRequest } from '../migration/request.js';
import { adviseMemory, type Advice, memoryRefused } from './advice.js';
import type { BoundBlock } from './in-the-way.js';
import { findDomain, type Fleet, type FleetDomainFile, type FleetHostFile } from './fleet.js';
import { freeWholeCores, moveCost, rangesOf } from './move.js';
import { checkInFleet } from './pair.js';
import { totalBytes } from './ranges.js';
import { score, scoreParts, type ScoreParts } from './score.js';

/** One target of a ranking. */
export interface RankedTarget {
  /** The target host's name. */
  readonly host: string;
  /** The check's verdict: `ok` (the domain may go there), `refused`, or `unknown` (the layout stayed undecided). */
  readonly status: CheckStatus;
  /** True exactly when `status` is `ok`. */
  readonly ok: boolean;
  /** When ok: the score (larger is better; see `score.ts` for its parts and weights). */
  readonly score?: number;
  /** When ok: the parts of the score. */
  readonly parts?: ScoreParts;
  /** When ok: where the memory goes, sorted by RA (empty for an inactive domain). */
  readonly placements: readonly PieceBytes[];
  /** Every finding of the check, in report order. */
  readonly findings: readonly Finding[];
  /** True when the aggregate filter removed the target before the placement solver ran. */
  readonly filtered: boolean;
  /** With {@link RankOptions.advise}, on a target the memory rule refused: the verified advice (maybe empty). */
  readonly advice?: readonly Advice[];
}

/** {@link rankTargets}' options: the check's, and whether to advise. */
export interface RankOptions extends CheckOptions {
  /** Advise on each target the memory rule refused (`rank --advise`). Costs the advice's solves per such target. */
  readonly advise?: boolean;
}

/** The answer of {@link rankTargets}. */
export interface Ranking {
  /** The domain ranked. */
  readonly domain: string;
  /** Its host. */
  readonly from: string;
  /** Feasible targets by score (descending, then host name), then the others by host name. */
  readonly targets: readonly RankedTarget[];
}

/**
 * Rank every other host of the fleet as a target for the domain named
 * `domainName`.
 *
 * Cost: O(hosts × rules) for the filter, plus one placement solve (within
 * `options.solve`) per survivor; with `advise`, the advice's solves per
 * target the memory rule refused. Pure.
 *
 * @throws {@link InputError} when `domainName` names no domain (`--domain`)
 */
export function rankTargets(fleet: Fleet, domainName: string, options: RankOptions = {}): Ranking {
  const { host: from, domain } = findDomain(fleet, domainName);
  const targets = fleet.hosts.filter((host) => host !== from).map((target) => rankOne(fleet, domain, target, options));
  const ok = targets.filter((t) => t.ok).sort((a, b) => b.score! - a.score! || byHost(a, b));
  const others = targets.filter((t) => !t.ok).sort(byHost).map((target) => withOtherTarget(target, domain.name, ok[0]));
  return { domain: domain.name, from: from.name, targets: [...ok, ...others] };
}

/** A refused target's advice, with the best target that fits added as "another target" (the full check already verified it). */
function withOtherTarget(target: RankedTarget, domainName: string, best: RankedTarget | undefined): RankedTarget {
  if (target.advice === undefined || best === undefined) return target;
  const other: Advice = { kind: 'other-target', host: best.host, message: `another target: ${best.host} takes ${domainName} as it is (score ${best.score!.toFixed(4)}, every rule checked)` };
  return { ...target, advice: [...target.advice, other] };
}

function byHost(a: RankedTarget, b: RankedTarget): number {
  return a.host < b.host ? -1 : 1; // host names are unique: never equal
}

/** A solver for targets the filter removed: never consulted for memory it proves short, its verdict dropped otherwise. */
const NOT_EXAMINED: PlacementSolver = () => ({ status: 'unknown', pieces: [], stats: { decidedBy: 'bounds', nodes: 0, elapsedMs: 0 } });

function rankOne(fleet: Fleet, domain: FleetDomainFile, target: FleetHostFile, options: RankOptions): RankedTarget {
  const filtered = !passesAggregate(fleet, domain, target);
  const { result, request } = checkInFleet(fleet, domain.name, target.name, filtered ? { ...options, solver: NOT_EXAMINED } : options);
  const findings = filtered ? result.findings.filter((f) => f.code !== 'MEMORY_UNDECIDED') : result.findings;
  const base = { host: target.name, status: result.status, ok: result.ok, placements: result.placements, findings, filtered };
  if (!result.ok) {
    return options.advise === true && memoryRefused(findings) ? { ...base, advice: adviceFor(request, target, options) } : base;
  }
  const parts = scoreParts(fleet, domain, target, result.placements);
  return { ...base, score: score(parts), parts };
}

/**
 * The memory advice for a refused target, on the unfiltered solver. A bound
 * domain is advised as the active domain the fleet lays it out as
 * (`checkInFleet`), since its `MEMORY_LAYOUT` comes from that layout.
 */
function adviceFor(request: MigrationRequest, target: FleetHostFile, options: CheckOptions): Advice[] {
  const asLaidOut = request.domain.state === 'bound' ? { ...request, domain: { ...request.domain, state: 'active' as const } } : request;
  return adviseMemory(asLaidOut, { ...options, boundBlocks: boundBlocks(target) });
}

/** A host's bound memory with its owners: every domain's blocks but an inactive one's, which holds none. */
export function boundBlocks(host: FleetHostFile): BoundBlock[] {
  return (host.domains ?? [])
    .filter((domain) => domain.state !== 'inactive')
    .flatMap((domain) => rangesOf(domain.memory).map((range) => ({ owner: domain.name, pa: range.pa, size: range.size })));
}

/**
 * The aggregate filter: could the target hold the domain at all, counting
 * only totals? Exactly the comparisons of the rules it stands in for.
 */
export function passesAggregate(fleet: Fleet, domain: FleetDomainFile, target: FleetHostFile): boolean {
  if (domain.state === 'inactive') return true;
  if (totalBytes(rangesOf(domain.memory)) > totalBytes(rangesOf(target.freeMemory))) return false;
  return fitsCapacity(fleet, domain, target);
}

/**
 * Whether the target has the strands (ovm-3.6) or whole cores (ldoms-1.3)
 * the domain needs: the comparison of `CPU_STRANDS_INSUFFICIENT`. Inside a
 * fleet it holds for an inactive domain too, which will need them to bind.
 */
export function fitsCapacity(fleet: Fleet, domain: FleetDomainFile, target: FleetHostFile): boolean {
  const cost = moveCost(fleet, domain, target);
  return fleet.profile === 'ldoms-1.3' ? cost.wholeCores <= freeWholeCores(target) : cost.strands <= target.cpu.freeStrands;
}

/** The exit status of `ldmfit rank`: 0 some target ok, 3 none ok but some undecided, 1 none. */
export function rankExitCode(ranking: Ranking): 0 | 1 | 3 {
  if (ranking.targets.some((t) => t.ok)) return 0;
  return ranking.targets.some((t) => t.status === 'unknown') ? 3 : 1;
}
