/**
 * `ldmfit/engine`: the solver in its own units, for tools that go deeper
 * than `place`. Questions here are {@link PlacementInstance}s: granule units
 * in plain numbers (framed when they would not fit a double), free ranges as
 * typed-array columns. The answer in bytes is one call away
 * ({@link placementAnswer}).
 *
 * @packageDocumentation
 */

export { instanceFromJson, parseInstance, parseInstanceSlow } from './formats/instance-json.js';
export { firstCongruent } from './congruence.js';
export { rangeColumns } from './memory/instance.js';
export type { Block, Piece, PlacementInstance, RangeColumns } from './memory/instance.js';
export {
  alignmentBytes,
  blockBytes,
  fitsUnframed,
  frameQuestion,
  paBytes,
  piecesBytes,
  questionBytes,
  raBytes,
  residueBytes,
  SAFE_UNITS,
  sizeBytes,
  splitAlignmentBytes,
  unitBlockBytes,
  unitPieceBytes,
} from './memory/frame.js';
export type { BlockBytes, Frame, PieceBytes, QuestionBytes } from './memory/frame.js';
export { FreeMap } from './memory/free-map.js';
export { RealMap } from './memory/real-map.js';
export { verify, verifyBytes } from './memory/verify.js';
export type { PlacementRule, Violation } from './memory/verify.js';
export { DEFAULT_TIME_LIMIT_MS, solveOnMap, solvePlacement } from './solve/place.js';
export type { Certificate, PlacementResult, PlacementStatus, SolveOptions, SolveStats, StopReason, Strategy } from './solve/result.js';
export { certificateBytes, placementAnswer } from './solve/answer.js';
export type { PlacementAnswer, CertificateBytes } from './solve/answer.js';
export {
  ADDRESS_LIMIT,
  InputError,
  formatGranulesHex,
  formatGranulesSize,
  granulesToBytes,
  parseGranules,
  parsePowerOfTwo,
  toGranules,
} from './quantity.js';
