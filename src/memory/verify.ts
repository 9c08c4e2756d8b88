/**
 * The independent checker of a placement: placement.md rules 1–4, every
 * violation reported, nothing assumed about how the placement was found.
 *
 * It is deliberately naive — sort and sweep, no shared code with the
 * solvers beyond the instance types and the formatting helpers — so that a
 * bug in a solver's bookkeeping (its free map, its packing, its merging)
 * cannot hide itself by being repeated here. Every solver answer goes
 * through {@link verify} before it is returned.
 *
 * @module
 */
import { formatGranulesHex, formatGranulesSize } from '../quantity.js';
import type { Block, Piece, PlacementInstance, RangeColumns } from './instance.js';

/** Which rule of placement.md "What a placement is" a violation breaks. */
export type PlacementRule = 1 | 2 | 3 | 4;

/** One broken rule, with a message a person can act on (addresses in byte hex). */
export interface Violation {
  /** The rule number in placement.md (1 tiling, 2 inside free memory, 3 no PA overlap, 4 congruence and cuts). */
  readonly rule: PlacementRule;
  /** What is wrong, with byte addresses in hex and sizes the way `ldm` prints them. */
  readonly message: string;
  /** The real address (granules) of the piece or block concerned, when there is one. */
  readonly ra?: number;
}

/** Coalesced free memory: `count` disjoint, non-adjacent ranges `[start[i], end[i])`, ascending. */
interface Coalesced {
  readonly count: number;
  readonly start: Float64Array;
  readonly end: Float64Array;
}

/**
 * Check a placement against placement.md rules 1–4 and return every
 * violation (an empty array means the placement is valid).
 *
 * - Rule 1: the pieces of each block tile its RA range exactly — no gap, no
 *   RA overlap, no piece outside a block or straddling two; with `split`
 *   off, exactly one piece per block. A piece of size ≤ 0 also breaks it.
 * - Rule 2: each piece lies inside one free range after coalescing adjacent
 *   (and, should the input have them, overlapping) ranges.
 * - Rule 3: no two pieces overlap in PA.
 * - Rule 4: `pa ≡ source pa (mod alignment)`, the source pa of a piece being
 *   `block.pa + (piece.ra − block.ra)`; with `split` on, every cut (a piece
 *   boundary strictly inside its block) is at an RA multiple of
 *   `splitAlignment`.
 *
 * Violations come rule by rule, each rule's in address order, so the same
 * input gives the same list.
 *
 * Cost: O((m + n) log(m + n)) time and O(m + n) memory for m free ranges and
 * n pieces and blocks (two typed-array sorts of the range ends dominate: about
 * 0.2 s for a million ranges). Mutates nothing.
 *
 * @param instance the question (granule units)
 * @param pieces the proposed answer (granule units), in any order
 */
export function verify(instance: PlacementInstance, pieces: readonly Piece[]): Violation[] {
  const granule = instance.granuleBytes;
  const blocksByRa = [...instance.blocks].sort((a, b) => a.ra - b.ra);
  const piecesByRa = [...pieces].sort((a, b) => a.ra - b.ra || a.size - b.size || a.pa - b.pa);
  const owner = piecesByRa.map((piece) => owningBlock(blocksByRa, piece));
  return [
    ...checkTiling(instance, blocksByRa, piecesByRa, owner),
    ...checkInsideFree(coalesce(instance.free), piecesByRa, granule),
    ...checkNoOverlap(piecesByRa, granule),
    ...checkCongruence(instance, piecesByRa, owner),
  ];
}

/** The block whose RA range holds the whole piece, or undefined. Binary search over blocks sorted by RA. */
function owningBlock(blocksByRa: readonly Block[], piece: Piece): Block | undefined {
  let low = 0;
  let high = blocksByRa.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (blocksByRa[mid]!.ra <= piece.ra) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  if (found < 0) return undefined;
  const block = blocksByRa[found]!;
  return piece.size > 0 && piece.ra + piece.size <= block.ra + block.size ? block : undefined;
}

/** `[ra, ra + size)` in byte hex, for messages. */
function span(start: number, size: number, granule: number): string {
  return `[${formatGranulesHex(start, granule)}, ${formatGranulesHex(start + size, granule)})`;
}

/** A piece described for a message: RA, PA and size in bytes. */
function describe(piece: Piece, granule: number): string {
  return `piece RA ${formatGranulesHex(piece.ra, granule)} PA ${formatGranulesHex(piece.pa, granule)} ` +
    `size ${formatGranulesSize(piece.size, granule)}`;
}

/** Rule 1: every block's RA range covered exactly once by its pieces. */
function checkTiling(
  instance: PlacementInstance,
  blocksByRa: readonly Block[],
  piecesByRa: readonly Piece[],
  owner: readonly (Block | undefined)[],
): Violation[] {
  const granule = instance.granuleBytes;
  const violations: Violation[] = [];
  const piecesOf = new Map<Block, Piece[]>();
  piecesByRa.forEach((piece, i) => {
    const block = owner[i];
    if (block === undefined) {
      const why = piece.size > 0 ? 'is not inside any source block' : 'has a size that is not positive';
      violations.push({ rule: 1, ra: piece.ra, message: `${describe(piece, granule)} ${why}` });
      return;
    }
    const list = piecesOf.get(block);
    if (list === undefined) piecesOf.set(block, [piece]);
    else list.push(piece);
  });
  for (const block of blocksByRa) {
    const list = piecesOf.get(block) ?? [];
    const blockName = `block RA ${formatGranulesHex(block.ra, granule)} size ${formatGranulesSize(block.size, granule)}`;
    if (!instance.split && list.length > 1) {
      violations.push({ rule: 1, ra: block.ra, message: `${blockName} is in ${list.length} pieces but split is off` });
    }
    let covered = block.ra;
    for (const piece of list) {
      if (piece.ra > covered) {
        violations.push({ rule: 1, ra: covered, message: `${blockName}: RA ${span(covered, piece.ra - covered, granule)} is not placed` });
      } else if (piece.ra < covered) {
        violations.push({ rule: 1, ra: piece.ra, message: `${blockName}: RA ${span(piece.ra, Math.min(covered, piece.ra + piece.size) - piece.ra, granule)} is placed twice` });
      }
      covered = Math.max(covered, piece.ra + piece.size);
    }
    const end = block.ra + block.size;
    if (covered < end) {
      violations.push({ rule: 1, ra: covered, message: `${blockName}: RA ${span(covered, end - covered, granule)} is not placed` });
    }
  }
  return violations;
}

/**
 * Coalesce free ranges into disjoint, non-adjacent ones. The union of
 * intervals is computed from the starts and ends sorted separately (two fast
 * typed-array sorts, no index sort): sweeping them with a depth counter, a
 * start at the same address as an end is taken first, so adjacent ranges
 * join. Empty ranges are dropped.
 */
function coalesce(free: RangeColumns): Coalesced {
  const starts = new Float64Array(free.count);
  const ends = new Float64Array(free.count);
  let n = 0;
  for (let i = 0; i < free.count; i++) {
    const size = free.size[i]!;
    if (size <= 0) continue;
    starts[n] = free.start[i]!;
    ends[n] = free.start[i]! + size;
    n++;
  }
  const sortedStarts = starts.subarray(0, n).sort();
  const sortedEnds = ends.subarray(0, n).sort();
  const outStart = new Float64Array(n);
  const outEnd = new Float64Array(n);
  let count = 0;
  let depth = 0;
  let s = 0;
  let e = 0;
  while (e < n) {
    if (s < n && sortedStarts[s]! <= sortedEnds[e]!) {
      if (depth === 0) outStart[count] = sortedStarts[s]!;
      depth++;
      s++;
    } else {
      depth--;
      if (depth === 0) outEnd[count++] = sortedEnds[e]!;
      e++;
    }
  }
  return { count, start: outStart, end: outEnd };
}

/** Rule 2: each piece inside one coalesced free range (binary search for the last range starting at or below it). */
function checkInsideFree(free: Coalesced, piecesByRa: readonly Piece[], granule: number): Violation[] {
  const violations: Violation[] = [];
  for (const piece of piecesByRa) {
    if (piece.size <= 0) continue;
    let low = 0;
    let high = free.count - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (free.start[mid]! <= piece.pa) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (found >= 0 && piece.pa + piece.size <= free.end[found]!) continue;
    const where = found >= 0 && piece.pa < free.end[found]!
      ? `runs past the end of free range ${span(free.start[found]!, free.end[found]! - free.start[found]!, granule)}`
      : 'does not start in free memory';
    violations.push({ rule: 2, ra: piece.ra, message: `${describe(piece, granule)} ${where}` });
  }
  return violations;
}

/** Rule 3: pieces disjoint in PA. Sorted by PA, each piece must start at or after the furthest end seen so far. */
function checkNoOverlap(piecesByRa: readonly Piece[], granule: number): Violation[] {
  const violations: Violation[] = [];
  const byPa = piecesByRa.filter((piece) => piece.size > 0).sort((a, b) => a.pa - b.pa || a.ra - b.ra);
  let furthest: Piece | undefined;
  for (const piece of byPa) {
    if (furthest !== undefined && piece.pa < furthest.pa + furthest.size) {
      violations.push({
        rule: 3,
        ra: piece.ra,
        message: `${describe(piece, granule)} overlaps in PA ${describe(furthest, granule)}`,
      });
    }
    if (furthest === undefined || piece.pa + piece.size > furthest.pa + furthest.size) furthest = piece;
  }
  return violations;
}

/** Rule 4: congruence with the source PA, and (split mode) cuts only at RA multiples of splitAlignment. */
function checkCongruence(
  instance: PlacementInstance,
  piecesByRa: readonly Piece[],
  owner: readonly (Block | undefined)[],
): Violation[] {
  const granule = instance.granuleBytes;
  const alignment = instance.alignment;
  const violations: Violation[] = [];
  const cuts = new Map<number, Piece>();
  piecesByRa.forEach((piece, i) => {
    const block = owner[i];
    if (block === undefined) return; // already a rule 1 violation; no source PA to compare with
    const sourcePa = block.pa + (piece.ra - block.ra);
    if ((piece.pa % alignment) !== (sourcePa % alignment)) {
      violations.push({
        rule: 4,
        ra: piece.ra,
        message: `${describe(piece, granule)} is not congruent to its source PA ${formatGranulesHex(sourcePa, granule)} ` +
          `modulo ${formatGranulesSize(alignment, granule)}`,
      });
    }
    // A cut is a piece boundary strictly inside its block; the two pieces
    // meeting there share it, so it is recorded once.
    for (const ra of [piece.ra, piece.ra + piece.size]) {
      if (ra !== block.ra && ra !== block.ra + block.size && !cuts.has(ra)) cuts.set(ra, piece);
    }
  });
  if (!instance.split) return violations; // rule 1 already reports a block cut at all
  for (const [ra, piece] of [...cuts].sort((a, b) => a[0] - b[0])) {
    if (ra % instance.splitAlignment === 0) continue;
    violations.push({
      rule: 4,
      ra,
      message: `${describe(piece, granule)} cuts its block at RA ${formatGranulesHex(ra, granule)}, ` +
        `not a multiple of the split alignment ${formatGranulesSize(instance.splitAlignment, granule)}`,
    });
  }
  return violations;
}
