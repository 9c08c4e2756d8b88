/**
 * ldmfit: can this logical domain live-migrate to that machine, where exactly
 * will its memory go, and if not, why not?
 *
 * The public API, re-exported; nothing else lives here. Data flows one way:
 * formats (parse) → memory model → solve → report.
 *
 * @packageDocumentation
 */

export {
  ADDRESS_LIMIT,
  formatGranulesHex,
  formatGranulesSize,
  formatHex,
  formatSize,
  granulesToBytes,
  InputError,
  parseBytes,
  parseGranules,
  parsePowerOfTwo,
  toGranules,
} from './quantity.js';

export { NIL, RangeTree } from './tree/range-tree.js';

export { firstCongruent } from './congruence.js';
export { rangeColumns } from './memory/instance.js';
export type { Block, Piece, PlacementInstance, RangeColumns } from './memory/instance.js';
export { FreeMap } from './memory/free-map.js';
export { RealMap } from './memory/real-map.js';
export { blockBytes, fitsUnframed, frameQuestion, paBytes, piecesBytes, questionBytes, raBytes, SAFE_UNITS } from './memory/frame.js';
export type { BlockBytes, Frame, PieceBytes, QuestionBytes } from './memory/frame.js';
export { verify, verifyBytes } from './memory/verify.js';
export type { PlacementRule, Violation } from './memory/verify.js';

export { DEFAULT_TIME_LIMIT_MS, solveOnMap, solvePlacement } from './solve/place.js';
export { buildPlacementModel, packRange, solveByLp } from './solve/lp.js';
export type { LpItem, LpModel, LpRange, PackItem, PackOutcome, PlacementModel, SolveClock } from './solve/lp.js';
export type {
  Certificate,
  PlacementResult,
  PlacementStatus,
  SolveOptions,
  SolveStats,
  StopReason,
  Strategy,
} from './solve/result.js';

export { instanceFromJson, parseInstance } from './formats/instance-json.js';

export { formatPlacementJson, placementJson, placementMessage } from './report/placement-json.js';
export type { PlacementJson, PlacementJsonPiece, PlacementReportOptions } from './report/placement-json.js';
export { formatPlacementText } from './report/placement-text.js';
export { certificateText, DEFAULT_PROFILE, migrationFailedMessage, unableToBindMessage } from './report/messages.js';
export type { MessageProfile } from './report/messages.js';

export { bppInstance } from './generate/bpp.js';
export { splitFamilyInstance } from './generate/split-family.js';
export type { SplitFamilyOptions } from './generate/split-family.js';
export { generate, generateInstance } from './generate/generate.js';
export type { GeneratedInstance } from './generate/generate.js';
export type { GenerateOptions, GenerateQuantity, GenerateShape } from './generate/options.js';
export { naiveFirstFit } from './generate/naive-first-fit.js';
export type { FirstFitResult } from './generate/naive-first-fit.js';
export { instanceJsonChunks, instanceToJson } from './generate/to-json.js';

export { checkExitCode, checkMigration, checkRequest } from './migration/check.js';
export type { CheckOptions, CheckResult, CheckStatus } from './migration/check.js';
export { MIGRATION_GRANULE, parseRequest } from './migration/request.js';
export type {
  CpuArch,
  DomainState,
  GuestOs,
  MachineCommon,
  MachineCpu,
  MblockMapping,
  MigratingDomain,
  MigrationRequest,
  PowerPolicy,
  PrimaryDomain,
  RuleProfile,
  RunState,
  SourceMachine,
  TargetCpu,
  TargetMachine,
  TargetServices,
  VirtualDisk,
  VirtualNetwork,
} from './migration/request.js';
export { REQUEST_SCHEMA } from './migration/request-schema.js';
export { compareFindings, FINDING_CODES, SEVERITY } from './migration/finding.js';
export type { Finding, FindingCode, Severity } from './migration/finding.js';
export { bindFailureMessage } from './wording/ldm.js';
export type { LdmProfile } from './wording/ldm.js';
export { checkMblockmap } from './migration/mblockmap.js';
export { placementInstance } from './migration/rules/memory.js';
export type { PlacementSolver } from './migration/rules/memory.js';
export { Machine, Migration } from './migration/machine.js';
export type {
  DomainSnapshot,
  DomainSpec,
  DomainStatus,
  FaultInjector,
  Holding,
  MachineSnapshot,
  MachineSpec,
  MachineStep,
  OperationOptions,
  OperationResult,
  Refusal,
  RefusalCode,
} from './migration/machine.js';
export { checkJson } from './report/check-json.js';
export type { CheckJson, CheckJsonPlacement } from './report/check-json.js';
export { formatCheckText } from './report/check-text.js';
