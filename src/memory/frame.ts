/**
 * The frame: how the engine's plain-number units map to exact 64-bit bytes.
 *
 * The hot core works in *units* held in doubles, exact only below 2^53. With
 * the default 8K granule every 64-bit address is below 2^51 granules, and
 * with 4K below 2^52, so the units are simply granules (the *identity
 * frame*: bytes = units × granule). With a smaller granule, addresses near
 * 2^64 do not fit, and with 2K they fit only just (2^53 granules, where
 * `start + size` rounds). Such a question is *framed*: rewritten without
 * changing its answer into units that stay far below 2^53, with a map back.
 *
 * The rewriting, and why it changes no verdict and no placement:
 *
 * - **Free ranges** are sorted and laid out again, each gap between two
 *   ranges shrunk to `gap mod alignment` (the alignment itself when that is
 *   0 and the ranges did not touch). Every start keeps its residue modulo
 *   the alignment, every length stays, ranges that touched still touch and
 *   others still do not: the congruence rule only ever sees residues,
 *   lengths and adjacency, so the same pieces fit in the same ranges at the
 *   same offsets. The first range starts at its own residue.
 * - **Blocks** keep their size; their source PA is replaced by its residue
 *   modulo the alignment (all the rule uses), and their RA by an address in
 *   the same order, with each gap between blocks shrunk to `gap mod
 *   splitAlignment`, so every block keeps its RA residue modulo the split
 *   alignment (where cuts may fall) and its rank in RA order (ldm's binding
 *   order, which names the failed block).
 *
 * Afterwards every unit value is below the total length of the ranges and
 * blocks plus one alignment per gap. When even that does not stay below
 * {@link SAFE_UNITS}, the question is too wide for the double engine and
 * {@link frameQuestion} says so.
 *
 * Mapping back is exact BigInt arithmetic: a PA inside range k is the range's
 * true start plus its offset in units times the granule; an RA inside block b
 * is the block's true RA plus its offset.
 *
 * @module
 */
import { InputError } from '../quantity.js';
import type { Block, PlacementInstance, RangeColumns } from './instance.js';

/** A block as the question gave it, in bytes. */
export interface BlockBytes {
  /** Real address of the first byte. */
  readonly ra: bigint;
  /** Physical address on the source. */
  readonly pa: bigint;
  /** Length in bytes. */
  readonly size: bigint;
}

/** A placed piece in bytes: `[ra, ra + size)` of the guest at `[pa, pa + size)` of the target. */
export interface PieceBytes {
  /** Real address of the piece's first byte. */
  readonly ra: bigint;
  /** Physical address of that byte on the target. */
  readonly pa: bigint;
  /** Length in bytes. */
  readonly size: bigint;
}

/** A placement question in exact bytes, the form the reader builds when granule units are too wide for doubles. */
export interface QuestionBytes {
  /** Granule in bytes (a power of two). */
  readonly granule: bigint;
  /** Largest page size in bytes. */
  readonly alignment: bigint;
  /** Whether blocks may be cut. */
  readonly split: boolean;
  /** Where cuts may fall, in bytes. */
  readonly splitAlignment: bigint;
  /** Source domain name. */
  readonly domainName: string;
  /** Target machine name. */
  readonly targetName: string;
  /** The source blocks, in input order. */
  readonly blocks: readonly BlockBytes[];
  /** The free ranges, in input order. */
  readonly free: {
    /** Start of range i, bytes. */
    readonly start: readonly bigint[];
    /** Length of range i, bytes. */
    readonly size: readonly bigint[];
  };
}

/** The map back to bytes of a framed instance. */
export interface Frame {
  /** The blocks in bytes, index for index with the instance's `blocks`. */
  readonly blocks: readonly BlockBytes[];
  /** Block indices in RA order (the framed RAs keep it). */
  readonly blocksByRa: Int32Array;
  /** The framed free ranges' starts in units, ascending (the instance's `free.start`). */
  readonly rangeStart: Float64Array;
  /** Their true starts in bytes, index for index. */
  readonly rangeTrueStart: readonly bigint[];
}

/**
 * Largest unit value a framed or unframed question may reach (ends included),
 * and twice the largest alignment: sums the engine forms (an end plus a
 * padding below the alignment, a total of lengths) then stay below 2^53.
 */
export const SAFE_UNITS = 2 ** 52;

/**
 * Whether an instance in granule units can be solved as it is: every end
 * at most {@link SAFE_UNITS} and the alignment at most half that. Always true
 * for granules of 4K and more. O(n).
 */
export function fitsUnframed(instance: PlacementInstance): boolean {
  if (instance.alignment > SAFE_UNITS / 2) return false;
  for (const block of instance.blocks) {
    if (block.ra + block.size > SAFE_UNITS || block.pa + block.size > SAFE_UNITS) return false;
  }
  const { count, start, size } = instance.free;
  for (let i = 0; i < count; i++) if (start[i]! + size[i]! > SAFE_UNITS) return false;
  return true;
}

/** An unframed instance's question in bytes (for framing it). O(n) bigints. */
export function questionBytes(instance: PlacementInstance): QuestionBytes {
  const g = BigInt(instance.granuleBytes);
  const bytes = (units: number): bigint => BigInt(units) * g;
  const { count, start, size } = instance.free;
  return {
    granule: g,
    alignment: bytes(instance.alignment),
    split: instance.split,
    splitAlignment: bytes(instance.splitAlignment),
    domainName: instance.domainName,
    targetName: instance.targetName,
    blocks: instance.blocks.map((block) => ({ ra: bytes(block.ra), pa: bytes(block.pa), size: bytes(block.size) })),
    free: { start: Array.from(start.subarray(0, count), bytes), size: Array.from(size.subarray(0, count), bytes) },
  };
}

/**
 * Frame a question given in exact bytes (see the module comment). Checks
 * what only exact arithmetic can: two free ranges that overlap are an
 * {@link InputError} naming both, as {@link FreeMap.fromColumns} words it.
 *
 * Cost: O(n log n + m log m) bigint operations.
 *
 * @throws {@link InputError} for overlapping free ranges, or when the
 *   question stays wider than {@link SAFE_UNITS} units after framing
 */
export function frameQuestion(question: QuestionBytes): PlacementInstance {
  const g = question.granule;
  const alignment = question.alignment;
  const units = (bytes: bigint): number => Number(bytes / g);
  const ranges = frameRanges(question, units);
  const blocks = frameBlocks(question, units);
  const widest = Math.max(ranges.end, blocks.end);
  if (widest > SAFE_UNITS || units(alignment) > SAFE_UNITS / 2) {
    throw new InputError(
      '',
      'the question spans more than 2^52 granules even with the gaps between ranges and blocks shrunk; use a larger granule',
    );
  }
  return {
    granuleBytes: Number(g),
    alignment: units(alignment),
    split: question.split,
    splitAlignment: units(question.splitAlignment),
    domainName: question.domainName,
    targetName: question.targetName,
    blocks: blocks.blocks,
    free: ranges.columns,
    frame: {
      blocks: question.blocks,
      blocksByRa: blocks.order,
      rangeStart: ranges.columns.start,
      rangeTrueStart: ranges.trueStart,
    },
  };
}

/** The free ranges sorted and re-laid with shrunk gaps; overlaps refused. */
function frameRanges(
  question: QuestionBytes,
  units: (bytes: bigint) => number,
): { readonly columns: RangeColumns; readonly trueStart: bigint[]; readonly end: number } {
  const { start, size } = question.free;
  const alignment = question.alignment;
  const order = Array.from(start, (_, i) => i).sort((a, b) => compare(start[a]!, start[b]!) || a - b);
  const framedStart = new Float64Array(order.length);
  const framedSize = new Float64Array(order.length);
  const trueStart: bigint[] = [];
  let cursor = 0;
  let previous = -1;
  let furthest = 0n;
  order.forEach((index, k) => {
    const at = start[index]!;
    if (previous >= 0 && at < furthest) {
      throw new InputError(`target.free[${Math.max(index, previous)}]`, `overlaps target.free[${Math.min(index, previous)}]`);
    }
    cursor = previous < 0 ? units(at % alignment) : cursor + units(shrunkGap(at - furthest, alignment));
    framedStart[k] = cursor;
    framedSize[k] = units(size[index]!);
    trueStart.push(at);
    cursor += framedSize[k]!;
    furthest = at + size[index]!;
    previous = index;
  });
  return { columns: { count: order.length, start: framedStart, size: framedSize }, trueStart, end: cursor };
}

/** The blocks with residue PAs and RAs re-laid in order with shrunk gaps. */
function frameBlocks(
  question: QuestionBytes,
  units: (bytes: bigint) => number,
): { readonly blocks: Block[]; readonly order: Int32Array; readonly end: number } {
  const source = question.blocks;
  const step = question.splitAlignment;
  const order = Int32Array.from(source, (_, i) => i).sort((a, b) => compare(source[a]!.ra, source[b]!.ra) || a - b);
  const blocks: Block[] = new Array<Block>(source.length);
  let cursor = 0;
  let previousEnd = -1n;
  for (const index of order) {
    const block = source[index]!;
    const gap = previousEnd < 0n ? block.ra : block.ra - previousEnd;
    cursor += units(gap % step);
    blocks[index] = { ra: cursor, pa: units(block.pa % question.alignment), size: units(block.size) };
    cursor += units(block.size);
    previousEnd = block.ra + block.size;
  }
  return { blocks, order, end: cursor };
}

/** A gap between two ranges, shrunk keeping its residue and whether it is zero. */
function shrunkGap(gap: bigint, alignment: bigint): bigint {
  const residue = gap % alignment;
  return residue === 0n && gap > 0n ? alignment : residue;
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The true PA in bytes of a unit PA of `instance` (a position inside one of
 * its free ranges). O(1) unframed, O(log n) framed.
 */
export function paBytes(instance: PlacementInstance, pa: number): bigint {
  const frame = instance.frame;
  if (frame === undefined) return BigInt(pa) * BigInt(instance.granuleBytes);
  const starts = frame.rangeStart;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= pa) low = mid;
    else high = mid - 1;
  }
  return frame.rangeTrueStart[low]! + BigInt(pa - starts[low]!) * BigInt(instance.granuleBytes);
}

/**
 * The true RA in bytes of a unit RA of `instance` (inside a block, or at its
 * end). O(1) unframed, O(log m) framed.
 */
export function raBytes(instance: PlacementInstance, ra: number): bigint {
  const frame = instance.frame;
  if (frame === undefined) return BigInt(ra) * BigInt(instance.granuleBytes);
  const order = frame.blocksByRa;
  let low = 0;
  let high = order.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (instance.blocks[order[mid]!]!.ra <= ra) low = mid;
    else high = mid - 1;
  }
  const block = order[low]!;
  return frame.blocks[block]!.ra + BigInt(ra - instance.blocks[block]!.ra) * BigInt(instance.granuleBytes);
}

/** A size in units, in bytes. */
export function sizeBytes(instance: PlacementInstance, size: number): bigint {
  return BigInt(size) * BigInt(instance.granuleBytes);
}

/** Block `index` of `instance` as the question gave it, in bytes. O(1). */
export function blockBytes(instance: PlacementInstance, index: number): BlockBytes {
  const framed = instance.frame?.blocks[index];
  if (framed !== undefined) return framed;
  return unitBlockBytes(instance.blocks[index]!, instance.granuleBytes);
}

/** A block in plain granule units (no frame), in bytes. O(1). */
export function unitBlockBytes(block: Block, granuleBytes: number): BlockBytes {
  const g = BigInt(granuleBytes);
  return { ra: BigInt(block.ra) * g, pa: BigInt(block.pa) * g, size: BigInt(block.size) * g };
}

/** Pieces in units → bytes. O(p log n) framed, O(p) otherwise. */
export function piecesBytes(
  instance: PlacementInstance,
  pieces: readonly { readonly ra: number; readonly pa: number; readonly size: number }[],
): PieceBytes[] {
  return pieces.map((piece) => ({ ra: raBytes(instance, piece.ra), pa: paBytes(instance, piece.pa), size: sizeBytes(instance, piece.size) }));
}
