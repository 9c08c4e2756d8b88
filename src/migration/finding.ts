/**
 * Findings: what a migration rule says about a request. The codes, their
 * severities and their order are stable API (migration.md, "Rules and
 * codes"); reports sort by severity, then by the order of
 * {@link FINDING_CODES}, then by subject.
 *
 * @module
 */
import { unitBlockBytes } from '../memory/frame.js';
import type { Block } from '../memory/instance.js';
import { formatGranulesHex } from '../quantity.js';
import { ascending } from '../sorted.js';
import { bindFailureMessage } from '../wording/ldm.js';
import type { MigrationRequest } from './request.js';

/** Errors block the migration, warnings let it proceed degraded, info is advice. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * Every code in the order of migration.md's table, which is the report
 * order within a severity. `MEMORY_UNDECIDED` is ldmfit's own addition: the
 * solver's budget ran out, so the layout is neither proved possible nor
 * impossible (the check's status is then `unknown`).
 */
export const FINDING_CODES = [
  'MEMORY_INSUFFICIENT',
  'MEMORY_LAYOUT',
  'MEMORY_UNDECIDED',
  'CPU_TYPE_MISMATCH',
  'CPU_FREQUENCY_MISMATCH',
  'CPU_STRANDS_INSUFFICIENT',
  'CPU_PARTIAL_CORE',
  'CPU_DR_REQUIRED',
  'CPU_DR_BLOCKED',
  'CPU_DR_AFTER_REBOOT',
  'IO_DOMAIN',
  'VIO_DISK_MISSING',
  'VIO_SWITCH_MISSING',
  'VIO_CONSOLE_MISSING',
  'NIU_UNAVAILABLE',
  'CRYPTO_DR_UNSUPPORTED',
  'CRYPTO_REDUCED',
  'DELAYED_RECONFIG',
  'POWER_ELASTIC',
  'DOMAIN_NOT_RUNNING_OS',
  'MIGRATION_IN_PROGRESS',
  'SPEED_HINT',
  'NOT_CHECKED',
] as const;

/** A finding code. */
export type FindingCode = (typeof FINDING_CODES)[number];

/** The severity each code always has. */
export const SEVERITY: Readonly<Record<FindingCode, Severity>> = {
  MEMORY_INSUFFICIENT: 'error',
  MEMORY_LAYOUT: 'error',
  MEMORY_UNDECIDED: 'warning',
  CPU_TYPE_MISMATCH: 'error',
  CPU_FREQUENCY_MISMATCH: 'error',
  CPU_STRANDS_INSUFFICIENT: 'error',
  CPU_PARTIAL_CORE: 'warning',
  CPU_DR_REQUIRED: 'error',
  CPU_DR_BLOCKED: 'error',
  CPU_DR_AFTER_REBOOT: 'info',
  IO_DOMAIN: 'error',
  VIO_DISK_MISSING: 'error',
  VIO_SWITCH_MISSING: 'error',
  VIO_CONSOLE_MISSING: 'warning',
  NIU_UNAVAILABLE: 'warning',
  CRYPTO_DR_UNSUPPORTED: 'error',
  CRYPTO_REDUCED: 'warning',
  DELAYED_RECONFIG: 'error',
  POWER_ELASTIC: 'error',
  DOMAIN_NOT_RUNNING_OS: 'error',
  MIGRATION_IN_PROGRESS: 'error',
  SPEED_HINT: 'info',
  NOT_CHECKED: 'info',
};

/** One thing a rule found. */
export interface Finding {
  /** Which rule fired; stable across releases, so scripts match on it rather than on `message`. */
  readonly code: FindingCode;
  /** Always `SEVERITY[code]`. */
  readonly severity: Severity;
  /** One line for a person; memory findings use the profile's ldm wording verbatim. */
  readonly message: string;
  /** What the finding is about: a device, a vdisk, a machine, an RA in hex. */
  readonly subject: string;
  /** Why, when the message is ldm's fixed wording and cannot say it (a certificate, an mblockmap reason). */
  readonly detail?: string;
}

/** Build a finding with its code's severity, so no rule can get a severity wrong. */
export function finding(code: FindingCode, subject: string, message: string, detail?: string): Finding {
  return detail === undefined
    ? { code, severity: SEVERITY[code], message, subject }
    : { code, severity: SEVERITY[code], message, subject, detail };
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };
const CODE_RANK = new Map<FindingCode, number>(FINDING_CODES.map((code, i) => [code, i]));
const HEX = /^0x[0-9a-f]+$/;

/** Subjects compare as text, except two hex addresses, which compare as numbers (`0x8000000` before `0x10000000`). */
function compareSubjects(a: string, b: string): number {
  if (HEX.test(a) && HEX.test(b) && a.length !== b.length) return a.length - b.length;
  return ascending(a, b);
}

/** The report order: severity, then table order, then subject. */
export function compareFindings(a: Finding, b: Finding): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]
    || CODE_RANK.get(a.code)! - CODE_RANK.get(b.code)!
    || compareSubjects(a.subject, b.subject);
}

/** A MEMORY_LAYOUT finding for one block: ldm's wording, the RA as subject, our reason as detail. */
export function layoutFinding(request: MigrationRequest, block: Block, detail: string | undefined): Finding {
  const g = request.granuleBytes;
  return finding('MEMORY_LAYOUT', formatGranulesHex(block.ra, g), bindFailureMessage(request.profile, unitBlockBytes(block, g)), detail);
}
