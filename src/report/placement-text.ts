/**
 * The human answer of `ldmfit place` (without `--json`), in the style of
 * `ldm`. A feasible answer looks like `ldm list -o memory` of the domain as
 * it would be bound on the target, then a summary line:
 *
 * ```
 * NAME
 * ldg-src
 *
 * MEMORY
 *     RA               PA               SIZE
 *     0x8000000        0x108000000      1G
 *
 * ldg-src: 1 block placed in 1 piece on dt212-239; largest free range left 1G
 * ```
 *
 * An infeasible one is what `ldm migrate-domain -n` prints, then the proof:
 *
 * ```
 * Unable to bind 2G memory region at real address 0x8000000
 * Domain Migration of LDom ldg-src would fail if attempted
 * Reason: the 2G block at RA 0x8000000 fits in no free range
 * ```
 *
 * @module
 */
import type { PlacementInstance } from '../memory/instance.js';
import { piecesBytes } from '../memory/frame.js';
import { formatHex, formatSize } from '../quantity.js';
import { DEFAULT_TIME_LIMIT_MS } from '../solve/place.js';
import type { PlacementResult } from '../solve/result.js';
import { certificateText, DEFAULT_PROFILE, feasibleSummary, migrationFailedMessage, unableToBindMessage, unknownReason } from './messages.js';
import { largestFreeLeft, type PlacementReportOptions } from './placement-json.js';

/** ldm's column width in `ldm list -o memory` (`0x8000000` and 8 spaces). */
const LDM_COLUMN = 17;
/** ldm indents table rows by four spaces. */
const INDENT = '    ';

/**
 * Render a solver answer as ldm-style text, newline-terminated. Same cost
 * and options as `placementJson`.
 */
export function formatPlacementText(instance: PlacementInstance, result: PlacementResult, options: PlacementReportOptions = {}): string {
  const lines = linesFor(instance, result, options);
  return lines.map((line) => line + '\n').join('');
}

function linesFor(instance: PlacementInstance, result: PlacementResult, options: PlacementReportOptions): string[] {
  switch (result.status) {
    case 'feasible':
      return [
        ...memoryTable(instance, result),
        '',
        feasibleSummary(instance, result.pieces.length, largestFreeLeft(instance, result.pieces, options.freeMap)),
      ];
    case 'infeasible':
      return failureLines(instance, result, options);
    case 'unknown':
      return [`${instance.domainName} on ${instance.targetName}: ${unknownReason(result, options.solveOptions ?? {}, DEFAULT_TIME_LIMIT_MS)}`];
  }
}

/** `ldm list -o memory` of the domain with its new PAs. */
function memoryTable(instance: PlacementInstance, result: PlacementResult): string[] {
  const sorted = [...result.pieces].sort((a, b) => a.ra - b.ra);
  const rows = piecesBytes(instance, sorted).map((piece) => [formatHex(piece.ra), formatHex(piece.pa), formatSize(piece.size)] as const);
  const width = (column: 0 | 1): number => rows.reduce((widest, row) => Math.max(widest, row[column].length + 2), LDM_COLUMN);
  const raWidth = width(0);
  const paWidth = width(1);
  return [
    'NAME',
    instance.domainName,
    '',
    'MEMORY',
    INDENT + 'RA'.padEnd(raWidth) + 'PA'.padEnd(paWidth) + 'SIZE',
    ...rows.map(([ra, pa, size]) => INDENT + ra.padEnd(raWidth) + pa.padEnd(paWidth) + size),
  ];
}

/** ldm's dry-run failure lines, then the certificate. */
function failureLines(instance: PlacementInstance, result: PlacementResult, options: PlacementReportOptions): string[] {
  const lines: string[] = [];
  if (result.failedBlock !== undefined && instance.blocks[result.failedBlock] !== undefined) {
    lines.push(unableToBindMessage(instance, result.failedBlock, options.profile ?? DEFAULT_PROFILE));
  }
  lines.push(migrationFailedMessage(instance.domainName, options.dryRun ?? true));
  if (result.certificate !== undefined) lines.push(`Reason: ${certificateText(result.certificate, instance)}`);
  return lines;
}
