/**
 * Advice (`ldmfit check --advise`, `ldmfit rank --advise`) as JSON (bigints
 * as lowercase hex) and as the lines after the ldm-style report.
 *
 * @module
 */
import type { Advice } from '../fleet/advice.js';
import { formatHex } from '../quantity.js';
import type { JsonValue } from './placement-json.js';

/** One piece of advice as `--advise --json` prints it in `advice`: `kind`, the kind's quantities, `message`. */
export function adviceJson(advice: Advice): Readonly<Record<string, JsonValue>> {
  switch (advice.kind) {
    case 'split':
      return { kind: advice.kind, message: advice.message };
    case 'grow-range':
      return { kind: advice.kind, pa: formatHex(advice.pa), growBy: formatHex(advice.growBy), message: advice.message };
    case 'free-domain':
      return { kind: advice.kind, domains: [...advice.domains], freedBytes: formatHex(advice.freedBytes), message: advice.message };
    case 'shrink-domain':
      return { kind: advice.kind, domain: advice.domain, pa: formatHex(advice.pa), size: formatHex(advice.size), message: advice.message };
    case 'other-target':
      return { kind: advice.kind, host: advice.host, message: advice.message };
  }
}

/**
 * The advice lines after the report; `memoryRefused` says whether the memory
 * rule refused (else nothing to advise on); `domainsTried` whether the
 * target's bound domains were known (captures), for the line that says
 * nothing was found.
 */
export function adviceText(memoryRefused: boolean, advice: readonly Advice[], domainsTried = false): string {
  if (!memoryRefused) return '';
  if (advice.length === 0) {
    const tried = domainsTried ? 'split mode, growing one free range and moving the target\'s domains were tried' : 'split mode and growing one free range were tried';
    return `Advice: no change found that makes the memory fit (${tried}); for other targets, ldmfit rank\n`;
  }
  return advice.map((a) => `Advice: ${a.message}\n`).join('');
}
