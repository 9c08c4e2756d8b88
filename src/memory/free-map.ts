/**
 * The target machine's free physical ranges, coalesced, with reserve and
 * release for placing blocks and an undo log so a search can back out of a
 * branch cheaply. Granule units throughout.
 *
 * @module
 */
import { firstCongruent } from '../congruence.js';
import { InputError } from '../quantity.js';
import { grown } from '../tree/avl.js';
import { NIL, RangeTree } from '../tree/range-tree.js';
import type { RangeColumns } from './instance.js';

/** Undo-log op codes. */
const RESERVE = 1;
const RELEASE = 2;
/** Undo-log entry width: op, pa, size. */
const STRIDE = 3;

/**
 * Free physical ranges of a target, always coalesced: no two ranges overlap
 * or touch, so the map is canonical and "restores exactly" means equal
 * range lists.
 *
 * Every reserve and release is recorded in an undo log (24 bytes each) so
 * that {@link FreeMap.rollback} can return to any {@link FreeMap.checkpoint};
 * {@link FreeMap.commit} forgets the log.
 */
export class FreeMap {
  private readonly tree: RangeTree;
  private total: number;
  private log = new Float64Array(STRIDE * 64);
  private logLength = 0;

  private constructor(tree: RangeTree, total: number) {
    this.tree = tree;
    this.total = total;
  }

  /**
   * Build the map from input columns: validate, sort (stably, by start),
   * coalesce touching ranges, bulk-build the tree.
   *
   * Cost: O(n) when the input is already sorted (the usual case: machines
   * list their free memory in address order), O(n log n) otherwise.
   *
   * @param columns the free ranges as read (any order)
   * @param fieldPrefix the field the columns came from, for errors; range `i`
   *   is named `${fieldPrefix}[i]`
   * @throws {@link InputError} when a size is not > 0 (field
   *   `target.free[i].size`), or when two ranges overlap (field
   *   `target.free[j]`, detail `overlaps target.free[i]`, i < j)
   */
  static fromColumns(columns: RangeColumns, fieldPrefix = 'target.free'): FreeMap {
    const { count, start, size } = columns;
    let sorted = true;
    for (let i = 0; i < count; i++) {
      if (!(size[i]! > 0)) {
        throw new InputError(`${fieldPrefix}[${i}].size`, 'must be greater than zero', String(size[i]!));
      }
      if (i > 0 && start[i]! < start[i - 1]!) sorted = false;
    }
    const order = sorted ? undefined : sortedOrder(start, count);
    const starts = new Float64Array(count);
    const ends = new Float64Array(count);
    let ranges = 0;
    let total = 0;
    let reachIndex = -1;
    for (let k = 0; k < count; k++) {
      const i = order === undefined ? k : order[k]!;
      const s = start[i]!;
      const e = s + size[i]!;
      if (ranges > 0 && s < ends[ranges - 1]!) {
        const [early, late] = i < reachIndex ? [i, reachIndex] : [reachIndex, i];
        throw new InputError(`${fieldPrefix}[${late}]`, `overlaps ${fieldPrefix}[${early}]`);
      }
      if (ranges > 0 && s === ends[ranges - 1]!) {
        ends[ranges - 1] = e;
      } else {
        starts[ranges] = s;
        ends[ranges] = e;
        ranges++;
      }
      reachIndex = i;
      total += size[i]!;
    }
    return new FreeMap(RangeTree.fromSorted(starts, ends, ranges), total);
  }

  /** Total free granules. O(1). */
  get totalFree(): number {
    return this.total;
  }

  /** Number of (coalesced) free ranges. O(1). */
  get rangeCount(): number {
    return this.tree.count;
  }

  /** Length of the largest free range, 0 when none. O(1) (the root's augmentation). */
  get largest(): number {
    return this.tree.largest;
  }

  /** Whether `[pa, pa + size)` lies inside one free range. O(log n). */
  contains(pa: number, size: number): boolean {
    const id = this.tree.containing(pa);
    return id !== NIL && size <= this.tree.endOf(id) - pa;
  }

  /**
   * First fit: the lowest `p ≡ phase (mod alignment)` such that
   * `[p, p + size)` is free, or -1. O(log n) typical; see
   * {@link RangeTree.firstFitNode} for the exact bound. Changes nothing.
   *
   * @param size granules, > 0
   * @param phase residue wanted, `0 ≤ phase < alignment`
   * @param alignment a power of two, granules
   */
  firstFit(size: number, phase: number, alignment: number): number {
    return this.tree.firstFit(size, phase, alignment);
  }

  /**
   * Best fit: the first `p ≡ phase (mod alignment)` in the smallest free
   * range that can hold `size` granules there (ties: lowest address), or -1.
   * The first call builds the size index, O(n) (radix sort); then O(log n)
   * typical (see {@link RangeTree.bestFitNode}). Changes nothing.
   */
  bestFit(size: number, phase: number, alignment: number): number {
    return this.tree.bestFit(size, phase, alignment);
  }

  /**
   * {@link FreeMap.firstFit}, also reporting the free range that holds the
   * position: fills `out[0]` = position, `out[1]` = range start, `out[2]` =
   * range end. Returns false (and leaves `out` alone) when nothing fits.
   */
  firstFitInto(size: number, phase: number, alignment: number, out: Float64Array): boolean {
    return this.fill(this.tree.firstFitNode(size, phase, alignment), phase, alignment, out);
  }

  /** {@link FreeMap.bestFit} with the holding range, as {@link FreeMap.firstFitInto}. */
  bestFitInto(size: number, phase: number, alignment: number, out: Float64Array): boolean {
    return this.fill(this.tree.bestFitNode(size, phase, alignment), phase, alignment, out);
  }

  private fill(id: number, phase: number, alignment: number, out: Float64Array): boolean {
    if (id === NIL) return false;
    const s = this.tree.startOf(id);
    out[0] = firstCongruent(s, phase, alignment);
    out[1] = s;
    out[2] = this.tree.endOf(id);
    return true;
  }

  /**
   * Take `[pa, pa + size)` out of the free map, splitting its range as
   * needed, and log it. O(log n).
   *
   * @throws Error when the span is empty or not inside one free range — a
   *   programming error, since callers reserve what a fit query returned
   */
  reserve(pa: number, size: number): void {
    this.take(pa, size);
    this.record(RESERVE, pa, size);
  }

  /**
   * Give `[pa, pa + size)` back, coalescing with the free ranges it touches,
   * and log it. O(log n).
   *
   * @throws Error when the span is empty or overlaps free memory (a double
   *   free)
   */
  release(pa: number, size: number): void {
    this.give(pa, size);
    this.record(RELEASE, pa, size);
  }

  /** A mark for {@link FreeMap.rollback}: the undo log's length. O(1). */
  checkpoint(): number {
    return this.logLength;
  }

  /**
   * Undo every reserve and release since `mark`, newest first, leaving the
   * map exactly as it was at the checkpoint. O(k log n) for k logged ops.
   *
   * @throws Error when `mark` is not a live checkpoint (after a later
   *   rollback to an earlier mark, or after {@link FreeMap.commit})
   */
  rollback(mark: number): void {
    if (!Number.isInteger(mark) || mark < 0 || mark > this.logLength || mark % STRIDE !== 0) {
      throw new Error(`rollback: ${mark} is not a live checkpoint (log length ${this.logLength})`);
    }
    const log = this.log;
    while (this.logLength > mark) {
      this.logLength -= STRIDE;
      const op = log[this.logLength]!;
      const pa = log[this.logLength + 1]!;
      const size = log[this.logLength + 2]!;
      if (op === RESERVE) this.give(pa, size);
      else this.take(pa, size);
    }
  }

  /**
   * Forget the undo log, e.g. once a search has settled on a placement;
   * earlier marks become meaningless. O(1) (the log's buffer is kept for reuse).
   */
  commit(): void {
    this.logLength = 0;
  }

  /** Call `visit(start, end)` for every free range in ascending order. O(n), no allocation. */
  forEachRange(visit: (start: number, end: number) => void): void {
    this.tree.forEach((start, end) => visit(start, end));
  }

  /** The free ranges in ascending order as new columns. O(n). */
  toColumns(): RangeColumns {
    const count = this.tree.count;
    const start = new Float64Array(count);
    const size = new Float64Array(count);
    let i = 0;
    this.tree.forEach((s, e) => {
      start[i] = s;
      size[i] = e - s;
      i++;
    });
    return { count, start, size };
  }

  /**
   * Assert the tree's invariants, that no two ranges touch (coalesced), and
   * that the running total matches the ranges. O(n).
   *
   * @throws Error naming the first violation
   */
  checkValid(): void {
    this.tree.checkValid();
    let previousEnd = -Infinity;
    let total = 0;
    this.tree.forEach((start, end) => {
      if (start === previousEnd) throw new Error(`free ranges touch at ${start} but were not coalesced`);
      previousEnd = end;
      total += end - start;
    });
    if (total !== this.total) throw new Error(`totalFree is ${this.total}, the ranges sum to ${total}`);
  }

  private take(pa: number, size: number): void {
    const tree = this.tree;
    const id = size > 0 ? tree.containing(pa) : NIL;
    if (id === NIL || size > tree.endOf(id) - pa) {
      throw new Error(`reserve [${pa}, ${pa + size}): not inside one free range`);
    }
    const s = tree.startOf(id);
    const e = tree.endOf(id);
    const stop = pa + size;
    if (s === pa && e === stop) tree.remove(id);
    else if (s === pa) tree.resize(id, stop, e);
    else {
      tree.resize(id, s, pa);
      if (stop !== e) tree.insert(stop, e);
    }
    this.total -= size;
  }

  private give(pa: number, size: number): void {
    const tree = this.tree;
    const stop = pa + size;
    if (!(size > 0)) throw new Error(`release [${pa}, ${stop}): empty`);
    const clash = tree.firstOverlapping(pa, stop);
    if (clash !== NIL) {
      throw new Error(`release [${pa}, ${stop}): overlaps free range [${tree.startOf(clash)}, ${tree.endOf(clash)}) — double free?`);
    }
    const below = tree.endingAt(pa);
    const above = tree.startingAt(stop);
    if (below !== NIL && above !== NIL) {
      const e = tree.endOf(above);
      tree.remove(above);
      tree.resize(below, tree.startOf(below), e);
    } else if (below !== NIL) {
      tree.resize(below, tree.startOf(below), stop);
    } else if (above !== NIL) {
      tree.resize(above, pa, tree.endOf(above));
    } else {
      tree.insert(pa, stop);
    }
    this.total += size;
  }

  private record(op: number, pa: number, size: number): void {
    if (this.logLength + STRIDE > this.log.length) this.log = grown(this.log, this.log.length * 2);
    this.log[this.logLength] = op;
    this.log[this.logLength + 1] = pa;
    this.log[this.logLength + 2] = size;
    this.logLength += STRIDE;
  }
}

/** Indices `0 … count-1` ordered by start, ties by index (so errors are deterministic). */
function sortedOrder(start: Float64Array, count: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => start[a]! - start[b]! || a - b);
  return order;
}
