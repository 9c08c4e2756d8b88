/**
 * fast-check arbitraries for tiny placement instances, small enough for the
 * brute-force {@link referenceSolve} and varied enough to reach the corners:
 * alignments of 1 to 8 granules, arbitrary phases, sizes both multiples and
 * non-multiples of the alignment, adjacent free ranges (coalescing), and
 * "planted" instances whose ranges are cut to just fit (or just miss) a
 * packing, where heuristics go wrong.
 *
 * @module
 */
import fc from 'fast-check';
import { rangeColumns, type Block, type PlacementInstance } from '../../src/memory/instance.js';
import { pieceCount } from '../../src/solve/items.js';

/** Granule used by generated instances (only messages depend on it). */
export const TEST_GRANULE = 8192;

/** Most blocks; in split mode the finest pieces are also kept at most {@link MAX_SPLIT_ITEMS}. */
const MAX_BLOCKS = 6;
const MAX_SPLIT_ITEMS = 7;
const MAX_RANGES = 4;

/** Build an instance from readable parts (granules). */
export function makeInstance(parts: {
  alignment: number;
  split?: boolean;
  splitAlignment?: number;
  blocks: readonly Block[];
  free: readonly { pa: number; size: number }[];
  granuleBytes?: number;
}): PlacementInstance {
  return {
    granuleBytes: parts.granuleBytes ?? TEST_GRANULE,
    alignment: parts.alignment,
    split: parts.split ?? false,
    splitAlignment: parts.splitAlignment ?? parts.alignment,
    domainName: 'ldg-test',
    targetName: 'target-test',
    blocks: parts.blocks,
    free: rangeColumns(parts.free),
  };
}

/** Number of finest pieces of an instance (its blocks cut at every allowed boundary). */
export function finestPieceCount(instance: PlacementInstance): number {
  if (!instance.split) return instance.blocks.length;
  return instance.blocks.reduce((sum, b) => sum + pieceCount(b.ra, b.size, instance.splitAlignment), 0);
}

const blockShape = fc.record({
  gap: fc.nat(8),
  multiple: fc.boolean(),
  units: fc.integer({ min: 1, max: 3 }),
  raw: fc.integer({ min: 1, max: 20 }),
  pa: fc.nat(63),
});

const rangeShape = fc.record({ gap: fc.nat(12), size: fc.integer({ min: 1, max: 30 }) });

/**
 * Tiny instances in the given mode (`split` true or false). Half are random
 * maps; half are planted: the blocks are packed, in a random assignment and
 * order, into ranges sized to that packing plus a slack of −2…+3 granules.
 */
export function tinyInstance(split: boolean): fc.Arbitrary<PlacementInstance> {
  return fc
    .record({
      alignLog: fc.integer({ min: 0, max: 3 }),
      splitLogDrop: fc.integer({ min: 0, max: 3 }),
      blocks: fc.array(blockShape, { minLength: 1, maxLength: MAX_BLOCKS }),
      ranges: fc.array(rangeShape, { minLength: 1, maxLength: MAX_RANGES }),
      planted: fc.boolean(),
      assignment: fc.array(fc.nat(MAX_RANGES - 1), { minLength: MAX_BLOCKS, maxLength: MAX_BLOCKS }),
      slack: fc.array(fc.integer({ min: -2, max: 3 }), { minLength: MAX_RANGES, maxLength: MAX_RANGES }),
      raBase: fc.nat(16),
      paBase: fc.nat(16),
    })
    .map((shape) => {
      const alignment = 1 << shape.alignLog;
      const splitAlignment = 1 << Math.max(0, shape.alignLog - shape.splitLogDrop);
      let ra = shape.raBase;
      const blocks: Block[] = shape.blocks.map((b) => {
        ra += b.gap;
        const size = b.multiple ? b.units * alignment : b.raw;
        const block = { ra, pa: b.pa, size };
        ra += size;
        return block;
      });
      const free = shape.planted
        ? plantedRanges(blocks, shape.ranges, shape.assignment, shape.slack, alignment, shape.paBase)
        : randomRanges(shape.ranges, shape.paBase);
      return makeInstance({ alignment, split, splitAlignment, blocks, free });
    })
    .filter((instance) => finestPieceCount(instance) <= MAX_SPLIT_ITEMS);
}

function randomRanges(shapes: readonly { gap: number; size: number }[], base: number): { pa: number; size: number }[] {
  let pa = base;
  return shapes.map((shape) => {
    pa += shape.gap;
    const range = { pa, size: shape.size };
    pa += shape.size;
    return range;
  });
}

/** Ranges that hold the blocks packed as assigned (in input order), give or take the slack. */
function plantedRanges(
  blocks: readonly Block[],
  shapes: readonly { gap: number; size: number }[],
  assignment: readonly number[],
  slack: readonly number[],
  alignment: number,
  base: number,
): { pa: number; size: number }[] {
  let pa = base;
  return shapes.map((shape, r) => {
    pa += shape.gap;
    const start = pa;
    let cursor = start;
    blocks.forEach((block, b) => {
      if (assignment[b]! % shapes.length !== r) return;
      while (cursor % alignment !== block.pa % alignment) cursor++;
      cursor += block.size;
    });
    const size = cursor === start ? shape.size : Math.max(1, cursor - start + slack[r]!);
    pa = start + size;
    return { pa: start, size };
  });
}

/**
 * Falkenauer's triplet construction, seeded: `bins` ranges of 100, each cut
 * into three sizes in [25, 50), so every range must be filled exactly —
 * the bin-packing shape best fit and the fill packer get wrong.
 */
export function triplets(bins: number, seed: number): number[] {
  const sizes: number[] = [];
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  while (sizes.length < 3 * bins) {
    const a = 25 + next(25);
    const b = 25 + next(25);
    const c = 100 - a - b;
    if (c >= 25 && c < 50) sizes.push(a, b, c);
  }
  return sizes;
}
