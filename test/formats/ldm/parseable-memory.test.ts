/**
 * The memory-row fast path (formats/ldm/parseable-memory.ts) reads only the
 * row as `ldm` prints it and hands every other line back; wherever it reads,
 * the facts must be exactly what the general reader (parseable.ts, through
 * values.ts) gives. The general reader is reached by putting a blank line
 * after every row: the fast path reads a row only when the next line starts
 * with `|`.
 */
import fc from 'fast-check';
import t from 'tap';
import { MemoryRows, type OutputFacts, type OutputText } from '../../../src/formats/ldm/model.js';
import { readParseableOutput } from '../../../src/formats/ldm/parseable.js';
import { MemoryRowReader } from '../../../src/formats/ldm/parseable-memory.js';
import { InputError } from '../../../src/quantity.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);

function listing(lines: readonly string[]): OutputText {
  return { file: 'file.txt', firstLine: 1, lines, command: null };
}

/** What reading gave, with line numbers taken out of warnings and errors (the two layouts number lines differently). */
function outcome(lines: readonly string[]): { facts: OutputFacts } | { error: string } {
  try {
    const facts = readParseableOutput(listing(lines));
    return { facts: { ...facts, warnings: facts.warnings.map((warning) => warning.replace(/^file\.txt:\d+: /, '')) } };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { error: `${error.detail} (${error.text})` };
  }
}

/** Rows read by the fast path where it can, and the same rows each followed by a blank line (general reader only). */
function bothWays(rows: readonly string[]): [ReturnType<typeof outcome>, ReturnType<typeof outcome>] {
  const fast = ['VERSION 1.6', 'MEMORY', ...rows];
  const general = ['VERSION 1.6', 'MEMORY', ...rows.flatMap((row) => [row, ''])];
  return [outcome(fast), outcome(general)];
}

t.test('readRows reads rows as ldm prints them while the next line starts with |, and stops at any other form', async (t) => {
  const reader = new MemoryRowReader();
  const lines = ['|pa=0x0|size=8192|bound=_sys_\r', '|pa=0x2000|size=8192|bound= ', '|pa=0x4000|size=8192\t', '|pa=0xfFaA09|size=8192', '|pa=0x6000|size=8192', 'IO'];
  t.equal(reader.readRows(lines, 0), 4, 'the last row before IO is left to the general reader (IO might not be a record)');
  t.strictSame(reader.rows.finish(), MemoryRows.from([
    { pa: 0n, size: 8192n, bound: '_sys_' },
    { pa: 0x2000n, size: 8192n, bound: null },
    { pa: 0x4000n, size: 8192n, bound: null },
    { pa: 0xffaa09n, size: 8192n, bound: null },
  ]));
  const stops = [
    '|pa=0x0|size',
    ' |pa=0x0|size=8192',
    '|pa=0x0\r\r\r\r\r\r\r',
    '|ra=0x0|pa=0x0|size=8192',
    '|pa=0x|size=8192|bound=a',
    `|pa=0x${'1'.repeat(14)}|size=8192`,
    '|pa=0x0size=8192|bound=a',
    '|pa=0x100000000',
    '|pa=0x10000|size=|bound=',
    `|pa=0x0|size=${'1'.repeat(16)}`,
    '|pa=0x0|size=8192|lgrp=0',
    '|pa=0x0|size=8192|bou',
    '|pa=0x0|size=8192|bound=a|lgrp=0',
    '|pa=0x0|size=8K|bound=a',
  ];
  for (const line of stops) t.equal(new MemoryRowReader().readRows([line, '|'], 0), 0, line);
  t.equal(new MemoryRowReader().readRows(['|pa=0x0|size=8192', ''], 0), 0, 'a blank line next');
  t.equal(new MemoryRowReader().readRows(['|pa=0x0|size=8192', 'size=1'], 0), 0, 'a wrapped line next');
  t.equal(new MemoryRowReader().readRows(['|pa=0x0|size=8192'], 0), 0, 'the last line');
});

t.test('rows share one string per BOUND name; thousands of names (a full name table) still read right', async (t) => {
  const reader = new MemoryRowReader();
  const names = Array.from({ length: 3000 }, (_, i) => `ldg${i}`);
  const lines = [...names, ...names].map((name, i) => `|pa=0x${(i * 8192).toString(16)}|size=${8192 * (1 + (i % 3))}|bound=${name}`);
  t.equal(reader.readRows([...lines, '|'], 0), lines.length);
  t.strictSame(reader.rows.finish().toArray().map((row) => row.bound), [...names, ...names]);
  t.strictSame(reader.rows.finish().toArray().map((row) => row.size), lines.map((_, i) => BigInt(8192 * (1 + (i % 3)))));
  t.strictSame(reader.rows.finish().toArray().map((row) => row.pa), lines.map((_, i) => BigInt(i * 8192)));
});

/** A row as ldm prints it, or close to it: the shapes the fast path must take or hand back. */
const hexDigits = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 0, maxLength: 18 });
const decimalDigits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: 22 });
const boundValue = fc.oneof(fc.constantFrom('', '_sys_', 'primary', 'ldg1', 'ldg 2', 'a|b'), fc.string({ maxLength: 8 }));
const printedRow = fc.tuple(hexDigits, decimalDigits, fc.option(boundValue, { nil: undefined })).map(([pa, size, bound]) =>
  `|pa=0x${pa}|size=${size}${bound === undefined ? '' : `|bound=${bound}`}`);
const row = fc.oneof(
  { weight: 4, arbitrary: printedRow },
  { weight: 1, arbitrary: fc.tuple(hexDigits, decimalDigits, fc.constantFrom('0X', '0x', ''), fc.constantFrom('', 'K', 'G', ' ', '\t')).map(([pa, size, prefix, suffix]) =>
    `|size=${size}${suffix}|pa=${prefix}${pa}`) },
  { weight: 1, arbitrary: fc.tuple(printedRow, fc.constantFrom(' ', '\r', '\t', '\u00a0', '\u0001', ' \r')).map(([text, tail]) => text + tail) },
  // Noise, but always a row: a line of another kind would change meaning next to a blank line (a wrapped record is not joined across one).
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'|pa=0x1size=8bound=_s '), maxLength: 40 }).map((text) => `|${text}`) },
);

t.test('wherever the fast path reads, the facts (or the error) are exactly the general reader\'s', async (t) => {
  fc.assert(fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
    const [fast, general] = bothWays(rows);
    t.strictSame(fast, general, JSON.stringify(rows));
    return true;
  }), { numRuns: FUZZ_RUNS * 3 });
  const canonical = ['|pa=0x8000000|size=1073741824|bound=primary', '|pa=0x48000000|size=8192|bound=', '|pa=0xfffffffffffff|size=999999999999999'];
  const [fast, general] = bothWays(canonical);
  t.strictSame(fast, general);
  t.strictSame(fast, {
    facts: {
      memory: MemoryRows.from([
        { pa: 0x8000000n, size: 1073741824n, bound: 'primary' },
        { pa: 0x48000000n, size: 8192n, bound: null },
        { pa: 0xfffffffffffffn, size: 999999999999999n, bound: null },
      ]),
      domains: [], services: null, cpus: [], crypto: [], warnings: [],
    },
  });
});
