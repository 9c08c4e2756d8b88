/**
 * The JSON answer of `ldmfit check --json` (migration.md):
 * `{ status, ok, findings, placements }`, placements as lowercase hex byte
 * strings sorted by RA. `status` comes first, as in `place --json`, so a
 * script reads the verdict before anything else.
 *
 * @module
 */
import { formatHex } from '../quantity.js';
import type { CheckResult, CheckStatus } from '../migration/check.js';
import type { Finding } from '../migration/finding.js';
import type { PieceBytes } from '../memory/frame.js';

/** One placed piece in bytes, lowercase hex. */
export interface CheckJsonPlacement {
  /** Real address of the piece's first byte, as the guest sees it. */
  readonly ra: string;
  /** Physical address of that byte on the target machine. */
  readonly pa: string;
  /** Length of the piece in bytes. */
  readonly size: string;
}

/** The document `ldmfit check --json` prints. */
export interface CheckJson {
  /**
   * The verdict, matching the exit status of `ldmfit check`: `ok` (exit 0)
   * no error finding and the layout proved; `refused` (exit 1) at least one
   * error finding; `unknown` (exit 3) no error finding, but the memory
   * placement is undecided (the solver's budget ran out).
   */
  readonly status: CheckStatus;
  /** No error and the layout is proved: true exactly when `status` is `ok`. */
  readonly ok: boolean;
  /** Every finding, in report order. */
  readonly findings: readonly Finding[];
  /** The memory placement, sorted by RA; empty unless the memory fits. */
  readonly placements: readonly CheckJsonPlacement[];
}

/** Build the JSON document from a check result. O(findings + pieces); does not mutate `result`. */
export function checkJson(result: CheckResult): CheckJson {
  return { status: result.status, ok: result.ok, findings: result.findings, placements: placementsJson(result.placements) };
}

/** Pieces in bytes as the JSON answers print them: lowercase hex strings, in the order given. O(p). */
export function placementsJson(pieces: readonly PieceBytes[]): CheckJsonPlacement[] {
  return pieces.map((piece) => ({ ra: formatHex(piece.ra), pa: formatHex(piece.pa), size: formatHex(piece.size) }));
}
