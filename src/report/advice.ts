/**
 * Advice (`ldmfit check --advise`) as JSON (bigints as lowercase hex) and
 * as the lines after the ldm-style report.
 *
 * @module
 */
import type { Advice } from '../fleet/advice.js';
import { formatHex } from '../quantity.js';
import type { JsonValue } from './placement-json.js';

/** One piece of advice as `check --advise --json` prints it in `advice`. */
export function adviceJson(advice: Advice): Readonly<Record<string, JsonValue>> {
  return advice.kind === 'split'
    ? { kind: advice.kind, message: advice.message }
    : { kind: advice.kind, pa: formatHex(advice.pa), growBy: formatHex(advice.growBy), message: advice.message };
}

/** The advice lines after the report; `memoryRefused` says whether the memory rule refused (else nothing to advise on). */
export function adviceText(memoryRefused: boolean, advice: readonly Advice[]): string {
  if (!memoryRefused) return '';
  if (advice.length === 0) return 'Advice: no change found that makes the memory fit (split mode and growing one free range were tried); for other targets, ldmfit rank\n';
  return advice.map((a) => `Advice: ${a.message}\n`).join('');
}
