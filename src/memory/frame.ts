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
import { paddingTo } from '../congruence.js';
import { InputError } from '../quantity.js';
import { ascending, countAtMost } from '../sorted.js';
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
  /** The framed blocks' RAs in units, ascending: block `blocksByRa[k]` starts at `blockRa[k]`. */
  readonly blockRa: Float64Array;
  /** The framed free ranges' starts in units, ascending (the instance's `free.start`). */
  readonly rangeStart: Float64Array;
  /** Their true starts in bytes, index for index. */
  readonly rangeTrueStart: readonly bigint[];
  /** The question's alignment in bytes (the engine may work modulo a divisor of it). */
  readonly alignment: bigint;
  /** The question's split alignment in bytes. */
  readonly splitAlignment: bigint;
  /**
   * The engine's residues back to the question's (bytes): from `engine[k]`
   * up to the next breakpoint, engine residue `engine[k] + d` is question
   * residue `question[k] + d`. One breakpoint `[0], [0]` when the engine
   * works modulo the alignment itself.
   */
  readonly residues: {
    /** Breakpoints on the engine's circle (bytes), ascending from 0. */
    readonly engine: readonly bigint[];
    /** The question's residue (bytes) at each engine breakpoint, index for index. */
    readonly question: readonly bigint[];
  };
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
  const units = (bytes: bigint): number => Number(bytes / g);
  const congruence = congruenceOf(question);
  const ranges = frameRanges(question, congruence, units);
  const blocks = frameBlocks(question, congruence, units);
  const widest = Math.max(ranges.end, blocks.end);
  if (widest > SAFE_UNITS || units(congruence.modulus) > SAFE_UNITS / 2) {
    throw new InputError(
      '',
      'the question spans more than 2^52 granules even with the gaps between ranges and blocks shrunk; use a larger granule',
    );
  }
  return {
    granuleBytes: Number(g),
    alignment: units(congruence.modulus),
    split: question.split,
    splitAlignment: units(congruence.step),
    domainName: question.domainName,
    targetName: question.targetName,
    blocks: blocks.blocks,
    free: ranges.columns,
    frame: {
      blocks: question.blocks,
      blocksByRa: blocks.order,
      blockRa: Float64Array.from(blocks.order, (index) => blocks.blocks[index]!.ra),
      rangeStart: ranges.columns.start,
      rangeTrueStart: ranges.trueStart,
      alignment: question.alignment,
      splitAlignment: question.splitAlignment,
      residues: { engine: congruence.engine, question: congruence.question },
    },
  };
}

/**
 * The congruence the framed question keeps. Usually modulo the alignment
 * itself. When the alignment is so wide that its residues do not fit the
 * double engine (a largest page of 2^63 at a small granule), the residue
 * circle is *compressed*: only distances up to `reach` (the longest free
 * range plus the largest block) between the residues that matter (range
 * starts, block source PAs) decide anything — a block or piece fits a range
 * only within that distance of its start — so every longer stretch of the
 * circle with no such residue keeps `reach` on each side and loses its
 * middle, and the circle's new length is padded to a power of two in one of
 * those stretches. Distances up to `reach` are kept exactly, longer ones
 * stay longer than `reach`: the same pieces fit the same ranges at the same
 * offsets.
 */
interface Congruence {
  /** The modulus the engine works with (bytes). */
  readonly modulus: bigint;
  /** The split step the engine works with (bytes): the split alignment, or the modulus when that is wider. */
  readonly step: bigint;
  /** A residue of the question (bytes, any PA) on the engine's circle (bytes, below `modulus`). */
  residue(pa: bigint): bigint;
  /** The RA residue modulo `step` a block's framed RA must have (bytes). */
  raResidue(ra: bigint, size: bigint): bigint;
  /** Breakpoints of the map back: engine residue `engine[k] + d` is question residue `question[k] + d` up to the next one. */
  readonly engine: readonly bigint[];
  readonly question: readonly bigint[];
}

function congruenceOf(question: QuestionBytes): Congruence {
  const alignment = question.alignment;
  const step = question.splitAlignment;
  const same: Congruence = {
    modulus: alignment,
    step,
    residue: (pa) => pa % alignment,
    raResidue: (ra) => ra % step,
    engine: [0n],
    question: [0n],
  };
  if (alignment / question.granule <= BigInt(SAFE_UNITS / 2)) return same;
  const longest = [...question.free.size, ...question.blocks.map((block) => block.size)].reduce((a, b) => (a > b ? a : b), 0n);
  const reach = 2n * longest;
  const points = [...new Set([...question.free.start, ...question.blocks.map((block) => block.pa)].map((pa) => pa % alignment))].sort(ascending);
  if (points.length === 0) return same;
  // Each gap between consecutive residues (the last one wrapping) keeps at most `reach` on each side.
  const gaps = points.map((point, k) => (k + 1 < points.length ? points[k + 1]! : points[0]! + alignment) - point);
  const kept = gaps.map((gap) => (gap > 2n * reach ? 2n * reach : gap));
  let length = kept.reduce((a, b) => a + b, 0n);
  let modulus = question.granule;
  while (modulus < length) modulus *= 2n;
  let padded = gaps.length - 1;
  while (padded >= 0 && gaps[padded] === kept[padded]) padded--;
  if (padded < 0 || modulus >= alignment) return same;
  kept[padded] = kept[padded]! + modulus - length;
  length = modulus;
  const engine: bigint[] = [];
  let cursor = 0n;
  kept.forEach((gap) => {
    engine.push(cursor);
    cursor += gap;
  });
  // Far residues (deep inside a long gap) are never asked for: every residue framed is a point itself.
  const position = new Map(points.map((point, k) => [point, engine[k]!]));
  return {
    modulus,
    step: step < modulus ? step : modulus,
    residue: (pa) => position.get(pa % alignment)!,
    raResidue: (ra, size) => {
      if (step < modulus) return ra % step;
      // At most one cut inside the block, `cut` bytes in: keep it there, and no other.
      const cut = (step - (ra % step)) % step;
      return cut > 0n && cut < size ? modulus - cut : 0n;
    },
    engine,
    question: points,
  };
}

/** The free ranges sorted and re-laid with shrunk gaps; overlaps refused. */
function frameRanges(
  question: QuestionBytes,
  congruence: Congruence,
  units: (bytes: bigint) => number,
): { readonly columns: RangeColumns; readonly trueStart: bigint[]; readonly end: number } {
  const { start, size } = question.free;
  const modulus = congruence.modulus;
  const order = Array.from(start, (_, i) => i).sort((a, b) => ascending(start[a]!, start[b]!) || a - b);
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
    const residue = units(congruence.residue(at));
    const gapUnits = units(modulus);
    if (previous < 0) cursor = residue;
    else if (at !== furthest) cursor += paddingTo(cursor, residue, gapUnits) || gapUnits;
    framedStart[k] = cursor;
    framedSize[k] = units(size[index]!);
    trueStart.push(at);
    cursor += framedSize[k]!;
    furthest = at + size[index]!;
    previous = index;
  });
  return { columns: { count: order.length, start: framedStart, size: framedSize }, trueStart, end: cursor };
}

/** The blocks with framed phases, and RAs re-laid in order keeping their residue modulo the split step. */
function frameBlocks(
  question: QuestionBytes,
  congruence: Congruence,
  units: (bytes: bigint) => number,
): { readonly blocks: Block[]; readonly order: Int32Array; readonly end: number } {
  const source = question.blocks;
  const step = congruence.step;
  const order = Int32Array.from(source, (_, i) => i).sort((a, b) => ascending(source[a]!.ra, source[b]!.ra) || a - b);
  const blocks: Block[] = new Array<Block>(source.length);
  let cursor = 0n;
  for (const index of order) {
    const block = source[index]!;
    cursor += (((congruence.raResidue(block.ra, block.size) - cursor) % step) + step) % step;
    blocks[index] = { ra: units(cursor), pa: units(congruence.residue(block.pa)), size: units(block.size) };
    cursor += block.size;
  }
  return { blocks, order, end: units(cursor) };
}

/**
 * The true PA in bytes of a unit PA of `instance` (a position inside one of
 * its free ranges). O(1) unframed, O(log n) framed.
 */
export function paBytes(instance: PlacementInstance, pa: number): bigint {
  const frame = instance.frame;
  if (frame === undefined) return BigInt(pa) * BigInt(instance.granuleBytes);
  // The last range starting at or below `pa` (the first, should `pa` lie below them all).
  const k = Math.max(0, countAtMost(frame.rangeStart, pa) - 1);
  return frame.rangeTrueStart[k]! + BigInt(pa - frame.rangeStart[k]!) * BigInt(instance.granuleBytes);
}

/**
 * The true RA in bytes of a unit RA of `instance` (inside a block, or at its
 * end). O(1) unframed, O(log m) framed.
 */
export function raBytes(instance: PlacementInstance, ra: number): bigint {
  const frame = instance.frame;
  if (frame === undefined) return BigInt(ra) * BigInt(instance.granuleBytes);
  // The last block in RA order starting at or below `ra` (the first, should `ra` lie below them all).
  const block = frame.blocksByRa[Math.max(0, countAtMost(frame.blockRa, ra) - 1)]!;
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

/** A piece in plain granule units (no frame), in bytes. O(1). */
export function unitPieceBytes(piece: { readonly ra: number; readonly pa: number; readonly size: number }, granuleBytes: number): PieceBytes {
  const g = BigInt(granuleBytes);
  return { ra: BigInt(piece.ra) * g, pa: BigInt(piece.pa) * g, size: BigInt(piece.size) * g };
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

/** The question's alignment in bytes (framing may have the engine work modulo a divisor). */
export function alignmentBytes(instance: PlacementInstance): bigint {
  return instance.frame?.alignment ?? BigInt(instance.alignment) * BigInt(instance.granuleBytes);
}

/** The question's split alignment in bytes. */
export function splitAlignmentBytes(instance: PlacementInstance): bigint {
  return instance.frame?.splitAlignment ?? BigInt(instance.splitAlignment) * BigInt(instance.granuleBytes);
}

/** A residue of the engine (units) as the true residue modulo {@link alignmentBytes} (bytes). */
export function residueBytes(instance: PlacementInstance, residue: number): bigint {
  const bytes = BigInt(residue) * BigInt(instance.granuleBytes);
  const map = instance.frame?.residues;
  if (map === undefined) return bytes;
  let k = map.engine.length - 1;
  while (k > 0 && map.engine[k]! > bytes) k--;
  return (map.question[k]! + bytes - map.engine[k]!) % alignmentBytes(instance);
}
