import fc from 'fast-check';
import t from 'tap';
import { addToSums, anySumBetween, gcd } from '../../src/solve/subset-sums.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);

t.test('gcd', async (t) => {
  t.equal(gcd(0, 12), 12);
  t.equal(gcd(12, 18), 6);
  t.equal(gcd(40001, 30000), 1);
});

t.test('property: the bitset holds exactly the reachable subset totals', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 70 }), { maxLength: 8 }), fc.integer({ min: 1, max: 200 }), (sizes, limit) => {
      const bits = new Uint32Array((limit >>> 5) + 1);
      bits[0] = 1;
      for (const size of sizes) addToSums(bits, size);
      const truth = new Set<number>([0]);
      for (const size of sizes) for (const sum of [...truth]) truth.add(sum + size);
      for (let from = 0; from <= limit; from += 7) {
        for (const to of [from, from + 3, from + 40, limit]) {
          if (to > limit || to < from) continue;
          const expected = [...truth].some((sum) => sum >= from && sum <= to);
          if (anySumBetween(bits, from, to) !== expected) return false;
        }
      }
      return true;
    }),
    { numRuns: runs * 5 },
  );
  t.pass('bitset agrees with the set of sums');
});

t.test('a long empty stretch is skipped a word at a time', async (t) => {
  const bits = new Uint32Array(8);
  bits[0] = 1;
  addToSums(bits, 200);
  t.equal(anySumBetween(bits, 1, 199), false);
  t.equal(anySumBetween(bits, 1, 200), true);
  t.equal(anySumBetween(bits, -5, 0), true);
});
