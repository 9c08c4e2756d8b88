import t from 'tap';
import { firstCongruentAtOrAfter, quantity, readQuestion, TWO_POW_64 } from './question.js';

t.test('quantities: hex, decimal, binary units with an optional B, safe JSON integers', async (t) => {
  t.equal(quantity('0x108000000', 'q'), 0x108000000n);
  t.equal(quantity('0XFFFFFFFFFFFFFFFF', 'q'), TWO_POW_64 - 1n);
  t.equal(quantity('4294967296', 'q'), 4294967296n);
  t.equal(quantity('4K', 'q'), 4096n);
  t.equal(quantity('256m', 'q'), 256n << 20n);
  t.equal(quantity('2GB', 'q'), 2n << 30n);
  t.equal(quantity('1tb', 'q'), 1n << 40n);
  t.equal(quantity('1P', 'q'), 1n << 50n);
  t.equal(quantity(8192, 'q'), 8192n);
  t.equal(quantity(0, 'q'), 0n);
});

t.test('quantities that are not 64-bit byte counts are errors naming the field', async (t) => {
  for (const bad of ['0x10000000000000000', '16384P', '1.5G', '-1', '', '0x', '4KiB', 'B', 2 ** 53, -1, 1.5, null, true]) {
    t.throws(() => quantity(bad, 'target.free[0].pa'), /^target\.free\[0\]\.pa: not a 64-bit quantity/, JSON.stringify(bad));
  }
});

const file = (extra: Record<string, unknown>, memory: unknown[] = [{ ra: '0', size: '8K' }], free: unknown[] = [{ pa: '0', size: '8K' }]) => ({
  ...extra,
  domain: { memory },
  target: { free },
});

t.test('defaults: granule 8K, alignment 256M, split false, splitAlignment = alignment, pa = ra', async (t) => {
  const question = readQuestion(file({}, [{ ra: '0x8000000', size: '8K' }]));
  t.same(
    { ...question, blocks: [...question.blocks], free: [...question.free] },
    {
      granule: 8192n,
      alignment: 256n << 20n,
      split: false,
      splitAlignment: 256n << 20n,
      blocks: [{ ra: 0x8000000n, pa: 0x8000000n, size: 8192n }],
      free: [{ start: 0n, end: 8192n }],
    },
  );
  t.equal(readQuestion(file({ alignment: '1G' })).splitAlignment, 1n << 30n, 'splitAlignment follows alignment');
});

t.test('free ranges are sorted and adjacent ones coalesce', async (t) => {
  const question = readQuestion(
    file({ granule: 1, alignment: 1 }, undefined, [
      { pa: 20, size: 5 },
      { pa: 10, size: 5 },
      { pa: 0, size: 10 },
      { pa: 30, size: 1 },
    ]),
  );
  t.same(question.free, [
    { start: 0n, end: 15n },
    { start: 20n, end: 25n },
    { start: 30n, end: 31n },
  ]);
});

t.test('blocks and ranges may end exactly at 2^64, not past it', async (t) => {
  const top = '0xffffffffffffe000';
  t.same(readQuestion(file({}, [{ ra: top, size: '8K' }], [{ pa: top, size: '8K' }])).free, [{ start: TWO_POW_64 - 8192n, end: TWO_POW_64 }]);
  t.throws(() => readQuestion(file({}, [{ ra: top, size: '16K' }])), /domain\.memory\[0\]: ends beyond 2\^64/);
  t.throws(() => readQuestion(file({}, [{ ra: '0', pa: top, size: '16K' }])), /domain\.memory\[0\]: ends beyond 2\^64/);
  t.throws(() => readQuestion(file({}, undefined, [{ pa: top, size: '16K' }])), /target\.free\[0\]: ends beyond 2\^64/);
});

t.test('invalid settings are errors naming the field', async (t) => {
  t.throws(() => readQuestion(file({ granule: '3K' })), /granule: not a power of two/);
  t.throws(() => readQuestion(file({ granule: '0' })), /granule: not a power of two/);
  t.throws(() => readQuestion(file({ alignment: '4K' })), /alignment: smaller than the granule/);
  t.throws(() => readQuestion(file({ splitAlignment: '4K' })), /splitAlignment: outside/);
  t.throws(() => readQuestion(file({ splitAlignment: '512M' })), /splitAlignment: outside/);
  t.throws(() => readQuestion(file({ split: 'yes' })), /split: not a boolean/);
});

t.test('invalid blocks and ranges are errors naming the field', async (t) => {
  t.throws(() => readQuestion(file({}, [{ ra: '4K', size: '8K' }])), /domain\.memory\[0\]\.ra: not a multiple of the granule/);
  t.throws(() => readQuestion(file({}, [{ ra: '0', pa: '1', size: '8K' }])), /domain\.memory\[0\]\.pa: not a multiple/);
  t.throws(() => readQuestion(file({}, [{ ra: '0', size: '0' }])), /domain\.memory\[0\]\.size: must be greater than 0/);
  t.throws(() => readQuestion(file({}, undefined, [{ pa: '0', size: '0' }])), /target\.free\[0\]\.size: must be greater than 0/);
  t.throws(
    () => readQuestion(file({}, [{ ra: '16K', size: '8K' }, { ra: '8K', size: '16K' }])),
    /domain\.memory \(RA\): two entries overlap/,
  );
  t.throws(() => readQuestion(file({}, undefined, [{ pa: '0', size: '16K' }, { pa: '8K', size: '8K' }])), /target\.free: two entries overlap/);
  t.doesNotThrow(() => readQuestion(file({}, [{ ra: '0', pa: '0', size: '8K' }, { ra: '8K', pa: '0', size: '8K' }])), 'source PAs may coincide');
});

t.test('the first congruent address at or after a cursor', async (t) => {
  t.equal(firstCongruentAtOrAfter(0n, 0n, 16n), 0n);
  t.equal(firstCongruentAtOrAfter(1n, 0n, 16n), 16n);
  t.equal(firstCongruentAtOrAfter(5n, 3n, 16n), 19n);
  t.equal(firstCongruentAtOrAfter(TWO_POW_64 - 16n, 15n, 16n), TWO_POW_64 - 1n);
  t.equal(firstCongruentAtOrAfter(TWO_POW_64 - 1n, 0n, 1n << 63n), TWO_POW_64, 'may reach 2^64: the caller compares with the range end');
});
