import t from 'tap';
import type { OutputText } from '../../../src/formats/ldm/model.js';
import { ldmAddress, ldmCount, ldmSize, lineError, lineWarning } from '../../../src/formats/ldm/values.js';
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
