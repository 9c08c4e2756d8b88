/**
 * Placed pieces on their way to an answer: each still knows the source block
 * it came from, so that neighbours of one block placed contiguously can be
 * merged into one piece before the answer is returned. Every strategy (the
 * greedy, the slot and component models, the exact search, the MIP) ends
 * here.
 *
 * @module
 */
import type { Piece } from '../memory/instance.js';
import type { Items } from './items.js';

/** A placed piece and the index of the source block it belongs to. */
export interface OwnedPiece extends Piece {
  /** Index of the source block in the instance. */
  readonly block: number;
}

/** Item `i` of `items` placed at `pa`. O(1). */
export function itemPiece(items: Items, i: number, pa: number): OwnedPiece {
  return { ra: items.ra[i]!, pa, size: items.size[i]!, block: items.block[i]! };
}

/**
 * The pieces in RA order, neighbours of the same block that were placed
 * contiguously (consecutive RA and PA) joined into one, without their block
 * indices. Only pieces of one block merge: two blocks that happen to be
 * contiguous in RA and PA stay two pieces, as they are two blocks.
 * O(p log p); `pieces` is not modified.
 */
export function mergePieces(pieces: readonly OwnedPiece[]): Piece[] {
  const merged: Piece[] = [];
  let last: OwnedPiece | undefined;
  for (const piece of [...pieces].sort((a, b) => a.ra - b.ra)) {
    if (last !== undefined && last.block === piece.block && last.ra + last.size === piece.ra && last.pa + last.size === piece.pa) {
      last = { ra: last.ra, pa: last.pa, size: last.size + piece.size, block: last.block };
      merged[merged.length - 1] = { ra: last.ra, pa: last.pa, size: last.size };
      continue;
    }
    last = piece;
    merged.push({ ra: piece.ra, pa: piece.pa, size: piece.size });
  }
  return merged;
}
