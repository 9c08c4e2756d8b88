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
import { formatHex, formatSize } from '../quantity.js';
import type { FeasibleAnswer, InfeasibleAnswer, PlacementAnswer } from '../solve/answer.js';
import { certificateText, DEFAULT_PROFILE, feasibleSummary, migrationFailedMessage, unableToBindMessage, unknownReason } from './messages.js';
import type { PlacementReportOptions } from './placement-json.js';
import { paint, type Tint } from './terminal-colour.js';

/** Choices for {@link formatPlacementText}: the wording, and colour for a terminal. */
export interface PlacementTextOptions extends PlacementReportOptions {
  /**
   * Colour the lines with ANSI codes: ldm's failure lines red, the summary
   * of a placement green, an undecided answer yellow (default false; the
   * CLI turns it on only for a terminal without `NO_COLOR`).
   */
  readonly colour?: boolean;
}

/** ldm's column width in `ldm list -o memory` (`0x8000000` and 8 spaces). */
const LDM_COLUMN = 17;
/** ldm indents table rows by four spaces. */
const INDENT = '    ';

/** Render an answer as ldm-style text, newline-terminated. O(p) for p pieces. */
export function formatPlacementText(answer: PlacementAnswer, options: PlacementTextOptions = {}): string {
  const lines = linesFor(answer, options);
  return lines.map((line, k) => paint(line, tintOf(answer, line, k === lines.length - 1), options.colour === true) + '\n').join('');
}

/** The proof's line, after ldm's own. */
const REASON = 'Reason: ';

function tintOf(answer: PlacementAnswer, line: string, last: boolean): Tint | undefined {
  switch (answer.status) {
    case 'feasible':
      return last ? 'green' : undefined;
    case 'infeasible':
      return line.startsWith(REASON) ? undefined : 'red';
    case 'unknown':
      return 'yellow';
  }
}

function linesFor(answer: PlacementAnswer, options: PlacementReportOptions): string[] {
  switch (answer.status) {
    case 'feasible':
      return [...memoryTable(answer), '', feasibleSummary(answer)];
    case 'infeasible':
      return failureLines(answer, options);
    case 'unknown':
      return [`${answer.domainName} on ${answer.targetName}: ${unknownReason(answer)}`];
  }
}

/** `ldm list -o memory` of the domain with its new PAs. */
function memoryTable(answer: FeasibleAnswer): string[] {
  const rows = answer.placements.map((piece) => [formatHex(piece.ra), formatHex(piece.pa), formatSize(piece.size)] as const);
  const width = (column: 0 | 1): number => rows.reduce((widest, row) => Math.max(widest, row[column].length + 2), LDM_COLUMN);
  const raWidth = width(0);
  const paWidth = width(1);
  return [
    'NAME',
    answer.domainName,
    '',
    'MEMORY',
    INDENT + 'RA'.padEnd(raWidth) + 'PA'.padEnd(paWidth) + 'SIZE',
    ...rows.map(([ra, pa, size]) => INDENT + ra.padEnd(raWidth) + pa.padEnd(paWidth) + size),
  ];
}

/** ldm's dry-run failure lines, then the certificate. */
function failureLines(answer: InfeasibleAnswer, options: PlacementReportOptions): string[] {
  const lines: string[] = [];
  if (answer.failedBlock !== undefined) lines.push(unableToBindMessage(answer.failedBlock, options.profile ?? DEFAULT_PROFILE));
  lines.push(migrationFailedMessage(answer.domainName, options.dryRun ?? true));
  lines.push(REASON + certificateText(answer.certificate));
  return lines;
}
