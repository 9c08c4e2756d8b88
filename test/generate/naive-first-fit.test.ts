import t from 'tap';
import { generateInstance } from '../../src/generate/generate.js';
import { naiveFirstFit } from '../../src/generate/naive-first-fit.js';
import { firstCongruent } from '../../src/congruence.js';
import { rangeColumns, type Block, type Piece, type PlacementInstance } from '../../src/memory/instance.js';
import { placementProblems } from './checker.js';

function instanceOf(alignment: number, blocks: Block[], free: { pa: number; size: number }[]): PlacementInstance {
  return {
    granuleBytes: 8192,
    alignment,
    split: false,
    splitAlignment: alignment,
    domainName: 'd',
    targetName: 't',
    blocks,
    free: rangeColumns(free),
  };
}

/** First-fit the obvious way: a sorted array of [start, end) intervals, spliced. The oracle. */
function referenceFirstFit(instance: PlacementInstance): { pieces: Piece[]; failedBlock: number | undefined } {
  const ranges: [number, number][] = [];
  for (let i = 0; i < instance.free.count; i++) ranges.push([instance.free.start[i]!, instance.free.start[i]! + instance.free.size[i]!]);
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last[1] === range[0]) last[1] = range[1];
    else merged.push([range[0], range[1]]);
  }
  const pieces: Piece[] = [];
  for (let b = 0; b < instance.blocks.length; b++) {
    const block = instance.blocks[b]!;
    const r = merged.findIndex(([s, e]) => firstCongruent(s, block.pa % instance.alignment, instance.alignment) + block.size <= e);
    if (r < 0) return { pieces: pieces.sort((x, y) => x.ra - y.ra), failedBlock: b };
    const [s, e] = merged[r]!;
    const at = firstCongruent(s, block.pa % instance.alignment, instance.alignment);
    merged.splice(r, 1, ...([[s, at], [at + block.size, e]] as [number, number][]).filter(([x, y]) => y > x));
    pieces.push({ ra: block.ra, pa: at, size: block.size });
  }
  return { pieces: pieces.sort((x, y) => x.ra - y.ra), failedBlock: undefined };
}

t.test('a block goes to the lowest range that can hold it, at its first congruent address', (t) => {
  const instance = instanceOf(8, [{ ra: 0, pa: 3, size: 4 }], [{ pa: 100, size: 20 }, { pa: 10, size: 4 }, { pa: 40, size: 10 }]);
  const result = naiveFirstFit(instance);
  t.equal(result.placed, true);
  t.same(result.pieces, [{ ra: 0, pa: 43, size: 4 }]);
  t.equal(result.failedBlock, undefined);
  t.end();
});

t.test('the leftovers on both sides of a bound block stay usable, in address order', (t) => {
  const instance = instanceOf(8, [
    { ra: 0, pa: 4, size: 2 },
    { ra: 8, pa: 0, size: 3 },
    { ra: 16, pa: 6, size: 4 },
  ], [{ pa: 0, size: 16 }]);
  const result = naiveFirstFit(instance);
  t.same(result.pieces, [{ ra: 0, pa: 4, size: 2 }, { ra: 8, pa: 0, size: 3 }, { ra: 16, pa: 6, size: 4 }]);
  t.end();
});

t.test('touching ranges are coalesced before binding', (t) => {
  const instance = instanceOf(1, [{ ra: 0, pa: 0, size: 8 }], [{ pa: 4, size: 4 }, { pa: 0, size: 4 }]);
  t.same(naiveFirstFit(instance).pieces, [{ ra: 0, pa: 0, size: 8 }]);
  t.end();
});

t.test('it stops at the first block it cannot bind and reports it, with what it bound so far', (t) => {
  const instance = instanceOf(1, [{ ra: 0, pa: 0, size: 2 }, { ra: 2, pa: 2, size: 4 }, { ra: 6, pa: 6, size: 1 }], [{ pa: 0, size: 5 }]);
  const result = naiveFirstFit(instance);
  t.equal(result.placed, false);
  t.equal(result.failedBlock, 1);
  t.same(result.pieces, [{ ra: 0, pa: 0, size: 2 }]);
  t.equal(result.rangesScanned, 2);
  t.end();
});

t.test('an empty map binds nothing', (t) => {
  const result = naiveFirstFit(instanceOf(1, [{ ra: 0, pa: 0, size: 1 }], []));
  t.equal(result.placed, false);
  t.equal(result.failedBlock, 0);
  t.end();
});

t.test('it agrees with the obvious implementation on generated maps, sorted and shuffled', (t) => {
  for (let seed = 0; seed < 12; seed++) {
    const generated = generateInstance({ seed, ranges: 300, blocks: 60, shape: seed % 3 === 0 ? 'tight' : 'random', maxBlock: '64M' });
    const order = Array.from({ length: generated.free.count }, (_, i) => i).sort((x, y) => ((x * 7919) % 301) - ((y * 7919) % 301));
    const shuffled = instanceOf(generated.alignment, [...generated.blocks], order.map((i) => ({ pa: generated.free.start[i]!, size: generated.free.size[i]! })));
    for (const instance of [generated, shuffled]) {
      const expected = referenceFirstFit(instance);
      const actual = naiveFirstFit(instance);
      t.same(actual.pieces, expected.pieces, `seed ${seed}`);
      t.equal(actual.failedBlock, expected.failedBlock, `seed ${seed}`);
      if (actual.placed) t.same(placementProblems(instance, actual.pieces), []);
    }
  }
  t.end();
});

t.test('splitting ranges in a full chunk, high and low in it, keeps address order', (t) => {
  // 5000 ranges of 10 at 16k+1; a block of phase 0 lands at 16k+8 and splits its range in two.
  // Only range 3000 (length 14) takes the first block, splitting the full first chunk high;
  // the second splits range 0, low; the rest use the leftovers.
  const free = Array.from({ length: 5000 }, (_, k) => ({ pa: 16 * k + 1, size: 10 }));
  free[3000] = { pa: 16 * 3000 + 1, size: 14 };
  const blocks: Block[] = [
    { ra: 0, pa: 0, size: 6 },
    { ra: 8, pa: 0, size: 2 },
    { ra: 16, pa: 1, size: 7 },
    { ra: 24, pa: 2, size: 1 },
    { ra: 32, pa: 1, size: 7 },
  ];
  const instance = instanceOf(8, blocks, free);
  const result = naiveFirstFit(instance);
  t.same(result.pieces, referenceFirstFit(instance).pieces);
  t.same(result.pieces.map((piece) => piece.pa), [16 * 3000 + 8, 8, 1, 10, 17]);
  t.end();
});
