/**
 * Independent checks of generated instances, written for the tests from the
 * spec (placement.md) and not from the generator: the instance rules, and a
 * placement's rules 1–4 in strict mode.
 */
import type { Piece, PlacementInstance } from '../../src/memory/instance.js';

/** Every way the instance breaks the instance rules (empty when it obeys them). */
export function instanceProblems(instance: PlacementInstance, unitGranules = 1): string[] {
  const problems: string[] = [];
  const { count, start, size } = instance.free;
  const whole = (value: number): boolean => Number.isSafeInteger(value) && value % unitGranules === 0;
  for (let i = 0; i < count; i++) {
    if (!whole(start[i]!) || !whole(size[i]!) || size[i]! <= 0) problems.push(`range ${i} is not a positive multiple of the unit`);
    if (i > 0 && start[i]! <= start[i - 1]! + size[i - 1]!) problems.push(`range ${i} overlaps or touches range ${i - 1}`);
  }
  instance.blocks.forEach((block, i) => {
    if (!whole(block.ra) || !whole(block.pa) || !whole(block.size) || block.size <= 0) problems.push(`block ${i} is not a positive multiple of the unit`);
    const previous = instance.blocks[i - 1];
    if (previous !== undefined && block.ra < previous.ra + previous.size) problems.push(`block ${i} overlaps block ${i - 1} in RA`);
  });
  if (instance.alignment <= 0 || (instance.alignment & (instance.alignment - 1)) !== 0) problems.push('alignment is not a power of two');
  return problems;
}

/** Every way `pieces` fails to be a strict-mode placement of `instance` (empty when valid). */
export function placementProblems(instance: PlacementInstance, pieces: readonly Piece[]): string[] {
  const problems: string[] = [];
  const { blocks, alignment } = instance;
  if (pieces.length !== blocks.length) problems.push(`${pieces.length} pieces for ${blocks.length} blocks`);
  const byRa = new Map(blocks.map((block) => [block.ra, block]));
  for (const piece of pieces) {
    const block = byRa.get(piece.ra);
    if (block === undefined || block.size !== piece.size) {
      problems.push(`piece at RA ${piece.ra} is not a whole block`);
      continue;
    }
    if (piece.pa % alignment !== block.pa % alignment) problems.push(`piece at RA ${piece.ra} breaks congruence`);
    if (!insideOneRange(instance, piece)) problems.push(`piece at RA ${piece.ra} is not inside one free range`);
  }
  const byPa = [...pieces].sort((x, y) => x.pa - y.pa);
  for (let i = 1; i < byPa.length; i++) {
    if (byPa[i]!.pa < byPa[i - 1]!.pa + byPa[i - 1]!.size) problems.push(`pieces at PA ${byPa[i - 1]!.pa} and ${byPa[i]!.pa} overlap`);
  }
  return problems;
}

function insideOneRange(instance: PlacementInstance, piece: Piece): boolean {
  const { count, start, size } = instance.free;
  for (let i = 0; i < count; i++) {
    if (start[i]! <= piece.pa && piece.pa + piece.size <= start[i]! + size[i]!) return true;
  }
  return false;
}
