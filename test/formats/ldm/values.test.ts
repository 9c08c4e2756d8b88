import t from 'tap';
import type { OutputText } from '../../../src/formats/ldm/model.js';
import { ldmAddress, ldmCount, ldmRegion, ldmSize, lineError, lineWarning } from '../../../src/formats/ldm/values.js';
import { InputError } from '../../../src/quantity.js';

const text: OutputText = { file: 'target.txt', firstLine: 10, lines: [], command: null };

t.test('sizes as ldm prints them, exactly', async (t) => {
  t.equal(ldmSize(text, 0, '1536K'), 1536n * 1024n);
  t.equal(ldmSize(text, 0, '32544M'), 32544n << 20n);
  t.equal(ldmSize(text, 0, '256MB'), 256n << 20n, 'messages write MB');
  t.equal(ldmSize(text, 0, '805306368'), 805306368n, 'parseable byte counts');
  t.equal(ldmSize(text, 0, '18446744073709551615'), 2n ** 64n - 1n);
});

t.test('a size that is not a size is an error at the file and line, never a zero', async (t) => {
  const error = t.throws(() => ldmSize(text, 3, '1.5G')) as InputError;
  t.ok(error instanceof InputError);
  t.equal(error.message, 'target.txt: line 13: size is not a size (got "1.5G")');
  t.throws(() => ldmSize(text, 0, ''), /size is not a size/);
});

t.test('addresses are hex only', async (t) => {
  t.equal(ldmAddress(text, 0, '0x108000000'), 0x108000000n);
  t.equal(ldmAddress(text, 0, '0XFFFFFFFFFFFFFFFF'), 2n ** 64n - 1n);
  t.throws(() => ldmAddress(text, 1, '108000000', 'PA'), /target\.txt: line 11: PA is not a hex address/);
  t.throws(() => ldmAddress(text, 1, '0x10000000000000000'), /does not fit in 64 bits/);
});

t.test('counts are whole numbers', async (t) => {
  t.equal(ldmCount(text, 0, '64'), 64);
  t.throws(() => ldmCount(text, 2, '8.0', 'VCPU'), /line 12: VCPU is not a whole number/);
});

t.test('warnings and errors name the capture line', async (t) => {
  t.equal(lineWarning(text, 4, 'unknown section VDPCC skipped'), 'target.txt:14: unknown section VDPCC skipped');
  t.equal(lineError(text, 0, 'broken').message, 'target.txt: line 10: broken');
});

t.test('a memory range of size 0 or ending past 2^64 is an error at its line, never a row', async (t) => {
  const top = 2n ** 64n;
  t.same(ldmRegion(text, 0, { pa: top - 8192n, size: 8192n, bound: null }), { pa: top - 8192n, size: 8192n, bound: null }, 'the last page is fine');
  t.throws(() => ldmRegion(text, 2, { pa: 0x1000n, size: 0n }), { message: 'target.txt: line 12: a memory range of size 0 (got "0")' });
  t.throws(() => ldmRegion(text, 0, { pa: top - 8192n, size: 16384n }), /line 10: the range ends past 2\^64/);
  t.throws(() => ldmRegion(text, 0, { ra: top - 8192n, pa: 0n, size: 16384n }), /ends past 2\^64 \(got "0xffffffffffffe000 \+ 0x4000"\)/, 'a block by its RA too');
  t.same(ldmRegion(text, 0, { ra: 0n, pa: top - 16384n, size: 16384n }).size, 16384n);
});
