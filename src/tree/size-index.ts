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
   * Index the given node ids. Cost: O(n log n) for the sort, O(n) to link.
   *
   * @param keys the owning tree's columns (read on every comparison, so they
   *   may be replaced when the tree grows)
   * @param capacity slot count of the owning tree
   * @param ids the ids of every node in the owning tree (reordered in place)
   */
  static build(keys: RangeKeyColumns, capacity: number, ids: Int32Array): SizeIndex {
    const index = new SizeIndex(keys, capacity);
    const { start, end } = keys;
    ids.sort((a, b) => (end[a]! - start[a]!) - (end[b]! - start[b]!) || start[a]! - start[b]!);
    index.root = index.buildBalanced(ids, 0, ids.length);
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
