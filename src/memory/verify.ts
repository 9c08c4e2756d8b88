/**
 * The independent checker of a placement: placement.md rules 1–4, every
 * violation reported, nothing assumed about how the placement was found.
 *
 * It is deliberately naive and works in **exact bytes** (bigint), never in
 * the solver's double units: a rounding at 2^53 or a slip in the frame that
 * maps units back to bytes (see `frame.ts`) cannot hide itself by being
 * repeated here. It shares no code with the solvers beyond the types, the
 * formatting helpers and the order helpers of `sorted.ts` (a binary search
 * and a comparator: no congruence or placement arithmetic). Every solver
 * answer goes through it before it is returned.
 *
 * The only floating point in here is a filter: to find the free ranges a
 * piece touches among a million without making a million bigints, each
 * range's approximate byte interval, widened by far more than any rounding,
 * is compared with the pieces' approximate intervals; every range that
 * passes is then compared exactly.
 *
 * @module
 */
import { formatHex, formatSize } from '../quantity.js';
import { ascending, countAtMost } from '../sorted.js';
import { alignmentBytes, type BlockBytes, type PieceBytes, piecesBytes, splitAlignmentBytes, unitBlockBytes } from './frame.js';
import type { Piece, PlacementInstance } from './instance.js';

/** Which rule of placement.md "What a placement is" a violation breaks. */
export type PlacementRule = 1 | 2 | 3 | 4;

/** One broken rule, with a message a person can act on (addresses in byte hex). */
export interface Violation {
  /** The rule number in placement.md (1 tiling, 2 inside free memory, 3 no PA overlap, 4 congruence and cuts). */
  readonly rule: PlacementRule;
  /** What is wrong, with byte addresses in hex and sizes the way `ldm` prints them. */
  readonly message: string;
  /** The real address (bytes) of the piece or block concerned, when there is one. */
  readonly ra?: bigint;
}

/**
 * A question's free ranges in exact bytes, with a cheap approximation for
 * filtering: `starts[i] × startScale` and `sizes[i] × sizeScale` are within a
 * relative 2^-52 of range i's start and length in bytes (columns, so the
 * million-range loop reads typed arrays only).
 */
interface ExactRanges {
  readonly count: number;
  readonly starts: Float64Array;
  readonly startScale: number;
  readonly sizes: Float64Array;
  readonly sizeScale: number;
  start(index: number): bigint;
  size(index: number): bigint;
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
 * The pieces are taken in the instance's units and turned into bytes first
 * (through its frame, when it has one); every check is then on bytes.
 * Violations come rule by rule, each rule's in address order, so the same
 * input gives the same list.
 *
 * Cost: O(n log p) for n free ranges and p pieces (a double comparison per
 * range, bigints only for the ranges near a piece), plus O(p log p + m log m)
 * bigint work for the pieces and m blocks. Mutates nothing.
 *
 * @param instance the question
 * @param pieces the proposed answer (the instance's units), in any order
 */
export function verify(instance: PlacementInstance, pieces: readonly Piece[]): Violation[] {
  return verifyBytes(instance, piecesBytes(instance, pieces));
}

/**
 * {@link verify} for pieces already in bytes: the check of what a report or
 * the `place --json` contract prints.
 *
 * @param instance the question
 * @param pieces the proposed answer in bytes, in any order
 */
export function verifyBytes(instance: PlacementInstance, pieces: readonly PieceBytes[]): Violation[] {
  const blocks = instance.blocks.map((block, index) => instance.frame?.blocks[index] ?? unitBlockBytes(block, instance.granuleBytes));
  const blocksByRa = [...blocks].sort((a, b) => ascending(a.ra, b.ra));
  const piecesByRa = [...pieces].sort((a, b) => ascending(a.ra, b.ra) || ascending(a.size, b.size) || ascending(a.pa, b.pa));
  const owner = piecesByRa.map((piece) => owningBlock(blocksByRa, piece));
  return [
    ...checkTiling(instance.split, blocksByRa, piecesByRa, owner),
    ...checkInsideFree(exactRanges(instance), piecesByRa),
    ...checkNoOverlap(piecesByRa),
    ...checkCongruence(alignmentBytes(instance), instance.split ? splitAlignmentBytes(instance) : 0n, piecesByRa, owner),
  ];
}

/** The instance's free ranges in bytes: the framed true starts, or granules × granule. */
function exactRanges(instance: PlacementInstance): ExactRanges {
  const { count, start, size } = instance.free;
  const granule = instance.granuleBytes;
  const g = BigInt(granule);
  const frame = instance.frame;
  if (frame !== undefined) {
    return {
      count,
      starts: Float64Array.from(frame.rangeTrueStart, (value) => Number(value)),
      startScale: 1,
      sizes: size,
      sizeScale: granule,
      start: (i) => frame.rangeTrueStart[i]!,
      size: (i) => BigInt(size[i]!) * g,
    };
  }
  // A safe integer times a power of two is exact in a double: no rounding at all.
  return {
    count,
    starts: start,
    startScale: granule,
    sizes: size,
    sizeScale: granule,
    start: (i) => BigInt(start[i]!) * g,
    size: (i) => BigInt(size[i]!) * g,
  };
}

/** The block whose RA range holds the whole piece, or undefined. Binary search over blocks sorted by RA. */
function owningBlock(blocksByRa: readonly BlockBytes[], piece: PieceBytes): BlockBytes | undefined {
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
  return piece.size > 0n && piece.ra + piece.size <= block.ra + block.size ? block : undefined;
}

/** `[start, start + size)` in byte hex, for messages. */
function span(start: bigint, size: bigint): string {
  return `[${formatHex(start)}, ${formatHex(start + size)})`;
}

/** A piece described for a message: RA, PA and size in bytes. */
function describe(piece: PieceBytes): string {
  return `piece RA ${formatHex(piece.ra)} PA ${formatHex(piece.pa)} size ${formatSize(piece.size)}`;
}

/** Rule 1: every block's RA range covered exactly once by its pieces. */
function checkTiling(
  split: boolean,
  blocksByRa: readonly BlockBytes[],
  piecesByRa: readonly PieceBytes[],
  owner: readonly (BlockBytes | undefined)[],
): Violation[] {
  const violations: Violation[] = [];
  const piecesOf = new Map<BlockBytes, PieceBytes[]>();
  piecesByRa.forEach((piece, i) => {
    const block = owner[i];
    if (block === undefined) {
      const why = piece.size > 0n ? 'is not inside any source block' : 'has a size that is not positive';
      violations.push({ rule: 1, ra: piece.ra, message: `${describe(piece)} ${why}` });
      return;
    }
    const list = piecesOf.get(block);
    if (list === undefined) piecesOf.set(block, [piece]);
    else list.push(piece);
  });
  for (const block of blocksByRa) {
    const list = piecesOf.get(block) ?? [];
    const blockName = `block RA ${formatHex(block.ra)} size ${formatSize(block.size)}`;
    if (!split && list.length > 1) {
      violations.push({ rule: 1, ra: block.ra, message: `${blockName} is in ${list.length} pieces but split is off` });
    }
    let covered = block.ra;
    for (const piece of list) {
      if (piece.ra > covered) {
        violations.push({ rule: 1, ra: covered, message: `${blockName}: RA ${span(covered, piece.ra - covered)} is not placed` });
      } else if (piece.ra < covered) {
        const overlap = (covered < piece.ra + piece.size ? covered : piece.ra + piece.size) - piece.ra;
        violations.push({ rule: 1, ra: piece.ra, message: `${blockName}: RA ${span(piece.ra, overlap)} is placed twice` });
      }
      if (piece.ra + piece.size > covered) covered = piece.ra + piece.size;
    }
    const end = block.ra + block.size;
    if (covered < end) {
      violations.push({ rule: 1, ra: covered, message: `${blockName}: RA ${span(covered, end - covered)} is not placed` });
    }
  }
  return violations;
}

/** Widening of the approximate intervals: far above the 2^-52 relative error of the approximations. */
const SLACK = 2 ** -40;

/**
 * Rule 2: each piece inside the union of the free ranges (so adjacent ranges
 * count as one). For each range, the pieces whose approximate interval meets
 * its widened approximate interval are found by binary search over the
 * pieces sorted by PA; each such pair is intersected exactly. A piece is
 * inside free memory when the exact intersections cover it without a gap.
 */
function checkInsideFree(free: ExactRanges, piecesByRa: readonly PieceBytes[]): Violation[] {
  const pieces = piecesByRa.filter((piece) => piece.size > 0n).sort((a, b) => ascending(a.pa, b.pa) || ascending(a.ra, b.ra));
  const low = Float64Array.from(pieces, (piece) => Number(piece.pa));
  // reach[k]: the furthest approximate end among pieces 0..k (pieces may overlap, so ends are not sorted).
  const reach = new Float64Array(pieces.length);
  pieces.forEach((piece, k) => (reach[k] = Math.max(k > 0 ? reach[k - 1]! : -Infinity, Number(piece.pa + piece.size))));
  const touching: { start: bigint; end: bigint }[][] = pieces.map(() => []);
  const { starts, startScale, sizes, sizeScale } = free;
  const lowest = pieces.length === 0 ? Infinity : low[0]!;
  const furthest = pieces.length === 0 ? -Infinity : reach[pieces.length - 1]!;
  for (let i = 0; i < free.count; i++) {
    const from = starts[i]! * startScale;
    const to = from + sizes[i]! * sizeScale;
    // Most ranges are nowhere near a piece: one comparison each against the pieces' hull.
    if (to + to * SLACK + 1 < lowest || from - from * SLACK - 1 > furthest) continue;
    const highest = to + to * SLACK + 1;
    const bottom = from - from * SLACK - 1;
    let k = countAtMost(low, highest) - 1;
    for (; k >= 0 && reach[k]! >= bottom; k--) {
      const piece = pieces[k]!;
      const start = free.start(i);
      const end = start + free.size(i);
      if (start < piece.pa + piece.size && end > piece.pa) touching[k]!.push({ start, end });
    }
  }
  const violations: Violation[] = [];
  pieces.forEach((piece, k) => {
    const ranges = touching[k]!.sort((a, b) => ascending(a.start, b.start));
    let covered = piece.pa;
    for (const range of ranges) {
      if (range.start > covered) break;
      if (range.end > covered) covered = range.end;
    }
    if (covered >= piece.pa + piece.size) return;
    const holder = ranges.find((range) => range.start <= piece.pa && range.end > piece.pa);
    const where = holder === undefined
      ? 'does not start in free memory'
      : `runs past the end of free memory at ${formatHex(covered)} (free range ${span(holder.start, holder.end - holder.start)})`;
    violations.push({ rule: 2, ra: piece.ra, message: `${describe(piece)} ${where}` });
  });
  return violations.sort((a, b) => ascending(a.ra!, b.ra!));
}

/** Rule 3: pieces disjoint in PA. Sorted by PA, each piece must start at or after the furthest end seen so far. */
function checkNoOverlap(piecesByRa: readonly PieceBytes[]): Violation[] {
  const violations: Violation[] = [];
  const byPa = piecesByRa.filter((piece) => piece.size > 0n).sort((a, b) => ascending(a.pa, b.pa) || ascending(a.ra, b.ra));
  let furthest: PieceBytes | undefined;
  for (const piece of byPa) {
    if (furthest !== undefined && piece.pa < furthest.pa + furthest.size) {
      violations.push({ rule: 3, ra: piece.ra, message: `${describe(piece)} overlaps in PA ${describe(furthest)}` });
    }
    if (furthest === undefined || piece.pa + piece.size > furthest.pa + furthest.size) furthest = piece;
  }
  return violations;
}

/**
 * Rule 4: congruence with the source PA, and (split mode, `splitAlignment`
 * > 0) cuts only at RA multiples of `splitAlignment`.
 */
function checkCongruence(
  alignment: bigint,
  splitAlignment: bigint,
  piecesByRa: readonly PieceBytes[],
  owner: readonly (BlockBytes | undefined)[],
): Violation[] {
  const violations: Violation[] = [];
  const cuts = new Map<bigint, PieceBytes>();
  piecesByRa.forEach((piece, i) => {
    const block = owner[i];
    if (block === undefined) return; // already a rule 1 violation; no source PA to compare with
    const sourcePa = block.pa + (piece.ra - block.ra);
    if (piece.pa % alignment !== sourcePa % alignment) {
      violations.push({
        rule: 4,
        ra: piece.ra,
        message: `${describe(piece)} is not congruent to its source PA ${formatHex(sourcePa)} modulo ${formatSize(alignment)}`,
      });
    }
    // A cut is a piece boundary strictly inside its block; the two pieces
    // meeting there share it, so it is recorded once.
    for (const ra of [piece.ra, piece.ra + piece.size]) {
      if (ra !== block.ra && ra !== block.ra + block.size && !cuts.has(ra)) cuts.set(ra, piece);
    }
  });
  if (splitAlignment === 0n) return violations; // rule 1 already reports a block cut at all
  for (const [ra, piece] of [...cuts].sort((a, b) => ascending(a[0], b[0]))) {
    if (ra % splitAlignment === 0n) continue;
    violations.push({
      rule: 4,
      ra,
      message: `${describe(piece)} cuts its block at RA ${formatHex(ra)}, not a multiple of the split alignment ${formatSize(splitAlignment)}`,
    });
  }
  return violations;
}
