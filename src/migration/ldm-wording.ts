/**
 * The words `ldm` uses when it cannot bind memory on the target, per rule
 * profile. Kept in one place because users search for them verbatim and
 * both the solver-backed rule and the mblockmap check print them.
 *
 * @module
 */
import { type BlockBytes, unitBlockBytes } from '../memory/frame.js';
import { formatGranulesHex, formatHex, formatSize } from '../quantity.js';
import type { Block } from '../memory/instance.js';
import { finding, type Finding } from './finding.js';
import type { MigrationRequest, RuleProfile } from './request.js';

/**
 * The message `ldm` prints when it cannot bind a block on the target, in the
 * profile's wording (users search for these exact words):
 * 1.3 `Unable to bind 2G memory region at real address 0x8000000`;
 * 3.6 `Free memory layout and congruency requirements prevent binding the
 * memory block with PA 0x880000000, RA 0x400000000, and size 6G`.
 * The PA is the block's source PA.
 */
export function bindFailureMessage(profile: RuleProfile, block: BlockBytes): string {
  const ra = formatHex(block.ra);
  const size = formatSize(block.size);
  return profile === 'ldoms-1.3'
    ? `Unable to bind ${size} memory region at real address ${ra}`
    : `Free memory layout and congruency requirements prevent binding the memory block with PA ${formatHex(block.pa)}, RA ${ra}, and size ${size}`;
}

/** A MEMORY_LAYOUT finding for one block: ldm's wording, the RA as subject, our reason as detail. */
export function layoutFinding(request: MigrationRequest, block: Block, detail: string | undefined): Finding {
  const g = request.granuleBytes;
  return finding('MEMORY_LAYOUT', formatGranulesHex(block.ra, g), bindFailureMessage(request.profile, unitBlockBytes(block, g)), detail);
}
