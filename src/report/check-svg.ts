/**
 * The memory part of a migration check as a memory map (`ldmfit check
 * --svg FILE`): the target's free memory with the placement, or with the
 * block that cannot be bound, drawn by {@link placementSvg}.
 *
 * A check asks the placement solver only for an active domain whose memory
 * fits in total and has no `mblockmap`. When it did, the caller passes the
 * solver's question and result (record them with a {@link PlacementSolver}
 * that wraps the real one): the map then shows everything `ldmfit place`
 * would. Otherwise the map shows the free memory, the pieces of a checked
 * `mblockmap`, and the memory findings in words.
 *
 * @module
 */
import type { PlacementInstance } from '../memory/instance.js';
import type { CheckResult } from '../migration/check.js';
import type { MigrationRequest } from '../migration/request.js';
import { placementInstance } from '../migration/rules/memory.js';
import { placementAnswer } from '../solve/answer.js';
import type { PlacementResult, SolveOptions } from '../solve/result.js';
import { type MapAnswer, placementSvg, type PlacementSvgOptions } from './svg.js';

/** The placement question the memory rule asked, and what the solver answered. */
export interface SolvedMemory {
  /** The question, as the rule built it. */
  readonly instance: PlacementInstance;
  /** The solver's result. */
  readonly result: PlacementResult;
  /** The budget it was given. */
  readonly options?: SolveOptions;
}

/**
 * Draw the memory part of a check.
 *
 * @param request the validated request that was checked
 * @param result what the check found
 * @param solved the solver's question and result, when the memory rule asked it
 * @param options width and bound memory, as for {@link placementSvg}
 * @returns a standalone SVG document
 */
export function checkSvg(
  request: MigrationRequest,
  result: CheckResult,
  solved?: SolvedMemory,
  options: Pick<PlacementSvgOptions, 'width' | 'bound'> = {},
): string {
  const instance = solved?.instance ?? placementInstance(request);
  const answer: MapAnswer | undefined =
    solved !== undefined
      ? placementAnswer(solved.instance, solved.result, solved.options)
      : result.placements.length > 0
        ? { status: 'feasible', placements: result.placements }
        : undefined;
  return placementSvg(instance, answer, { ...options, profile: request.profile, notes: memoryNotes(request, result, solved !== undefined) });
}

/**
 * The memory findings in words, when the solver was not asked (a solved
 * layout says its own verdict); when there are none and nothing is placed,
 * why there is nothing to draw.
 */
function memoryNotes(request: MigrationRequest, result: CheckResult, solved: boolean): string[] {
  if (solved) return [];
  const notes = result.findings
    .filter((finding) => finding.code.startsWith('MEMORY_'))
    .map((finding) => (finding.detail === undefined ? finding.message : `${finding.message} (${finding.detail})`));
  if (notes.length > 0 || result.placements.length > 0) return notes;
  const { name, state } = request.domain;
  return state === 'active'
    ? ['the mblockmap places every block; its pieces are not drawn, since the check refuses the migration for other reasons']
    : [`no memory layout to check: ${name} is ${state}`];
}
