/**
 * The JSON answer of `ldmfit place --json`, a stable contract that outside
 * tools script against (placement.md, "Command-line contract"):
 *
 * ```json
 * { "status": "feasible" | "infeasible" | "unknown",
 *   "placements": [ { "ra": "0x8000000", "pa": "0x...", "size": "0x80000000" } ],
 *   "message": "human-readable reason or summary" }
 * ```
 *
 * Keys come in exactly that order, quantities are lowercase hex byte
 * strings, `placements` is sorted by `ra` and empty unless feasible, and the
 * same answer always serialises to the same bytes. After `message` come
 * additive fields the contract allows: `largestFreeLeft` (feasible), the
 * structured `certificate` and the `failedBlock` (infeasible), `stoppedBy`
 * and `budget` (unknown), and the solver's `stats` (the stage that decided
 * and its search nodes — never the wall time, which would break
 * byte-for-byte determinism).
 *
 * @module
 */
import { formatHex } from '../quantity.js';
import type { PlacementAnswer } from '../solve/answer.js';
import { certificateText, DEFAULT_PROFILE, feasibleSummary, type MessageProfile, unableToBindMessage, unknownReason } from './messages.js';

/** One placed piece in bytes, lowercase hex. */
export interface PlacementJsonPiece {
  /** Real address of the piece's first byte, as the guest sees it (`"0x8000000"`). */
  readonly ra: string;
  /** Physical address of that byte on the target; congruent to the source PA modulo the largest page. */
  readonly pa: string;
  /** Length of the piece in bytes (`"0x80000000"`). */
  readonly size: string;
}

/** A JSON value as the document holds it: bigints become lowercase hex strings, an infinite budget `null`. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The document `ldmfit place --json` prints. */
export interface PlacementJson {
  /** The verdict: `feasible` (a placement exists and is given), `infeasible` (proved), or `unknown` (a budget ran out). */
  readonly status: PlacementAnswer['status'];
  /** The pieces sorted by RA; empty unless `status` is `feasible`. */
  readonly placements: readonly PlacementJsonPiece[];
  /** A summary (feasible), ldm's wording and the proof (infeasible), or what ran out (unknown). */
  readonly message: string;
  /** Additive fields after `message`, in this order (see the module comment). */
  readonly details: Readonly<Record<string, JsonValue>>;
}

/** How to word a placement answer. */
export interface PlacementReportOptions {
  /** ldm release whose failure wording to use (default `ldoms-1.3`). */
  readonly profile?: MessageProfile;
  /** Word the failure as a dry run, `would fail if attempted` (default true). */
  readonly dryRun?: boolean;
}

/** Build the contract document from an answer. O(p) for p pieces. */
export function placementJson(answer: PlacementAnswer, options: PlacementReportOptions = {}): PlacementJson {
  const placements = answer.status === 'feasible'
    ? answer.placements.map((piece) => ({ ra: formatHex(piece.ra), pa: formatHex(piece.pa), size: formatHex(piece.size) }))
    : [];
  return { status: answer.status, placements, message: placementMessage(answer, options), details: detailsOf(answer) };
}

/** The additive fields of the document, by verdict. */
function detailsOf(answer: PlacementAnswer): Record<string, JsonValue> {
  const stats = { decidedBy: answer.stats.decidedBy, nodes: answer.stats.nodes };
  switch (answer.status) {
    case 'feasible':
      return { largestFreeLeft: formatHex(answer.largestFreeLeft), stats };
    case 'infeasible':
      return { certificate: jsonValue(answer.certificate), failedBlock: jsonValue(answer.failedBlock ?? null), stats };
    case 'unknown':
      return { stoppedBy: answer.stoppedBy, budget: jsonValue(answer.budget), stats };
  }
}

/** Any answer value as JSON: bigints in hex, infinite or missing numbers as null. */
export function jsonValue(value: unknown): JsonValue {
  if (typeof value === 'bigint') return formatHex(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(jsonValue);
  const entries = Object.entries(value as Record<string, unknown>).map(([key, field]) => [key, jsonValue(field)] as const);
  return Object.fromEntries(entries);
}

/**
 * The `message` of the contract, one line:
 * - feasible: the domain, blocks, pieces, target and the largest free range
 *   left (`ldg-src: 3 blocks placed in 4 pieces on dt212-239; largest free
 *   range left 1G`);
 * - infeasible: ldm's message for the block it would fail on, in the
 *   profile's wording, then `; ` and the certificate in words;
 * - unknown: which budget ran out.
 */
export function placementMessage(answer: PlacementAnswer, options: PlacementReportOptions = {}): string {
  switch (answer.status) {
    case 'feasible':
      return feasibleSummary(answer);
    case 'infeasible': {
      const reasons = answer.failedBlock === undefined ? [] : [unableToBindMessage(answer.failedBlock, options.profile ?? DEFAULT_PROFILE)];
      return [...reasons, certificateText(answer.certificate)].join('; ');
    }
    case 'unknown':
      return unknownReason(answer);
  }
}

/**
 * Serialise the document: keys in contract order, one placement per line,
 * then the additive fields one per line, two-space indentation, a final
 * newline. Deterministic: the same document gives the same bytes. O(p).
 */
export function formatPlacementJson(document: PlacementJson): string {
  const lines = ['{', `  "status": ${JSON.stringify(document.status)},`];
  if (document.placements.length === 0) {
    lines.push('  "placements": [],');
  } else {
    lines.push('  "placements": [');
    const last = document.placements.length - 1;
    document.placements.forEach((piece, index) => {
      const entry = `{"ra": ${JSON.stringify(piece.ra)}, "pa": ${JSON.stringify(piece.pa)}, "size": ${JSON.stringify(piece.size)}}`;
      lines.push(`    ${entry}${index === last ? '' : ','}`);
    });
    lines.push('  ],');
  }
  const details = Object.entries(document.details).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  lines.push(`  "message": ${JSON.stringify(document.message)}${details.length > 0 ? ',' : ''}`);
  lines.push(details.join(',\n'), '}', '');
  return lines.filter((line, index) => line !== '' || index === lines.length - 1).join('\n');
}
