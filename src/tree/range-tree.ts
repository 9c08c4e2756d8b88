/**
 * An augmented AVL tree over disjoint half-open ranges `[start, end)` in
 * granule units, keyed by start, each subtree remembering its longest range
 * (the Linux VMA-gap idea). It answers "where is the lowest (or the
 * tightest) place for `size` granules at a given phase modulo a power-of-two
 * alignment" in O(log n) typical time.
 *
 * Layout: one node per range, all node data in typed-array columns indexed
 * by an integer node id — start, end, longest-in-subtree (Float64, exact to
 * 2^53), left, right (Int32), height (Int8): 33 bytes a range. A bulk build
 * allocates n slots and 1/64 headroom; inserts grow the columns by doubling and reuse
 * removed slots from a free list threaded through `left`.
 *
 * Ids are stable: a node keeps its id until removed, whatever else changes.
 *
 * @module
 */
import { firstCongruent, paddingTo } from '../congruence.js';
import { AvlLinks, bulkCapacity, grown, MAX_DEPTH, NIL } from './avl.js';
import { SizeIndex } from './size-index.js';

export { NIL } from './avl.js';

/**
 * The augmentation, written once: the longest range in the subtree of node
 * `id`, from its own range and its children's stored `maxLength`. The bulk
 * build and every relink store it (through `refresh`), `checkValid` compares
 * it with what is stored. O(1).
 */
function longestInSubtree(tree: RangeTree, id: number): number {
  const { left, right, maxLength } = tree;
  let longest = tree.end[id]! - tree.start[id]!;
  const l = left[id]!;
  const r = right[id]!;
  if (l !== NIL && maxLength[l]! > longest) longest = maxLength[l]!;
  if (r !== NIL && maxLength[r]! > longest) longest = maxLength[r]!;
  return longest;
}

/**
 * Disjoint ranges in an augmented AVL tree with typed-array columns.
 *
 * Every query returns a node id (or {@link NIL} = -1); read the range with
 * {@link RangeTree.start} and {@link RangeTree.end}. Ranges may touch
 * (`a.end === b.start`); callers that want coalescing (such as `FreeMap`) do it.
 */
export class RangeTree extends AvlLinks {
  /** Range start by node id. */
  start: Float64Array;
  /** Range end (exclusive) by node id. */
  end: Float64Array;
  /** Longest range length in the subtree rooted at each node. */
  maxLength: Float64Array;

  private nodeCount = 0;
  private sizeIndex: SizeIndex | undefined;
  /** Preallocated stack for the non-reentrant searches. */
  private readonly stack = new Int32Array(MAX_DEPTH);

  /**
   * An empty tree.
   *
   * @param capacity node slots to allocate up front (grows by doubling)
   */
  constructor(capacity = 16) {
    const slots = Math.max(1, capacity);
    super(slots);
    this.start = new Float64Array(slots);
    this.end = new Float64Array(slots);
    this.maxLength = new Float64Array(slots);
  }

  /**
   * Build a perfectly balanced tree from ranges sorted by start and disjoint
   * (they may touch). Node `i` holds range `i`. Allocates
   * `count + max(16, count / 64)` slots (1/64 headroom), so the tree costs about 33.5 bytes a
   * range until it grows.
   *
   * Cost: O(n) time, one pass; the augmentation is computed bottom-up.
   *
   * @param starts range starts, ascending
   * @param ends range ends (exclusive); `starts[i] < ends[i] ≤ starts[i+1]`
   * @param count number of ranges to take from the columns
   * @throws Error when the input is not sorted, disjoint and non-empty per range
   */
  static fromSorted(starts: ArrayLike<number>, ends: ArrayLike<number>, count: number): RangeTree {
    const tree = new RangeTree(bulkCapacity(count));
    const start = tree.start;
    const end = tree.end;
    let previousEnd = -Infinity;
    for (let i = 0; i < count; i++) {
      const s = starts[i]!;
      const e = ends[i]!;
      if (!(s < e)) throw new Error(`range ${i} [${s}, ${e}) is empty`);
      if (s < previousEnd) throw new Error(`range ${i} starts at ${s}, before the previous range ends at ${previousEnd}`);
      start[i] = s;
      end[i] = e;
      previousEnd = e;
    }
    tree.root = tree.linkBalanced(0, count);
    tree.nodeCount = count;
    tree.used = count;
    return tree;
  }

  protected before(a: number, b: number): boolean {
    return this.start[a]! < this.start[b]!;
  }

  protected refresh(id: number): boolean {
    const heightChanged = this.refreshHeight(id);
    const longest = longestInSubtree(this, id);
    if (this.maxLength[id]! === longest) return heightChanged;
    this.maxLength[id] = longest;
    return true;
  }

  /** Number of ranges in the tree. O(1). */
  get count(): number {
    return this.nodeCount;
  }

  /** Number of node slots allocated (the columns' length). O(1). */
  get capacity(): number {
    return this.start.length;
  }

  /** Length of the longest range, 0 when empty. O(1): the root's augmentation. */
  get largest(): number {
    return this.root === NIL ? 0 : this.maxLength[this.root]!;
  }

  /** Start of node `id`'s range. O(1). */
  startOf(id: number): number {
    return this.start[id]!;
  }

  /** End (exclusive) of node `id`'s range. O(1). */
  endOf(id: number): number {
    return this.end[id]!;
  }

  /** Length of node `id`'s range. O(1). */
  lengthOf(id: number): number {
    return this.end[id]! - this.start[id]!;
  }

  /** Whether `id` is a node currently in the tree. O(1). */
  has(id: number): boolean {
    return id >= 0 && id < this.used && this.height[id]! > 0;
  }

  protected grow(capacity: number): void {
    this.start = grown(this.start, capacity);
    this.end = grown(this.end, capacity);
    this.maxLength = grown(this.maxLength, capacity);
    this.growLinks(capacity);
  }

  /**
   * Add the range `[start, end)`. Cost: O(log n) (amortised: the columns
   * double when full).
   *
   * @returns the new node's id
   * @throws Error when the range is empty or overlaps a range in the tree
   *   (touching is allowed)
   */
  insert(start: number, end: number): number {
    if (!(start < end)) throw new Error(`cannot insert the empty range [${start}, ${end})`);
    const clash = this.firstOverlapping(start, end);
    if (clash !== NIL) {
      throw new Error(`[${start}, ${end}) overlaps [${this.start[clash]!}, ${this.end[clash]!})`);
    }
    const id = this.allocate();
    this.start[id] = start;
    this.end[id] = end;
    this.link(id);
    this.sizeIndex?.insert(id);
    this.nodeCount++;
    return id;
  }

  /**
   * Remove node `id`; its slot goes on the free list for the next insert.
   * Cost: O(log n).
   *
   * @throws Error when `id` is not in the tree
   */
  remove(id: number): void {
    if (!this.has(id)) throw new Error(`node ${id} is not in the tree`);
    this.sizeIndex?.remove(id);
    this.unlink(id);
    this.freeSlot(id);
    this.nodeCount--;
  }

  /**
   * Change node `id`'s range to `[start, end)` in place. The new range must
   * not overlap its neighbours (so the key order is unchanged). Used to
   * shrink a free range on reserve and grow it on coalescing release.
   *
   * Cost: O(log n): a neighbour check on each side that grows, then the augmentation is refreshed
   * along the root-to-node path (and the size index, if built, relinks it).
   *
   * @throws Error when `id` is not in the tree, the range is empty, or it
   *   would overlap a neighbour
   */
  resize(id: number, start: number, end: number): void {
    if (!this.has(id)) throw new Error(`node ${id} is not in the tree`);
    if (!(start < end)) throw new Error(`cannot resize node ${id} to the empty range [${start}, ${end})`);
    // Only a side that grows can reach a neighbour; shrinking (every reserve) skips the searches.
    const before = start < this.start[id]! ? this.prev(id) : NIL;
    const after = end > this.end[id]! ? this.next(id) : NIL;
    if ((before !== NIL && this.end[before]! > start) || (after !== NIL && this.start[after]! < end)) {
      throw new Error(`resizing node ${id} to [${start}, ${end}) would overlap a neighbour`);
    }
    this.sizeIndex?.remove(id);
    this.start[id] = start;
    this.end[id] = end;
    this.refreshPathTo(id);
    this.sizeIndex?.insert(id);
  }

  /** Recompute the augmentation on the root-to-`id` path, bottom-up, as far as it changes. */
  private refreshPathTo(id: number): void {
    const stack = this.stack;
    let top = 0;
    let node = this.root;
    const key = this.start[id]!;
    while (node !== id) {
      stack[top++] = node;
      node = key < this.start[node]! ? this.left[node]! : this.right[node]!;
    }
    // A node whose height and longest range come out unchanged leaves every
    // ancestor unchanged too.
    if (!this.refresh(id)) return;
    while (top > 0) if (!this.refresh(stack[--top]!)) return;
  }

  /** The node with the lowest start, or {@link NIL}. O(log n). */
  first(): number {
    let node = this.root;
    if (node === NIL) return NIL;
    while (this.left[node]! !== NIL) node = this.left[node]!;
    return node;
  }

  /** The node with the highest start, or {@link NIL}. O(log n). */
  last(): number {
    let node = this.root;
    if (node === NIL) return NIL;
    while (this.right[node]! !== NIL) node = this.right[node]!;
    return node;
  }

  /**
   * The in-order successor of node `id`, or {@link NIL}. O(log n): the tree
   * keeps no parent links (4 bytes a range saved), so this descends from the
   * root; use {@link RangeTree.forEach} to walk everything in O(n).
   */
  next(id: number): number {
    return this.firstStartingAfter(this.start[id]!);
  }

  /** The in-order predecessor of node `id`, or {@link NIL}. O(log n). */
  prev(id: number): number {
    return this.lastStartingBefore(this.start[id]!);
  }

  /** The node with the lowest start `> point`, or {@link NIL}. O(log n). */
  firstStartingAfter(point: number): number {
    let node = this.root;
    let found = NIL;
    while (node !== NIL) {
      if (this.start[node]! > point) {
        found = node;
        node = this.left[node]!;
      } else {
        node = this.right[node]!;
      }
    }
    return found;
  }

  /** The node with the highest start `< point`, or {@link NIL}. O(log n). */
  lastStartingBefore(point: number): number {
    let node = this.root;
    let found = NIL;
    while (node !== NIL) {
      if (this.start[node]! < point) {
        found = node;
        node = this.right[node]!;
      } else {
        node = this.left[node]!;
      }
    }
    return found;
  }

  /** The node whose range contains `point`, or {@link NIL}. O(log n). */
  containing(point: number): number {
    let node = this.root;
    while (node !== NIL) {
      if (point < this.start[node]!) node = this.left[node]!;
      else if (point < this.end[node]!) return node;
      else node = this.right[node]!;
    }
    return NIL;
  }

  /**
   * The lowest node whose range overlaps `[from, to)`, or {@link NIL}.
   * O(log n): ranges are disjoint, so ends ascend with starts and the first
   * range ending after `from` is the only candidate.
   */
  firstOverlapping(from: number, to: number): number {
    let node = this.root;
    let found = NIL;
    while (node !== NIL) {
      if (this.end[node]! > from) {
        found = node;
        node = this.left[node]!;
      } else {
        node = this.right[node]!;
      }
    }
    return found !== NIL && this.start[found]! < to && from < to ? found : NIL;
  }

  /** The node whose range starts exactly at `point`, or {@link NIL}. O(log n). */
  startingAt(point: number): number {
    let node = this.root;
    while (node !== NIL) {
      const s = this.start[node]!;
      if (point === s) return node;
      node = point < s ? this.left[node]! : this.right[node]!;
    }
    return NIL;
  }

  /** The node whose range ends exactly at `point`, or {@link NIL}. O(log n). */
  endingAt(point: number): number {
    const node = this.lastStartingBefore(point);
    return node !== NIL && this.end[node]! === point ? node : NIL;
  }

  /**
   * First fit ("instant fit" in vmem's words is the cheaper cousin): the
   * node holding the lowest position `p ≡ phase (mod alignment)` with
   * `[p, p + size)` inside one range, or {@link NIL}.
   *
   * An in-order walk that skips every subtree whose longest range is shorter
   * than `size`, then checks each surviving node exactly (the padding to the
   * phase is `(phase − start) mod alignment`).
   *
   * Cost: O((k + 1) log n), k being the ranges at least `size` long that
   * lie below the answer yet fail once padded — none when alignment is 1,
   * few in practice; no allocation.
   *
   * @param size granules wanted, > 0
   * @param phase required residue, `0 ≤ phase < alignment`
   * @param alignment a power of two (granules)
   */
  firstFitNode(size: number, phase: number, alignment: number): number {
    const { start, end, maxLength, left, right, stack } = this;
    let top = 0;
    let node = this.root;
    for (;;) {
      while (node !== NIL && maxLength[node]! >= size) {
        stack[top++] = node;
        node = left[node]!;
      }
      if (top === 0) return NIL;
      node = stack[--top]!;
      const s = start[node]!;
      if (paddingTo(s, phase, alignment) <= end[node]! - s - size) return node;
      node = right[node]!;
    }
  }

  /**
   * The position {@link RangeTree.firstFitNode} finds: the lowest
   * `p ≡ phase (mod alignment)` with `[p, p + size)` inside one range, or -1.
   * Same cost.
   */
  firstFit(size: number, phase: number, alignment: number): number {
    const node = this.firstFitNode(size, phase, alignment);
    return node === NIL ? -1 : firstCongruent(this.start[node]!, phase, alignment);
  }

  /**
   * Best fit: the node of the shortest range that can hold `size` granules
   * at phase `phase` modulo `alignment` (ties: lowest start), or
   * {@link NIL}.
   *
   * Served by a second index over the same ranges in (length, start) order,
   * built on the first call (O(n) once, by radix sort; 29 more bytes a range) and
   * maintained by every later insert, remove and resize (O(log n) each).
   * Cost after that: O(log n + k), k being the ranges between `size` and
   * `size + alignment − 1` long that fail once padded.
   */
  bestFitNode(size: number, phase: number, alignment: number): number {
    if (this.largest < size) return NIL;
    return this.ensureSizeIndex().bestFit(size, phase, alignment);
  }

  /**
   * The position inside {@link RangeTree.bestFitNode}'s range: its first
   * `p ≡ phase (mod alignment)`, or -1. Same cost.
   */
  bestFit(size: number, phase: number, alignment: number): number {
    const node = this.bestFitNode(size, phase, alignment);
    return node === NIL ? -1 : firstCongruent(this.start[node]!, phase, alignment);
  }

  /** Whether the best-fit index has been built (it is built lazily). O(1). */
  get hasSizeIndex(): boolean {
    return this.sizeIndex !== undefined;
  }

  private ensureSizeIndex(): SizeIndex {
    if (this.sizeIndex === undefined) {
      this.sizeIndex = SizeIndex.build(this, this.idsInOrder());
    }
    return this.sizeIndex;
  }

  /** Every node id in start order, as a new array. O(n), iterative. */
  private idsInOrder(): Int32Array {
    const { left, right, stack } = this;
    const ids = new Int32Array(this.nodeCount);
    let count = 0;
    let top = 0;
    let node = this.root;
    for (;;) {
      while (node !== NIL) {
        stack[top++] = node;
        node = left[node]!;
      }
      if (top === 0) return ids;
      node = stack[--top]!;
      ids[count++] = node;
      node = right[node]!;
    }
  }

  /**
   * Call `visit(start, end, id)` for every range in ascending order. O(n),
   * iterative, no allocation per range. The tree must not be changed during
   * the walk.
   */
  forEach(visit: (start: number, end: number, id: number) => void): void {
    const stack = new Int32Array(MAX_DEPTH);
    let top = 0;
    let node = this.root;
    for (;;) {
      while (node !== NIL) {
        stack[top++] = node;
        node = this.left[node]!;
      }
      if (top === 0) return;
      node = stack[--top]!;
      visit(this.start[node]!, this.end[node]!, node);
      node = this.right[node]!;
    }
  }

  /**
   * Assert every invariant: ranges non-empty, in start order, disjoint; AVL
   * balance and stored heights; `maxLength` equal to the longest range in
   * each subtree; the node count; the free list (each slot once, unlinked,
   * inside the used slots, and free + linked = used); the size index when
   * built. Cost: O(n).
   *
   * @throws Error naming the first broken invariant
   */
  checkValid(): void {
    let previousEnd = -Infinity;
    const linked = this.checkLinks((id) => {
      const s = this.start[id]!;
      const e = this.end[id]!;
      if (!(s < e)) throw new Error(`node ${id}: empty range [${s}, ${e})`);
      if (s < previousEnd) throw new Error(`node ${id}: [${s}, ${e}) overlaps the previous range ending at ${previousEnd}`);
      previousEnd = e;
      const longest = longestInSubtree(this, id);
      if (this.maxLength[id]! !== longest) {
        throw new Error(`node ${id}: maxLength ${this.maxLength[id]!}, longest range below is ${longest}`);
      }
    });
    if (linked !== this.nodeCount) throw new Error(`count is ${this.nodeCount}, the tree holds ${linked}`);
    let free = 0;
    for (let id = this.freeHead; id !== NIL; id = this.left[id]!) {
      if (id < 0 || id >= this.used) throw new Error(`free list: slot ${id} outside the ${this.used} used slots`);
      if (this.height[id]! !== 0) throw new Error(`free list: slot ${id} is linked in the tree`);
      if (++free > this.used) throw new Error('free list: cycle');
    }
    if (free + linked !== this.used) {
      throw new Error(`slots: ${free} free + ${linked} linked ≠ ${this.used} used`);
    }
    this.sizeIndex?.checkValid(this.nodeCount, (id) => this.has(id));
  }
}
