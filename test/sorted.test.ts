import fc from 'fast-check';
import t from 'tap';
import { ascending, countAbove, countAtMost, countBelow } from '../src/sorted.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);

t.test('ascending columns: values below, and at most, a limit', async (t) => {
  const values = Float64Array.of(1, 3, 3, 7);
  t.equal(countBelow(values, 3), 1);
  t.equal(countAtMost(values, 3), 3);
  t.equal(countBelow(values, 0), 0);
  t.equal(countAtMost(values, 9), 4);
  t.equal(countAtMost(values, 9, 2), 2, 'only the first `count` values');
  t.equal(countBelow(new Float64Array(0), 5), 0);
});

t.test('descending columns: values above a limit', async (t) => {
  t.equal(countAbove([8, 6, 6, 1], 6), 1);
  t.equal(countAbove([8, 6, 6, 1], 0), 4);
  t.equal(countAbove([8, 6, 6, 1], 9), 0);
  t.equal(countAbove([8, 6, 6, 1], 0, 3), 3, 'only the first `count` values');
});

t.test('bigints and strings sort ascending, strings by code unit', async (t) => {
  t.same([3n, -1n, 2n ** 64n, 0n].sort(ascending), [-1n, 0n, 3n, 2n ** 64n]);
  t.same(['b', 'B', 'a', 'a'].sort(ascending), ['B', 'a', 'a', 'b']);
  t.equal(ascending(5n, 5n), 0);
});

t.test('property: every search counts what a filter counts', async () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (drawn, limit) => {
      const ascending = Float64Array.from(drawn).sort();
      const descending = Array.from(ascending).reverse();
      return (
        countBelow(ascending, limit) === drawn.filter((v) => v < limit).length &&
        countAtMost(ascending, limit) === drawn.filter((v) => v <= limit).length &&
        countAbove(descending, limit) === drawn.filter((v) => v > limit).length
      );
    }),
    { numRuns: runs * 5 },
  );
});
