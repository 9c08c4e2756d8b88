/**
 * `checkMigration`: every rule of migration.md applied to one request, as
 * one call. The rule families are independent pure functions; this module
 * only decides which findings the domain's state admits, sorts them, and
 * turns them into a verdict.
 *
 * @module
 */
import { type PieceBytes, unitPieceBytes } from '../memory/frame.js';
import type { SolveOptions } from '../solve/result.js';
import { solvePlacement } from '../solve/place.js';
import { compareFindings, type Finding, type FindingCode } from './finding.js';
import { parseRequest, type DomainState, type MigrationRequest, type RuleProfile } from './request.js';
import { checkMemory, type PlacementSolver } from './rules/memory.js';
import { checkCpu } from './rules/cpu.js';
import { checkPhysicalIo } from './rules/physical-io.js';
import { checkVirtualIo } from './rules/virtual-io.js';
import { checkNiu } from './rules/niu.js';
import { checkCrypto } from './rules/crypto.js';
import {
  checkDelayedReconfig,
  checkInProgress,
  checkNotChecked,
  checkPowerMode,
  checkRunState,
} from './rules/machine-state.js';
import { checkSpeed } from './rules/speed.js';

/** `ok`: no error; `refused`: at least one error; `unknown`: no error, but the memory layout is undecided. */
export type CheckStatus = 'ok' | 'refused' | 'unknown';

/** The answer of {@link checkMigration}: everything a report needs, in one object. */
export interface CheckResult {
  /** True only when the status is `ok`: nothing blocks and the layout is proved. */
  readonly ok: boolean;
  /** The verdict; the CLI's exit code follows it (see {@link checkExitCode}). */
  readonly status: CheckStatus;
  /** Every finding, sorted by severity, table order, subject. */
  readonly findings: readonly Finding[];
  /** The memory placement in bytes, sorted by RA, when an active domain's memory fits; else empty. */
  readonly placements: readonly PieceBytes[];
  /** The domain's name, for the ldm-style report. */
  readonly domainName: string;
  /** Whether the report is worded as a dry run (`would fail if attempted`). */
  readonly dryRun: boolean;
  /** The profile the rules followed. */
  readonly profile: RuleProfile;
}

/** Choices for {@link checkMigration}. */
export interface CheckOptions {
  /** The placement solver's budget. */
  readonly solve?: SolveOptions;
  /** Replace the placement solver (tests, embedders with their own). Default `solvePlacement`. */
  readonly solver?: PlacementSolver;
}

/**
 * Which codes each state admits (migration.md, "Domain states"); `undefined`
 * means every code. Rules run regardless of state and this list filters,
 * so the spec's list lives in exactly one place.
 */
const CODES_BY_STATE: Readonly<Record<DomainState, ReadonlySet<FindingCode> | undefined>> = {
  active: undefined,
  bound: new Set<FindingCode>([
    'MEMORY_INSUFFICIENT', 'CPU_STRANDS_INSUFFICIENT', 'IO_DOMAIN', 'VIO_DISK_MISSING',
    'VIO_SWITCH_MISSING', 'DELAYED_RECONFIG', 'POWER_ELASTIC', 'MIGRATION_IN_PROGRESS',
  ]),
  inactive: new Set<FindingCode>(['NOT_CHECKED', 'MIGRATION_IN_PROGRESS']),
};

/** The rule families other than memory, each a pure function of the request. */
const RULES: readonly ((request: MigrationRequest) => Finding[])[] = [
  checkCpu, checkPhysicalIo, checkVirtualIo, checkNiu, checkCrypto,
  checkDelayedReconfig, checkPowerMode, checkRunState, checkInProgress, checkSpeed, checkNotChecked,
];

/**
 * Apply every rule to a validated request.
 *
 * Never throws for an expected outcome: a refusal or an undecided layout is
 * a status. Cost: the placement solver's, plus O(devices) for the rest.
 * Pure: the request is not mutated.
 *
 * @param request from {@link parseRequest}
 * @param options solver and budget
 */
export function checkMigration(request: MigrationRequest, options: CheckOptions = {}): CheckResult {
  const state = request.domain.state;
  const admitted = CODES_BY_STATE[state];
  const memory = state === 'inactive'
    ? { findings: [], pieces: [], undecided: false }
    : checkMemory(request, options.solver ?? solvePlacement, options.solve);
  const findings = [...memory.findings, ...RULES.flatMap((rule) => rule(request))]
    .filter((f) => admitted === undefined || admitted.has(f.code))
    .sort(compareFindings);
  const refused = findings.some((f) => f.severity === 'error');
  const status: CheckStatus = refused ? 'refused' : memory.undecided ? 'unknown' : 'ok';
  return {
    ok: status === 'ok',
    status,
    findings,
    placements: status === 'refused' ? [] : [...memory.pieces].sort((a, b) => a.ra - b.ra).map((piece) => unitPieceBytes(piece, request.granuleBytes)),
    domainName: request.domain.name,
    dryRun: request.dryRun,
    profile: request.profile,
  };
}

/**
 * Validate a parsed request file and check it: {@link parseRequest} then
 * {@link checkMigration}. The one call behind `ldmfit check`.
 *
 * @param json the request file as `JSON.parse` returned it
 * @param options solver and budget
 * @throws {@link InputError} for bad input only, naming the JSON path
 */
export function checkRequest(json: unknown, options: CheckOptions = {}): CheckResult {
  return checkMigration(parseRequest(json), options);
}

/** The exit status of `ldmfit check`: 0 ok, 1 refused, 3 unknown (2, bad input, is the CLI's). */
export function checkExitCode(result: CheckResult): 0 | 1 | 3 {
  return result.status === 'ok' ? 0 : result.status === 'refused' ? 1 : 3;
}
