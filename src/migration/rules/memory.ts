/**
 * The memory rule: enough free memory in total (`MEMORY_INSUFFICIENT`), then,
 * for an active domain, a placement of every block that keeps its RAs and
 * its congruence (`MEMORY_LAYOUT`, decided by the placement solver or, with
 * named resources, by the user's {@link checkMblockmap mblockmap}).
 *
 * A bound domain has no running guest: the target binds its memory afresh,
 * so only the total is compared (migration.md, "Domain states").
 *
 * @module
 */
import { formatGranulesHex, formatGranulesSize } from '../../quantity.js';
import { rangeColumns, type PlacementInstance, type Piece } from '../../memory/instance.js';
import { certificateBytes } from '../../solve/answer.js';
import { certificateText } from '../../solve/certificate-text.js';
import type { PlacementResult, SolveOptions } from '../../solve/result.js';
import { finding, type Finding, layoutFinding } from '../finding.js';
import type { MigrationRequest } from '../request.js';
import { checkMblockmap } from '../mblockmap.js';

/** The placement solver's signature (`solvePlacement`), injectable so tests and embedders can substitute one. */
export type PlacementSolver = (instance: PlacementInstance, options?: SolveOptions) => PlacementResult;

/** What the memory rule found, and the placement when the layout fits. */
export interface MemoryOutcome {
  /** `MEMORY_INSUFFICIENT`, `MEMORY_LAYOUT` or `MEMORY_UNDECIDED` findings. */
  readonly findings: Finding[];
  /** The pieces, sorted by RA, when an active domain's layout fits; else empty. */
  readonly pieces: readonly Piece[];
  /** The solver's budget ran out: the layout is unproved either way. */
  readonly undecided: boolean;
}


/** The placement question for the solver: congruence modulo the larger page; split only where 3.6 and the guest allow. */
export function placementInstance(request: MigrationRequest): PlacementInstance {
  const { domain, target } = request;
  return {
    granuleBytes: request.granuleBytes,
    alignment: request.alignment,
    split: request.profile === 'ovm-3.6' && domain.os.memorySplit,
    splitAlignment: domain.effectiveLargestPage,
    domainName: domain.name,
    targetName: target.name,
    blocks: domain.memory,
    free: rangeColumns(target.freeMemory),
  };
}

function sum(items: readonly { readonly size: number }[]): number {
  let total = 0;
  for (const item of items) total += item.size;
  return total;
}

function solved(request: MigrationRequest, solver: PlacementSolver, options: SolveOptions | undefined): MemoryOutcome {
  const instance = placementInstance(request);
  const result = solver(instance, options);
  if (result.status === 'feasible') return { findings: [], pieces: result.pieces, undecided: false };
  const block = request.domain.memory[result.failedBlock ?? 0]!;
  if (result.status === 'infeasible') {
    return { findings: [layoutFinding(request, block, result.certificate === undefined ? undefined : certificateText(certificateBytes(instance, result.certificate)))], pieces: [], undecided: false };
  }
  const g = request.granuleBytes;
  const message = `The memory layout was not decided within the solver's budget (first unsettled block: RA ${formatGranulesHex(block.ra, g)}, size ${formatGranulesSize(block.size, g)}); raise the time limit`;
  return { findings: [finding('MEMORY_UNDECIDED', formatGranulesHex(block.ra, g), message)], pieces: [], undecided: true };
}

/**
 * Check the domain's memory against the target.
 *
 * Cost: O(b + r) for the totals; the layout costs what the solver costs
 * (see `solvePlacement`), or O((b + r) log r) with an mblockmap. Pure: the
 * request is not mutated.
 *
 * @param request the validated request
 * @param solver the placement solver
 * @param options the solver's budget
 */
export function checkMemory(request: MigrationRequest, solver: PlacementSolver, options?: SolveOptions): MemoryOutcome {
  const { domain, target } = request;
  const need = sum(domain.memory);
  const offer = sum(target.freeMemory);
  if (need > offer) {
    const g = request.granuleBytes;
    const message = `${target.name} has ${formatGranulesSize(offer, g)} of free memory; ${domain.name} needs ${formatGranulesSize(need, g)}`;
    return { findings: [finding('MEMORY_INSUFFICIENT', target.name, message)], pieces: [], undecided: false };
  }
  if (domain.state !== 'active') return { findings: [], pieces: [], undecided: false };
  if (domain.mblockmap !== undefined) return { ...checkMblockmap(request), undecided: false };
  return solved(request, solver, options);
}
