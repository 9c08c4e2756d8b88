import t from 'tap';
import fc from 'fast-check';
import { coalesce, largestBytes, takeRanges, totalBytes, type ByteRange } from '../../src/fleet/ranges.js';

const r = (pa: number, size: number): ByteRange => ({ pa: BigInt(pa), size: BigInt(size) });

t.test('coalesce sorts and merges touching ranges only', async (t) => {
  t.same(coalesce([r(30, 10), r(0, 10), r(10, 5), r(50, 1)]), [r(0, 15), r(30, 10), r(50, 1)]);
});

t.test('taking pieces leaves exactly the rest, pieces in any order and across ranges', async (t) => {
  t.same(takeRanges([r(0, 100), r(200, 100)], [r(250, 10), r(0, 10), r(90, 10)], 'p'), [r(10, 80), r(200, 50), r(260, 40)]);
  t.same(takeRanges([r(0, 10)], [], 'p'), [r(0, 10)]);
  t.same(takeRanges([r(0, 10), r(10, 10)], [r(5, 10)], 'p'), [r(0, 5), r(15, 5)], 'touching ranges are one');
});

t.test('a piece outside free memory is an input error naming it', async (t) => {
  t.throws(() => takeRanges([r(100, 10)], [r(0, 10)], 'placements'), { message: 'placements[0]: is not inside free memory (got "0x0 + 0xa")' });
  t.throws(() => takeRanges([r(0, 10)], [r(5, 10)], 'p'), { message: /^p\[0\]: is not inside free memory/ });
  t.throws(() => takeRanges([r(0, 10)], [r(20, 1)], 'p'), { message: /^p\[0\]/ });
  t.throws(() => takeRanges([r(0, 10)], [r(0, 5), r(4, 2)], 'p'), { message: /^p\[1\]/ }, 'overlapping pieces');
  t.throws(() => takeRanges([], [r(0, 1)], 'p'), { message: /^p\[0\]/ });
});

t.test('what is taken and what is left together are what was free', async () => {
  await fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(20), fc.integer({ min: 1, max: 20 }), fc.nat(3)), { maxLength: 12 }), (spec) => {
      const free: ByteRange[] = [];
      const pieces: ByteRange[] = [];
      let at = 0;
      for (const [gap, size, cut] of spec) {
        at += gap;
        free.push(r(at, size));
        if (cut > 0 && size > 2) pieces.push(r(at + 1, Math.min(cut, size - 2)));
        at += size;
      }
      const left = takeRanges(free, pieces, 'p');
      return JSON.stringify(coalesce([...left, ...pieces]), (_, v) => (typeof v === 'bigint' ? v.toString() : v)) ===
        JSON.stringify(coalesce(free), (_, v) => (typeof v === 'bigint' ? v.toString() : v));
    }),
  );
});

t.test('total and largest', async (t) => {
  t.equal(totalBytes([r(0, 3), r(10, 5)]), 8n);
  t.equal(largestBytes([r(0, 3), r(10, 5), r(20, 4)]), 5n);
  t.equal(largestBytes([]), 0n);
});
