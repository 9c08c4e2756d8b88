import fc from 'fast-check';
import t from 'tap';
import { rangesNeededL2 } from '../../src/solve/bounds.js';
import { solvePlacement } from '../../src/solve/place.js';
import { makeInstance } from './arbitrary.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);

/** The fewest bins of `capacity` that hold `sizes`, by trying every assignment. */
function optimalBins(sizes: number[], capacity: number): number {
  const sorted = [...sizes].sort((a, b) => b - a);
  let best = sorted.length;
  const loads: number[] = [];
  const walk = (i: number): void => {
    if (loads.length >= best) return;
    if (i === sorted.length) {
      best = loads.length;
      return;
    }
    for (let b = 0; b < loads.length; b++) {
      if (loads[b]! + sorted[i]! > capacity) continue;
      loads[b]! += sorted[i]!;
      walk(i + 1);
      loads[b]! -= sorted[i]!;
    }
    loads.push(sorted[i]!);
    walk(i + 1);
    loads.pop();
  };
  walk(0);
  return best;
}

t.test('L2 counts one range per item above half the capacity', async (t) => {
  t.equal(rangesNeededL2([6, 6, 6], 3, 10), 3);
  t.equal(rangesNeededL2([6, 6, 6, 1], 3, 10), 3, 'only the prefix counts');
  t.equal(rangesNeededL2([], 0, 10), 0);
});

t.test('L2 beats the continuous bound when big items leave unusable room', async (t) => {
  // Four 6s and four 4s fill four bins exactly: 6 + 4. Add one more 4: L1 = 5 (44/10), L2 = 5.
  t.equal(rangesNeededL2([6, 6, 6, 6, 4, 4, 4, 4, 4], 9, 10), 5);
  // 7, 7, 7, 3, 3, 3, 3: L1 = 4 (33/10); the three 7s leave room for one 3 each, one 3 is left: L2 = 4.
  t.equal(rangesNeededL2([7, 7, 7, 3, 3, 3, 3], 7, 10), 4);
  // 8, 8, 4, 4, 4: L1 = 3; the 4s cannot join an 8 (room 2 each), so K = 4 gives 2 + ceil((12 - 0) / 10) = 4.
  t.equal(rangesNeededL2([8, 8, 4, 4, 4], 5, 10), 4);
});

t.test('property: L2 never exceeds the true optimum', async (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 4, max: 20 }).chain((capacity) =>
        fc.record({
          capacity: fc.constant(capacity),
          sizes: fc.array(fc.integer({ min: 1, max: capacity }), { minLength: 1, maxLength: 8 }),
        }),
      ),
      ({ capacity, sizes }) => {
        const sorted = [...sizes].sort((a, b) => b - a);
        const bound = rangesNeededL2(sorted, sorted.length, capacity);
        const continuous = Math.ceil(sizes.reduce((a, b) => a + b, 0) / capacity);
        return bound <= optimalBins(sizes, capacity) && bound >= continuous;
      },
    ),
    { numRuns: runs * 5 },
  );
  t.pass('L2 is a lower bound');
});

t.test('the count certificate: three items above half a range need three ranges', async (t) => {
  const instance = makeInstance({
    alignment: 1,
    blocks: [0, 1, 2].map((i) => ({ ra: i * 8, pa: 0, size: 6 })),
    free: [{ pa: 0, size: 10 }, { pa: 20, size: 10 }],
  });
  const result = solvePlacement(instance);
  t.equal(result.status, 'infeasible');
  t.same(result.certificate, { kind: 'count', rangeGranules: 10, needRanges: 3, offerRanges: 2 });
});
