/**
 * `ldmfit/migration`: the rule layer and the machine model. A request in the
 * model's own units ({@link MigrationRequest}, from {@link parseRequest}),
 * every rule family, and {@link Machine}, which binds, stops and migrates
 * domains against one free map with the machine description lock.
 *
 * @packageDocumentation
 */

export { checkExitCode, checkMigration, checkRequest } from './check.js';
export type { CheckOptions, CheckResult, CheckStatus } from './check.js';
export { MIGRATION_GRANULE, parseRequest } from './request.js';
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
} from './request.js';
export { REQUEST_SCHEMA } from './request-schema.js';
export type { MigrationRequestFile } from './request-schema.js';
export { compareFindings, FINDING_CODES, SEVERITY } from './finding.js';
export type { Finding, FindingCode, Severity } from './finding.js';
export { bindFailureMessage } from '../wording/ldm.js';
export type { LdmProfile } from '../wording/ldm.js';
export { checkMblockmap } from './mblockmap.js';
export { placementInstance } from './rules/memory.js';
export type { PlacementSolver } from './rules/memory.js';
export { Machine, Migration } from './machine.js';
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
} from './machine.js';
export { InputError } from '../quantity.js';
