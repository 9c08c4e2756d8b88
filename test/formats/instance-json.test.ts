import { paBytes } from '../../src/memory/frame.js';
import fc from 'fast-check';
import t, { type Test } from 'tap';
import { instanceFromJson, parseInstance } from '../../src/formats/instance-json.js';
import { InputError, parseBytes } from '../../src/quantity.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const K8 = 8192;
const G = 2 ** 30;
const M = 2 ** 20;

/** The seed document's question, as placement.md writes it. */
const SEED = {
  granule: '8K',
  alignment: '256M',
  split: false,
  splitAlignment: '256M',
  domain: { name: 'ldg-src', memory: [{ ra: '0x8000000', pa: '0x208000000', size: '2G' }] },
  target: {
    name: 'dt212-239',
    free: [
      { pa: '0x108000000', size: '1G' },
      { pa: '0x188000000', size: '1G' },
    ],
  },
};

type Json = Record<string, unknown>;

/** A fresh copy of the seed with `change` applied, for one-field variations. */
function seedWith(change: (doc: Json & typeof SEED) => void): unknown {
  const doc = structuredClone(SEED) as Json & typeof SEED;
  change(doc);
  return doc;
}

/** The InputError `run` throws (fails the test when it throws nothing or something else). */
function inputError(t: Test, run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    t.ok(error instanceof InputError, 'an InputError');
    return error as InputError;
  }
  t.fail('expected an InputError');
  return new InputError('', '');
}

/** A minimal instance with one free range, for quantity-form checks. */
function oneRange(pa: unknown, size: unknown, granule: unknown = '8K'): Json {
  return { granule, domain: { memory: [] }, target: { free: [{ pa, size }] } };
}

t.test('the seed instance is read in granule units', async (t) => {
  const instance = parseInstance(JSON.stringify(SEED));
  t.equal(instance.granuleBytes, K8);
  t.equal(instance.alignment, (256 * M) / K8);
  t.equal(instance.split, false);
  t.equal(instance.splitAlignment, (256 * M) / K8);
  t.equal(instance.domainName, 'ldg-src');
  t.equal(instance.targetName, 'dt212-239');
  t.same(instance.blocks, [{ ra: 0x8000000 / K8, pa: 0x208000000 / K8, size: (2 * G) / K8 }]);
  t.equal(instance.free.count, 2);
  t.ok(instance.free.start instanceof Float64Array);
  t.same(Array.from(instance.free.start), [0x108000000 / K8, 0x188000000 / K8]);
  t.same(Array.from(instance.free.size), [G / K8, G / K8]);
});

t.test('defaults: 8K granule, 256M alignment, no split, split alignment = alignment, generic names', async (t) => {
  const instance = instanceFromJson({ domain: { memory: [] }, target: { free: [] } });
  t.equal(instance.granuleBytes, 8192);
  t.equal(instance.alignment, (256 * M) / K8);
  t.equal(instance.split, false);
  t.equal(instance.splitAlignment, instance.alignment);
  t.equal(instance.domainName, 'domain');
  t.equal(instance.targetName, 'target');
  t.same(instance.blocks, []);
  t.equal(instance.free.count, 0);
});

t.test('splitAlignment defaults to the given alignment and may be smaller', async (t) => {
  t.equal(instanceFromJson(seedWith((d) => ((d as Json)['splitAlignment'] = undefined, (d.alignment = '512M')))).splitAlignment, (512 * M) / K8);
  const split = instanceFromJson(seedWith((d) => ((d.split = true), (d.splitAlignment = '4M'))));
  t.equal(split.split, true);
  t.equal(split.splitAlignment, (4 * M) / K8);
  t.equal(instanceFromJson(seedWith((d) => (d.splitAlignment = '8K'))).splitAlignment, 1, 'as small as the granule');
});

t.test('a block without pa is bound congruently: pa = ra', async (t) => {
  const instance = instanceFromJson(seedWith((d) => (d.domain.memory = [{ ra: '0x10000000', size: '256M' } as never])));
  t.same(instance.blocks, [{ ra: 0x10000000 / K8, pa: 0x10000000 / K8, size: (256 * M) / K8 }]);
});

t.test('quantities may be hex, decimal, decimal with a unit, or safe-integer numbers', async (t) => {
  const forms: [unknown, number][] = [
    ['0x40000000', G],
    ['0X40000000', G],
    ['1073741824', G],
    ['1G', G],
    ['1g', G],
    ['1GB', G],
    ['1024M', G],
    ['1048576k', G],
    [G, G],
    ['0x0000000040000000', G],
    ['8192b', K8],
    ['1T', 2 ** 40],
    ['1P', 2 ** 50],
  ];
  for (const [text, bytes] of forms) {
    t.equal(instanceFromJson(oneRange(0, text)).free.size[0], bytes / K8, `${JSON.stringify(text)}`);
  }
});

t.test('the instance reader and parseBytes accept the same language with the same values', async (t) => {
  // Granule 1 byte: every quantity parseBytes accepts is a valid range start, up to 2^64 - 1 (framed above 2^52).
  const alphabet = fc.constantFrom(...'0123456789abcdefxXkKmMgGtTpPbBeE .-'.split(''));
  const text = fc.oneof(
    fc.string({ unit: alphabet, maxLength: 20 }),
    fc.tuple(fc.constantFrom('0x', '0X', ''), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: 1, maxLength: 17 }), fc.constantFrom('', 'K', 'm', 'G', 't', 'P', 'B', 'kb', 'E')).map((parts) => parts.join('')),
  );
  fc.assert(
    fc.property(text, (value) => {
      let expected: bigint | string;
      try {
        expected = BigInt(parseBytes(value, 'f'));
      } catch {
        expected = 'error';
      }
      let actual: bigint | string;
      try {
        const instance = instanceFromJson(oneRange(value, '1', '1'));
        actual = paBytes(instance, instance.free.start[0]!);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        actual = 'error';
      }
      return actual === expected;
    }),
    { numRuns: FUZZ_RUNS * 10 },
  );
  t.pass('agrees');
});

t.test('a range may end exactly at 2^64 but not beyond', async (t) => {
  const top = instanceFromJson(oneRange('0xffffffffc0000000', '1G'));
  t.equal(top.free.start[0]! + top.free.size[0]!, 2 ** 64 / K8);
  const error = inputError(t, () => instanceFromJson(oneRange('0xffffffffc0000000', '0x40002000')));
  t.equal(error.field, 'target.free[0]');
  t.match(error.detail, /ends beyond 2\^64/);
  t.match(error.detail, /0xffffffffc0000000/);
  const last = instanceFromJson(oneRange('0xffffffffffffe000', '8K'));
  t.equal(last.free.size[0], 1, 'the last granule of the address space');
});

t.test('the 2^64 check is exact where the limit is 2^53 granules (2K granule)', async (t) => {
  const granule = '2K';
  const top = instanceFromJson(oneRange('0xfffffffffffff800', '2K', granule));
  t.equal(paBytes(top, top.free.start[0]!), 0xfffffffffffff800n);
  t.ok(top.free.start[0]! < 2 ** 52, 'framed far below 2^53 granules');
  // start + size would round to 2^53 in a double; the check must still refuse it.
  const error = inputError(t, () => instanceFromJson(oneRange('0xfffffffffffff800', '4K', granule)));
  t.equal(error.field, 'target.free[0]');
  t.match(error.detail, /ends beyond 2\^64/);
});

t.test('with a 512-byte granule the top of the address space is read exactly', async (t) => {
  const top = instanceFromJson(oneRange('0xfffffffffffffe00', '512', '512'));
  t.ok(top.frame, 'framed');
  t.equal(paBytes(top, top.free.start[0]!), 0xfffffffffffffe00n);
  t.equal(paBytes(top, top.free.start[0]! + top.free.size[0]!), 2n ** 64n, 'ends exactly at 2^64');
  const low = instanceFromJson(oneRange('0x3ffffffffffe00', '512', '512'));
  t.equal(low.frame, undefined, 'not framed where granules fit');
  t.equal(low.free.start[0], 2 ** 45 - 1);
});

t.test('blocks may end exactly at 2^64 in RA and PA, not beyond', async (t) => {
  const ok = instanceFromJson(seedWith((d) => (d.domain.memory = [{ ra: '0xffffffffc0000000', pa: '0xffffffff80000000', size: '1G' }])));
  t.equal(ok.blocks[0]!.ra + ok.blocks[0]!.size, 2 ** 64 / K8);
  const ra = inputError(t, () => instanceFromJson(seedWith((d) => (d.domain.memory = [{ ra: '0xffffffffc0000000', pa: '0', size: '2G' }]))));
  t.equal(ra.field, 'domain.memory[0]');
  t.match(ra.detail, /^RA range .* ends beyond 2\^64/);
  const pa = inputError(t, () => instanceFromJson(seedWith((d) => (d.domain.memory = [{ ra: '0', pa: '0xffffffffc0000000', size: '2G' }]))));
  t.equal(pa.field, 'domain.memory[0]');
  t.match(pa.detail, /^PA range .* ends beyond 2\^64/);
});

t.test('values above 2^53 bytes are exact', async (t) => {
  const instance = instanceFromJson(oneRange('0xfedcba9876540000', '0x123456789ac0000'));
  t.equal(instance.free.start[0], Number(0xfedcba9876540000n / 8192n));
  t.equal(instance.free.size[0], Number(0x123456789ac0000n / 8192n));
  t.equal(instance.free.start[0]! + instance.free.size[0]!, 2 ** 64 / K8, 'ends exactly at 2^64');
});

t.test('every input error names its field', async (t) => {
  const cases: [string, unknown, string, RegExp][] = [
    ['top level not an object', [], '', /must be a JSON object/],
    ['misspelt top-level field', seedWith((d) => ((d as Json)['alignmnet'] = '4M')), 'alignmnet', /^unknown field; did you mean "alignment"\?$/],
    ['unknown top-level field', seedWith((d) => ((d as Json)['limit'] = '4M')), 'limit', /^unknown field; expected one of \$schema, granule, alignment, split, splitAlignment, domain, target$/],
    ['granule not a power of two', seedWith((d) => (d.granule = '12K')), 'granule', /power of two/],
    ['granule not a quantity', seedWith((d) => (d.granule = 'big')), 'granule', /not a quantity/],
    ['alignment below the granule', seedWith((d) => ((d.granule = '64K'), (d.alignment = '8K'))), 'alignment', /at least 64K/],
    ['alignment null', seedWith((d) => ((d as Json)['alignment'] = null)), 'alignment', /expected a quantity/],
    ['split not a boolean', seedWith((d) => ((d as Json)['split'] = 'yes')), 'split', /true or false/],
    ['splitAlignment above the alignment', seedWith((d) => (d.splitAlignment = '512M')), 'splitAlignment', /at most the alignment 256M/],
    ['splitAlignment below the granule', seedWith((d) => (d.splitAlignment = '4K')), 'splitAlignment', /at least 8K/],
    ['splitAlignment not a power of two', seedWith((d) => (d.splitAlignment = '24M')), 'splitAlignment', /power of two/],
    ['$schema not a string', seedWith((d) => ((d as Json)['$schema'] = 3)), '$schema', /must be a string/],
    ['domain missing', seedWith((d) => ((d as Json)['domain'] = undefined)), 'domain', /missing/],
    ['domain not an object', seedWith((d) => ((d as Json)['domain'] = 'ldg')), 'domain', /must be an object/],
    ['misspelt domain field', seedWith((d) => ((d.domain as Json)['memroy'] = [])), 'domain.memroy', /^unknown field; did you mean "memory"\?$/],
    ['domain name not a string', seedWith((d) => ((d.domain as Json)['name'] = 7)), 'domain.name', /non-empty string/],
    ['domain name empty', seedWith((d) => (d.domain.name = '')), 'domain.name', /non-empty string/],
    ['memory missing', seedWith((d) => ((d.domain as Json)['memory'] = undefined)), 'domain.memory', /missing/],
    ['memory not an array', seedWith((d) => ((d.domain as Json)['memory'] = {})), 'domain.memory', /array of \{ra, pa, size\}/],
    ['block not an object', seedWith((d) => ((d.domain as Json)['memory'] = [null])), 'domain.memory[0]', /must be an object/],
    ['block field in another case', seedWith((d) => ((d.domain.memory[0] as Json)['rA'] = '0')), 'domain.memory[0].rA', /^unknown field; did you mean "ra"\?$/],
    ['unknown block field', seedWith((d) => ((d.domain.memory[0] as Json)['at'] = '0')), 'domain.memory[0].at', /^unknown field; expected one of ra, pa, size$/],
    ['block ra missing', seedWith((d) => ((d.domain.memory[0] as Json)['ra'] = undefined)), 'domain.memory[0].ra', /missing/],
    ['block size missing', seedWith((d) => ((d.domain.memory[0] as Json)['size'] = undefined)), 'domain.memory[0].size', /missing/],
    ['block size zero', seedWith((d) => (d.domain.memory[0]!.size = '0')), 'domain.memory[0].size', /greater than 0/],
    ['block ra not a granule multiple', seedWith((d) => (d.domain.memory[0]!.ra = '0x8001000')), 'domain.memory[0].ra', /multiple of the granule 8K/],
    ['block pa not a quantity', seedWith((d) => (d.domain.memory[0]!.pa = '2 G')), 'domain.memory[0].pa', /not a quantity/],
    ['block size a float', seedWith((d) => ((d.domain.memory[0] as Json)['size'] = 1.5)), 'domain.memory[0].size', /safe integer/],
    ['block size too big for 64 bits', seedWith((d) => (d.domain.memory[0]!.size = '0x10000000000000000')), 'domain.memory[0].size', /64 bits/],
    ['target missing', seedWith((d) => ((d as Json)['target'] = undefined)), 'target', /missing/],
    ['target an array', seedWith((d) => ((d as Json)['target'] = [])), 'target', /must be an object/],
    ['misspelt target field', seedWith((d) => ((d.target as Json)['fre'] = [])), 'target.fre', /^unknown field; did you mean "free"\?$/],
    ['unknown target field', seedWith((d) => ((d.target as Json)['ranges'] = [])), 'target.ranges', /^unknown field; expected one of name, free$/],
    ['target name not a string', seedWith((d) => ((d.target as Json)['name'] = false)), 'target.name', /non-empty string/],
    ['free missing', seedWith((d) => ((d.target as Json)['free'] = undefined)), 'target.free', /missing/],
    ['free not an array', seedWith((d) => ((d.target as Json)['free'] = '1G')), 'target.free', /array of \{pa, size\}/],
    ['free range not an object', seedWith((d) => ((d.target as Json)['free'] = [{ pa: '0', size: '8K' }, ['0', '8K']])), 'target.free[1]', /must be an object/],
    ['free range null', seedWith((d) => ((d.target as Json)['free'] = [null])), 'target.free[0]', /must be an object/],
    ['unknown free range field', seedWith((d) => ((d.target.free[1] as Json)['length'] = '1G')), 'target.free[1].length', /^unknown field; expected one of pa, size$/],
    ['misspelt free range field', seedWith((d) => ((d.target.free[1] as Json)['sizes'] = '1G')), 'target.free[1].sizes', /^unknown field; did you mean "size"\?$/],
    ['a 10-million-character field name cut in the path', seedWith((d) => ((d.target as Json)['f'.repeat(1e7)] = [])), `target["${'f'.repeat(40)}…"]`, /^unknown field; expected one of name, free$/],
    ['free pa missing', seedWith((d) => ((d.target.free[0] as Json)['pa'] = undefined)), 'target.free[0].pa', /missing/],
    ['free size missing', seedWith((d) => ((d.target.free[1] as Json)['size'] = undefined)), 'target.free[1].size', /missing/],
    ['free size zero', seedWith((d) => (d.target.free[1]!.size = '0x0')), 'target.free[1].size', /greater than 0/],
    ['free size not a granule multiple', seedWith((d) => (d.target.free[1]!.size = '1536')), 'target.free[1].size', /multiple of the granule 8K/],
    ['free pa a negative number', seedWith((d) => ((d.target.free[0] as Json)['pa'] = -8192)), 'target.free[0].pa', /non-negative safe integer/],
    ['free pa a number not a granule multiple', seedWith((d) => ((d.target.free[0] as Json)['pa'] = 4096)), 'target.free[0].pa', /multiple of the granule/],
    ['free pa a bigint-sized value off the granule', seedWith((d) => (d.target.free[0]!.pa = '0xfffffffffffff000')), 'target.free[0].pa', /multiple of the granule/],
    ['odd key quoted in the path', seedWith((d) => ((d.target as Json)['free ranges'] = [])), 'target["free ranges"]', /unknown field/],
  ];
  for (const [name, doc, field, detail] of cases) {
    const error = inputError(t, () => instanceFromJson(doc));
    t.equal(error.field, field, `${name}: field`);
    t.match(error.detail, detail, `${name}: detail`);
    t.notMatch(error.message, /\n/, `${name}: one line`);
  }
});

t.test('errors quote the value as written', async (t) => {
  const error = inputError(t, () => instanceFromJson(seedWith((d) => (d.target.free[1]!.size = '1536'))));
  t.equal(error.message, 'target.free[1].size: must be a multiple of the granule 8K (got "1536")');
  const numeric = inputError(t, () => instanceFromJson(seedWith((d) => ((d.target.free[0] as Json)['pa'] = 4096))));
  t.equal(numeric.message, 'target.free[0].pa: must be a multiple of the granule 8K (got "4096")');
});

t.test('overlapping blocks in RA are an error naming both', async (t) => {
  const error = inputError(t, () =>
    instanceFromJson(
      seedWith((d) => {
        d.domain.memory = [
          { ra: '0x100000000', pa: '0x100000000', size: '1G' },
          { ra: '0x0', pa: '0x0', size: '256M' },
          { ra: '0x0', pa: '0x200000000', size: '256M' },
        ];
      }),
    ),
  );
  t.equal(error.field, 'domain.memory[2]');
  t.equal(error.detail, 'overlaps domain.memory[1] in RA (0x0 size 256M)');
  const reversed = inputError(t, () =>
    instanceFromJson(
      seedWith((d) => {
        d.domain.memory = [
          { ra: '0x10000000', pa: '0x0', size: '512M' },
          { ra: '0x0', pa: '0x100000000', size: '512M' },
        ];
      }),
    ),
  );
  t.equal(reversed.field, 'domain.memory[1]', 'the later block in the file is the one blamed');
  t.match(reversed.detail, /overlaps domain\.memory\[0\] in RA \(0x10000000 size 512M\)/);
});

t.test('blocks that touch in RA are fine', async (t) => {
  const instance = instanceFromJson(
    seedWith((d) => {
      d.domain.memory = [
        { ra: '0x10000000', pa: '0x10000000', size: '256M' },
        { ra: '0x0', pa: '0x0', size: '256M' },
      ];
    }),
  );
  t.equal(instance.blocks.length, 2);
});

t.test('$schema is accepted as an annotation', async (t) => {
  t.equal(instanceFromJson(seedWith((d) => ((d as Json)['$schema'] = '../schema/instance.json'))).domainName, 'ldg-src');
});

t.test('a byte-order mark is ignored', async (t) => {
  t.equal(parseInstance('\ufeff' + JSON.stringify(SEED)).targetName, 'dt212-239');
});

t.test('errors from a file name the file first', async (t) => {
  const error = inputError(t, () => parseInstance(JSON.stringify(seedWith((d) => (d.target.free[1]!.size = '0'))), 'maps/t.json'));
  t.equal(error.file, 'maps/t.json');
  t.equal(error.message, 'maps/t.json: target.free[1].size: must be greater than 0 (got "0")');
});

t.test('a JSON syntax error names line and column', async (t) => {
  const text = '{\n  "granule": "8K",\n  "domain": { "memory": [] }\n  "target": { "free": [] }\n}\n';
  const error = inputError(t, () => parseInstance(text, 'bad.json'));
  t.equal(error.field, 'line 4 column 3');
  t.equal(error.file, 'bad.json');
  t.match(error.message, /^bad\.json: line 4 column 3: invalid JSON: Expected ',' or '}' after property value$/);
});

t.test('a syntax error V8 reports without a position is still located', async (t) => {
  const error = inputError(t, () => parseInstance('{\n "split": tru }'));
  t.equal(error.field, 'line 2 column 14');
  t.match(error.detail, /^invalid JSON: Unexpected token/);
  t.notMatch(error.detail, /is not valid JSON/);
});

t.test('a long document\'s snippet in V8\'s message is dropped too', async (t) => {
  const text = `{"domain": {"memory": []}, "target": {"free": [${'{"pa": "0x0", "size": "8K"}, '.repeat(20)}tru]}}`;
  const error = inputError(t, () => parseInstance(text));
  t.equal(error.detail, "invalid JSON: Unexpected token ']'");
  const early = inputError(t, () => parseInstance(`{"a": x${' '.repeat(100)}}`));
  t.equal(early.message, "line 1 column 7: invalid JSON: Unexpected token 'x'", 'a snippet cut at its end, "..."...');
  const middle = inputError(t, () => parseInstance(`{"split": tru${' '.repeat(100)}}`));
  t.equal(middle.message, "line 1 column 14: invalid JSON: Unexpected token ' '", 'and one cut at both ends');
});

t.test('empty and truncated input points at the end', async (t) => {
  t.equal(inputError(t, () => parseInstance('')).field, 'line 1 column 1');
  t.equal(inputError(t, () => parseInstance('{"a": [1,\n')).field, 'line 2 column 1');
  t.equal(inputError(t, () => parseInstance('{"a": "abc')).field, 'line 1 column 11');
});

t.test('CRLF line ends count as one line each', async (t) => {
  t.equal(inputError(t, () => parseInstance('{\r\n"a": 1,\r\n}')).field, 'line 3 column 1');
});

t.test('the located column agrees with V8 wherever V8 gives a position', async (t) => {
  const samples = [
    '{x}', '{"a":1,}', '{"a":1', '{"a" 1}', '{"a":1 "b":2}', '{,}', '[1,]', '[1 2]', '[', '[1,', '{"a"', '{"a":',
    '"abc', '"a\u0001"', '"\\x"', '"\\u12G4"', '"\\', '"\\u12', '-', '-x', '1.', '1.x', '1e', '1e+', '1ex', '01', '-01',
    '{"a":tru}', 'nul', 'fals', 'x', '1 2', '[[{"a":[1,{}]}]]x', '{"a":1,', '  {"a":1}}', '{"a":{"b":[true,false,null,-0.5e-3,1E+2,"\\n\\u00e9"]}}]',
    '[]]', '{} {}', '{"ab', '{"a\\x":1}', '{"a":1,"b\u0002":2}', '{"a":[}', '"\\"\\\\\\/\\b\\f\\n\\r\\t', '\t\n ', '{"a":1}\u00a0',
  ];
  for (const text of samples) {
    let v8Position: number | undefined;
    try {
      JSON.parse(text);
      t.fail(`${JSON.stringify(text)} should be invalid`);
      continue;
    } catch (error) {
      const match = /at position (\d+)/.exec((error as Error).message);
      if (match !== null) v8Position = Number(match[1]);
      else if (/end of JSON input/.test((error as Error).message)) v8Position = text.length;
    }
    const located = inputError(t, () => parseInstance(text));
    const lines = text.slice(0, v8Position ?? 0).split('\n');
    if (v8Position !== undefined) {
      t.equal(located.field, `line ${lines.length} column ${lines[lines.length - 1]!.length + 1}`, JSON.stringify(text));
    } else {
      t.match(located.field, /^line \d+ column \d+$/, JSON.stringify(text));
    }
    t.notMatch(located.detail, /position|is not valid JSON/, `${JSON.stringify(text)}: detail without V8's location`);
  }
});

t.test('a non-InputError from a broken value is not disguised', async (t) => {
  const hostile = {
    domain: { memory: [] },
    get target(): never {
      throw new TypeError('boom');
    },
  };
  t.throws(() => instanceFromJson(hostile), TypeError);
  const text = JSON.stringify(SEED);
  const parse = JSON.parse;
  JSON.parse = () => hostile;
  try {
    t.throws(() => parseInstance(text, 'x.json'), TypeError);
  } finally {
    JSON.parse = parse;
  }
});
