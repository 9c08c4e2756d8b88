/**
 * Naive first-fit: the baseline the solver is measured against, and the
 * policy a simple binder follows. Not a solver: it never proves anything.
 *
 * For each block in input order, scan the free ranges from the lowest
 * address and bind the block at the first congruent position of the first
 * range that can hold it. Cost O(m·n) for m blocks and n ranges — every
 * block may walk the whole map — plus O(n log n) when the ranges are not
 * already sorted. This is exactly the work the range tree avoids, which is
 * why the benchmarks keep it naive: a plain array walk, no index.
 *
 * The free list is kept in address order as an unrolled list: chunks of a
 * few thousand ranges, each two typed-array columns walked by a plain loop.
 * Binding a block in the middle of a range inserts the leftover behind it
 * by moving at most one chunk (splitting it when full), so neither a full
 * array move per block (which dominated on maps where the scan is short)
 * nor a pointer chase per range (which doubled the scan) distorts the
 * baseline: the scan dominates, as it should. Whole blocks only: in split
 * mode it still binds each block in one piece.
 *
 * @module
 */
import { firstCongruent } from '../congruence.js';
import type { Piece, PlacementInstance } from '../memory/instance.js';

/** What naive first-fit did. */
export interface FirstFitResult {
  /** Whether every block was bound. `false` proves nothing about the instance. */
  readonly placed: boolean;
  /** The pieces bound so far (all of them when `placed`), sorted by RA. */
  readonly pieces: readonly Piece[];
  /** Index of the first block that found no range, when not `placed`. */
  readonly failedBlock: number | undefined;
  /** Ranges examined over the whole run: the O(m·n) made visible. */
  readonly rangesScanned: number;
}

/**
 * Run naive first-fit on a valid instance (ranges not overlapping; adjacent
 * ones are coalesced first, as the spec requires). Stops at the first block
 * it cannot bind, as a binder reporting `Unable to bind` would.
 * Does not modify the instance.
 */
export function naiveFirstFit(instance: PlacementInstance): FirstFitResult {
  const { alignment, blocks } = instance;
  const free = loadSortedCoalesced(instance);
  const pieces: Piece[] = [];
  let scanned = 0;
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b]!;
    const need = block.size;
    const phase = block.pa % alignment;
    let hit: Hit | undefined;
    for (let c = 0; c < free.length && hit === undefined; c++) {
      const chunk = free[c]!;
      const index = firstFitIn(chunk.start, chunk.size, chunk.length, need, phase, alignment);
      scanned += index < 0 ? chunk.length : index + 1;
      if (index >= 0) hit = { chunk: c, index, at: firstCongruent(chunk.start[index]!, phase, alignment) };
    }
    if (hit === undefined) return { placed: false, pieces: sortedByRa(pieces), failedBlock: b, rangesScanned: scanned };
    pieces.push({ ra: block.ra, pa: hit.at, size: block.size });
    bind(free, hit, block.size);
  }
  return { placed: true, pieces: sortedByRa(pieces), failedBlock: undefined, rangesScanned: scanned };
}

/** The first range of a chunk able to hold `need` granules of phase `phase`, or -1. The hot loop. */
function firstFitIn(start: Float64Array, size: Float64Array, length: number, need: number, phase: number, alignment: number): number {
  for (let r = 0; r < length; r++) {
    if (size[r]! >= need && firstCongruent(start[r]!, phase, alignment) + need <= start[r]! + size[r]!) return r;
  }
  return -1;
}

/** Ranges per chunk of the unrolled free list. */
const CHUNK = 4096;

/** One chunk: `length` ranges in address order, with room for `CHUNK`. */
interface Chunk {
  readonly start: Float64Array;
  readonly size: Float64Array;
  length: number;
}

/** Where a block goes: range `index` of chunk `chunk`, at address `at`. */
interface Hit {
  readonly chunk: number;
  readonly index: number;
  readonly at: number;
}

function newChunk(): Chunk {
  return { start: new Float64Array(CHUNK), size: new Float64Array(CHUNK), length: 0 };
}

/** Take `[at, at + blockSize)` out of the hit range, keeping the leftovers on both sides in order. */
function bind(free: Chunk[], hit: Hit, blockSize: number): void {
  let chunk = free[hit.chunk]!;
  let index = hit.index;
  const before = hit.at - chunk.start[index]!;
  const after = chunk.start[index]! + chunk.size[index]! - hit.at - blockSize;
  if (before === 0 || after === 0) {
    // One leftover (or none): the range shrinks in place.
    chunk.start[index] = before === 0 ? hit.at + blockSize : chunk.start[index]!;
    chunk.size[index] = before === 0 ? after : before;
    return;
  }
  chunk.size[index] = before;
  if (chunk.length === CHUNK) {
    // Full: move the upper half to a new chunk right behind this one.
    const upper = newChunk();
    const half = CHUNK / 2;
    upper.start.set(chunk.start.subarray(half));
    upper.size.set(chunk.size.subarray(half));
    upper.length = CHUNK - half;
    chunk.length = half;
    free.splice(hit.chunk + 1, 0, upper);
    if (index >= half) {
      chunk = upper;
      index -= half;
    }
  }
  chunk.start.copyWithin(index + 2, index + 1, chunk.length);
  chunk.size.copyWithin(index + 2, index + 1, chunk.length);
  chunk.start[index + 1] = hit.at + blockSize;
  chunk.size[index + 1] = after;
  chunk.length++;
}

/** The ranges sorted by start, touching ones merged, as full chunks. */
function loadSortedCoalesced(instance: PlacementInstance): Chunk[] {
  const { count, start: inputStart, size: inputSize } = instance.free;
  let order: ArrayLike<number> | undefined;
  for (let i = 1; i < count && order === undefined; i++) {
    if (inputStart[i]! < inputStart[i - 1]!) {
      order = Array.from({ length: count }, (_, k) => k).sort((x, y) => inputStart[x]! - inputStart[y]!);
    }
  }
  const free: Chunk[] = [];
  let chunk = newChunk();
  let lastEnd = -1;
  for (let k = 0; k < count; k++) {
    const i = order === undefined ? k : order[k]!;
    if (inputStart[i] === lastEnd) {
      chunk.size[chunk.length - 1]! += inputSize[i]!;
    } else {
      if (chunk.length === CHUNK) {
        free.push(chunk);
        chunk = newChunk();
      }
      chunk.start[chunk.length] = inputStart[i]!;
      chunk.size[chunk.length] = inputSize[i]!;
      chunk.length++;
    }
    lastEnd = inputStart[i]! + inputSize[i]!;
  }
  free.push(chunk);
  return free;
}

function sortedByRa(pieces: Piece[]): Piece[] {
  return pieces.sort((x, y) => x.ra - y.ra);
}
