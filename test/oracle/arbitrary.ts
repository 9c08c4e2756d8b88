/**
 * fast-check arbitraries of small, valid instance files (placement.md
 * "Instance file") for the differential fuzz test: at a given granule,
 * with everything near 0, near 2^64, or some of each. Sizes and gaps scale
 * with the alignment so that congruence matters; blocks and ranges often
 * end exactly at 2^64 (the generator shrinks towards that edge); adjacent
 * free ranges exercise coalescing; quantities are written in every form the
 * contract allows. Every question stays within the brute force's reach.
 *
 * @module
 */
import fc from 'fast-check';
import { quantity, readQuestion, TWO_POW_64 } from './question.js';

/** Where a question's addresses lie. */
export type Region = 'low' | 'top' | 'both';

/** A quantity as a file writes it. */
export type FileQuantity = string | number;

/** An instance file as `JSON.stringify` writes it. */
export interface InstanceFile {
  granule?: FileQuantity;
  alignment: FileQuantity;
  split?: boolean;
  splitAlignment?: FileQuantity;
  domain: { name: string; memory: { ra: FileQuantity; pa?: FileQuantity; size: FileQuantity }[] };
  target: { name: string; free: { pa: FileQuantity; size: FileQuantity }[] };
}

/** Most finest pieces of a generated split question (the brute force's cost is about 3^k). */
export const MAX_GENERATED_ITEMS = 12;

const MAX_BLOCKS = 5;
const MAX_RANGES = 7;

const rawBlock = fc.record({
  gap: fc.nat(1 << 10),
  size: fc.nat(1 << 10),
  // How to choose the source PA (see sourcePa): anchoring to a free range
  // leaves a congruent slot there even under a huge alignment.
  sourcePa: fc.constantFrom('omitted', 'random', 'anchored', 'anchoredEnd'),
  paOffset: fc.nat(1 << 20),
  paHigh: fc.boolean(),
  anchor: fc.nat(MAX_RANGES - 1),
  order: fc.nat(99),
});

const rawRange = fc.record({ gap: fc.nat(1 << 10), size: fc.nat(1 << 10), order: fc.nat(99) });

/** Alignments as a shift of the granule (1 to 64 granules), or large ones in bytes (256M, 16G, 2^63). */
const modestAlignment = fc.nat(6).map((shift) => ({ granulesLog2: shift }));
const largeAlignment = fc.constantFrom(28, 34, 63).map((bits) => ({ bytesLog2: bits }));

const rawQuestion = (alignment: fc.Arbitrary<{ granulesLog2: number } | { bytesLog2: number }>) =>
  fc.record({
    alignment,
    split: fc.boolean(),
    splitShift: fc.nat(63),
    blocks: fc.array(rawBlock, { minLength: 1, maxLength: MAX_BLOCKS }),
    ranges: fc.array(rawRange, { minLength: 1, maxLength: MAX_RANGES }),
    lowBase: fc.nat(1 << 10),
    topGap: fc.oneof(fc.constant(0), fc.nat(1 << 10)),
    blocksHigh: fc.boolean(),
    style: fc.nat(5),
  });

type RawQuestion = ReturnType<typeof rawQuestion> extends fc.Arbitrary<infer T> ? T : never;

/** Which alignments to draw: `modest`, the granule times 1 to 64; `large`, 256M, 16G or 2^63 bytes. */
export type AlignmentRange = 'modest' | 'large';

/**
 * Small valid questions at `granule` in `region` (`any` draws one of the
 * three). splitAlignment is a power of two between the granule and the
 * alignment.
 */
export function instanceFile(granule: bigint, region: Region | 'any', alignments: AlignmentRange = 'modest'): fc.Arbitrary<InstanceFile> {
  const regions = region === 'any' ? fc.constantFrom<Region>('low', 'top', 'both') : fc.constant(region);
  const raw = rawQuestion(alignments === 'modest' ? modestAlignment : largeAlignment);
  return fc.tuple(regions, raw).map(([where, question]) => build(granule, where, question));
}

interface Span {
  start: bigint;
  size: bigint;
}

function build(granule: bigint, region: Region, raw: RawQuestion): InstanceFile {
  const alignment = 'bytesLog2' in raw.alignment ? 1n << BigInt(raw.alignment.bytesLog2) : granule << BigInt(raw.alignment.granulesLog2);
  const alignmentGranules = alignment / granule;
  const splitAlignment = granule << BigInt(raw.splitShift % (log2(alignmentGranules) + 1));
  // Sizes and gaps are counted in granules up to a few "scales": the alignment, or 64 granules when it is larger.
  const scale = alignmentGranules < 64n ? alignmentGranules : 64n;
  const pieceCap = raw.split ? (3n * splitAlignment) / granule : 4n * scale;
  const blockSizes = raw.blocks.map((b) => granule * (1n + (BigInt(b.size) % minimum(4n * scale, pieceCap))));
  const gap = (units: number): bigint => granule * (BigInt(units) % (2n * scale + 1n));
  const lowBase = granule * (BigInt(raw.lowBase) % (4n * scale + 1n));
  const topGap = granule * (BigInt(raw.topGap) % (scale + 1n));
  const rangeSpans = layout(
    raw.ranges.map((r) => ({ gap: gap(r.gap), size: granule * (1n + (BigInt(r.size) % (6n * scale))) })),
    region,
    lowBase,
    topGap,
  );
  const blockRegion = region === 'both' ? (raw.blocksHigh ? 'top' : 'low') : region;
  const raSpans = layout(raw.blocks.map((b, i) => ({ gap: gap(b.gap), size: blockSizes[i]! })), blockRegion, lowBase, topGap);
  const blocks = raSpans.map((span, i) => ({ ...span, pa: sourcePa(raw.blocks[i]!, span, region, rangeSpans, granule, alignment) }));
  const kept = raw.split ? withinPieceLimit(blocks, splitAlignment) : blocks;
  const write = writer(raw.style);
  const omitDefaults = raw.style % 2 === 1;
  return {
    ...(omitDefaults && granule === 8192n ? {} : { granule: write(granule) }),
    alignment: write(alignment),
    ...(omitDefaults && !raw.split ? {} : { split: raw.split }),
    ...(omitDefaults && splitAlignment === alignment ? {} : { splitAlignment: write(splitAlignment) }),
    domain: {
      name: 'fuzz',
      memory: reorder(kept, raw.blocks).map((block) => ({
        ra: write(block.start),
        ...(block.pa === undefined ? {} : { pa: write(block.pa) }),
        size: write(block.size),
      })),
    },
    target: { name: 'tgt', free: reorder(rangeSpans, raw.ranges).map((range) => ({ pa: write(range.start), size: write(range.size) })) },
  };
}

const minimum = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const modulo = (value: bigint, divisor: bigint): bigint => ((value % divisor) + divisor) % divisor;

function log2(power: bigint): number {
  return power.toString(2).length - 1;
}

/**
 * Lay spans out one after another with the given gaps: from `lowBase` in
 * the low region, ending `topGap` below 2^64 in the top region, and in
 * `both` the first half low and the rest at the top.
 */
function layout(parts: readonly { gap: bigint; size: bigint }[], region: Region, lowBase: bigint, topGap: bigint): Span[] {
  const lowCount = region === 'low' ? parts.length : region === 'top' ? 0 : Math.ceil(parts.length / 2);
  const spans: Span[] = [];
  let cursor = lowBase;
  for (const part of parts.slice(0, lowCount)) {
    cursor += part.gap;
    spans.push({ start: cursor, size: part.size });
    cursor += part.size;
  }
  const high = parts.slice(lowCount);
  cursor = TWO_POW_64 - topGap - high.reduce((sum, part) => sum + part.gap + part.size, 0n);
  for (const part of high) {
    cursor += part.gap;
    spans.push({ start: cursor, size: part.size });
    cursor += part.size;
  }
  return spans;
}

/**
 * A block's source PA: omitted; random in its region; or anchored to a free
 * range, at its start or so that the block would end at, or a granule or two
 * past, the range's end (where an end at 2^64 rounds in doubles). The
 * intended residue modulo the alignment is kept when the value must move
 * down to end by 2^64.
 */
function sourcePa(raw: RawQuestion['blocks'][number], block: Span, region: Region, ranges: readonly Span[], granule: bigint, alignment: bigint): bigint | undefined {
  const offset = granule * BigInt(raw.paOffset);
  const high = region === 'top' || (region === 'both' && raw.paHigh);
  const anchor = ranges[raw.anchor % ranges.length]!;
  const nudge = granule * (BigInt(raw.paOffset) % 3n);
  let wanted: bigint;
  switch (raw.sourcePa) {
    case 'omitted':
      return undefined;
    case 'random':
      wanted = high ? TWO_POW_64 - block.size - offset : offset;
      break;
    case 'anchored':
      wanted = anchor.start + nudge;
      break;
    case 'anchoredEnd':
      wanted = anchor.start + anchor.size - block.size + nudge;
      break;
  }
  const last = TWO_POW_64 - block.size;
  if (wanted < 0n) return modulo(wanted, alignment);
  return wanted <= last ? wanted : last - modulo(last - wanted, alignment);
}

/** Drop blocks from the end until the finest pieces number at most {@link MAX_GENERATED_ITEMS} (always keep one block). */
function withinPieceLimit<T extends Span>(blocks: readonly T[], splitAlignment: bigint): T[] {
  const pieces = (b: Span): bigint => (b.start + b.size - 1n) / splitAlignment - b.start / splitAlignment + 1n;
  const kept: T[] = [];
  let total = 0n;
  for (const block of blocks) {
    total += pieces(block);
    if (kept.length > 0 && total > BigInt(MAX_GENERATED_ITEMS)) break;
    kept.push(block);
  }
  return kept;
}

/** The items in the order their raw `order` keys say (stable), so files need not list blocks or ranges sorted. */
function reorder<T>(items: readonly T[], raws: readonly { order: number }[]): T[] {
  return items.map((item, i) => ({ item, key: raws[i]!.order, i })).sort((a, b) => a.key - b.key || a.i - b.i).map((entry) => entry.item);
}

/**
 * A function writing quantities. Style 0 writes lowercase hex throughout
 * (what shrinking ends at: readable counterexamples); other styles rotate
 * through hex, upper-case hex digits, decimal strings, K–P units (either
 * case, with or without B) and safe JSON integers.
 */
function writer(style: number): (value: bigint) => FileQuantity {
  let count = 0;
  return (value) => {
    count++;
    const form = style === 0 ? 0 : (style + count) % 5;
    switch (form) {
      case 0:
        return `0x${value.toString(16)}`;
      case 1:
        return `0x${value.toString(16).toUpperCase()}`;
      case 2:
        return value.toString();
      case 3:
        return withUnit(value, count);
      default:
        return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
    }
  };
}

function withUnit(value: bigint, count: number): string {
  for (const [unit, shift] of [['P', 50n], ['T', 40n], ['G', 30n], ['M', 20n], ['K', 10n]] as const) {
    if (value !== 0n && value % (1n << shift) === 0n) {
      const letter = count % 2 === 0 ? unit : unit.toLowerCase();
      return `${value >> shift}${letter}${count % 3 === 0 ? 'B' : ''}`;
    }
  }
  return value.toString();
}

/**
 * The same question moved by `distance` bytes (a multiple of its
 * alignment): every RA, source PA and free PA plus `distance`. Written in
 * lowercase hex.
 */
export function shifted(file: InstanceFile, distance: bigint): InstanceFile {
  const move = (value: FileQuantity, field: string): string => `0x${(quantity(value, field) + distance).toString(16)}`;
  return {
    ...file,
    domain: {
      ...file.domain,
      memory: file.domain.memory.map((block, i) => ({
        ...block,
        ra: move(block.ra, `domain.memory[${i}].ra`),
        ...(block.pa === undefined ? {} : { pa: move(block.pa, `domain.memory[${i}].pa`) }),
      })),
    },
    target: { ...file.target, free: file.target.free.map((range, i) => ({ ...range, pa: move(range.pa, `target.free[${i}].pa`) })) },
  };
}

/** The largest multiple of the alignment by which the whole question can move up and still end by 2^64. */
export function roomBelowTop(file: InstanceFile): bigint {
  const question = readQuestion(file as unknown as Record<string, unknown>);
  const ends = [
    ...question.blocks.flatMap((block) => [block.ra + block.size, block.pa + block.size]),
    ...question.free.map((range) => range.end),
  ];
  const highest = ends.reduce((a, b) => (a > b ? a : b), 0n);
  return ((TWO_POW_64 - highest) / question.alignment) * question.alignment;
}
