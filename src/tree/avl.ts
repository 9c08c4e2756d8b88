/**
 * The balancing core shared by the range tree and its size index: AVL links
 * (left, right, height) in typed-array columns over integer node ids.
 *
 * A subclass supplies the key order ({@link AvlLinks.before}) and the
 * augmentation ({@link AvlLinks.refresh}); this class only relinks ids. Ids
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

  /** Recompute `height[id]` and any augmentation from the children. */
  protected abstract refresh(id: number): void;

  /** Grow the link columns to `capacity` slots, keeping their contents. */
  protected growLinks(capacity: number): void {
    const left = new Int32Array(capacity);
    const right = new Int32Array(capacity);
    const height = new Int8Array(capacity);
    left.set(this.left);
    right.set(this.right);
    height.set(this.height);
    this.left = left;
    this.right = right;
    this.height = height;
  }

  /** Height of a subtree, 0 for {@link NIL}. */
  protected heightOf(id: number): number {
    return id === NIL ? 0 : this.height[id]!;
  }

  /** The standard AVL height rule, shared by subclasses' `refresh`. */
  protected refreshHeight(id: number): void {
    const hl = this.heightOf(this.left[id]!);
    const hr = this.heightOf(this.right[id]!);
    this.height[id] = (hl > hr ? hl : hr) + 1;
  }

  /**
   * Link the slot `id` (whose key is already set) into the tree.
   * Cost: O(log n).
   */
  protected link(id: number): void {
    this.left[id] = NIL;
    this.right[id] = NIL;
    this.refresh(id);
    this.root = this.linkUnder(this.root, id);
  }

  private linkUnder(node: number, id: number): number {
    if (node === NIL) return id;
    if (this.before(id, node)) this.left[node] = this.linkUnder(this.left[node]!, id);
    else this.right[node] = this.linkUnder(this.right[node]!, id);
    return this.rebalance(node);
  }

  /**
   * Unlink node `id` from the tree; its key must be unchanged since it was
   * linked (the descent compares keys). Marks the slot with height 0.
   * Cost: O(log n).
   */
  protected unlink(id: number): void {
    this.root = this.unlinkUnder(this.root, id);
    this.height[id] = 0;
  }

  private unlinkUnder(node: number, id: number): number {
    if (node === NIL) throw new Error(`node ${id} is not in the tree`);
    if (node === id) {
      const l = this.left[node]!;
      const r = this.right[node]!;
      if (l === NIL) return r;
      if (r === NIL) return l;
      let successor = r;
      while (this.left[successor]! !== NIL) successor = this.left[successor]!;
      this.right[successor] = this.unlinkMin(r);
      this.left[successor] = l;
      return this.rebalance(successor);
    }
    if (this.before(id, node)) this.left[node] = this.unlinkUnder(this.left[node]!, id);
    else this.right[node] = this.unlinkUnder(this.right[node]!, id);
    return this.rebalance(node);
  }

  /** Remove the leftmost node of a subtree; returns the new subtree root. */
  private unlinkMin(node: number): number {
    if (this.left[node]! === NIL) return this.right[node]!;
    this.left[node] = this.unlinkMin(this.left[node]!);
    return this.rebalance(node);
  }

  /** Restore the AVL rule at `node` (children already valid); returns the subtree root. */
  private rebalance(node: number): number {
    const l = this.left[node]!;
    const r = this.right[node]!;
    const balance = this.heightOf(l) - this.heightOf(r);
    if (balance > 1) {
      if (this.heightOf(this.left[l]!) < this.heightOf(this.right[l]!)) this.left[node] = this.rotateLeft(l);
      return this.rotateRight(node);
    }
    if (balance < -1) {
      if (this.heightOf(this.right[r]!) < this.heightOf(this.left[r]!)) this.right[node] = this.rotateRight(r);
      return this.rotateLeft(node);
    }
    this.refresh(node);
    return node;
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
