import fc from 'fast-check';
import t from 'tap';
import {
  ADDRESS_LIMIT,
  formatGranulesHex,
  formatGranulesSize,
  formatHex,
  formatSize,
  granulesToBytes,
  InputError,
  parseBytes,
  parseGranules,
  parsePowerOfTwo,
  excerpt,
  shown,
  toGranules,
} from '../src/quantity.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);
const big = (value: number | bigint): bigint => BigInt(value);

t.test('parses hex, decimal and ldm size suffixes', async (t) => {
  t.equal(parseBytes('0x108000000', 'f'), 0x108000000);
  t.equal(parseBytes('0X1F', 'f'), 31);
  t.equal(parseBytes('4294967296', 'f'), 4294967296);
  t.equal(parseBytes('4K', 'f'), 4096);
  t.equal(parseBytes('256m', 'f'), 256 * 1024 ** 2);
  t.equal(parseBytes('2G', 'f'), 2 * 1024 ** 3);
  t.equal(parseBytes('2GB', 'f'), 2 * 1024 ** 3);
  t.equal(parseBytes('1tb', 'f'), 1024 ** 4);
  t.equal(parseBytes('1P', 'f'), 1024 ** 5);
  t.equal(parseBytes('512B', 'f'), 512);
  t.equal(parseBytes(8192, 'f'), 8192);
});

t.test('values at the 64-bit boundaries are exact', async (t) => {
  const max = ADDRESS_LIMIT - 1n;
  t.equal(parseBytes('0xffffffffffffffff', 'f'), max);
  t.equal(parseBytes(max.toString(), 'f'), max);
  t.equal(parseBytes('0', 'f'), 0);
  t.equal(parseBytes(String(2 ** 53 - 1), 'f'), 2 ** 53 - 1);
  t.equal(parseBytes(String(2 ** 53), 'f'), 2n ** 53n);
  t.equal(parseBytes(String(2n ** 53n + 1n), 'f'), 2n ** 53n + 1n);
  t.equal(parseBytes('16383P', 'f'), 16383n * 2n ** 50n);
  t.throws(() => parseBytes('0x10000000000000000', 'target.free[0].pa'), /target\.free\[0\]\.pa: does not fit in 64 bits/);
  t.throws(() => parseBytes(ADDRESS_LIMIT.toString(), 'f'), /does not fit in 64 bits/);
  t.throws(() => parseBytes('16384P', 'f'), /does not fit in 64 bits/);
});

t.test('property: leading zeros change no value, in hex, decimal and sizes, below and above 2^64', async (t) => {
  /** The value parsed, or the reason it was refused. */
  const read = (text: string): bigint | string => {
    try {
      return big(parseBytes(text, 'f'));
    } catch (error) {
      return (error as InputError).detail;
    }
  };
  const values = fc.oneof(
    fc.bigInt({ min: 0n, max: ADDRESS_LIMIT - 1n }),
    fc.bigInt({ min: 0n, max: 1n << 20n }),
    fc.bigInt({ min: ADDRESS_LIMIT, max: ADDRESS_LIMIT << 8n }),
  );
  fc.assert(
    fc.property(values, fc.nat({ max: 40 }), fc.constantFrom(['', 0n], ['K', 10n], ['M', 20n], ['G', 30n]), (value, zeros, [unit, shift]) => {
      const padding = '0'.repeat(zeros);
      const expected = (bytes: bigint): bigint | string => (bytes < ADDRESS_LIMIT ? bytes : 'does not fit in 64 bits');
      return read('0x' + padding + value.toString(16)) === expected(value) &&
        read(padding + value.toString() + unit) === expected(value << shift);
    }),
    { numRuns: runs * 5 },
  );
  t.pass('leading zeros');
});

t.test('a 10-million-digit quantity is refused as too large, with its length in the message', async (t) => {
  const zeros = '0'.repeat(10_000_000);
  for (const text of ['1' + zeros, '0x1' + zeros, '1' + zeros + 'K', '0x' + 'f'.repeat(17), '1' + '0'.repeat(20)]) {
    const error = t.throws(() => parseBytes(text, 'target.free[0].pa')) as InputError;
    t.equal(error.message, `target.free[0].pa: does not fit in 64 bits (got ${text.length <= 64 ? JSON.stringify(text) : `${text.length} characters: ${JSON.stringify(text.slice(0, 40) + '…')}`})`);
  }
  t.equal(parseBytes(zeros + '8192', 'f'), 8192, 'zeros lead any number of digits');
  t.equal(parseBytes('0x' + zeros + 'ffffffffffffffff', 'f'), ADDRESS_LIMIT - 1n);
  t.equal(parseBytes(zeros + '18446744073709551615', 'f'), ADDRESS_LIMIT - 1n);
  t.throws(() => parseBytes('1' + zeros + 'x', 'f'), /f: not a quantity/, 'a bad character is found before the length counts');
  t.throws(() => parseBytes('0x1' + zeros + 'x', 'f'), /f: not a quantity/);
});

t.test('every malformed quantity is an InputError naming the field and the text', async (t) => {
  for (const bad of ['', '0x', '12Q', '1.5G', ' 4K', '4K ', '-1', 'G', 'KB', '0xg1', '0x123456789abcdefg', '1e3']) {
    const error = t.throws(() => parseBytes(bad, 'domain.memory[2].size')) as InputError;
    t.ok(error instanceof InputError, `${JSON.stringify(bad)} is an InputError`);
    t.equal(error.field, 'domain.memory[2].size');
    t.match(error.message, /^domain\.memory\[2\]\.size: /);
  }
  t.throws(() => parseBytes(1.5, 'x'), /x: a number must be a non-negative safe integer/);
  t.throws(() => parseBytes(-4, 'x'), /non-negative safe integer/);
  t.throws(() => parseBytes(2 ** 53, 'x'), /non-negative safe integer/);
  t.throws(() => parseBytes(null, 'x'), /x: expected a quantity string .*\(got "null"\)/);
  t.throws(() => parseBytes({}, 'x'), /\(got "\{\}"\)/);
  t.throws(() => parseBytes(true, 'x'), /expected a quantity/);
  t.throws(() => parseBytes(undefined, 'x'), /\(got "undefined"\)/);
  t.equal(parseBytes(1n, 'x'), 1, 'a bigint from a program is a quantity');
  t.equal(parseBytes(2n ** 64n - 1n, 'x'), 2n ** 64n - 1n);
  t.throws(() => parseBytes(2n ** 64n, 'x'), /x: does not fit in 64 bits \(got "18446744073709551616"\)/);
  t.throws(() => parseBytes(-1n, 'x'), /does not fit in 64 bits/);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  t.throws(() => parseBytes(cyclic, 'x'), /\(got "\{\\"self\\":\{\\"self\\":.*…"\)/);
});

t.test('an error line quotes a long value by its length and its first 40 characters', async (t) => {
  const huge = '7'.repeat(10_000_000) + 'x';
  const error = t.throws(() => parseBytes(huge, 'granule')) as InputError;
  t.equal(error.message, `granule: not a quantity: use hex (0x...), decimal, or a size like 256M (got 10000001 characters: "${'7'.repeat(40)}…")`);
  t.equal(error.text, huge, 'the error still holds the whole text for a program to read');
  const longest = 'q'.repeat(64);
  t.equal(new InputError('f', 'bad', longest).message, `f: bad (got "${longest}")`, '64 characters are quoted whole');
  t.equal(new InputError('f', 'bad', longest + 'q').message, `f: bad (got 65 characters: "${'q'.repeat(40)}…")`);
});

t.test('excerpt keeps short text exact and never cuts a surrogate pair in half', async (t) => {
  t.equal(excerpt('granule'), 'granule');
  t.equal(excerpt('a'.repeat(64)), 'a'.repeat(64));
  t.equal(excerpt('b'.repeat(100)), 'b'.repeat(40) + '…');
  t.equal(excerpt('c'.repeat(39) + '😀'.repeat(20)), 'c'.repeat(39) + '…', 'the pair at 39–40 is left out whole');
  t.equal(excerpt('d'.repeat(38) + '😀'.repeat(20)), 'd'.repeat(38) + '😀' + '…', 'the pair at 38–39 is kept whole');
});

t.test('property: shown gives JSON.stringify of a value, cut as an error line cuts it', async (t) => {
  fc.assert(
    fc.property(fc.jsonValue().filter((value) => typeof value !== 'string'), (value) => {
      const full = JSON.stringify(value);
      return shown(value) === (full.length <= 64 ? full : excerpt(full));
    }),
    { numRuns: runs * 5 },
  );
  t.equal(shown('a "string" as written'), 'a "string" as written');
  t.equal(shown({ big: [1n] }), '{"big":[1]}', 'a bigint an embedding program passed');
  t.equal(shown(undefined), 'undefined');
});

t.test('shown renders values too deep or too large for JSON.stringify by their start', async (t) => {
  let deep: unknown = [];
  for (let depth = 0; depth < 100_000; depth++) deep = [deep];
  t.throws(() => JSON.stringify(deep), RangeError, 'JSON.stringify overflows the stack');
  t.equal(shown(deep), '['.repeat(40) + '…');
  let deepObject: unknown = {};
  for (let depth = 0; depth < 100_000; depth++) deepObject = { a: deepObject };
  t.equal(shown(deepObject), '{"a":'.repeat(8) + '…');
  t.equal(shown(new Array<number>(10_000_000).fill(1)), '[' + '1,'.repeat(19) + '1…');
  t.equal(shown({ ['k'.repeat(10_000_000)]: 1 }), '{"' + 'k'.repeat(38) + '…');
  t.equal(shown(['s'.repeat(10_000_000)]), '["' + 's'.repeat(38) + '…');
});

t.test('InputError locates itself in a file', async (t) => {
  const error = new InputError('target.free[3].pa', 'must be a multiple of the granule 8K', '0x1001');
  t.equal(error.message, 'target.free[3].pa: must be a multiple of the granule 8K (got "0x1001")');
  const located = error.inFile('map.json');
  t.equal(located.message, 'map.json: target.free[3].pa: must be a multiple of the granule 8K (got "0x1001")');
  t.equal(located.file, 'map.json');
  t.equal(new InputError('', 'empty file', '', 'x.json').message, 'x.json: empty file');
  t.equal(new InputError('line 3 column 7', 'unexpected token').message, 'line 3 column 7: unexpected token');
});

t.test('powers of two', async (t) => {
  t.equal(parsePowerOfTwo('256M', 'alignment'), 256 * 1024 ** 2);
  t.equal(parsePowerOfTwo('0x8000000000000000', 'alignment'), 2 ** 63);
  t.throws(() => parsePowerOfTwo('384M', 'alignment'), /alignment: must be a power of two \(got "384M"\)/);
  t.throws(() => parsePowerOfTwo('0', 'alignment'), /power of two/);
  t.throws(() => parsePowerOfTwo('4K', 'largestPage', 8192), /largestPage: must be at least 8K/);
});

t.test('granule units', async (t) => {
  t.equal(parseGranules('0x108000000', 8192, 'pa'), 0x108000000 / 8192);
  t.equal(parseGranules('0xffffffffffffe000', 8192, 'pa'), 2 ** 51 - 1);
  t.equal(parseGranules(16384, 8192, 'pa'), 2);
  t.throws(() => parseGranules('0x1001', 8192, 'target.free[1].pa'), /target\.free\[1\]\.pa: must be a multiple of the granule 8K \(got "0x1001"\)/);
  t.throws(() => parseGranules('0xfffffffffffff001', 8192, 'pa'), /multiple of the granule/);
  t.throws(() => parseGranules(4097, 4096, 'pa'), /\(got "4097"\)/);
  t.equal(toGranules(2n ** 63n, 4096, 'pa'), 2 ** 51);
  t.throws(() => toGranules(2n ** 63n, 512, 'pa'), /pa: is beyond 2\^53 granules/);
  t.throws(() => toGranules(2n ** 63n + 1n, 512, 'pa'), /multiple of the granule/);
  t.throws(() => toGranules(5, 2, 'pa'), /\(got "5"\)/);
});

t.test('sizes print as ldm prints them', async (t) => {
  t.equal(formatSize(512 * 1024), '512K');
  t.equal(formatSize(1536 * 1024), '1536K');
  t.equal(formatSize(5632 * 1024 ** 2), '5632M');
  t.equal(formatSize(2 * 1024 ** 3), '2G');
  t.equal(formatSize(16n * 2n ** 30n), '16G');
  t.equal(formatSize(2n ** 60n), '1E');
  t.equal(formatSize(2n ** 64n - 8192n), '18014398509481976K');
  t.equal(formatSize(0), '0');
  t.equal(formatSize(1000), '1000');
  t.equal(formatGranulesSize(2 ** 17, 8192), '1G');
  t.equal(formatHex(0x80000000), '0x80000000');
  t.equal(formatGranulesHex(2 ** 51 - 1, 8192), '0xffffffffffffe000');
  t.equal(formatGranulesHex(0x108000000 / 8192, 8192), '0x108000000');
  t.equal(granulesToBytes(2 ** 51 - 1, 8192), 2n ** 64n - 8192n);
  t.equal(granulesToBytes(3, 8192), 24576n);
});

t.test('property: every 64-bit value round-trips through hex, decimal and ldm size', async (t) => {
  const values = fc.oneof(
    fc.bigInt({ min: 0n, max: ADDRESS_LIMIT - 1n }),
    fc.constantFrom(0n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, ADDRESS_LIMIT - 1n),
  );
  fc.assert(
    fc.property(values, (value) => {
      const viaHex = big(parseBytes('0x' + value.toString(16), 'f'));
      const viaDecimal = big(parseBytes(value.toString(), 'f'));
      const viaSize = big(parseBytes(formatSize(value), 'f'));
      const viaFormatHex = big(parseBytes(formatHex(value), 'f'));
      return viaHex === value && viaDecimal === value && viaSize === value && viaFormatHex === value;
    }),
    { numRuns: runs * 5 },
  );
  t.pass('round-trips');
});

t.test('property: granule conversion is exact and reversible for 8K granules', async (t) => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 2n ** 51n - 1n }), (units) => {
      const bytes = units * 8192n;
      const parsed = parseGranules(formatHex(bytes), 8192, 'f');
      return Number.isSafeInteger(parsed) && BigInt(parsed) === units && granulesToBytes(parsed, 8192) === bytes &&
        formatGranulesHex(parsed, 8192) === formatHex(bytes);
    }),
    { numRuns: runs * 5 },
  );
  t.pass('exact');
});
