/**
 * `schema/instance.schema.json`, the JSON Schema users validate their
 * instance files with, against the reader it describes (`instance-json.ts`):
 * the examples pass both, broken files fail both, and on a random sample of
 * valid documents and of documents with one misspelling the two agree, the
 * misspelling named at the same place.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import t from 'tap';
import { parseInstance } from '../../src/formats/instance-json.js';
import { REQUEST_SCHEMA } from '../../src/migration/request-schema.js';
import { InputError } from '../../src/quantity.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const root = new URL('../../', import.meta.url);
const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

const SCHEMA = readJson('schema/instance.schema.json') as {
  $schema: string;
  $defs: { quantity: { anyOf: readonly { pattern?: string }[] } };
};
// allErrors: a misspelling is looked for among all the errors, not only the first ajv reports.
const validate = new Ajv2020({ allErrors: true }).compile(SCHEMA);

type Json = Record<string, unknown>;
/** A place in a document: object keys and array indexes from the top. */
type Path = readonly (string | number)[];

/** The reader's way of naming a place: `target.free[2].size`. */
function dotted(path: Path): string {
  return path.reduce<string>((text, step) => (typeof step === 'number' ? `${text}[${step}]` : text === '' ? step : `${text}.${step}`), '');
}

/** Ajv's way: the JSON pointer `/target/free/2/size`. */
function pointer(path: Path): string {
  return path.map((step) => `/${String(step).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The reader's verdict on a document: `undefined` when it accepts it, else the field its error names. */
function readerError(document: unknown): string | undefined {
  try {
    parseInstance(JSON.stringify(document));
    return undefined;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.field;
  }
}

function schemaErrors(document: unknown): readonly ErrorObject[] {
  return validate(document) ? [] : validate.errors!;
}

const SEED = readJson('examples/seed-2g-into-two-1g.json') as Json;

t.test('the schema is draft 2020-12 and shares the request schema\'s quantity pattern', async (t) => {
  t.equal(SCHEMA.$schema, 'https://json-schema.org/draft/2020-12/schema');
  const pattern = (schema: { anyOf: readonly unknown[] }): unknown => (schema.anyOf[0] as { pattern?: unknown }).pattern;
  t.type(pattern(SCHEMA.$defs.quantity), 'string');
  t.equal(pattern(SCHEMA.$defs.quantity), pattern(REQUEST_SCHEMA.properties.domain.properties.effectiveLargestPage));
});

t.test('every example instance file is valid for the schema and the reader', async (t) => {
  const files = readdirSync(new URL('examples/', root)).filter((file) => file.endsWith('.json') && !file.startsWith('check-') && !file.startsWith('fleet-'));
  t.ok(files.length >= 4, `${files.length} instance files`);
  for (const file of files) {
    const document = readJson(`examples/${file}`);
    t.same(schemaErrors(document), [], `${file}: schema`);
    t.equal(readerError(document), undefined, `${file}: reader`);
  }
  const fixture = readJson('test/cli/fixtures/undecided-bin-packing.json');
  t.same(schemaErrors(fixture), [], 'the CLI tests\' bin-packing fixture');
});

t.test('a file with $schema pointing at the schema is valid for both', async (t) => {
  const document = { $schema: '../schema/instance.schema.json', ...SEED };
  t.same(schemaErrors(document), []);
  t.equal(readerError(document), undefined);
});

t.test('broken files are rejected by both, at the same field', async (t) => {
  const cases: [string, (doc: Json) => void, Path][] = [
    ['a misspelt top-level field', (doc) => { doc['alignmnet'] = doc['alignment']; delete doc['alignment']; }, ['alignmnet']],
    ['a misspelt block field', (doc) => { at(doc, 'domain', 'memory', 0)['sise'] = '2G'; delete at(doc, 'domain', 'memory', 0)['size']; }, ['domain', 'memory', 0, 'sise']],
    ['a free range without its size', (doc) => { delete at(doc, 'target', 'free', 1)['size']; }, ['target', 'free', 1, 'size']],
    ['a size with a space', (doc) => { at(doc, 'target', 'free', 0)['size'] = '1 G'; }, ['target', 'free', 0, 'size']],
    ['a decimal size', (doc) => { at(doc, 'domain', 'memory', 0)['size'] = '1.5G'; }, ['domain', 'memory', 0, 'size']],
    ['an exabyte unit the reader does not take', (doc) => { doc['granule'] = '1E'; }, ['granule']],
    ['a number beyond 2^53', (doc) => { at(doc, 'target', 'free', 0)['pa'] = 2 ** 53; }, ['target', 'free', 0, 'pa']],
    ['a negative number', (doc) => { at(doc, 'domain', 'memory', 0)['ra'] = -8192; }, ['domain', 'memory', 0, 'ra']],
    ['split as a string', (doc) => { doc['split'] = 'true'; }, ['split']],
    ['an empty name', (doc) => { at(doc, 'target')['name'] = ''; }, ['target', 'name']],
    ['a null granule', (doc) => { doc['granule'] = null; }, ['granule']],
    ['$schema as a number', (doc) => { doc['$schema'] = 7; }, ['$schema']],
    ['no domain.memory', (doc) => { delete at(doc, 'domain')['memory']; }, ['domain', 'memory']],
    ['no target', (doc) => { delete doc['target']; }, ['target']],
    ['free ranges as an object', (doc) => { at(doc, 'target')['free'] = { pa: '0x0', size: '1G' }; }, ['target', 'free']],
  ];
  for (const [name, change, path] of cases) {
    const document = structuredClone(SEED);
    change(document);
    t.equal(readerError(document), dotted(path), `${name}: the reader names ${dotted(path)}`);
    t.ok(schemaErrors(document).some((error) => schemaNames(error, path)), `${name}: the schema names ${pointer(path)}`);
  }
});

/** The object at `path` in a document, for editing it. */
function at(document: Json, ...path: Path): Json {
  return path.reduce<Json>((value, step) => value[step] as Json, document);
}

/** Whether an ajv error is about the place `path`: an error there, or a missing or unknown property of that name. */
function schemaNames(error: ErrorObject, path: Path): boolean {
  if (error.instancePath === pointer(path)) return true;
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const key = params.missingProperty ?? params.additionalProperty;
  return error.instancePath === pointer(path.slice(0, -1)) && key === path[path.length - 1];
}

// ---------------------------------------------------------------------------
// Property: the schema and the reader agree on generated documents.

const LIMIT = 1n << 64n;
const UNITS = ['K', 'M', 'G', 'T', 'P'] as const;

/** A byte quantity in one of the forms the reader accepts. */
function written(bytes: bigint): fc.Arbitrary<string | number> {
  const forms: fc.Arbitrary<string | number>[] = [
    fc.tuple(fc.constantFrom('0x', '0X'), fc.boolean(), fc.nat({ max: 3 })).map(
      ([prefix, upper, zeros]) => prefix + '0'.repeat(zeros) + (upper ? bytes.toString(16).toUpperCase() : bytes.toString(16)),
    ),
    fc.constant(bytes.toString()),
  ];
  if (bytes <= BigInt(Number.MAX_SAFE_INTEGER)) forms.push(fc.constant(Number(bytes)));
  UNITS.forEach((unit, i) => {
    const shift = BigInt(10 * (i + 1));
    if (bytes > 0n && bytes % (1n << shift) === 0n) {
      forms.push(fc.tuple(fc.boolean(), fc.constantFrom('', 'B', 'b')).map(([lower, suffix]) => `${bytes >> shift}${lower ? unit.toLowerCase() : unit}${suffix}`));
    }
  });
  return fc.oneof(...forms);
}

/** A multiple of `granule` bytes in [0, `maxUnits`] granules, written. */
function multiple(granule: bigint, maxUnits: bigint, minUnits = 0n): fc.Arbitrary<bigint> {
  return fc.bigInt({ min: minUnits, max: maxUnits }).map((units) => units * granule);
}

/** A valid instance: every rule of the reader holds, in every quantity form, optional fields present or not. */
const validInstance: fc.Arbitrary<Json> = fc
  .record({
    granuleShift: fc.integer({ min: 0, max: 20 }),
    // At most 2^40 granules an alignment: the engine refuses a question wider than 2^52 granules
    // even after framing (frame.ts), a limit of the solver that no schema states.
    alignmentExtra: fc.integer({ min: 0, max: 40 }),
    splitExtra: fc.nat({ max: 63 }),
    withGranule: fc.boolean(),
    withAlignment: fc.boolean(),
    withSplitAlignment: fc.boolean(),
  })
  .chain((shape) => {
    // What the reader assumes for a field left out: granule 8K, alignment 256M, splitAlignment the alignment.
    const granuleShift = shape.withGranule ? shape.granuleShift : 13;
    const alignmentShift = shape.withAlignment ? Math.min(63, granuleShift + shape.alignmentExtra) : 28;
    const splitShift = granuleShift + (shape.splitExtra % (alignmentShift - granuleShift + 1));
    const granule = 1n << BigInt(granuleShift);
    const units = LIMIT / granule;
    const sizeUnits = fc.bigInt({ min: 1n, max: 1n << 20n });
    // Blocks laid out upward in RA from a base, so they never overlap; at most 4 * 2^21 granules above it.
    const blocks = fc
      .tuple(fc.bigInt({ min: 0n, max: units - (1n << 24n) }), fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 1n << 20n }), sizeUnits), { maxLength: 4 }))
      .chain(([base, shapes]) => {
        let next = base;
        return fc.tuple(
          ...shapes.map(([gap, size]) => {
            const ra = next + gap;
            next = ra + size;
            return fc.record(
              { ra: written(ra * granule), pa: multiple(granule, units - size).chain(written), size: written(size * granule) },
              { requiredKeys: ['ra', 'size'] },
            );
          }),
        );
      });
    // Free ranges must not overlap either (the reader or the free map rejects it): laid out the same way, then shuffled.
    const free = fc
      .tuple(fc.bigInt({ min: 0n, max: units - (1n << 24n) }), fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 1n << 20n }), sizeUnits), { maxLength: 5 }))
      .chain(([base, shapes]) => {
        let next = base;
        const ranges = shapes.map(([gap, size]) => {
          const pa = next + gap;
          next = pa + size;
          return fc.record({ pa: written(pa * granule), size: written(size * granule) });
        });
        return fc.tuple(...ranges).chain((list) => fc.shuffledSubarray(list, { minLength: list.length }));
      });
    const given: Record<string, fc.Arbitrary<unknown>> = {
      domain: fc.record({ name: fc.string({ minLength: 1 }), memory: blocks }, { requiredKeys: ['memory'] }),
      target: fc.record({ name: fc.string({ minLength: 1 }), free }, { requiredKeys: ['free'] }),
    };
    if (shape.withGranule) given['granule'] = written(granule);
    if (shape.withAlignment) given['alignment'] = written(1n << BigInt(alignmentShift));
    if (shape.withSplitAlignment) given['splitAlignment'] = written(1n << BigInt(splitShift));
    const model: Record<string, fc.Arbitrary<unknown>> = { $schema: fc.string(), split: fc.boolean(), ...given };
    return fc.record(model, { requiredKeys: Object.keys(given) });
  });

/** Every object of a document with the fields the reader allows in it. */
function objectsOf(document: Json): { path: Path; object: Json; allowed: readonly string[] }[] {
  const domain = document['domain'] as Json & { memory: Json[] };
  const target = document['target'] as Json & { free: Json[] };
  return [
    { path: [], object: document, allowed: ['$schema', 'granule', 'alignment', 'split', 'splitAlignment', 'domain', 'target'] },
    { path: ['domain'], object: domain, allowed: ['name', 'memory'] },
    { path: ['target'], object: target, allowed: ['name', 'free'] },
    ...domain.memory.map((block, i) => ({ path: ['domain', 'memory', i], object: block, allowed: ['ra', 'pa', 'size'] })),
    ...target.free.map((range, i) => ({ path: ['target', 'free', i], object: range, allowed: ['pa', 'size'] })),
  ];
}

/** A typing slip in a field name: a letter inserted, dropped, doubled or changed, or two swapped. */
const slip = fc.tuple(fc.constantFrom('insert', 'drop', 'double', 'change', 'swap'), fc.nat(), fc.constantFrom(...'abcdeiklmnoprstuxz')).map(
  ([kind, at, letter]) =>
    (key: string): string => {
      const i = at % key.length;
      switch (kind) {
        case 'insert': return key.slice(0, i) + letter + key.slice(i);
        case 'drop': return key.slice(0, i) + key.slice(i + 1);
        case 'double': return key.slice(0, i + 1) + key.slice(i);
        case 'change': return key.slice(0, i) + letter + key.slice(i + 1);
        default: return i + 1 < key.length ? key.slice(0, i) + key[i + 1]! + key[i]! + key.slice(i + 2) : key + letter;
      }
    },
);

/** A document with one field name misspelt, and the place the misspelling sits. */
const misspeltKey: fc.Arbitrary<{ document: Json; path: Path }> = fc.tuple(validInstance, fc.nat(), fc.nat(), slip).map(([document, which, field, typo]) => {
  const candidates = objectsOf(document).filter(({ object }) => Object.keys(object).length > 0);
  const { path, object, allowed } = candidates[which % candidates.length]!;
  const keys = Object.keys(object);
  const key = keys[field % keys.length]!;
  let wrong = typo(key);
  // A slip that lands on a field the object may hold is no misspelling.
  if (wrong === '' || allowed.includes(wrong)) wrong = `${key}s`;
  object[wrong] = object[key];
  delete object[key];
  return { document, path: [...path, wrong] };
});

const QUANTITY_FIELDS = ['granule', 'alignment', 'splitAlignment', 'ra', 'pa', 'size'];

/** Whether a document holds any quantity to misspell. */
function hasQuantity(document: Json): boolean {
  return objectsOf(document).some(({ object }) => Object.keys(object).some((key) => QUANTITY_FIELDS.includes(key)));
}

/** A quantity written wrong: a stray character, or a number that is not a safe non-negative integer. */
const wrongQuantity: fc.Arbitrary<(text: string | number) => unknown> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(' ', '.', 'i', 'Z', ',', '_', '-', '+', 'q')).map(([at, stray]) => (text: string | number) => {
    const written = String(text);
    const i = at % (written.length + 1);
    return written.slice(0, i) + stray + written.slice(i);
  }),
  fc.constantFrom(1.5, -1, 2 ** 53, 1e300, '', '0x', 'G', true, null, [], {}).map((value) => () => value),
);

/** A document with one quantity misspelt, and where. */
const misspeltQuantity: fc.Arbitrary<{ document: Json; path: Path }> = fc.tuple(validInstance.filter(hasQuantity), fc.nat(), wrongQuantity).map(([document, which, wrong]) => {
  const quantities = objectsOf(document).flatMap(({ path, object }) =>
    Object.keys(object)
      .filter((key) => QUANTITY_FIELDS.includes(key))
      .map((key) => ({ object, key, path: [...path, key] })),
  );
  const { object, key, path } = quantities[which % quantities.length]!;
  object[key] = wrong(object[key] as string | number);
  return { document, path };
});

t.test('property: the reader and the schema both accept every valid document', async (t) => {
  fc.assert(
    fc.property(validInstance, (document) => {
      const errors = schemaErrors(document);
      if (errors.length > 0) throw new Error(`schema: ${JSON.stringify(errors[0])}`);
      const field = readerError(document);
      if (field !== undefined) throw new Error(`reader: ${field}`);
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.pass(`${FUZZ_RUNS} runs`);
});

t.test('property: both reject a misspelt field name, and name it', async (t) => {
  fc.assert(
    fc.property(misspeltKey, ({ document, path }) => readerError(document) === dotted(path) && schemaErrors(document).some((error) => schemaNames(error, path))),
    { numRuns: FUZZ_RUNS },
  );
  t.pass(`${FUZZ_RUNS} runs`);
});

t.test('property: both reject a misspelt quantity, and name it', async (t) => {
  fc.assert(
    fc.property(misspeltQuantity, ({ document, path }) => {
      const field = readerError(document);
      return field === dotted(path) && schemaErrors(document).some((error) => schemaNames(error, path));
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.pass(`${FUZZ_RUNS} runs`);
});
