import fc from 'fast-check';
import t from 'tap';
import { AvlLinks, bulkCapacity, grown, MAX_DEPTH, NIL } from '../../src/tree/avl.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);

/**
 * The smallest tree AvlLinks can carry: one number key per node, and the
 * subtree's node count as its augmentation, so that the tests see both the
 * links and the refresh of an augmentation.
 */
class KeyTree extends AvlLinks {
  key: Float64Array;
  count: Int32Array;

  constructor(capacity = 4) {
    super(capacity);
    this.key = new Float64Array(capacity);
    this.count = new Int32Array(capacity);
  }

  static bulk(keys: readonly number[]): KeyTree {
    const tree = new KeyTree(bulkCapacity(keys.length));
    keys.forEach((key, id) => (tree.key[id] = key));
    tree.root = tree.linkBalanced(0, keys.length);
    tree.used = keys.length;
    return tree;
  }

  protected before(a: number, b: number): boolean {
    return this.key[a]! < this.key[b]!;
  }

  protected refresh(id: number): boolean {
    const heightChanged = this.refreshHeight(id);
    const below = (child: number): number => (child === NIL ? 0 : this.count[child]!);
    const count = 1 + below(this.left[id]!) + below(this.right[id]!);
    if (this.count[id] === count) return heightChanged;
    this.count[id] = count;
    return true;
  }

  protected grow(capacity: number): void {
    this.key = grown(this.key, capacity);
    this.count = grown(this.count, capacity);
    this.growLinks(capacity);
  }

  add(key: number): number {
    const id = this.allocate();
    this.key[id] = key;
    this.link(id);
    return id;
  }

  drop(id: number): void {
    this.unlink(id);
    this.freeSlot(id);
  }

  /** Ids in key order, with every link invariant and the augmentation checked on the way. */
  checked(): number[] {
    const ids: number[] = [];
    this.checkLinks((id) => ids.push(id));
    const below = (child: number): number => (child === NIL ? 0 : this.count[child]!);
    for (const id of ids) {
      if (this.count[id] !== 1 + below(this.left[id]!) + below(this.right[id]!)) throw new Error(`node ${id}: count ${this.count[id]}`);
    }
    return ids;
  }

  get size(): number {
    return this.root === NIL ? 0 : this.count[this.root]!;
  }

  get depth(): number {
    return this.root === NIL ? 0 : this.height[this.root]!;
  }
}

t.test('a bulk build is perfectly balanced, in key order, its augmentation computed bottom-up', async (t) => {
  for (const n of [0, 1, 2, 3, 7, 8, 100, 1000]) {
    const tree = KeyTree.bulk(Array.from({ length: n }, (_, i) => 10 * i));
    t.same(tree.checked(), Array.from({ length: n }, (_, i) => i), `${n} nodes in order`);
    t.equal(tree.size, n);
    t.equal(tree.depth, n === 0 ? 0 : Math.floor(Math.log2(n)) + 1, `${n} nodes: the shallowest height`);
  }
});

t.test('a bulk build leaves 1/64 headroom, at least 16 slots', async (t) => {
  t.equal(bulkCapacity(0), 16);
  t.equal(bulkCapacity(6400), 6500);
  t.equal(bulkCapacity(6401), 6502);
});

t.test('slots are reused last freed first, and the columns double when full', async (t) => {
  const tree = new KeyTree(2);
  const a = tree.add(5);
  const b = tree.add(3);
  const c = tree.add(9);
  t.same([a, b, c], [0, 1, 2]);
  t.equal(tree.height.length, 4, 'doubled');
  t.same(tree.checked(), [b, a, c], 'contents kept through the growth');
  tree.drop(a);
  tree.drop(c);
  t.equal(tree.add(1), c);
  t.equal(tree.add(2), a);
  t.equal(tree.add(4), 3);
  t.same(tree.checked().map((id) => tree.key[id]), [1, 2, 3, 4]);
});

t.test('unlinking a node that is not in the tree is refused', async (t) => {
  const tree = KeyTree.bulk([1, 2, 3]);
  tree.drop(1);
  t.throws(() => tree.drop(1), /node 1 is not in the tree/);
});

t.test('checkLinks names a broken order, height or balance', async (t) => {
  let tree = KeyTree.bulk([1, 2, 3, 4, 5]);
  tree.key[tree.root] = 99;
  t.throws(() => tree.checked(), /order/);
  tree = KeyTree.bulk([1, 2, 3, 4, 5]);
  tree.height[tree.root] = 9;
  t.throws(() => tree.checked(), /height: node/);
  tree = KeyTree.bulk([1, 2, 3, 4, 5, 6, 7]);
  tree.left[tree.root] = NIL;
  t.throws(() => tree.checked(), /balance/);
});

t.test('a copy of a column keeps its type and contents', async (t) => {
  const column = Int8Array.of(1, -2, 3);
  const copy = grown(column, 5);
  t.ok(copy instanceof Int8Array);
  t.same(Array.from(copy), [1, -2, 3, 0, 0]);
});

/** Random inserts and removes: key order, ids, balance and the augmentation after every step. */
t.test('property: random operations keep the tree equal to a sorted list, ids fixed to their keys', async () => {
  const operations = fc.array(fc.record({ insert: fc.boolean(), key: fc.integer({ min: 0, max: 300 }), pick: fc.nat() }), { maxLength: 200 });
  fc.assert(
    fc.property(operations, (ops) => {
      const tree = new KeyTree();
      const live = new Map<number, number>(); // key → id
      for (const op of ops) {
        if (op.insert && !live.has(op.key)) live.set(op.key, tree.add(op.key));
        else if (!op.insert && live.size > 0) {
          const key = [...live.keys()][op.pick % live.size]!;
          tree.drop(live.get(key)!);
          live.delete(key);
        }
        const ids = tree.checked();
        const expected = [...live.entries()].sort((a, b) => a[0] - b[0]);
        if (ids.length !== expected.length || ids.some((id, k) => id !== expected[k]![1] || tree.key[id] !== expected[k]![0])) return false;
        if (tree.size !== live.size || tree.depth > MAX_DEPTH) return false;
        // AVL: at most 1.44 log2(n + 2) high.
        if (tree.depth > 1.45 * Math.log2(live.size + 2)) return false;
      }
      return true;
    }),
    { numRuns: runs },
  );
});
