/**
 * The front door for placement questions: bytes in, bytes out. A question
 * as an instance file holds it (an object, or the file's bytes or text) goes
 * in; a {@link PlacementAnswer} with every address a `bigint` of bytes comes
 * out. Granules, frames and free maps stay inside.
 *
 * @module
 */
import { instanceFromJson, parseInstance } from './formats/instance-json.js';
import type { PlacementQuestion } from './formats/question.js';
import { FreeMap } from './memory/free-map.js';
import type { PieceBytes } from './memory/frame.js';
import { verifyBytes, type Violation } from './memory/verify.js';
import type { PlacementInstance } from './memory/instance.js';
import { placementAnswer, type PlacementAnswer } from './solve/answer.js';
import { solveOnMap } from './solve/place.js';
import type { SolveOptions } from './solve/result.js';

/** Choices for {@link place}: the budget and the strategy. */
export type PlaceOptions = SolveOptions;

/**
 * Answer a placement question. `question` is an instance file's content: the
 * parsed object (typed as {@link PlacementQuestion}, quantities as strings,
 * safe integers or bigints), or the file's bytes or text (then `file` names
 * it in errors).
 *
 * Synchronous: it blocks the caller for up to the budget. Use
 * {@link placeAsync} to run it in a worker thread.
 *
 * Cost: O(n log n) for n free ranges to build the free map (O(n) when they
 * come sorted), then the solver within the budget.
 *
 * @throws {@link InputError} naming the field (and file) for bad input
 */
export function place(question: PlacementQuestion | Uint8Array | string, options: PlaceOptions = {}, file?: string): PlacementAnswer {
  return placeInstance(questionOf(question, file), options);
}

/**
 * Check a placement against its question, in exact bytes: placement.md rules
 * 1–4 (tiling, inside free memory, no overlap, congruence and cuts), every
 * violation reported (none: the placement is valid). Independent of the
 * solver: use it on answers from anywhere.
 *
 * @param question the instance file's content, as for {@link place}
 * @param placements the pieces, in bytes, any order
 * @throws {@link InputError} for a bad question
 */
export function verify(question: PlacementQuestion | Uint8Array | string, placements: readonly PieceBytes[], file?: string): Violation[] {
  return verifyBytes(questionOf(question, file), placements);
}

function questionOf(question: PlacementQuestion | Uint8Array | string, file: string | undefined): PlacementInstance {
  return typeof question === 'string' || question instanceof Uint8Array ? parseInstance(question, file) : instanceFromJson(question);
}

/**
 * {@link place} for a question already in the engine's units (from
 * `parseInstance`, `instanceFromJson` or the generators).
 *
 * @throws {@link InputError} when free ranges overlap (naming both)
 */
export function placeInstance(instance: PlacementInstance, options: PlaceOptions = {}): PlacementAnswer {
  const started = performance.now();
  const map = FreeMap.fromColumns(instance.free);
  return placementAnswer(instance, solveOnMap(instance, map, options, started), options, map);
}
