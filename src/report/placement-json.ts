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
 * same answer always serialises to the same bytes.
 *
 * @module
 */
import { FreeMap } from '../memory/free-map.js';
import type { PlacementInstance, Piece } from '../memory/instance.js';
import { piecesBytes } from '../memory/frame.js';
import { formatHex } from '../quantity.js';
import { DEFAULT_TIME_LIMIT_MS } from '../solve/place.js';
import type { PlacementResult, PlacementStatus, SolveOptions } from '../solve/result.js';
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

/** The document `ldmfit place --json` prints. */
export interface PlacementJson {
  /** The verdict: `feasible` (a placement exists and is given), `infeasible` (proved), or `unknown` (a budget ran out). */
  readonly status: PlacementStatus;
  /** The pieces sorted by RA; empty unless `status` is `feasible`. */
  readonly placements: readonly PlacementJsonPiece[];
  /** A summary (feasible), ldm's wording and the proof (infeasible), or what ran out (unknown). */
  readonly message: string;
}

/** How to word a placement answer. */
export interface PlacementReportOptions {
  /** ldm release whose failure wording to use (default `ldoms-1.3`). */
  readonly profile?: MessageProfile;
  /** Word the failure as a dry run, `would fail if attempted` (default true). */
  readonly dryRun?: boolean;
  /** The budgets the solver was given, to say which one ran out. */
  readonly solveOptions?: SolveOptions;
  /**
   * The target's free map as the solver saw it (`solveOnMap` leaves it
   * unchanged), so the summary need not rebuild it from `instance.free`.
   * Used, and restored, only for a feasible answer.
   */
  readonly freeMap?: FreeMap;
}

/**
 * Build the contract document from a solver answer.
 *
 * Cost: O(p log n) for p pieces when a feasible summary is needed (the
 * pieces are reserved on the free map to find the largest range left, then
 * rolled back), plus O(n) to build that map when `options.freeMap` is not
 * given. Mutates nothing the caller can see.
 */
export function placementJson(instance: PlacementInstance, result: PlacementResult, options: PlacementReportOptions = {}): PlacementJson {
  const placements = result.status === 'feasible'
    ? piecesBytes(instance, sortedByRa(result.pieces)).map((piece) => ({
        ra: formatHex(piece.ra),
        pa: formatHex(piece.pa),
        size: formatHex(piece.size),
      }))
    : [];
  return { status: result.status, placements, message: placementMessage(instance, result, options) };
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
export function placementMessage(instance: PlacementInstance, result: PlacementResult, options: PlacementReportOptions = {}): string {
  switch (result.status) {
    case 'feasible':
      return feasibleSummary(instance, result.pieces.length, largestFreeLeft(instance, result.pieces, options.freeMap));
    case 'infeasible':
      return infeasibleReasons(instance, result, options.profile ?? DEFAULT_PROFILE).join('; ');
    case 'unknown':
      return unknownReason(result, options.solveOptions ?? {}, DEFAULT_TIME_LIMIT_MS);
  }
}

/**
 * ldm's message for the failed block (when the solver names one) and the
 * certificate text (when it gives one), in that order; never empty.
 */
export function infeasibleReasons(instance: PlacementInstance, result: PlacementResult, profile: MessageProfile): string[] {
  const reasons: string[] = [];
  if (result.failedBlock !== undefined && instance.blocks[result.failedBlock] !== undefined) {
    reasons.push(unableToBindMessage(instance, result.failedBlock, profile));
  }
  if (result.certificate !== undefined) reasons.push(certificateText(result.certificate, instance));
  if (reasons.length === 0) reasons.push('no placement exists');
  return reasons;
}

/**
 * The longest free range of the target once `pieces` are placed, in
 * granules. Reserves the pieces on `map` and rolls back, so the map is left
 * as it was; builds a map from `instance.free` when none is given.
 * Cost: O(p log n), plus O(n log n) to build a map.
 */
export function largestFreeLeft(instance: PlacementInstance, pieces: readonly Piece[], map?: FreeMap): number {
  const free = map ?? FreeMap.fromColumns(instance.free);
  const mark = free.checkpoint();
  try {
    for (const piece of pieces) free.reserve(piece.pa, piece.size);
    return free.largest;
  } finally {
    free.rollback(mark);
  }
}

/**
 * Serialise the document: keys in contract order, one placement per line,
 * two-space indentation, a final newline. Deterministic: the same document
 * gives the same bytes. O(p).
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
  lines.push(`  "message": ${JSON.stringify(document.message)}`, '}', '');
  return lines.join('\n');
}

/** The pieces in RA order (the solver already sorts them; a sorted input costs O(p)). */
function sortedByRa(pieces: readonly Piece[]): Piece[] {
  return [...pieces].sort((a, b) => a.ra - b.ra);
}
