/**
 * The instance scanner (formats/instance-scan.ts) is a fast path: wherever it
 * answers, `parseInstance` must give exactly what the `JSON.parse` path gives
 * (the same instance, or the same error), and where it gives up the
 * `JSON.parse` path answers alone.
 */
import { constants } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import t, { type Test } from 'tap';
import { parseInstance, parseInstanceSlow } from '../../src/formats/instance-json.js';
import { scanInstance } from '../../src/formats/instance-scan.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { CLOSE_BRACE } from '../../src/formats/json-chars.js';
import { InputError } from '../../src/quantity.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const K8 = 8192;

/** What a reader made of a file: the instance, or the error's message. */
type Outcome = { readonly instance: PlacementInstance } | { readonly error: string };

/** A file's bytes, as the command line reads them. */
const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

function outcome(read: (input: Uint8Array) => PlacementInstance, input: Uint8Array): Outcome {
  try {
    return { instance: read(input) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { error: error.message };
  }
}

/** Both paths agree on the bytes of `text`; returns whether the scanner handled them. */
function agrees(t: Test, text: string | Uint8Array, name = JSON.stringify(text).slice(0, 80)): boolean {
  const bytes = typeof text === 'string' ? bytesOf(text) : text;
  t.same(outcome((b) => parseInstance(b, 'f.json'), bytes), outcome((b) => parseInstanceSlow(b, 'f.json'), bytes), name);
  return scanInstance(bytes, K8) !== undefined;
}

/** A small instance text with the given free ranges (raw JSON member text each), granule first. */
function withRanges(ranges: readonly string[], granule = '"8K"'): string {
  return `{"granule": ${granule}, "domain": {"memory": []}, "target": {"free": [${ranges.join(', ')}]}}`;
}

// ---------------------------------------------------------------------------
// Generated instance texts: a JSON tree whose objects keep their members in
// order (so field order, duplicates and odd keys can be generated) and whose
// scalars are raw token text (so exotic forms can be).

type Node =
  | { readonly kind: 'object'; readonly members: readonly (readonly [string, Node])[] }
  | { readonly kind: 'array'; readonly items: readonly Node[] }
  | { readonly kind: 'raw'; readonly text: string };

const raw = (text: string): Node => ({ kind: 'raw', text });

/** JSON text of `node`, with whitespace taken in turn from `spaces` between tokens. */
function render(node: Node, spaces: readonly string[]): string {
  let next = 0;
  const space = (): string => spaces[next++ % spaces.length]!;
  const walk = (n: Node): string => {
    if (n.kind === 'raw') return n.text;
    if (n.kind === 'array') return `[${space()}${n.items.map((item) => walk(item) + space()).join(',' + space())}]`;
    return `{${space()}${n.members.map(([key, value]) => `${key}${space()}:${space()}${walk(value)}${space()}`).join(',' + space())}}`;
  };
  return walk(node);
}

const whitespace = fc.array(fc.constantFrom('', '', ' ', '\n  ', '\t', '\r\n', '  '), { minLength: 1, maxLength: 6 });

/**
 * A byte count as one of the written forms of the same value. With
 * `handledOnly`, only the forms the scanner reads (it leaves decimals of more
 * than 15 digits, and unit forms above 2^53 bytes, to the JSON.parse path).
 */
function written(bytes: bigint, handledOnly = false): fc.Arbitrary<string> {
  const forms: fc.Arbitrary<string>[] = [
    fc.constantFrom('0x', '0X').map((prefix) => `"${prefix}${bytes.toString(16)}"`),
    fc.constant(`"0x${bytes.toString(16).toUpperCase().padStart(16, '0')}"`),
  ];
  if (bytes <= BigInt(Number.MAX_SAFE_INTEGER)) forms.push(fc.constant(bytes.toString()));
  if (!handledOnly || bytes < 10n ** 15n) {
    forms.push(fc.constant(`"${bytes.toString()}"`));
    for (const [unit, shift] of [['K', 10n], ['m', 20n], ['G', 30n], ['t', 40n], ['P', 50n]] as const) {
      if (bytes > 0n && bytes % (1n << shift) === 0n) {
        forms.push(fc.constantFrom('', 'B', 'b').map((suffix) => `"${bytes >> shift}${unit}${suffix}"`));
      }
    }
  }
  return fc.oneof(...forms);
}

/** Valid quantities for granules up to 64K, some near 2^64, in every form the scanner reads. */
function multiples(handledOnly: boolean): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.bigInt({ min: 1n, max: 1n << 24n }).chain((units) => written(units << 16n, handledOnly)) },
    { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 1n << 20n }).chain((units) => written((1n << 64n) - (units << 16n), handledOnly)) },
  );
}

/** Quantities, mostly valid for granules up to 64K, some near 2^64, some not quantities at all. */
const quantity: fc.Arbitrary<string> = fc.oneof(
  { weight: 40, arbitrary: multiples(false) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 1n << 20n }).chain((bytes) => written(bytes)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '"0"', '0', '"0x"', '"0x1000"', '"1.5G"', '"2 G"', '"abc"', '"-8192"', '-8192', '1e4', '8192.0', '-0', '01',
      '9007199254740993', '"0x\\u0031000"', '"8\\u004b"', 'null', 'true', '{}', '[]', '"0x10000000000000000"', '"18446744073709551616"',
      '"0000000000000008192"', '"16384T"', '"99999999999999999999K"', '"1KB"', '"KB"', '"8192bb"', '""', '"0x2000g"',
    ),
  },
);

/** Mostly valid choices, some not. */
function mostly(valid: readonly string[], invalid: readonly string[]): fc.Arbitrary<Node> {
  return fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...invalid) }).map(raw);
}

const granule = mostly(['"8K"', '"0x2000"', '8192', '"4K"', '"64K"', '"1"', '"512"'], ['"4G"', '"8G"', '"12K"', 'null']);

/**
 * An object's members, the optional ones maybe dropped, in a generated
 * order; with `extras`, sometimes one more member the instance does not
 * allow here (unknown, escaped, duplicate or misplaced).
 */
function members(entries: readonly (readonly [string, fc.Arbitrary<Node>, boolean])[], extras = true): fc.Arbitrary<Node> {
  const picked = entries.map(([key, value, required]) =>
    required ? value.map((v) => [[`"${key}"`, v] as const]) : fc.option(value, { freq: 3 }).map((v) => (v === null ? [] : [[`"${key}"`, v] as const])),
  );
  const extra = fc.tuple(fc.constantFrom('"x"', '"p\\u0061"', '"$schema"', '"pa"', '"size"', '"free"', '"granule"'), quantity.map(raw));
  return fc
    .tuple(fc.tuple(...picked), extras ? fc.oneof({ weight: 14, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: extra }) : fc.constant(null))
    .chain(([lists, added]) => {
      const all = added === null ? lists.flat() : [...lists.flat(), added];
      return fc.shuffledSubarray(all, { minLength: all.length });
    })
    .map((list): Node => ({ kind: 'object', members: list }));
}

const freeRange = members([
  ['pa', quantity.map(raw), true],
  ['size', quantity.map(raw), true],
]);

const block = members([
  ['ra', quantity.map(raw), true],
  ['pa', quantity.map(raw), false],
  ['size', quantity.map(raw), true],
]);

const name = mostly(['"ldg-src"', '"dt\\u0032"', '"ünï"'], ['""', '7']);

const instanceNode: fc.Arbitrary<Node> = members([
  ['granule', granule, false],
  ['alignment', mostly(['"256M"', '"4M"'], ['"8K"', '"3M"']), false],
  ['split', mostly(['true', 'false'], ['"yes"']), false],
  ['splitAlignment', mostly(['"64K"', '"4M"'], ['"512M"']), false],
  ['$schema', mostly(['"../schema/instance.json"'], ['3']), false],
  ['domain', members([
    ['name', name, false],
    ['memory', fc.array(block, { maxLength: 3 }).map((items): Node => ({ kind: 'array', items })), true],
  ]), true],
  ['target', members([
    ['name', name, false],
    ['free', fc.array(freeRange, { maxLength: 8 }).map((items): Node => ({ kind: 'array', items })), true],
  ]), true],
]);

/** Small damage to a text: the invalid and unusual neighbours of valid files. */
const mutation = fc.oneof(
  fc.constant((text: string) => text),
  fc.nat().map((at) => (text: string) => text.slice(0, at % (text.length + 1))),
  fc.tuple(fc.nat(), fc.nat({ max: 3 })).map(([at, length]) => (text: string) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + text.slice(i + length);
  }),
  fc.tuple(fc.nat(), fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', ' ', '0', 'x', 'K', '\u00a0', 'e', '-', '.')).map(
    ([at, insert]) => (text: string) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i);
    },
  ),
  fc.constant((text: string) => '\ufeff' + text),
  fc.constant((text: string) => text + ' x'),
);

/**
 * Damage to the bytes that no text can have: invalid UTF-8 (a stray
 * continuation byte, a lead byte without its continuation, 0xff), and
 * byte-order marks, also twice or inside the file.
 */
const byteMutation = fc.oneof(
  fc.constant((bytes: Uint8Array) => bytes),
  fc.tuple(fc.nat(), fc.constantFrom([0x80], [0xc3], [0xff], [0xe2, 0x82], [0xef, 0xbb, 0xbf], [0xc3, 0xa9])).map(
    ([at, insert]) => (bytes: Uint8Array) => {
      const i = at % (bytes.length + 1);
      return Uint8Array.from([...bytes.subarray(0, i), ...insert, ...bytes.subarray(i)]);
    },
  ),
  fc.constant((bytes: Uint8Array) => Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes])),
);

t.test('generated files, valid and damaged: the scanner path gives what the JSON.parse path gives', async (t) => {
  let scanned = 0;
  let valid = 0;
  const damages = fc.oneof(fc.constant([]), fc.array(mutation, { minLength: 1, maxLength: 2 }));
  const byteDamage = fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: byteMutation });
  fc.assert(
    fc.property(instanceNode, whitespace, damages, byteDamage, (node, spaces, damage, damageBytes) => {
      const text = damage.reduce((text, change) => change(text), render(node, spaces));
      const bytes = damageBytes === null ? bytesOf(text) : damageBytes(bytesOf(text));
      const fast = outcome(parseInstance, bytes);
      const slow = outcome(parseInstanceSlow, bytes);
      if (scanInstance(bytes, K8) !== undefined) scanned++;
      if ('instance' in slow) valid++;
      // Text in gives what its bytes give, on either path.
      const asText = damageBytes !== null ||
        (isDeepStrictEqual(outcome(() => parseInstance(text), bytes), fast) && isDeepStrictEqual(outcome(() => parseInstanceSlow(text), bytes), slow));
      return isDeepStrictEqual(fast, slow) && asText;
    }),
    { numRuns: FUZZ_RUNS * 10 },
  );
  // The property is only worth something if the fast path answered often.
  t.ok(valid > FUZZ_RUNS / 2, `${valid} valid instances`);
  t.ok(scanned > FUZZ_RUNS, `${scanned} files scanned`);
});

t.test('valid instances in the common shape are all scanned, and agree', async (t) => {
  const range = members([
    ['pa', multiples(true).map(raw), true],
    ['size', multiples(true).map(raw), true],
  ], false);
  const plain = members([
    ['granule', fc.constantFrom('"8K"', '"64K"', '65536').map(raw), false],
    ['domain', fc.constant<Node>({ kind: 'object', members: [['"memory"', { kind: 'array', items: [] }]] }), true],
    ['target', members([['free', fc.array(range, { maxLength: 12 }).map((items): Node => ({ kind: 'array', items })), true]], false), true],
  ], false);
  let both = 0;
  fc.assert(
    fc.property(plain, whitespace, (node, spaces) => {
      const bytes = bytesOf(render(node, spaces));
      const slow = outcome(parseInstanceSlow, bytes);
      if (!('instance' in slow)) return true;
      both++;
      return scanInstance(bytes, K8) !== undefined && isDeepStrictEqual(outcome(parseInstance, bytes), slow);
    }),
    { numRuns: FUZZ_RUNS * 3 },
  );
  t.ok(both > FUZZ_RUNS / 10, `${both} valid texts checked`);
});

t.test('the seed instance and the examples are scanned', async (t) => {
  const directory = new URL('../../examples/', import.meta.url);
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.json') && !name.startsWith('check-') && !name.startsWith('fleet-'))) {
    const text = readFileSync(new URL(file, directory), 'utf8');
    t.ok(agrees(t, text, file), `${file} scanned`);
  }
});

t.test('every quantity form is read as the JSON.parse path reads it', async (t) => {
  const forms = [
    '"0x40000000"', '"0X40000000"', '"1073741824"', '"1G"', '"1g"', '"1GB"', '"1024M"', '"1048576k"', '1073741824', '"0x0000000040000000"',
    '"8192b"', '"1T"', '"1P"', '"0xfedcba9876540000"', '"0xFFFFFFFFFFFFE000"', '8192', '"000000000000008K"',
  ];
  for (const form of forms) {
    t.ok(agrees(t, withRanges([`{"pa": ${form}, "size": "8K"}`, `{"size": ${form}, "pa": "0"}`])), `${form} scanned`);
  }
});

t.test('a range may end exactly at 2^64, and one beyond is left to the JSON.parse path', async (t) => {
  t.ok(agrees(t, withRanges(['{"pa": "0xffffffffc0000000", "size": "1G"}'])), 'ends at 2^64');
  t.notOk(agrees(t, withRanges(['{"pa": "0xffffffffc0000000", "size": "0x40002000"}'])), 'beyond');
  t.ok(agrees(t, withRanges(['{"pa": "0xfffffffffffff800", "size": "2K"}'], '"2K"')), '2K granule: 2^53 - 1 granules');
  t.notOk(agrees(t, withRanges(['{"pa": "0xfffffffffffff800", "size": "4K"}'], '"2K"')), '2K granule: beyond');
  t.notOk(agrees(t, withRanges(['{"pa": "0xfffffffffffffe00", "size": "512"}'], '"512"')), '512-byte granule: beyond 2^53 granules');
  t.notOk(agrees(t, withRanges(['{"pa": "0x10000000000000000", "size": "8K"}'])), 'beyond 64 bits');
  t.notOk(agrees(t, withRanges(['{"pa": "0xfffffffffffff000", "size": "8K"}'])), 'wide hex off the granule');
});

t.test('ranges past the first doubling of the columns are all kept', async (t) => {
  const ranges = Array.from({ length: 2500 }, (_, i) => `{"pa": "0x${(i * 2 * K8).toString(16)}", "size": "8K"}`);
  const text = withRanges(ranges);
  t.ok(agrees(t, text, '2500 ranges'));
  const instance = parseInstance(text);
  t.equal(instance.free.count, 2500);
  t.equal(instance.free.start.length, 2500, 'columns trimmed to the count');
  t.equal(instance.free.start[2499], 2499 * 2);
  t.ok(agrees(t, withRanges(Array.from({ length: 1024 }, (_, i) => `{"pa": ${i * 2 * K8}, "size": 8192}`)), 'exactly the first capacity'));
  t.ok(agrees(t, withRanges([])), 'no ranges');
});

t.test('a granule after the target: one more scan when it differs, the JSON.parse path when values are off the assumed 8K', async (t) => {
  const later = (granule: string, pa: string, size = '"64K"'): string =>
    `{"target": {"free": [{"pa": "${pa}", "size": ${size}}]}, "domain": {"memory": []}, "granule": ${granule}}`;
  const larger = later('"64K"', '0x10000');
  t.equal(scanInstance(bytesOf(larger), K8)!.granuleBytes, K8, 'the first scan assumes 8K');
  t.equal(scanInstance(bytesOf(larger), 65536)!.free.start[0], 1, 'the second uses the file\'s granule');
  agrees(t, larger, 'a larger granule');
  t.equal(parseInstance(larger).free.start[0], 1);
  const offAssumed = later('"4K"', '0x1000');
  t.equal(scanInstance(bytesOf(offAssumed), K8), undefined, 'a 4K-aligned range under the assumed 8K');
  agrees(t, offAssumed, 'a 4K-aligned range');
  agrees(t, later('"4K"', '0x2000'), 'a smaller granule whose values happen to be 8K multiples');
  agrees(t, later('"8G"', '0x200000000', '"8G"'), 'a granule above 4G after the target');
  agrees(t, later('"12K"', '0x10000'), 'an invalid granule after the target');
  agrees(t, later('"8K"', '0x10000', '8192'), 'the default written out');
});

t.test('the scanner gives up, and the JSON.parse path answers, on what it does not handle', async (t) => {
  const range = (body: string): string => withRanges([body]);
  const cases: [string, string][] = [
    ['an escape in a range value', range('{"pa": "0x\\u0031000", "size": "8K"}')],
    ['an escape in a range key', range('{"p\\u0061": "0", "size": "8K"}')],
    ['an unknown range key', range('{"pa": "0", "size": "8K", "x": 1}')],
    ['a misspelt range key', range('{"pa": "0", "sizes": "8K"}')],
    ['a short range key', range('{"p": "0", "size": "8K"}')],
    ['a duplicate pa', range('{"pa": "0", "pa": "0", "size": "8K"}')],
    ['a duplicate size', range('{"pa": "0", "size": "8K", "size": "8K"}')],
    ['a missing pa', range('{"size": "8K"}')],
    ['an empty range', range('{}')],
    ['a zero size', range('{"pa": "0", "size": "0"}')],
    ['a range that is not an object', range('["0", "8K"]')],
    ['a value off the granule', range('{"pa": "0x1000", "size": "8K"}')],
    ['a number with an exponent', range('{"pa": 0, "size": 8192e0}')],
    ['a number with a fraction', range('{"pa": 0, "size": 8192.0}')],
    ['a negative number', range('{"pa": -0, "size": 8192}')],
    ['a number with a leading zero', range('{"pa": 00, "size": 8192}')],
    ['a number above 2^53', range('{"pa": 9007199254740993, "size": 8192}')],
    ['a decimal string of more than 15 digits', range('{"pa": "0000000000000008192", "size": "8K"}')],
    ['a decimal with a unit above 2^53', range('{"pa": "16384T", "size": "8K"}')],
    ['a bare 0x', range('{"pa": "0x", "size": "8K"}')],
    ['a unit with no digits', range('{"pa": "0", "size": "KB"}')],
    ['a hex string with a stray letter', range('{"pa": "0x2000g", "size": "8K"}')],
    ['a decimal with a stray letter', range('{"pa": "0", "size": "8Kx"}')],
    ['a value that is not a quantity', range('{"pa": null, "size": "8K"}')],
    ['a value cut off', '{"granule": "8K", "domain": {"memory": []}, "target": {"free": [{"pa": '],
    ['a hex value cut off', '{"granule": "8K", "domain": {"memory": []}, "target": {"free": [{"pa": "0x20'],
    ['a missing colon', range('{"pa" "0", "size": "8K"}')],
    ['a missing comma between ranges', withRanges(['{"pa": "0", "size": "8K"} {"pa": "0x4000", "size": "8K"}'])],
    ['a trailing comma', withRanges(['{"pa": "0", "size": "8K"}', ''])],
    ['a range closed by a bracket', range('{"pa": "0", "size": "8K"]')],
    ['free not an array', '{"domain": {"memory": []}, "target": {"free": {}}}'],
    ['an unknown top-level key', '{"x": 1, "domain": {"memory": []}, "target": {"free": []}}'],
    ['an escape in a top-level key', '{"gr\\u0061nule": "8K", "domain": {"memory": []}, "target": {"free": []}}'],
    ['a duplicate top-level key', '{"split": true, "split": false, "domain": {"memory": []}, "target": {"free": []}}'],
    ['a duplicate target', '{"domain": {"memory": []}, "target": {"free": []}, "target": {"free": []}}'],
    ['a duplicate free', '{"domain": {"memory": []}, "target": {"free": [], "free": []}}'],
    ['an unknown target key', '{"domain": {"memory": []}, "target": {"free": [], "fre": []}}'],
    ['no target', '{"domain": {"memory": []}}'],
    ['an empty object', '{}'],
    ['not an object', '[]'],
    ['a target that is not an object', '{"domain": {"memory": []}, "target": null}'],
    ['a key cut off', '{"granule'],
    ['a top-level value that is not JSON', '{"split": tru, "domain": {"memory": []}, "target": {"free": []}}'],
    ['a top-level value cut off', '{"split": '],
    ['a string value cut off', '{"split": "tr'],
    ['a domain cut off', '{"domain": {"memory": [{"ra": "0", "size": "8K"}'],
    ['a granule that is not one', '{"granule": "12K", "domain": {"memory": []}, "target": {"free": []}}'],
    ['a granule above 4G', '{"granule": "8G", "domain": {"memory": []}, "target": {"free": [{"pa": "0", "size": "8G"}]}}'],
    ['a non-breaking space', '{"domain": {"memory": []},\u00a0"target": {"free": []}}'],
    ['text after the object', '{"domain": {"memory": []}, "target": {"free": []}} x'],
    ['a second object', '{"domain": {"memory": []}, "target": {"free": []}}{}'],
    ['a member without a comma', '{"domain": {"memory": []} "target": {"free": []}}'],
    ['an empty text', ''],
  ];
  for (const [name, text] of cases) t.notOk(agrees(t, text, name), `${name}: not scanned`);
});

t.test('blocks and settings of a scanned file go through the JSON.parse path\'s checks', async (t) => {
  const cases: [string, string][] = [
    ['an invalid block', '{"domain": {"memory": [{"ra": "0", "size": "0"}]}, "target": {"free": []}}'],
    ['overlapping blocks', '{"domain": {"memory": [{"ra": "0", "size": "16K"}, {"ra": "8K", "size": "8K"}]}, "target": {"free": []}}'],
    ['an unknown domain field', '{"domain": {"memory": [], "x": 1}, "target": {"free": []}}'],
    ['split alignment above the alignment', '{"splitAlignment": "512M", "domain": {"memory": []}, "target": {"free": []}}'],
    ['an empty target name', '{"domain": {"memory": []}, "target": {"name": "", "free": []}}'],
  ];
  for (const [name, text] of cases) {
    t.ok(agrees(t, text, name), `${name}: scanned`);
    t.throws(() => parseInstance(text), InputError, `${name}: an error`);
  }
});

t.test('what the scanner hands to JSON.parse may be written any way JSON allows', async (t) => {
  const cases: [string, string][] = [
    ['$schema', '{"$schema": "../schema/instance.json", "domain": {"memory": []}, "target": {"free": []}}'],
    ['escapes in names', '{"domain": {"name": "a\\"}b\\\\", "memory": []}, "target": {"name": "d\\u0074", "free": []}}'],
    ['brackets in strings inside the domain', '{"domain": {"name": "[{]}", "memory": [{"ra": "0", "size": "8K"}]}, "target": {"free": []}}'],
    ['odd settings forms', '{"granule": 8192, "alignment": "0X10000000", "splitAlignment": "4m", "split": true, "domain": {"memory": []}, "target": {"free": []}}'],
    ['a byte-order mark', '\ufeff{"domain": {"memory": []}, "target": {"free": [{"pa": "0", "size": "8K"}]}}'],
    ['whitespace everywhere', ' \r\n\t{ "domain" : { "memory" : [ ] } , "target" : { "name" : "t" , "free" : [ { "size" : "8K" , "pa" : 0 } ] } } \n'],
    ['empty objects and arrays', '{"domain": {"memory": []}, "target": {"free": []}, "split": false}'],
  ];
  for (const [name, text] of cases) t.ok(agrees(t, text, name), `${name}: scanned`);
});

t.test('the bytes of names are decoded as the JSON.parse path decodes the whole file', async (t) => {
  const named = (name: number[]): Uint8Array =>
    Uint8Array.from([...bytesOf('{"domain": {"name": "'), ...name, ...bytesOf('", "memory": []}, "target": {"free": [{"pa": "0", "size": "8K"}]}}')]);
  const cases: [string, number[], string][] = [
    ['two-byte characters', [0xc3, 0xbc, 0x6e, 0xc3, 0xaf], 'ünï'],
    ['a four-byte character', [0xf0, 0x9f, 0x98, 0x80], '😀'],
    ['a byte that is never UTF-8', [0x61, 0xff, 0x62], 'a\ufffdb'],
    ['a lead byte without its continuation', [0x61, 0xe2, 0x82], 'a\ufffd'],
    ['a byte-order mark inside, kept', [0xef, 0xbb, 0xbf, 0x61], '\ufeffa'],
  ];
  for (const [name, bytes, expected] of cases) {
    t.ok(agrees(t, named(bytes), name), `${name}: scanned`);
    t.equal(parseInstance(named(bytes)).domainName, expected, name);
  }
  t.notOk(agrees(t, '{"\ufeffgranule": "8K", "domain": {"memory": []}, "target": {"free": []}}'), 'a byte-order mark starts a key: unknown, not stripped');
  t.notOk(agrees(t, Uint8Array.from([0xef, 0xbb, 0xbf, ...bytesOf('\ufeff{"domain": {"memory": []}, "target": {"free": []}}')])), 'two marks: only the first is stripped');
});

t.test('a file longer than the longest string: the scanner reads it, the JSON.parse path refuses it by name', async (t) => {
  const head = bytesOf('{"domain": {"name": "big", "memory": [{"ra": "0", "size": "8K"}]}, "target": {"free": [{"pa": "0x2000", "size": "8K"}]}');
  const file = new Uint8Array(constants.MAX_STRING_LENGTH + 2);
  file.set(head);
  file.fill(0x20, head.length, file.length - 1);
  file[file.length - 1] = CLOSE_BRACE;
  const instance = parseInstance(file, 'big.json');
  t.equal(instance.domainName, 'big');
  t.same([...instance.free.start], [1], 'read to the end');
  file[head.indexOf(0x32)] = 0x31; // "0x2000" becomes "0x1000", off the granule: the scanner gives up
  const error = t.throws(() => parseInstance(file, 'big.json')) as InputError;
  t.equal(error.file, 'big.json');
  t.equal(error.field, '');
  t.equal(
    error.message,
    `big.json: too large for the general JSON reader (${file.length} bytes; it takes at most ${constants.MAX_STRING_LENGTH}); ` +
      'a file this large is read only if it is a valid instance whose target.free ranges are {"pa", "size"} objects of plain quantities, ' +
      'without escapes, duplicate or unknown keys, as ldmfit generate writes it',
  );
});

t.test('a non-InputError while checking a scanned instance is not disguised', async (t) => {
  const parse = JSON.parse;
  JSON.parse = (text: string): unknown =>
    text.startsWith('{')
      ? {
          get memory(): never {
            throw new TypeError('boom');
          },
        }
      : parse(text);
  try {
    t.throws(() => parseInstance('{"domain": {"memory": []}, "target": {"free": []}}'), TypeError);
  } finally {
    JSON.parse = parse;
  }
});
