/**
 * ldmfit: can this logical domain live-migrate to that machine, where exactly
 * will its memory go, and if not, why not?
 *
 * The calls an embedding tool needs, nothing else: questions in (as files
 * write them, or their bytes), answers out with every address a `bigint` of
 * bytes. Deeper layers have entries of their own: `ldmfit/engine` (the
 * solver in its own units, free maps, frames), `ldmfit/migration` (the
 * machine model and the rules), `ldmfit/generate` (seeded questions),
 * `ldmfit/lp` (the MIP strategy), `ldmfit/tree` (the augmented range tree),
 * `ldmfit/fleet` (rank, evacuate and batch questions over many hosts).
 *
 * @packageDocumentation
 */

export { place, placeInstance, verify } from './place.js';
export type { PlaceOptions } from './place.js';
export { check } from './check.js';
export { checkAsync, placeAsync } from './async.js';
export type { AsyncOptions, Progress } from './async.js';

export type { FreeRange, MemoryBlock, PlacementQuestion, Quantity } from './formats/question.js';
export type { MigrationRequestFile } from './migration/request-schema.js';
export { REQUEST_SCHEMA } from './migration/request-schema.js';

export type {
  BlockCertificate,
  BlockRef,
  Budget,
  CertificateBytes,
  CountCertificate,
  ExhaustiveCertificate,
  PartialSlotsCertificate,
  DualWeightsCertificate,
  ResidueCertificate,
  SlotsCertificate,
  ThresholdCertificate,
  TotalCertificate,
  FeasibleAnswer,
  InfeasibleAnswer,
  PlacementAnswer,
  RangeBytes,
  UnknownAnswer,
} from './solve/answer.js';
export type { BlockBytes, PieceBytes } from './memory/frame.js';
export type { PlacementRule, Violation } from './memory/verify.js';
export { DEFAULT_TIME_LIMIT_MS } from './solve/result.js';
export type { SolveOptions, SolveStats, StopReason, Strategy } from './solve/result.js';

export { checkExitCode } from './migration/check.js';
export type { CheckOptions, CheckResult, CheckStatus } from './migration/check.js';
export { FINDING_CODES } from './migration/finding.js';
export type { Finding, FindingCode, Severity } from './migration/finding.js';
export type { RuleProfile } from './migration/request.js';
export type { PlacementSolver } from './migration/rules/memory.js';

export { formatPlacementJson, placementJson } from './report/placement-json.js';
export type { JsonValue, PlacementJson, PlacementJsonPiece, PlacementReportOptions } from './report/placement-json.js';
export { formatPlacementText } from './report/placement-text.js';
export type { PlacementTextOptions } from './report/placement-text.js';
export { certificateText, DEFAULT_PROFILE, migrationFailedMessage, unableToBindMessage } from './report/messages.js';
export type { MessageProfile } from './report/messages.js';
export { checkJson } from './report/check-json.js';
export type { CheckJson, CheckJsonPlacement } from './report/check-json.js';
export { formatCheckText } from './report/check-text.js';
export type { CheckTextOptions } from './report/check-text.js';
export { placementSvg } from './report/svg.js';
export type { BoundMemory, MapAnswer, PlacementSvgOptions } from './report/svg.js';
export { checkSvg } from './report/check-svg.js';
export type { SolvedMemory } from './report/check-svg.js';

export { formatHex, formatSize, InputError, parseBytes } from './quantity.js';
