/**
 * The best-fit index of a {@link RangeTree}: its ranges linked a second time,
 * in (length, start) order.
 *
 * The index has its own slots, each holding a copy of one range's start and
 * length and the range tree's id for it (29 bytes a slot with the links).
 * Why copies: a best-fit query walks, in size order, every range that is long
 * enough but fails once padded to the phase — hundreds a query on fragmented
 * 1M-range maps with a large alignment. The bulk build numbers slots in size
 * order, so that walk reads neighbouring slots; reading the keys through the
 * range tree's ids instead cost several cache misses a candidate. The range
 * tree updates the index on every change ({@link SizeIndex.remove} before,
 * {@link SizeIndex.insert} after), and `checkValid` compares every copy with
 * the range tree's columns.
 *
 * The range tree builds it on the first best-fit query and keeps it current
 * from then on, which keeps a tree that is only ever first-fitted at its
 * bulk-build size.
 *
 * @module
 */
import { paddingTo } from '../congruence.js';
import { AvlLinks, bulkCapacity, grown, MAX_DEPTH, NIL } from './avl.js';

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
/** Digits covering one 32-bit word of a length: 11 + 11 + 10 bits. */
const DIGITS_PER_WORD = 3;
const TWO_POW_32 = 2 ** 32;

/** Slot columns: slot `i` is node `node[i]`, range `[start[i], start[i] + length[i])`. */
interface SlotColumns {
  node: Int32Array;
  start: Float64Array;
  length: Float64Array;
}

/**
 * The slot columns of a freshly built index, `capacity` slots long: the
 * ranges of `idsByStart` (node ids in start order) sorted stably by length, which leaves equal
 * lengths in start order — exactly the (length, start) key.
 *
 * An LSD radix sort: one counting pass per 11-bit digit of the length, low
 * digits first. Lengths are integers below 2^53; `>>>` takes an integer
 * modulo 2^32, so it reads low-word digits straight from the double, and
 * high-word digits (needed only when some length reaches 2^32) from
 * `length / 2^32`, exact because the divisor is a power of two. A digit that
 * every length shares would leave the order as it is, so its pass is
 * skipped: lengths under 2^22 cost two passes. The keys travel with the ids,
 * so each pass reads sequentially, and only the first gather (in start
 * order, which a bulk-built tree numbers sequentially) reads through ids.
 *
 * Cost: O(n) per pass, at most six; 40 bytes a slot of `capacity` at the
 * peak, half of which becomes the index.
 */
function sortedSlots(keys: RangeKeyColumns, idsByStart: Int32Array, capacity: number): SlotColumns {
  const n = idsByStart.length;
  let from: SlotColumns = { node: new Int32Array(capacity), start: new Float64Array(capacity), length: new Float64Array(capacity) };
  let longest = 0;
  for (let i = 0; i < n; i++) {
    const id = idsByStart[i]!;
    const s = keys.start[id]!;
    const length = keys.end[id]! - s;
    from.node[i] = id;
    from.start[i] = s;
    from.length[i] = length;
    if (length > longest) longest = length;
  }
  let to: SlotColumns = { node: new Int32Array(capacity), start: new Float64Array(capacity), length: new Float64Array(capacity) };
  const offsets = new Int32Array(DIGIT_MASK + 1);
  const digits = longest < TWO_POW_32 ? DIGITS_PER_WORD : 2 * DIGITS_PER_WORD;
  for (let digit = 0; digit < digits && n > 1; digit++) {
    const scale = digit < DIGITS_PER_WORD ? 1 : TWO_POW_32;
    const shift = (digit % DIGITS_PER_WORD) * DIGIT_BITS;
    if (radixPass(from, to, n, offsets, scale, shift)) [from, to] = [to, from];
  }
  return from;
}

/**
 * One stable counting-sort pass of the first `n` slots of `from` into `to` on the digit
 * `((length / scale) >>> shift) & DIGIT_MASK`. Returns false, having moved
 * nothing, when every length has the same digit. O(n).
 */
function radixPass(from: SlotColumns, to: SlotColumns, n: number, offsets: Int32Array, scale: number, shift: number): boolean {
  const { length } = from;
  offsets.fill(0);
  for (let i = 0; i < n; i++) offsets[((length[i]! / scale) >>> shift) & DIGIT_MASK]++;
  if (offsets[((length[0]! / scale) >>> shift) & DIGIT_MASK] === n) return false;
  let total = 0;
  for (let digit = 0; digit <= DIGIT_MASK; digit++) {
    const count = offsets[digit]!;
    offsets[digit] = total;
    total += count;
  }
  for (let i = 0; i < n; i++) {
    const key = length[i]!;
    const digit = ((key / scale) >>> shift) & DIGIT_MASK;
    const at = offsets[digit]!;
    offsets[digit] = at + 1;
    to.node[at] = from.node[i]!;
    to.start[at] = from.start[i]!;
    to.length[at] = key;
  }
  return true;
}

/**
 * AVL tree of slots ordered by (length, start), each slot naming a range-tree
 * node. Internal to the range tree; exported for its tests and for readers of
 * `RangeTree`.
 */
export class SizeIndex extends AvlLinks {
  private readonly keys: RangeKeyColumns;
  /** Range start by slot (a copy of the range tree's). */
  private start: Float64Array;
  /** Range length by slot. */
  private length: Float64Array;
  /** Range-tree node id by slot. */
  private node: Int32Array;
  private readonly stack = new Int32Array(MAX_DEPTH);

  private constructor(keys: RangeKeyColumns, slots: SlotColumns) {
    super(slots.node.length);
    this.keys = keys;
    this.start = slots.start;
    this.length = slots.length;
    this.node = slots.node;
  }

  /**
   * Index every node of the owning tree, slot `i` holding the `i`-th range
   * in (length, start) order. Cost: O(n) — a stable radix sort by length
   * (two counting passes for lengths under 2^22 granules, at most six) and
   * a balanced link over consecutive slots — where inserting one by one
   * would be O(n log n) with a cache miss per level. Allocates
   * `bulkCapacity(n)` slots.
   *
   * @param keys the owning tree's columns, read when a node is inserted or
   *   removed (so they may be replaced when the tree grows)
   * @param idsByStart the id of every node in the owning tree, in start order
   */
  static build(keys: RangeKeyColumns, idsByStart: Int32Array): SizeIndex {
    const count = idsByStart.length;
    const index = new SizeIndex(keys, sortedSlots(keys, idsByStart, bulkCapacity(count)));
    index.root = index.linkBalanced(0, count);
    index.used = count;
    return index;
  }

  protected before(a: number, b: number): boolean {
    const la = this.length[a]!;
    const lb = this.length[b]!;
    return la < lb || (la === lb && this.start[a]! < this.start[b]!);
  }

  protected refresh(slot: number): boolean {
    return this.refreshHeight(slot);
  }

  /** Add node `id` (its range already set). Cost: O(log n), amortised: the slots double when full. */
  insert(id: number): void {
    const slot = this.allocate();
    const s = this.keys.start[id]!;
    this.start[slot] = s;
    this.length[slot] = this.keys.end[id]! - s;
    this.node[slot] = id;
    this.link(slot);
  }

  /**
   * Remove node `id`; call before its range changes (the slot is found by
   * the range's key). Cost: O(log n).
   *
   * @throws Error when `id` is not indexed
   */
  remove(id: number): void {
    const slot = this.find(this.keys.end[id]! - this.keys.start[id]!, this.keys.start[id]!);
    if (slot === NIL || this.node[slot]! !== id) throw new Error(`node ${id} is not in the size index`);
    this.unlink(slot);
    this.freeSlot(slot);
  }

  /** The slot with key (`length`, `start`), or {@link NIL}. O(log n). */
  private find(length: number, start: number): number {
    let slot = this.root;
    while (slot !== NIL) {
      const l = this.length[slot]!;
      const s = this.start[slot]!;
      if (length === l && start === s) return slot;
      slot = length < l || (length === l && start < s) ? this.left[slot]! : this.right[slot]!;
    }
    return NIL;
  }

  protected grow(capacity: number): void {
    this.start = grown(this.start, capacity);
    this.length = grown(this.length, capacity);
    this.node = grown(this.node, capacity);
    this.growLinks(capacity);
  }

  /**
   * The range-tree node of the smallest range (ties: lowest start) holding
   * `size` at some `p ≡ phase (mod alignment)`, or {@link NIL}.
   *
   * Cost: O(log n + k), where k is the number of ranges at least `size` long
   * but too short once the padding to the phase is paid. Only ranges shorter
   * than `size + alignment − 1` can be skipped that way, so k is 0 when
   * alignment is 1; it reaches the hundreds on fragmented maps whose ranges
   * are a few alignments long, which is why the walk reads only this index's
   * own, size-ordered slots.
   */
  bestFit(size: number, phase: number, alignment: number): number {
    const { start, length, left, right, stack } = this;
    let top = 0;
    let slot = this.root;
    // Descend to the lowest key with length ≥ size; the stack holds the
    // ancestors we passed on the left, which are exactly its in-order successors.
    while (slot !== NIL) {
      if (length[slot]! >= size) {
        stack[top++] = slot;
        slot = left[slot]!;
      } else {
        slot = right[slot]!;
      }
    }
    while (top > 0) {
      slot = stack[--top]!;
      if (paddingTo(start[slot]!, phase, alignment) <= length[slot]! - size) return this.node[slot]!;
      for (let child = right[slot]!; child !== NIL; child = left[child]!) stack[top++] = child;
    }
    return NIL;
  }

  /**
   * Check order, balance and heights; that every slot names a node linked in
   * the owning tree (`isLinked`) and holds that node's current start and
   * length; that the index holds `expectedCount` slots; and the free list
   * (each slot once, unlinked, and free + linked = slots handed out).
   * Cost: O(n).
   *
   * @throws Error on the first violation
   */
  checkValid(expectedCount: number, isLinked: (id: number) => boolean): void {
    const { start, end } = this.keys;
    const count = this.checkLinks((slot) => {
      const id = this.node[slot]!;
      if (!isLinked(id)) throw new Error(`size index: node ${id} is not in the range tree`);
      if (this.start[slot]! !== start[id]! || this.length[slot]! !== end[id]! - start[id]!) {
        throw new Error(`size index: slot ${slot} holds [${this.start[slot]!}, +${this.length[slot]!}), node ${id} is [${start[id]!}, ${end[id]!})`);
      }
    });
    if (count !== expectedCount) throw new Error(`size index: holds ${count} nodes, the tree ${expectedCount}`);
    let free = 0;
    for (let slot = this.freeHead; slot !== NIL; slot = this.left[slot]!) {
      if (this.height[slot]! !== 0) throw new Error(`size index: free slot ${slot} is linked`);
      if (++free > this.used) throw new Error('size index: free list cycle');
    }
    if (free + count !== this.used) throw new Error(`size index: ${free} free + ${count} linked slots ≠ ${this.used} used`);
  }
}
