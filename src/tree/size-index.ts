/**
 * The best-fit index of a {@link RangeTree}: the same node ids, linked a
 * second time in (length, start) order.
 *
 * It owns only link columns (9 bytes a node); lengths and starts are read
 * from the range tree's columns, so a node can never disagree between the two
 * indexes. The range tree builds it on the first best-fit query and keeps it
 * current from then on, which keeps a tree that is only ever first-fitted at
 * its bulk-build size.
 *
 * @module
 */
import { AvlLinks, MAX_DEPTH, NIL } from './avl.js';

/** The columns of the owning tree that the size order reads. */
export interface RangeKeyColumns {
  /** Range starts by node id. */
  readonly start: Float64Array;
  /** Range ends (exclusive) by node id. */
  readonly end: Float64Array;
}

/** Bits per radix digit: 2^11 counters (8 KiB) stay in L1 cache. */
const DIGIT_BITS = 11;
const DIGIT_MASK = (1 << DIGIT_BITS) - 1;
const TWO_POW_32 = 2 ** 32;

/**
 * `idsByStart` stably sorted by range length (the array is reused as
 * scratch). Lengths are integers below 2^53, so they split exactly into a
 * low and a high 32-bit word: an LSD radix sort on the low word, then — only
 * when some length reaches 2^32 — on the high word.
 * Cost: O(n) per pass, 8 to 16 bytes a node of scratch.
 */
function sortByLength(keys: RangeKeyColumns, idsByStart: Int32Array): Int32Array {
  const { start, end } = keys;
  const n = idsByStart.length;
  const low = new Uint32Array(n);
  let longest = 0;
  for (let i = 0; i < n; i++) {
    const id = idsByStart[i]!;
    const length = end[id]! - start[id]!;
    low[i] = length % TWO_POW_32;
    if (length > longest) longest = length;
  }
  const byLow = sortByWord(idsByStart, low);
  if (longest < TWO_POW_32) return byLow;
  const high = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const id = byLow[i]!;
    high[i] = Math.floor((end[id]! - start[id]!) / TWO_POW_32);
  }
  return sortByWord(byLow, high);
}

/**
 * `ids` stably sorted by `word` (`word[i]` belongs to `ids[i]`): one
 * counting-sort pass per 11-bit digit, least significant first. The keys
 * travel with the ids, so every pass reads its input sequentially. A digit
 * that every key shares would leave the order as it is, so its pass is
 * skipped: small lengths cost one or two passes. Both input arrays are
 * reused as scratch; the result is one of them or a new array.
 * Cost: O(n) per pass, at most three.
 */
function sortByWord(ids: Int32Array, word: Uint32Array): Int32Array {
  const n = ids.length;
  if (n < 2) return ids;
  let fromIds = ids;
  let fromWord = word;
  let toIds: Int32Array = new Int32Array(n);
  let toWord: Uint32Array = new Uint32Array(n);
  const offsets = new Int32Array(DIGIT_MASK + 1);
  for (let shift = 0; shift < 32; shift += DIGIT_BITS) {
    offsets.fill(0);
    for (let i = 0; i < n; i++) offsets[(fromWord[i]! >>> shift) & DIGIT_MASK]++;
    if (offsets[(fromWord[0]! >>> shift) & DIGIT_MASK] === n) continue;
    let total = 0;
    for (let digit = 0; digit <= DIGIT_MASK; digit++) {
      const count = offsets[digit]!;
      offsets[digit] = total;
      total += count;
    }
    for (let i = 0; i < n; i++) {
      const key = fromWord[i]!;
      const digit = (key >>> shift) & DIGIT_MASK;
      const at = offsets[digit]!;
      offsets[digit] = at + 1;
      toIds[at] = fromIds[i]!;
      toWord[at] = key;
    }
    [fromIds, toIds] = [toIds, fromIds];
    [fromWord, toWord] = [toWord, fromWord];
  }
  return fromIds;
}

/**
 * Link `ids`, already in key order, as a perfectly balanced tree and return
 * its root. The shape depends only on the count, so it is worked out first
 * over sorted positions (sequential memory), then copied onto the ids in one
 * flat loop. Every id is a scattered write either way; done in a tight loop
 * the writes overlap, where a recursion writing ids as it returns took
 * about twice as long on 1M ranges.
 * Cost: O(n) time, 9 bytes a node of scratch.
 */
function linkBalanced(left: Int32Array, right: Int32Array, height: Int8Array, ids: Int32Array): number {
  const n = ids.length;
  const shape = { left: new Int32Array(n), right: new Int32Array(n), height: new Int8Array(n) };
  const root = shapeBalanced(shape.left, shape.right, shape.height, 0, n);
  for (let position = 0; position < n; position++) {
    const id = ids[position]!;
    const l = shape.left[position]!;
    const r = shape.right[position]!;
    left[id] = l === NIL ? NIL : ids[l]!;
    right[id] = r === NIL ? NIL : ids[r]!;
    height[id] = shape.height[position]!;
  }
  return root === NIL ? NIL : ids[root]!;
}

/**
 * The perfectly balanced tree over positions `from … to-1`, as position
 * links; returns its root position. Taking the middle leaves the left part
 * at most one node larger than the right, so a subtree of c nodes is exactly
 * floor(log2 c) + 1 high (by induction: floor(log2 floor(c/2)) + 2), and the
 * height is written without reading the children.
 * Cost: O(to − from); recursion depth log2 n.
 */
function shapeBalanced(left: Int32Array, right: Int32Array, height: Int8Array, from: number, to: number): number {
  if (from >= to) return NIL;
  const mid = (from + to) >>> 1;
  left[mid] = shapeBalanced(left, right, height, from, mid);
  right[mid] = shapeBalanced(left, right, height, mid + 1, to);
  height[mid] = 32 - Math.clz32(to - from);
  return mid;
}

/**
 * AVL tree of node ids ordered by (length, start). Internal to the range
 * tree; exported for its tests and for readers of `RangeTree`.
 */
export class SizeIndex extends AvlLinks {
  private readonly keys: RangeKeyColumns;
  private readonly stack = new Int32Array(MAX_DEPTH);

  private constructor(keys: RangeKeyColumns, capacity: number) {
    super(capacity);
    this.keys = keys;
  }

  /**
   * Index the given node ids. Cost: O(n) — a stable radix sort by length
   * (two or three counting passes for lengths under 2^33 granules, at most
   * six), then a balanced link — where inserting one by one would be
   * O(n log n) with a cache miss per level.
   *
   * @param keys the owning tree's columns (read on every comparison, so they
   *   may be replaced when the tree grows)
   * @param capacity slot count of the owning tree
   * @param idsByStart the id of every node in the owning tree, in start
   *   order (used as scratch: its contents are overwritten). Sorting these
   *   stably by length leaves equal lengths in start order, which is exactly
   *   the (length, start) key.
   */
  static build(keys: RangeKeyColumns, capacity: number, idsByStart: Int32Array): SizeIndex {
    const index = new SizeIndex(keys, capacity);
    const ids = sortByLength(keys, idsByStart);
    index.root = linkBalanced(index.left, index.right, index.height, ids);
    return index;
  }

  protected before(a: number, b: number): boolean {
    const { start, end } = this.keys;
    const la = end[a]! - start[a]!;
    const lb = end[b]! - start[b]!;
    return la < lb || (la === lb && start[a]! < start[b]!);
  }

  protected refresh(id: number): void {
    this.refreshHeight(id);
  }

  /** Follow the owning tree's growth. Cost: O(capacity). */
  grow(capacity: number): void {
    this.growLinks(capacity);
  }

  /** Add node `id` (its range already set). Cost: O(log n). */
  insert(id: number): void {
    this.link(id);
  }

  /** Remove node `id`; call before its range changes. Cost: O(log n). */
  remove(id: number): void {
    this.unlink(id);
  }

  /**
   * The smallest range (ties: lowest start) holding `size` at some
   * `p ≡ phase (mod alignment)`, or {@link NIL}.
   *
   * Cost: O(log n + k), where k is the number of ranges at least `size` long
   * but too short once the padding to the phase is paid. Only ranges shorter
   * than `size + alignment − 1` can be skipped that way, so k is 0 when
   * alignment is 1 and small unless many ranges are just barely too short.
   */
  bestFit(size: number, phase: number, alignment: number): number {
    const { start, end } = this.keys;
    const left = this.left;
    const right = this.right;
    const stack = this.stack;
    let top = 0;
    let node = this.root;
    // Descend to the lowest key with length ≥ size; the stack holds the
    // ancestors we passed on the left, which are exactly its in-order successors.
    while (node !== NIL) {
      if (end[node]! - start[node]! >= size) {
        stack[top++] = node;
        node = left[node]!;
      } else {
        node = right[node]!;
      }
    }
    while (top > 0) {
      node = stack[--top]!;
      const s = start[node]!;
      const padding = (phase - (s % alignment) + alignment) % alignment;
      if (padding <= end[node]! - s - size) return node;
      for (let child = right[node]!; child !== NIL; child = left[child]!) stack[top++] = child;
    }
    return NIL;
  }

  /**
   * Check order, balance and heights, that every indexed id is linked in the
   * owning tree (`isLinked`), and that the index holds `expectedCount` nodes.
   *
   * @throws Error on the first violation
   */
  checkValid(expectedCount: number, isLinked: (id: number) => boolean): void {
    const count = this.checkLinks((id) => {
      if (!isLinked(id)) throw new Error(`size index: node ${id} is not in the range tree`);
    });
    if (count !== expectedCount) throw new Error(`size index: holds ${count} nodes, the tree ${expectedCount}`);
  }
}
