import t from 'tap';
import fc from 'fast-check';
import { NIL, RangeTree } from '../../src/tree/range-tree.js';
import { NaiveRanges, type Span } from './naive-ranges.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);

/** The tree's ranges in order, as spans. */
function spansOf(tree: RangeTree): Span[] {
  const out: Span[] = [];
  tree.forEach((s, e) => out.push([s, e]));
  return out;
}

/** The span of a node id, or undefined for NIL. */
function spanOf(tree: RangeTree, id: number): Span | undefined {
  return id === NIL ? undefined : [tree.startOf(id), tree.endOf(id)];
}

function treeOf(spans: readonly Span[]): RangeTree {
  return RangeTree.fromSorted(spans.map((s) => s[0]), spans.map((s) => s[1]), spans.length);
}

t.test('an empty tree answers every query with NIL', async (t) => {
  const tree = new RangeTree();
  t.equal(tree.count, 0);
  t.equal(tree.largest, 0);
  t.equal(tree.first(), NIL);
  t.equal(tree.last(), NIL);
  t.equal(tree.containing(5), NIL);
  t.equal(tree.firstOverlapping(0, 10), NIL);
  t.equal(tree.firstFit(1, 0, 1), -1);
  t.equal(tree.bestFit(1, 0, 1), -1);
  t.equal(tree.endingAt(3), NIL);
  t.equal(tree.startingAt(3), NIL);
  t.notOk(tree.hasSizeIndex, 'an impossible best fit does not build the size index');
  tree.checkValid();
});

t.test('bulk build makes a balanced tree of n slots and 1/64 headroom', async (t) => {
  const n = 1000;
  const spans: Span[] = [];
  for (let i = 0; i < n; i++) spans.push([i * 10, i * 10 + 1 + (i % 7)]);
  const tree = treeOf(spans);
  tree.checkValid();
  t.equal(tree.count, n);
  t.equal(tree.capacity, n + 16, 'at least 16 spare slots');
  t.equal(treeOf(Array.from({ length: 6400 }, (_, i): Span => [2 * i, 2 * i + 1])).capacity, 6500, 'n/64 spare slots');
  t.equal(tree.largest, 7);
  t.ok(tree.height[tree.root]! <= 10, 'height is ceil(log2(n + 1))');
  t.same(spansOf(tree), spans);
});

t.test('bulk build rejects unsorted, overlapping and empty input', async (t) => {
  t.throws(() => treeOf([[0, 10], [5, 20]]), /starts at 5, before the previous range ends at 10/);
  t.throws(() => treeOf([[10, 20], [0, 5]]), /before the previous range/);
  t.throws(() => treeOf([[0, 0]]), /range 0 \[0, 0\) is empty/);
  t.doesNotThrow(() => treeOf([[0, 10], [10, 20]]), 'touching ranges are fine');
});

t.test('inserting past capacity doubles the columns and keeps everything', async (t) => {
  const tree = new RangeTree(2);
  for (let i = 0; i < 100; i++) tree.insert(i * 3, i * 3 + 2);
  tree.checkValid();
  t.equal(tree.count, 100);
  t.equal(tree.capacity, 128);
  t.equal(new RangeTree(0).capacity, 1, 'capacity is at least one slot');
});

t.test('removed slots are reused before the columns grow', async (t) => {
  const tree = new RangeTree(4);
  const ids = [tree.insert(0, 1), tree.insert(2, 3), tree.insert(4, 5), tree.insert(6, 7)];
  tree.remove(ids[1]!);
  tree.remove(ids[3]!);
  tree.checkValid();
  const reused = [tree.insert(10, 11), tree.insert(12, 13)];
  t.same(reused.sort(), [ids[1], ids[3]].sort());
  t.equal(tree.capacity, 4);
  tree.checkValid();
});

t.test('insert rejects empty and overlapping ranges, naming them', async (t) => {
  const tree = new RangeTree();
  tree.insert(10, 20);
  t.throws(() => tree.insert(5, 5), /cannot insert the empty range \[5, 5\)/);
  t.throws(() => tree.insert(15, 25), /\[15, 25\) overlaps \[10, 20\)/);
  t.doesNotThrow(() => tree.insert(20, 30), 'touching is allowed');
});

t.test('remove and resize reject ids not in the tree', async (t) => {
  const tree = new RangeTree();
  const id = tree.insert(0, 10);
  tree.remove(id);
  t.throws(() => tree.remove(id), /node 0 is not in the tree/);
  t.throws(() => tree.remove(-1), /not in the tree/);
  t.throws(() => tree.resize(id, 0, 5), /node 0 is not in the tree/);
});

t.test('resize keeps order and refuses to overlap a neighbour', async (t) => {
  const tree = new RangeTree();
  tree.insert(0, 10);
  const middle = tree.insert(20, 30);
  tree.insert(40, 50);
  t.throws(() => tree.resize(middle, 5, 30), /would overlap a neighbour/);
  t.throws(() => tree.resize(middle, 20, 45), /would overlap a neighbour/);
  t.throws(() => tree.resize(middle, 25, 25), /empty range/);
  tree.resize(middle, 10, 40);
  tree.checkValid();
  t.equal(tree.largest, 30);
  t.same(spanOf(tree, tree.containing(39)), [10, 40]);
});

t.test('point and adjacency queries', async (t) => {
  const tree = treeOf([[0, 10], [10, 20], [30, 40]]);
  t.same(spanOf(tree, tree.containing(10)), [10, 20], 'half-open: 10 belongs to the second range');
  t.equal(tree.containing(25), NIL);
  t.same(spanOf(tree, tree.endingAt(20)), [10, 20]);
  t.equal(tree.endingAt(30), NIL);
  t.same(spanOf(tree, tree.startingAt(30)), [30, 40]);
  t.same(spanOf(tree, tree.firstOverlapping(19, 35)), [10, 20]);
  t.equal(tree.firstOverlapping(20, 30), NIL, 'the gap overlaps nothing');
  t.equal(tree.firstOverlapping(5, 5), NIL, 'an empty query overlaps nothing');
  t.same(spanOf(tree, tree.next(tree.first())), [10, 20]);
  t.same(spanOf(tree, tree.prev(tree.last())), [10, 20]);
  t.equal(tree.next(tree.last()), NIL);
  t.equal(tree.prev(tree.first()), NIL);
  t.equal(tree.lengthOf(tree.first()), 10);
});

t.test('first fit pays the padding to the phase and picks the lowest position', async (t) => {
  const tree = treeOf([[1, 9], [13, 40], [64, 200]]);
  t.equal(tree.firstFit(8, 0, 1), 1, 'alignment 1: the first long-enough range');
  t.equal(tree.firstFit(8, 0, 8), 16, 'the first range is 8 long but padding 7 makes it miss');
  t.equal(tree.firstFit(8, 5, 8), 13, 'phase 5 needs no padding at 13');
  t.equal(tree.firstFit(30, 0, 64), 64);
  t.equal(tree.firstFit(200, 0, 1), -1);
  t.equal(tree.firstFit(130, 0, 128), -1, 'long enough but not once padded');
  t.equal(tree.startOf(tree.firstFitNode(8, 0, 8)), 13);
});

t.test('best fit picks the smallest range that fits, ties to the lowest address', async (t) => {
  const tree = treeOf([[0, 100], [200, 210], [300, 310], [400, 405], [500, 520]]);
  t.equal(tree.bestFit(8, 0, 1), 200, 'two 10-long ranges: the lower one');
  t.ok(tree.hasSizeIndex, 'the size index is built on first use');
  t.equal(tree.bestFit(8, 4, 8), 300, 'at 200 phase 4 costs 4 granules of padding; at 300 none');
  t.equal(tree.bestFit(8, 3, 8), 507, 'neither 10-long range can take phase 3');
  t.equal(tree.bestFit(5, 0, 1), 400);
  t.equal(tree.bestFit(21, 0, 1), 0);
  t.equal(tree.bestFit(101, 0, 1), -1);
  t.equal(tree.bestFit(100, 1, 2), -1, 'only the 100-long range is long enough and it is misaligned');
  tree.checkValid();
});

t.test('the size index follows inserts, removes, resizes and growth', async (t) => {
  const tree = new RangeTree(1);
  const a = tree.insert(0, 50);
  t.equal(tree.bestFit(10, 0, 1), 0);
  const b = tree.insert(100, 112);
  t.equal(tree.bestFit(10, 0, 1), 100);
  tree.resize(b, 100, 105);
  t.equal(tree.bestFit(10, 0, 1), 0);
  tree.remove(a);
  t.equal(tree.bestFit(10, 0, 1), -1);
  tree.checkValid();
  for (let i = 1; i <= 40; i++) tree.insert(1000 * i, 1000 * i + i);
  tree.checkValid();
  t.equal(tree.bestFit(40, 0, 1), 40000, 'past its bulk capacity the index grows and keeps every range');
});

/** Lengths that land on radix digit boundaries (11-bit digits, 32-bit words) and beyond 2^32. */
const lengthPool = [1, 2, 2047, 2048, 2049, 2 ** 22 - 1, 2 ** 22, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 33 + 2048, 2 ** 43 + 7, 2 ** 44];

t.test('the size index bulk build orders lengths of every magnitude by (length, start)', async (t) => {
  const lengthArbitrary = fc.oneof(fc.constantFrom(...lengthPool), fc.integer({ min: 1, max: 2 ** 44 }), fc.integer({ min: 1, max: 4096 }));
  fc.assert(
    fc.property(fc.array(fc.tuple(lengthArbitrary, fc.nat(2 ** 40)), { maxLength: 120 }), fc.array(fc.constantFrom(...lengthPool), { minLength: 1, maxLength: 8 }), (ranges, sizes) => {
      const spans: Span[] = [];
      let at = 0;
      for (const [length, gap] of ranges) {
        spans.push([at + gap, at + gap + length]);
        at += gap + length;
      }
      const tree = treeOf(spans);
      const naive = new NaiveRanges();
      naive.spans = spans.slice();
      for (const size of sizes) {
        if (tree.bestFit(size, 0, 1) !== naive.bestFit(size, 0, 1)) throw new Error(`bestFit(${size}) differs`);
      }
      tree.checkValid();
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.pass(`${FUZZ_RUNS} runs`);
});

t.test('ranges near 2^53 keep exact arithmetic', async (t) => {
  const base = 2 ** 51;
  const tree = treeOf([[base + 3, base + 40], [2 ** 53 - 64, 2 ** 53]]);
  t.equal(tree.firstFit(16, 0, 16), base + 16);
  t.equal(tree.bestFit(64, 0, 64), 2 ** 53 - 64);
  t.equal(tree.firstFit(64, 1, 64), -1);
  t.equal(tree.containing(2 ** 53 - 1), tree.last());
  t.equal(tree.firstFit(8, 0, 2 ** 50), -1, 'no multiple of 2^50 inside either range');
  t.equal(tree.firstFit(8, 2 ** 50 - 64, 2 ** 50), 2 ** 53 - 64);
});

t.test('a huge alignment: only ranges crossing a multiple of it can serve phase 0', async (t) => {
  const big = 2 ** 40;
  const tree = treeOf([[1, big], [big + 5, 3 * big]]);
  t.equal(tree.firstFit(10, 0, big), 2 * big);
  t.equal(tree.bestFit(10, 0, big), 2 * big);
  t.equal(tree.firstFit(10, 7, big), 7, 'phase 7 fits in the first range');
});

t.test('checkValid catches corrupted columns', async (t) => {
  const fresh = (): RangeTree => treeOf([[0, 10], [20, 30], [40, 50], [60, 70], [80, 90]]);
  let tree = fresh();
  tree.start[tree.root] = 85;
  tree.end[tree.root] = 86;
  t.throws(() => tree.checkValid(), /order/, 'keys out of order');
  tree = fresh();
  tree.start[tree.next(tree.first())] = 5;
  t.throws(() => tree.checkValid(), /node 1: \[5, 30\) overlaps the previous range ending at 10/);
  tree = fresh();
  tree.end[tree.last()] = 80;
  t.throws(() => tree.checkValid(), /empty range/);
  tree = fresh();
  tree.maxLength[tree.root] = 99;
  t.throws(() => tree.checkValid(), /maxLength 99/);
  tree = fresh();
  tree.height[tree.root] = 7;
  t.throws(() => tree.checkValid(), /height: node/);
  tree = fresh();
  tree.left[tree.left[tree.root]!] = NIL;
  t.throws(() => tree.checkValid(), /height: node 1 stores 2, is 1/);
  tree = fresh();
  tree.left[tree.root] = NIL;
  t.throws(() => tree.checkValid(), /balance: node 2 has child heights 0 and 2/, 'right-heavy');
  tree = treeOf([[0, 1], [2, 3], [4, 5], [6, 7]]);
  tree.right[tree.root] = NIL;
  t.throws(() => tree.checkValid(), /balance: node 2 has child heights 2 and 0/, 'left-heavy');
  tree = fresh();
  tree.left[tree.root] = 99;
  t.throws(() => tree.checkValid(), /out of range/);
  tree = fresh();
  tree.left[tree.first()] = tree.root;
  t.throws(() => tree.checkValid(), /deeper than MAX_DEPTH|order/);
});

t.test('checkValid catches a broken free list and a broken size index', async (t) => {
  const fresh = (): RangeTree => {
    const tree = treeOf([[0, 10], [20, 30], [40, 50], [60, 70]]);
    tree.remove(tree.first());
    tree.remove(tree.last());
    return tree;
  };
  let tree = fresh();
  tree.checkValid();
  tree.left[0] = 3;
  t.throws(() => tree.checkValid(), /free list: cycle/);
  tree = fresh();
  tree.left[3] = 1;
  t.throws(() => tree.checkValid(), /free list: slot 1 is linked/);
  tree = fresh();
  tree.left[3] = 7;
  t.throws(() => tree.checkValid(), /free list: slot 7 outside/);
  tree = fresh();
  tree.left[3] = NIL;
  t.throws(() => tree.checkValid(), /slots: 1 free \+ 2 linked ≠ 4 used/);
  tree = fresh();
  (tree as unknown as { nodeCount: number }).nodeCount = 5;
  t.throws(() => tree.checkValid(), /count is 5, the tree holds 2/);

  tree = treeOf([[0, 10], [20, 25], [40, 41]]);
  tree.bestFit(1, 0, 1);
  tree.checkValid();
  tree.height[1] = 0;
  t.throws(() => tree.checkValid(), /height|not in the range tree/);
});

/** The size index's private columns, for corrupting them on purpose. */
interface SizeIndexInternals {
  remove(id: number): void;
  checkValid(expectedCount: number, isLinked: (id: number) => boolean): void;
  start: Float64Array;
  left: Int32Array;
  height: Int8Array;
  freeHead: number;
}

function sizeIndexOf(tree: RangeTree): SizeIndexInternals {
  tree.bestFit(1, 0, 1);
  return (tree as unknown as { sizeIndex: SizeIndexInternals }).sizeIndex;
}

t.test('the size index refuses a node it does not hold', async (t) => {
  const tree = treeOf([[0, 10], [20, 25]]);
  const index = sizeIndexOf(tree);
  index.remove(0);
  t.throws(() => index.remove(0), /node 0 is not in the size index/);
  t.throws(() => index.checkValid(2, () => true), /size index: holds 1 nodes, the tree 2/);
  t.throws(() => index.checkValid(1, () => false), /size index: node 1 is not in the range tree/);
});

t.test('checkValid catches a size index that disagrees with the tree or loses a slot', async (t) => {
  // Lengths 10, 5, 1: size order puts node 2 in slot 0, node 1 in slot 1, node 0 in slot 2.
  const fresh = (): { tree: RangeTree; index: SizeIndexInternals } => {
    const tree = treeOf([[0, 10], [20, 25], [40, 41]]);
    const index = sizeIndexOf(tree);
    tree.remove(tree.first());
    tree.checkValid();
    return { tree, index };
  };
  let { tree, index } = fresh();
  index.start[1] = 21;
  t.throws(() => tree.checkValid(), /size index: slot 1 holds \[21, \+5\), node 1 is \[20, 25\)/);
  ({ tree, index } = fresh());
  index.height[index.freeHead] = 1;
  t.throws(() => tree.checkValid(), /size index: free slot 2 is linked/);
  ({ tree, index } = fresh());
  index.left[index.freeHead] = index.freeHead;
  t.throws(() => tree.checkValid(), /size index: free list cycle/);
  ({ tree, index } = fresh());
  index.freeHead = NIL;
  t.throws(() => tree.checkValid(), /size index: 0 free \+ 2 linked slots ≠ 3 used/);
});

t.test('unlinking a node that is not in the tree is refused', async (t) => {
  const tree = treeOf([[0, 10], [20, 30], [40, 50]]);
  const middle = tree.next(tree.first());
  tree.remove(middle);
  // The public remove checks first; the AVL core checks again as it descends.
  t.throws(() => (tree as unknown as { unlink(id: number): void }).unlink(middle), /node 1 is not in the tree/);
});

type Op =
  | { kind: 'insert'; start: number; length: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'resize'; pick: number; startDelta: number; endDelta: number }
  | { kind: 'query'; point: number; length: number }
  | { kind: 'fit'; size: number; phase: number; alignmentLog: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), start: fc.nat(300), length: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('resize' as const), pick: fc.nat(), startDelta: fc.integer({ min: -8, max: 8 }), endDelta: fc.integer({ min: -8, max: 8 }) }),
  fc.record({ kind: fc.constant('query' as const), point: fc.integer({ min: -5, max: 345 }), length: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('fit' as const), size: fc.integer({ min: 1, max: 40 }), phase: fc.nat(), alignmentLog: fc.nat(6) }),
);

/** Whether `action` throws; the real and naive structures must agree on it. */
function throws(action: () => void): boolean {
  try {
    action();
    return false;
  } catch {
    return true;
  }
}

function step(tree: RangeTree, naive: NaiveRanges, op: Op, base: number): void {
  const fail = (what: string, got: unknown, want: unknown): never => {
    throw new Error(`${what}: tree ${JSON.stringify(got)}, naive ${JSON.stringify(want)}`);
  };
  const agree = (what: string, got: Span | undefined, want: Span | undefined): void => {
    if (JSON.stringify(got) !== JSON.stringify(want)) fail(what, got, want);
  };
  switch (op.kind) {
    case 'insert': {
      const s = base + op.start;
      const a = throws(() => tree.insert(s, s + op.length));
      const b = throws(() => naive.insert(s, s + op.length));
      if (a !== b) fail('insert throws', a, b);
      break;
    }
    case 'remove': {
      if (naive.count === 0) break;
      const [s] = naive.spans[op.pick % naive.count]!;
      tree.remove(tree.startingAt(s));
      naive.remove(s);
      break;
    }
    case 'resize': {
      if (naive.count === 0) break;
      const [s, e] = naive.spans[op.pick % naive.count]!;
      // Addresses are never negative: keep the new start at or above the base.
      const newStart = Math.max(base, s + op.startDelta);
      const a = throws(() => tree.resize(tree.startingAt(s), newStart, e + op.endDelta));
      const b = throws(() => naive.resize(s, newStart, e + op.endDelta));
      if (a !== b) fail('resize throws', a, b);
      break;
    }
    case 'query': {
      const p = base + op.point;
      agree('containing', spanOf(tree, tree.containing(p)), naive.containing(p));
      agree('firstOverlapping', spanOf(tree, tree.firstOverlapping(p, p + op.length)), naive.firstOverlapping(p, p + op.length));
      agree('startingAt', spanOf(tree, tree.startingAt(p)), naive.startingAt(p));
      agree('endingAt', spanOf(tree, tree.endingAt(p)), naive.endingAt(p));
      agree('firstStartingAfter', spanOf(tree, tree.firstStartingAfter(p)), naive.firstStartingAfter(p));
      agree('lastStartingBefore', spanOf(tree, tree.lastStartingBefore(p)), naive.lastStartingBefore(p));
      break;
    }
    case 'fit': {
      const alignment = 2 ** op.alignmentLog;
      const phase = op.phase % alignment;
      const first = tree.firstFit(op.size, phase, alignment);
      if (first !== naive.firstFit(op.size, phase, alignment)) fail('firstFit', first, naive.firstFit(op.size, phase, alignment));
      const best = tree.bestFit(op.size, phase, alignment);
      if (best !== naive.bestFit(op.size, phase, alignment)) fail('bestFit', best, naive.bestFit(op.size, phase, alignment));
      break;
    }
  }
}

const initialArbitrary = fc
  .uniqueArray(fc.nat(300), { maxLength: 30 })
  .map((points) => {
    const sorted = points.sort((a, b) => a - b);
    const spans: Span[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) spans.push([sorted[i]!, sorted[i + 1]!]);
    return spans;
  });

for (const base of [0, 2 ** 51]) {
  t.test(`random operations agree with the naive model (base ${base})`, async (t) => {
    fc.assert(
      fc.property(initialArbitrary, fc.array(opArbitrary, { maxLength: 60 }), (initial, ops) => {
        const shifted = initial.map(([s, e]): Span => [base + s, base + e]);
        const tree = treeOf(shifted);
        const naive = new NaiveRanges();
        naive.spans = shifted.slice();
        for (const op of ops) {
          step(tree, naive, op, base);
          tree.checkValid();
          if (JSON.stringify(spansOf(tree)) !== JSON.stringify(naive.list())) throw new Error('ranges differ');
          if (tree.count !== naive.count || tree.largest !== naive.largest) throw new Error('count or largest differ');
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
    t.pass(`${FUZZ_RUNS} runs`);
  });
}
