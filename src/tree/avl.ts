/**
 * The balancing core shared by the range tree and its size index: AVL links
 * (left, right, height) in typed-array columns over integer node ids.
 *
 * A subclass supplies the key order ({@link AvlLinks.before}), the
 * augmentation ({@link AvlLinks.refresh}) and its own columns
 * ({@link AvlLinks.grow}); this class relinks ids and hands out slots. Ids
 * never move: removal relinks the successor node in place of the removed one
 * instead of copying keys, because two indexes share the same ids and a
 * caller may hold an id across operations on other nodes.
 *
 * Why AVL: heights fit in an int8 column (a tree of 2^31 nodes is at most 45
 * high), the balance rule is local and easy to check in `checkValid`, and
 * lookups — the hot path here — get the shallowest tree of the usual schemes.
 *
 * @module
 */

/** The null node id. */
export const NIL = -1;

/**
 * Deepest path an AVL tree of up to 2^31 nodes can have (1.44·log2 n + 2),
 * rounded up. Iterative traversals preallocate stacks of this size.
 */
export const MAX_DEPTH = 64;

/**
 * Slots a bulk build allocates for `count` nodes: 1/64 more, at least 16.
 * Without headroom the first insert after a bulk build doubles and copies
 * every column — on 1M ranges about 60 MB and a third of a 10k-block
 * placement's time — while a placement adds at most one node per block.
 */
export function bulkCapacity(count: number): number {
  return count + Math.max(16, Math.ceil(count / 64));
}

/** A copy of the typed-array column `column` with room for `capacity` entries. O(capacity). */
export function grown<T extends Float64Array | Int32Array | Int8Array>(column: T, capacity: number): T {
  const copy = new (column.constructor as new (length: number) => T)(capacity);
  copy.set(column);
  return copy;
}

/**
 * AVL links over node ids `0 … capacity-1`. Height 0 marks a slot not in this
 * tree; a node in the tree has height ≥ 1.
 */
export abstract class AvlLinks {
  /** Left child id per node, or {@link NIL}. */
  left: Int32Array;
  /** Right child id per node, or {@link NIL}. */
  right: Int32Array;
  /** Subtree height per node (1 for a leaf; 0 when the slot is not linked). */
  height: Int8Array;
  /** Root id, or {@link NIL} when empty. */
  root = NIL;
  /** Slots `0 … used-1` have been handed out at least once. */
  protected used = 0;
  /** Head of the free-slot list, threaded through `left`. */
  protected freeHead = NIL;
  /** Ancestors of the node being linked or unlinked, root first. */
  private readonly path = new Int32Array(MAX_DEPTH);

  /** @param capacity number of node slots to allocate up front */
  protected constructor(capacity: number) {
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.height = new Int8Array(capacity);
  }

  /**
   * Whether node `a` orders before node `b`. Keys are unique, so `a !== b`
   * implies exactly one of `before(a, b)` and `before(b, a)`.
   */
  protected abstract before(a: number, b: number): boolean;

  /**
   * Recompute `height[id]` and any augmentation from the children; return
   * whether any of them changed. Relinking stops climbing at the first node
   * that reports no change, since nothing above it can change either.
   */
  protected abstract refresh(id: number): boolean;

  /**
   * Grow every column to `capacity` slots, keeping their contents: the
   * subclass's own columns, then the links through {@link AvlLinks.growLinks}.
   */
  protected abstract grow(capacity: number): void;

  /**
   * A slot for a new node: the last one freed, else the next never used,
   * doubling the columns when they are full. O(1) amortised.
   */
  protected allocate(): number {
    if (this.freeHead !== NIL) {
      const slot = this.freeHead;
      this.freeHead = this.left[slot]!;
      return slot;
    }
    if (this.used === this.height.length) this.grow(this.height.length * 2);
    return this.used++;
  }

  /** Put slot `slot`, already unlinked, on the free list for the next {@link AvlLinks.allocate}. O(1). */
  protected freeSlot(slot: number): void {
    this.left[slot] = this.freeHead;
    this.freeHead = slot;
  }

  /** Grow the link columns to `capacity` slots, keeping their contents. */
  protected growLinks(capacity: number): void {
    this.left = grown(this.left, capacity);
    this.right = grown(this.right, capacity);
    this.height = grown(this.height, capacity);
  }

  /** Height of a subtree, 0 for {@link NIL}. */
  protected heightOf(id: number): number {
    return id === NIL ? 0 : this.height[id]!;
  }

  /** The standard AVL height rule, shared by subclasses' `refresh`; returns whether the height changed. */
  protected refreshHeight(id: number): boolean {
    const hl = this.heightOf(this.left[id]!);
    const hr = this.heightOf(this.right[id]!);
    const h = (hl > hr ? hl : hr) + 1;
    if (this.height[id]! === h) return false;
    this.height[id] = h;
    return true;
  }

  /**
   * Link slots `from … to-1`, already in key order, as a perfectly balanced
   * subtree and return its root: the bulk build of both trees. Each node is
   * refreshed once its children are linked, so heights and the subclass's
   * augmentation come out bottom-up with no second pass.
   * Cost: O(to − from); recursion depth log2 n.
   */
  protected linkBalanced(from: number, to: number): number {
    if (from >= to) return NIL;
    const mid = (from + to) >>> 1;
    this.left[mid] = this.linkBalanced(from, mid);
    this.right[mid] = this.linkBalanced(mid + 1, to);
    this.refresh(mid);
    return mid;
  }

  /**
   * Link the slot `id` (whose key is already set) into the tree.
   * Cost: O(log n) for the descent; the climb back stops where nothing changes.
   */
  protected link(id: number): void {
    const { left, right, path } = this;
    left[id] = NIL;
    right[id] = NIL;
    this.refresh(id);
    let depth = 0;
    let node = this.root;
    let goLeft = false;
    while (node !== NIL) {
      path[depth++] = node;
      goLeft = this.before(id, node);
      node = goLeft ? left[node]! : right[node]!;
    }
    if (depth === 0) {
      this.root = id;
      return;
    }
    if (goLeft) left[path[depth - 1]!] = id;
    else right[path[depth - 1]!] = id;
    this.climb(depth, depth);
  }

  /**
   * Unlink node `id` from the tree; its key must be unchanged since it was
   * linked (the descent compares keys). Marks the slot with height 0. A node
   * with two children is replaced by its successor, relinked in place: ids
   * never move. Cost: O(log n).
   *
   * @throws Error when `id` is not in the tree
   */
  protected unlink(id: number): void {
    const { left, right, path } = this;
    let depth = 0;
    let node = this.root;
    while (node !== id) {
      if (node === NIL) throw new Error(`node ${id} is not in the tree`);
      path[depth++] = node;
      node = this.before(id, node) ? left[node]! : right[node]!;
    }
    const l = left[id]!;
    const r = right[id]!;
    this.height[id] = 0;
    if (l === NIL || r === NIL) {
      this.replaceChild(depth, id, l === NIL ? r : l);
      this.climb(depth, depth);
      return;
    }
    // The successor (leftmost below r) takes id's place at path[at]. Its
    // stored height and augmentation describe its old place, so "no change"
    // proves nothing until the climb has passed it: force every level from
    // its old parent up to `at`.
    const at = depth++;
    let successor = r;
    while (left[successor]! !== NIL) {
      path[depth++] = successor;
      successor = left[successor]!;
    }
    if (successor !== r) {
      left[path[depth - 1]!] = right[successor]!;
      right[successor] = r;
    }
    left[successor] = l;
    path[at] = successor;
    this.replaceChild(at, id, successor);
    this.climb(depth, at);
  }

  /** Point the parent of `path[depth]` (or the root) at `next` instead of `previous`. */
  private replaceChild(depth: number, previous: number, next: number): void {
    if (depth === 0) {
      this.root = next;
      return;
    }
    const parent = this.path[depth - 1]!;
    if (this.left[parent]! === previous) this.left[parent] = next;
    else this.right[parent] = next;
  }

  /**
   * Rebalance and refresh `path[depth-1]` up to `path[0]` after the subtree
   * below changed. Stops at the first balanced node whose refresh changes
   * nothing, except at levels `≥ forceFrom`, which are always refreshed.
   */
  private climb(depth: number, forceFrom: number): void {
    const { left, right, path } = this;
    for (let i = depth - 1; i >= 0; i--) {
      const node = path[i]!;
      const balance = this.heightOf(left[node]!) - this.heightOf(right[node]!);
      if (balance >= -1 && balance <= 1) {
        if (!this.refresh(node) && i < forceFrom) return;
        continue;
      }
      this.replaceChild(i, node, this.rotate(node, balance));
    }
  }

  /** Restore the AVL rule at `node`, out of balance by `balance` (±2); returns the new subtree root. */
  private rotate(node: number, balance: number): number {
    if (balance > 1) {
      const l = this.left[node]!;
      if (this.heightOf(this.left[l]!) < this.heightOf(this.right[l]!)) this.left[node] = this.rotateLeft(l);
      return this.rotateRight(node);
    }
    const r = this.right[node]!;
    if (this.heightOf(this.right[r]!) < this.heightOf(this.left[r]!)) this.right[node] = this.rotateRight(r);
    return this.rotateLeft(node);
  }

  private rotateRight(node: number): number {
    const pivot = this.left[node]!;
    this.left[node] = this.right[pivot]!;
    this.right[pivot] = node;
    this.refresh(node);
    this.refresh(pivot);
    return pivot;
  }

  private rotateLeft(node: number): number {
    const pivot = this.right[node]!;
    this.right[node] = this.left[pivot]!;
    this.left[pivot] = node;
    this.refresh(node);
    this.refresh(pivot);
    return pivot;
  }

  /**
   * Check the link invariants of the subtree at `node`: key order (every node
   * after its in-order predecessor), stored heights, the AVL balance rule.
   * Calls `visit` once per node in key order. Returns the number of nodes.
   *
   * @throws Error naming the first broken invariant
   */
  protected checkLinks(visit: (id: number) => void): number {
    let count = 0;
    let previous = NIL;
    const walk = (node: number, depth: number): number => {
      if (node === NIL) return 0;
      if (depth > MAX_DEPTH) throw new Error('tree deeper than MAX_DEPTH: a cycle?');
      if (node < 0 || node >= this.height.length) throw new Error(`node id ${node} out of range`);
      const hl = walk(this.left[node]!, depth + 1);
      if (previous !== NIL && !this.before(previous, node)) {
        throw new Error(`order: node ${previous} does not precede node ${node}`);
      }
      previous = node;
      count++;
      visit(node);
      const hr = walk(this.right[node]!, depth + 1);
      if (hl - hr > 1 || hr - hl > 1) throw new Error(`balance: node ${node} has child heights ${hl} and ${hr}`);
      const h = (hl > hr ? hl : hr) + 1;
      if (this.height[node]! !== h) throw new Error(`height: node ${node} stores ${this.height[node]!}, is ${h}`);
      return h;
    };
    walk(this.root, 0);
    return count;
  }
}
