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
import type { Finding } from '../migration/finding.js';
import { migrationFailedMessage } from '../wording/ldm.js';

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
 */
export function formatCheckText(result: CheckResult): string {
  const lines: string[] = [];
  for (const item of result.findings.filter(isLdmLine)) {
    lines.push(item.message);
    if (item.detail !== undefined) lines.push(`    ${item.detail}`);
  }
  if (result.status === 'refused') {
    lines.push(migrationFailedMessage(result.domainName, result.dryRun));
  }
  for (const item of result.findings) if (!isLdmLine(item)) lines.push(findingLine(item));
  return lines.map((line) => line + '\n').join('');
}
