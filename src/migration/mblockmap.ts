/**
 * Named memory resources (ovm-3.6): the user chooses the target PA of every
 * block (`domain.mblockmap`, one `{pa, targetPa}` per source block). Instead
 * of searching, ldmfit checks the choice: each target range must keep the
 * block's congruence, lie inside one free range of the target, and not
 * overlap another block's target range. Every failing block gets a
 * `MEMORY_LAYOUT` finding with ldm's wording and the reason as detail.
 *
 * @module
 */
import { formatGranulesHex, formatGranulesSize } from '../quantity.js';
import type { Piece } from '../memory/instance.js';
import { rangeColumns } from '../memory/instance.js';
import { FreeMap } from '../memory/free-map.js';
import { type Finding, layoutFinding } from './finding.js';
import type { MigrationRequest } from './request.js';

/**
 * Validate the request's mblockmap. Blocks are taken in RA order, so when
 * two target ranges overlap the block with the higher RA is the one named.
 *
 * Cost: O(b log b + (b + r) log r) for b blocks and r free ranges. Pure.
 *
 * @param request a validated request whose `domain.mblockmap` is defined
 * @returns the findings, and the pieces (sorted by RA) when every block is placed
 */
export function checkMblockmap(request: MigrationRequest): {
  /** One `MEMORY_LAYOUT` finding per failing block, in RA order; empty when the mblockmap is acceptable. */
  findings: Finding[];
  /** The placement the mblockmap describes, in granules, sorted by RA; empty when any block fails. */
  pieces: readonly Piece[];
} {
  const g = request.granuleBytes;
  const memory = request.domain.memory;
  const mappings = [...request.domain.mblockmap!].sort((a, b) => memory[a.block]!.ra - memory[b.block]!.ra);
  const pristine = FreeMap.fromColumns(rangeColumns(request.target.freeMemory), 'target.freeMemory');
  // Accepted blocks are reserved here, so a later block that is free in
  // `pristine` but not here overlaps an earlier block's target range.
  const working = FreeMap.fromColumns(rangeColumns(request.target.freeMemory), 'target.freeMemory');
  const modulus = request.alignment;
  const findings: Finding[] = [];
  const pieces: Piece[] = [];
  for (const { block: index, targetPa } of mappings) {
    const block = memory[index]!;
    const at = formatGranulesHex(targetPa, g);
    let reason: string | undefined;
    if (targetPa % modulus !== block.pa % modulus) {
      reason = `target PA ${at} is not congruent to source PA ${formatGranulesHex(block.pa, g)} modulo ${formatGranulesSize(modulus, g)}`;
    } else if (!pristine.contains(targetPa, block.size)) {
      reason = `target range ${at} + ${formatGranulesSize(block.size, g)} is not inside one free range of ${request.target.name}`;
    } else if (!working.contains(targetPa, block.size)) {
      reason = `target range ${at} + ${formatGranulesSize(block.size, g)} overlaps the target range of a block with a lower RA`;
    }
    if (reason !== undefined) {
      findings.push(layoutFinding(request, block, reason));
    } else {
      working.reserve(targetPa, block.size);
      pieces.push({ ra: block.ra, pa: targetPa, size: block.size });
    }
  }
  return findings.length === 0 ? { findings, pieces } : { findings, pieces: [] };
}
