/**
 * Memory rows as columns (formats/ldm/memory-rows.ts): whatever the rows,
 * the columns give back exactly the objects they were made from, their sums
 * are the bigint sums, and merging them is what merging the objects was (a
 * map keyed by PA and size, sorted) — checked against that naive version.
 */
import fc from 'fast-check';
import t from 'tap';
import { compareWords, mergeMemoryRows, MemoryRows, MemoryRowsBuilder } from '../../../src/formats/ldm/memory-rows.js';
import type { MemoryRow } from '../../../src/formats/ldm/model.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const LIMIT = 1n << 64n;

/** Any 64-bit row: small, near 2^32, near 2^53 and near 2^64 values all likely. */
const quantity = fc.oneof(
  fc.bigInt({ min: 0n, max: 0xffffn }),
  fc.bigInt({ min: 0xfff00000n, max: 0x100100000n }),
  fc.bigInt({ min: (1n << 53n) - 0x100n, max: (1n << 53n) + 0x100n }),
  fc.bigInt({ min: 0n, max: LIMIT - 1n }),
);
// Plain objects: fast-check may make records without a prototype.
const row = fc.record({ pa: quantity, size: quantity, bound: fc.option(fc.constantFrom('primary', '_sys_', 'ldg1', 'ldg2', ''), { nil: null }) }).map((one): MemoryRow => ({ ...one }));

/** The merge as it was before the columns: one map entry per (PA, size), a bound row replacing a free one, sorted. */
function naiveMerge(sets: readonly (readonly MemoryRow[])[]): MemoryRow[] {
  const memory = new Map<string, MemoryRow>();
  for (const rows of sets) {
    for (const one of rows) {
      const key = `${one.pa}:${one.size}`;
      const seen = memory.get(key);
      if (seen === undefined || (seen.bound === null && one.bound !== null)) memory.set(key, one);
    }
  }
  return [...memory.values()].sort((a, b) => (a.pa < b.pa ? -1 : a.pa > b.pa ? 1 : a.size < b.size ? -1 : a.size > b.size ? 1 : 0));
}

t.test('the columns give back the rows they were made from, by accessor, by row, by iteration and as an array', async (t) => {
  fc.assert(fc.property(fc.array(row, { maxLength: 200 }), (rows) => {
    const columns = MemoryRows.from(rows);
    t.equal(columns.length, rows.length);
    t.strictSame(columns.toArray(), rows);
    t.strictSame([...columns], rows);
    rows.forEach((one, index) => {
      if (columns.pa(index) !== one.pa || columns.size(index) !== one.size || columns.bound(index) !== one.bound) throw new Error(`row ${index} differs`);
    });
    return true;
  }), { numRuns: RUNS });
  const rows = [{ pa: LIMIT - 0x2000n, size: 0x2000n, bound: 'ldg1' }, { pa: 0n, size: 1n << 40n, bound: null }];
  t.strictSame(MemoryRows.from(rows).row(0), rows[0], 'a PA above 2^53 exact');
  t.strictSame(MemoryRows.from(rows).names, ['ldg1'], 'one name held, free rows naming none');
});

t.test('counts and sums from the columns are the bigint ones', async (t) => {
  fc.assert(fc.property(fc.array(row, { maxLength: 200 }), (rows) => {
    const columns = MemoryRows.from(rows);
    const free = rows.filter((one) => one.bound === null);
    const sum = (some: readonly MemoryRow[]): bigint => some.reduce((total, one) => total + one.size, 0n);
    t.equal(columns.freeCount(), free.length);
    t.equal(columns.totalSize(true), sum(free));
    t.equal(columns.totalSize(false), sum(rows.filter((one) => one.bound !== null)));
    t.equal(columns.largestFree(), free.reduce((widest, one) => (one.size > widest ? one.size : widest), 0n));
    return true;
  }), { numRuns: RUNS });
  t.equal(MemoryRows.EMPTY.largestFree(), 0n, 'no free row: 0');
});

t.test('sums stay exact past the rows summed as doubles at a time (2^20)', async (t) => {
  const builder = new MemoryRowsBuilder();
  const rows = (1 << 20) + 3;
  for (let index = 0; index < rows; index++) builder.pushWords(index, 0, 0xffffffff, 0x1fffff, -1);
  t.equal(builder.finish().totalSize(true), BigInt(rows) * ((1n << 53n) - 1n));
});

t.test('merging the columns is merging the rows: PA order, duplicates gone, a bound row kept over a free one', async (t) => {
  const near = fc.record({ pa: fc.bigInt({ min: 0n, max: 6n }), size: fc.bigInt({ min: 1n, max: 3n }), bound: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null }) }).map((one): MemoryRow => ({ ...one }));
  fc.assert(fc.property(fc.array(fc.array(fc.oneof(near, row), { maxLength: 30 }), { maxLength: 4 }), (sets) => {
    const merged = mergeMemoryRows(sets.map((rows) => MemoryRows.from(rows)));
    const expected = naiveMerge(sets);
    t.strictSame(merged.toArray(), expected);
    // Names numbered in the merged rows' order: the same columns as made from the expected rows.
    t.strictSame(merged, MemoryRows.from(expected));
    return true;
  }), { numRuns: RUNS });
});

t.test('rows already in order are taken as they are: one set returned itself, several joined without a sort', async (t) => {
  const first = MemoryRows.from([{ pa: 0n, size: 8192n, bound: 'a' }, { pa: 8192n, size: 8192n, bound: null }]);
  const second = MemoryRows.from([{ pa: 1n << 40n, size: 8192n, bound: 'b' }, { pa: (1n << 40n) + 8192n, size: 8192n, bound: 'a' }]);
  t.equal(mergeMemoryRows([MemoryRows.EMPTY, first]), first);
  t.equal(mergeMemoryRows([]), MemoryRows.EMPTY);
  const joined = mergeMemoryRows([first, second]);
  t.strictSame(joined, MemoryRows.from([...first, ...second]));
  t.strictSame(joined.names, ['a', 'b']);
});

t.test('a builder holds one appended set as it is, and copies it before anything is added', async (t) => {
  const set = MemoryRows.from([{ pa: 0n, size: 8192n, bound: 'a' }, { pa: 8192n, size: 8192n, bound: null }]);
  const held = new MemoryRowsBuilder();
  held.append(set);
  t.equal(held.length, 2);
  t.equal(held.finish(), set, 'no copy');
  for (const add of [
    (builder: MemoryRowsBuilder) => builder.push({ pa: 1n << 33n, size: 8192n, bound: 'b' }),
    (builder: MemoryRowsBuilder) => builder.pushRow(MemoryRows.from([{ pa: 1n << 33n, size: 8192n, bound: 'b' }]), 0),
    (builder: MemoryRowsBuilder) => builder.append(MemoryRows.from([{ pa: 1n << 33n, size: 8192n, bound: 'b' }])),
  ]) {
    const builder = new MemoryRowsBuilder();
    builder.append(MemoryRows.EMPTY);
    builder.append(set);
    add(builder);
    t.strictSame(builder.finish(), MemoryRows.from([...set, { pa: 1n << 33n, size: 8192n, bound: 'b' }]));
    t.strictSame(set.toArray(), [{ pa: 0n, size: 8192n, bound: 'a' }, { pa: 8192n, size: 8192n, bound: null }], 'the held set unchanged');
  }
  const named = new MemoryRowsBuilder();
  named.append(set);
  t.equal(named.nameIndex('b'), 1, 'a name asked for: the held names first');
  t.equal(named.nameIndex(null), -1);
  t.strictSame(named.finish().names, ['a', 'b']);
});

t.test('appending to rows already built renumbers the names once, in order of first appearance', async (t) => {
  const builder = new MemoryRowsBuilder();
  builder.push({ pa: 0n, size: 1n, bound: 'z' });
  builder.append(MemoryRows.from([{ pa: 1n, size: 1n, bound: 'y' }, { pa: 2n, size: 1n, bound: 'z' }, { pa: 3n, size: 1n, bound: null }]));
  const rows = builder.finish();
  t.strictSame(rows.names, ['z', 'y']);
  t.strictSame([...rows.boundIndexes], [0, 1, 0, -1]);
});

t.test('words compare by high word, then low', async (t) => {
  const words = new Uint32Array([5, 1, 9, 0, 5, 1]);
  t.ok(compareWords(words, 0, words, 1) > 0);
  t.ok(compareWords(words, 1, words, 0) < 0);
  t.equal(compareWords(words, 0, words, 2), 0);
});
