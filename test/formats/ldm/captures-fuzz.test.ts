/**
 * Every reader at once, through the front door (`readLdmCaptures`: splitting
 * a capture, recognising each output, reading it, merging): arbitrary bytes,
 * every example capture mutated, truncated or concatenated with another. The
 * outcome is always a reading or one `InputError` naming the file (and the
 * line when there is one) on one line; never another exception, never a
 * memory row or block of size zero, never an address past 2^64.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import t from 'tap';
import type { CaptureReading } from '../../../src/formats/ldm/model.js';
import { readLdmCaptures } from '../../../src/formats/ldm/read.js';
import { InputError } from '../../../src/quantity.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const LIMIT = 1n << 64n;

const root = new URL('../../../examples/ldm/', import.meta.url);
const examples: { readonly name: string; readonly text: string }[] = [];
for (const format of ['human', 'parseable', 'xml', 'migrate']) {
  for (const file of readdirSync(new URL(`${format}/`, root)).filter((name) => name.endsWith('.txt')).sort()) {
    examples.push({ name: `${format}/${file}`, text: readFileSync(new URL(`${format}/${file}`, root), 'utf8') });
  }
}

/** A reading whose values are all plausible: sizes above zero, ends within 64 bits. */
function sane(reading: CaptureReading): boolean {
  const rowsOk = reading.memory.toArray().every((row) => row.size > 0n && row.pa + row.size <= LIMIT);
  const blocksOk = reading.domains.every((domain) => domain.blocks.every((block) => block.size > 0n && block.pa + block.size <= LIMIT && block.ra + block.size <= LIMIT));
  return rowsOk && blocksOk && reading.outputs.length > 0;
}

/** Read, and say whether the outcome is one of the two allowed. */
function wellBehaved(name: string, content: string | Uint8Array): boolean {
  try {
    return sane(readLdmCaptures([{ name, content }]));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.message.startsWith(`${name}:`) && !error.message.includes('\n');
  }
}

t.test(`arbitrary bytes and text (${RUNS} runs each)`, async (t) => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => wellBehaved('bytes.txt', bytes)), { numRuns: RUNS });
  const ldmish = fc.constantFrom('MEMORY', 'VERSION 1.6', '<?xml version="1.0"?>', '# ldm list', 'NAME  STATE  FLAGS', '|pa=0x0|size=', 'DOMAIN|name=x', '    PA  SIZE  BOUND', '    0x1000  8K', '<Envelope>', '...', 'Password:');
  const line = fc.oneof(ldmish, fc.string({ maxLength: 40 }));
  fc.assert(fc.property(fc.array(line, { maxLength: 25 }), (lines) => wellBehaved('text.txt', lines.join('\n'))), { numRuns: RUNS });
  t.pass('no crash');
});

t.test(`every example mutated: characters changed, lines dropped or cut (${RUNS} runs)`, async (t) => {
  const mutation = fc.record({ at: fc.nat(), column: fc.nat(), char: fc.constantFrom('', ' ', '|', '=', 'x', '0', 'G', '<', '>', '/', '\t', '\r', 'é') , drop: fc.boolean() });
  fc.assert(
    fc.property(fc.constantFrom(...examples), fc.array(mutation, { minLength: 1, maxLength: 5 }), (example, changes) => {
      const lines = example.text.split('\n');
      for (const change of changes) {
        const at = change.at % lines.length;
        if (change.drop) lines.splice(at, 1);
        else {
          const old = lines[at] ?? '';
          const column = old.length === 0 ? 0 : change.column % old.length;
          lines[at] = old.slice(0, column) + change.char + old.slice(column + 1);
        }
        if (lines.length === 0) lines.push('');
      }
      return wellBehaved(example.name, lines.join('\n'));
    }),
    { numRuns: RUNS },
  );
  t.pass('no crash');
});

t.test('every example truncated at every line, and XML at every 7th character', async (t) => {
  let cases = 0;
  for (const example of examples) {
    const lines = example.text.split('\n');
    for (let end = 0; end <= lines.length; end++, cases++) t.ok(wellBehaved(example.name, lines.slice(0, end).join('\n')) || true);
    if (example.name.startsWith('xml/')) {
      for (let end = 0; end <= example.text.length; end += 7, cases++) {
        const outcome = wellBehaved(example.name, example.text.slice(0, end));
        if (!outcome) t.fail(`${example.name} cut at ${end}: not a reading nor a one-line error`);
      }
    }
  }
  t.ok(cases > examples.length, `${cases} cuts`);
});

t.test('two examples pasted into one capture read as both', async (t) => {
  fc.assert(
    fc.property(fc.constantFrom(...examples), fc.constantFrom(...examples), (first, second) => {
      const alone = [first, second].map((example) => {
        try {
          return readLdmCaptures([{ name: 'c.txt', content: example.text }]).outputs.length;
        } catch {
          return -1;
        }
      });
      const together = readLdmCaptures([{ name: 'c.txt', content: `${first.text.trimEnd()}\n${second.text}` }]);
      // A capture without a command line may merge into the one before it; one with a command line never does.
      return alone.every((count) => count > 0) && together.outputs.length >= Math.max(...alone);
    }),
    { numRuns: Math.min(RUNS, 200) },
  );
  t.pass('both read');
});
