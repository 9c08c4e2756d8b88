/**
 * Captures given as bytes (capture.ts `splitCaptureBytes`, with the memory
 * rows of parseable outputs read straight from the bytes by
 * parseable-memory.ts's scanner) read exactly as the same capture given as
 * text: the same reading, column for column, or the same error at the same
 * line. Rows are drawn in every form near the scanner's limits (names with
 * prompt characters or non-ASCII, long values, `\r`, blanks, wrapped
 * records after them, a byte order mark), under every section.
 */
import fc from 'fast-check';
import t from 'tap';
import { splitCaptureBytes } from '../../../src/formats/ldm/capture.js';
import { MEMORY_RUN_LINE } from '../../../src/formats/ldm/model.js';
import { MemoryRowScanner } from '../../../src/formats/ldm/parseable-memory.js';
import { readLdmCaptures } from '../../../src/formats/ldm/read.js';
import { InputError } from '../../../src/quantity.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const encoder = new TextEncoder();

/** The reading, or the error's message. */
function outcome(content: string | Uint8Array): unknown {
  try {
    return readLdmCaptures([{ name: 'capture.txt', content }]);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.message;
  }
}

/** Bytes and their text read alike. */
function sameBothWays(bytes: Uint8Array): boolean {
  const fromBytes = outcome(bytes);
  const fromText = outcome(new TextDecoder().decode(bytes));
  t.strictSame(fromBytes, fromText);
  return true;
}

const hex = fc.oneof(fc.nat({ max: 0xffff }), fc.nat()).map((value) => value.toString(16));
const size = fc.oneof(fc.constantFrom('8192', '1073741824', '0', '999999999999999', '1000000000000000', '08192'), fc.nat().map(String));
const name = fc.constantFrom('', 'primary', '_sys_', 'ldg1', 'ldg2', 'a#b', 'x y', 'dom>', 'é', 'n|m', 'ldg1 ');
const trailing = fc.constantFrom('', '', '', '\r', ' ', '\t');
const row = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(hex, size, name, trailing).map(([pa, bytes, bound, end]) => `|pa=0x${pa}|size=${bytes}|bound=${bound}${end}`) },
  { weight: 2, arbitrary: fc.tuple(hex, size, trailing).map(([pa, bytes, end]) => `|pa=0x${pa}|size=${bytes}${end}`) },
  { weight: 1, arbitrary: fc.constantFrom(`|pa=0x${'1'.repeat(14)}|size=8192`, '|pa=0xABC|size=8192|bound=x', '|size=8192|pa=0x0', '|pa=0x0|size=8192|bound=a|lgrp=0', '|pa=0x0|size=', '|pa=0x0|siz') },
);
const other = fc.constantFrom(
  'VERSION 1.6', 'VERSION 1.11', 'MEMORY', 'DOMAIN|name=ldg1', 'VCPU', 'IO', '', '   ', 'bound=ldg1', 'size=8192', 'MEMORY|pa=0x0|size=8192',
  '# ldm list-devices -a -p memory', '# ldm list-devices -a memory', '# ldm ls -p', '# ldm list-devices -a -p memory ldg1', 'Password:', 'primary#', '...',
  '    PA  SIZE  BOUND', '    0x1000  8K', '\uFEFF|pa=0x0|size=8192', '|', 'é',
);
const line = fc.oneof({ weight: 5, arbitrary: row }, { weight: 2, arbitrary: other }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
const capture = fc.record({
  bom: fc.boolean(),
  start: fc.constantFrom([], ['VERSION 1.6', 'MEMORY'], ['# ldm list-devices -a -p memory', 'VERSION 1.11', 'MEMORY']),
  lines: fc.array(line, { maxLength: 40 }),
  separator: fc.constantFrom('\n', '\r\n'),
  end: fc.constantFrom('', '\n'),
});

t.test(`a capture as bytes reads as its text does (${RUNS} runs)`, async () => {
  fc.assert(fc.property(capture, ({ bom, start, lines, separator, end }) => {
    const text = [...start, ...lines].join(separator) + end;
    return sameBothWays(encoder.encode((bom ? '\uFEFF' : '') + text));
  }), { numRuns: RUNS * 3 });
});

t.test('arbitrary bytes read as their text does', async () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => sameBothWays(bytes)), { numRuns: RUNS });
});

t.test('rows where no memory row belongs are read as the lines they are: the same errors and warnings', async (t) => {
  const rows = '|pa=0x0|size=8192|bound=a\n|pa=0x2000|size=8192|bound=b\n|pa=0x4000|size=8192\n';
  for (const head of ['VERSION 1.6\nDOMAIN|name=ldg1\nMEMORY\n', 'VERSION 1.6\nVCPU\n', 'VERSION 1.6\n', '# ldm list-devices -a memory\nMEMORY\n', '', 'hello\n']) {
    sameBothWays(encoder.encode(head + rows + '\n# ldm list-devices -p memory\nVERSION 1.6\nMEMORY\n' + rows));
  }
  const error = readLdmCaptures.bind(null, [{ name: 'c.txt', content: encoder.encode(`VERSION 1.6\nDOMAIN|name=x\nMEMORY\n${rows}`) }]);
  t.throws(error, /^c\.txt: line 4: memory block without ra/);
});

t.test('thousands of names (a full name table) and names met again in later runs read right', async (t) => {
  const names = Array.from({ length: 3000 }, (_, index) => `ldg${index}`);
  const rows = [...names, ...names].map((bound, index) => `|pa=0x${(index * 8192).toString(16)}|size=8192|bound=${bound}`);
  const text = `VERSION 1.6\nMEMORY\n${rows.slice(0, 4000).join('\n')}\n\n${rows.slice(4000).join('\n')}\n`;
  sameBothWays(encoder.encode(text));
  const reading = readLdmCaptures([{ name: 'c.txt', content: encoder.encode(text) }]);
  t.equal(reading.memory.length, 6000);
  t.equal(reading.memory.names.length, 3000);
});

t.test('the split of bytes: runs of rows stand for their lines, the last taken when the next line cannot continue it', async (t) => {
  const split = (text: string) => splitCaptureBytes(encoder.encode(text));
  const [output] = split('VERSION 1.6\nMEMORY\n|pa=0x0|size=8192\n|pa=0x2000|size=8192|bound=a\n');
  t.strictSame(output!.lines, ['VERSION 1.6', 'MEMORY', MEMORY_RUN_LINE, MEMORY_RUN_LINE, '']);
  t.equal(output!.runs.length, 1);
  t.equal(output!.runs[0]!.index, 2);
  t.equal(new TextDecoder().decode(output!.runs[0]!.source), '|pa=0x0|size=8192\n|pa=0x2000|size=8192|bound=a\n');
  t.strictSame(split('VERSION 1.6\nMEMORY\n|pa=0x0|size=8192\n|pa=0x2000|size=8192')[0]!.lines.slice(2), [MEMORY_RUN_LINE, MEMORY_RUN_LINE], 'a row ending the bytes');
  t.strictSame(split('VERSION 1.6\nMEMORY\n|pa=0x0|size=8192\n|pa=0x2000|size=8192\n \t\n')[0]!.lines.slice(2), [MEMORY_RUN_LINE, MEMORY_RUN_LINE, ' \t', ''], 'a blank line next');
  t.strictSame(split('VERSION 1.6\nMEMORY\n|pa=0x0|size=8192\n|pa=0x2000|size=8192\n|lgrp=1\n')[0]!.lines.slice(2), [MEMORY_RUN_LINE, MEMORY_RUN_LINE, '|lgrp=1', ''], 'a row of another form next');
  t.strictSame(split('VERSION 1.6\nMEMORY\n|pa=0x0|size=8192\n|pa=0x2000|size=8192\nbound=a\n')[0]!.lines.slice(2), [MEMORY_RUN_LINE, '|pa=0x2000|size=8192', 'bound=a', ''], 'a wrapped line next: the row is text');
  t.strictSame(split('# ldm list-devices -a memory\n|pa=0x0|size=8192\n|pa=0x2000|size=8192\n')[0]!.lines, ['|pa=0x0|size=8192', '|pa=0x2000|size=8192', ''], 'a human output: lines');
  t.strictSame(split('|pa=0x0|size=8192\n|pa=0x2000|size=8192\nVERSION 1.6\n')[0]!.lines, ['VERSION 1.6', ''], 'rows before any output: skipped');
});

t.test('the scanner reads only rows as ldm prints them', async (t) => {
  const scan = (text: string) => new MemoryRowScanner(encoder.encode(text)).scanRun(0);
  t.equal(scan('|pa=0x0|size=8192\nbound=a\n'), null, 'one row that the next line continues...');
  t.equal(scan('|pa=0x0|size=8192')?.rows.length, 1, '...and one that ends the bytes');
  t.equal(scan('|pa=0x0|size=8192\n')?.end, 18, 'a row before the last, empty, line');
  for (const line of ['|pa=0x0', '|pa=0x|size=1', `|pa=0x${'1'.repeat(14)}|size=1`, '|pa=0x0|size', '|pa=0x0|size=|', '|pa=0x0|size=0', `|pa=0x0|size=${'1'.repeat(16)}`, '|pa=0x0|size=1|bou', '|pa=0x0|size=1|bound=a#', '|pa=0x0|size=1 x', '|pa=0x0|size=1|lgrp=1']) {
    t.equal(scan(`${line}\n|pa=0x0|size=1\n`), null, line);
  }
});
