/**
 * The sentences `ldm` itself prints, per release, in one place: users search
 * for them verbatim, and both the migration rules (model) and the reports
 * print them. A module of its own below both, so that data still flows one
 * way: migration and report import it, and neither imports the other for it.
 *
 * @module
 */
import type { BlockBytes } from '../memory/frame.js';
import { formatHex, formatSize } from '../quantity.js';

/**
 * Which ldm release's wording and rules: `ldoms-1.3` (Logical Domains 1.3)
 * or `ovm-3.6` (Oracle VM Server for SPARC 3.6 and later).
 */
export type LdmProfile = 'ldoms-1.3' | 'ovm-3.6';

/**
 * The message `ldm` prints when it cannot bind a block on the target, in the
 * profile's wording (users search for these exact words):
 * 1.3 `Unable to bind 2G memory region at real address 0x8000000`;
 * 3.6 `Free memory layout and congruency requirements prevent binding the
 * memory block with PA 0x880000000, RA 0x400000000, and size 6G`.
 * The PA is the block's source PA.
 */
export function bindFailureMessage(profile: LdmProfile, block: BlockBytes): string {
  const ra = formatHex(block.ra);
  const size = formatSize(block.size);
  return profile === 'ldoms-1.3'
    ? `Unable to bind ${size} memory region at real address ${ra}`
    : `Free memory layout and congruency requirements prevent binding the memory block with PA ${formatHex(block.pa)}, RA ${ra}, and size ${size}`;
}

/**
 * ldm's last line when a migration cannot go ahead:
 * `Domain Migration of LDom NAME failed`, or for a dry run
 * (`ldm migrate-domain -n`) `Domain Migration of LDom NAME would fail if attempted`.
 */
export function migrationFailedMessage(domainName: string, dryRun: boolean): string {
  return `Domain Migration of LDom ${domainName} ${dryRun ? 'would fail if attempted' : 'failed'}`;
}
