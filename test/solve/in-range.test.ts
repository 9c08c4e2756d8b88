import fc from 'fast-check';
import t from 'tap';
import { firstCongruent, paddingTo } from '../../src/congruence.js';
import { packSet, SUBSET_DP_LIMIT } from '../../src/solve/in-range.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);

/** Every order, earliest congruent placement: the definition, by brute force. */
function fitsSomeOrder(start: number, end: number, sizes: number[], phases: number[], alignment: number): boolean {
  const k = sizes.length;
  const used = new Array<boolean>(k).fill(false);
  const walk = (cursor: number, placed: number): boolean => {
    if (placed === k) return true;
    for (let i = 0; i < k; i++) {
      if (used[i]) continue;
      const finish = firstCongruent(cursor, phases[i]!, alignment) + sizes[i]!;
      if (finish > end) continue;
      used[i] = true;
      const ok = walk(finish, placed + 1);
      used[i] = false;
      if (ok) return true;
    }
    return false;
  };
  return walk(start, 0);
}

/** A packing is valid: inside the range, congruent, pairwise disjoint. */
function validPacking(start: number, end: number, sizes: number[], phases: number[], alignment: number, at: Float64Array): boolean {
  const spans = sizes.map((size, i) => [at[i]!, at[i]! + size] as const).sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < sizes.length; i++) {
    if (at[i]! < start || at[i]! + sizes[i]! > end || at[i]! % alignment !== phases[i]) return false;
  }
  return spans.every((span, i) => i === 0 || spans[i - 1]![1] <= span[0]);
}

const alignmentArb = fc.constantFrom(1, 2, 4, 8);
const setArb = (multiples: boolean) =>
  alignmentArb.chain((alignment) =>
    fc.record({
      alignment: fc.constant(alignment),
      start: fc.integer({ min: 0, max: 40 }),
      length: fc.integer({ min: 1, max: 60 }),
      items: fc.array(
        fc.record({
          size: multiples ? fc.integer({ min: 1, max: 4 }).map((n) => n * alignment) : fc.integer({ min: 1, max: 12 }),
          phase: fc.integer({ min: 0, max: alignment - 1 }),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    }),
  );

t.test('closed form: with sizes multiple of the alignment, sum + max padding decides', async (t) => {
  fc.assert(
    fc.property(setArb(true), ({ alignment, start, length, items }) => {
      const sizes = items.map((i) => i.size);
      const phases = items.map((i) => i.phase);
      const closed = sizes.reduce((a, b) => a + b, 0) + Math.max(...phases.map((p) => paddingTo(start, p, alignment))) <= length;
      const truth = fitsSomeOrder(start, start + length, sizes, phases, alignment);
      const packed = packSet(start, start + length, sizes.map((_, i) => i), sizes, phases, alignment);
      if (closed !== truth || packed.fits !== truth) return false;
      if (packed.fits) return validPacking(start, start + length, sizes, phases, alignment, packed.positions);
      return packed.proven;
    }),
    { numRuns: runs * 5 },
  );
  t.pass('closed form agrees with brute force');
});

t.test('general sizes: the subset DP agrees with trying every order', async (t) => {
  fc.assert(
    fc.property(setArb(false), ({ alignment, start, length, items }) => {
      const sizes = items.map((i) => i.size);
      const phases = items.map((i) => i.phase);
      const truth = fitsSomeOrder(start, start + length, sizes, phases, alignment);
      const packed = packSet(start, start + length, sizes.map((_, i) => i), sizes, phases, alignment);
      if (packed.fits !== truth) return false;
      return packed.fits ? validPacking(start, start + length, sizes, phases, alignment, packed.positions) : packed.proven;
    }),
    { numRuns: runs * 5 },
  );
  t.pass('DP agrees with brute force');
});

t.test('items are addressed through the index list', async (t) => {
  const sizes = [100, 3, 5];
  const phases = [0, 1, 2];
  const packed = packSet(0, 12, [1, 2], sizes, phases, 4);
  t.ok(packed.fits);
  if (packed.fits) t.ok(validPacking(0, 12, [3, 5], [1, 2], 4, packed.positions));
  t.equal(packSet(0, 10, [1, 2], sizes, phases, 4).fits, false);
});

t.test('beyond the DP limit a failed heuristic is not a proof', async (t) => {
  const k = SUBSET_DP_LIMIT + 1;
  // Sizes 3 with alignment 4 and phases that force a specific order: total room too small.
  const sizes = new Array<number>(k).fill(3);
  const phases = Array.from({ length: k }, (_, i) => i % 4);
  const tight = packSet(0, 3 * k, sizes.map((_, i) => i), sizes, phases, 4);
  t.equal(tight.fits, false);
  if (!tight.fits) t.equal(tight.proven, false);
  const roomy = packSet(0, 8 * k, sizes.map((_, i) => i), sizes, phases, 4);
  t.ok(roomy.fits);
});

t.test('beyond the DP limit, largest first is tried after padding order', async (t) => {
  // One 2-granule item at phase 0 and fourteen 7-granule items at phase 1, alignment 4:
  // padding order puts the small one first and ends at 116; largest first ends at 114.
  const sizes = [2, ...new Array<number>(14).fill(7)];
  const phases = [0, ...new Array<number>(14).fill(1)];
  const packed = packSet(0, 114, sizes.map((_, i) => i), sizes, phases, 4);
  t.ok(packed.fits);
  if (packed.fits) {
    t.equal(packed.end, 114);
    t.ok(validPacking(0, 114, sizes, phases, 4, packed.positions));
  }
});
