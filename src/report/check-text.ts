/**
 * The text answer of `ldmfit check`: what `ldm migrate-domain -n` would
 * print, then every other finding, one line each with its code.
 *
 * ```
 * Unable to bind 2G memory region at real address 0x8000000
 * Domain Migration of LDom ldg-src would fail if attempted
 * warning CRYPTO_REDUCED ldg-src: host-b has 0 free crypto units; ...
 * ```
 *
 * @module
 */
import type { CheckResult } from '../migration/check.js';
import type { Finding, Severity } from '../migration/finding.js';
import { migrationFailedMessage } from '../wording/ldm.js';
import { paint, type Tint } from './terminal-colour.js';

/** Choices for {@link formatCheckText}. */
export interface CheckTextOptions {
  /**
   * Colour the lines with ANSI codes: ldm's lines and errors red, warnings
   * yellow, information dim (default false; the CLI turns it on only for a
   * terminal without `NO_COLOR`).
   */
  readonly colour?: boolean;
}

const TINTS: Readonly<Record<Severity, Tint>> = { error: 'red', warning: 'yellow', info: 'dim' };

/** Memory errors are worded as ldm prints them and come first, as ldm's own output. */
function isLdmLine(item: Finding): boolean {
  return item.severity === 'error' && (item.code === 'MEMORY_LAYOUT' || item.code === 'MEMORY_INSUFFICIENT');
}

function findingLine(item: Finding): string {
  const line = `${item.severity} ${item.code} ${item.subject}: ${item.message}`;
  return item.detail === undefined ? line : `${line} (${item.detail})`;
}

/**
 * Render a check result as text lines, newline-terminated.
 *
 * The ldm part: the memory errors in the profile's wording (with their
 * reason indented below), then `Domain Migration of LDom NAME would fail if
 * attempted` (`failed` when the request is not a dry run) when the check
 * refuses. Then every other finding as `severity CODE subject: message`.
 * An accepted check prints only its warnings and info, like ldm, which is
 * silent on success. O(findings).
 *
 * @param result what the check found
 * @param options colour for a terminal
 */
export function formatCheckText(result: CheckResult, options: CheckTextOptions = {}): string {
  const lines: [string, Tint | undefined][] = [];
  for (const item of result.findings.filter(isLdmLine)) {
    lines.push([item.message, 'red']);
    if (item.detail !== undefined) lines.push([`    ${item.detail}`, undefined]);
  }
  if (result.status === 'refused') {
    lines.push([migrationFailedMessage(result.domainName, result.dryRun), 'red']);
  }
  for (const item of result.findings) if (!isLdmLine(item)) lines.push([findingLine(item), TINTS[item.severity]]);
  return lines.map(([line, tint]) => paint(line, tint, options.colour === true) + '\n').join('');
}
