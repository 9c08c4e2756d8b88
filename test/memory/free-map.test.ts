import t from 'tap';
import fc from 'fast-check';
import { FreeMap } from '../../src/memory/free-map.js';
import { rangeColumns } from '../../src/memory/instance.js';
import { InputError } from '../../src/quantity.js';
import { NaiveFreeMap, type Span } from '../tree/naive-ranges.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);

function mapOf(ranges: readonly (readonly [pa: number, size: number])[]): FreeMap {
  return FreeMap.fromColumns(rangeColumns(ranges.map(([pa, size]) => ({ pa, size }))));
}

function spansOf(map: FreeMap): Span[] {
  const out: Span[] = [];
  map.forEachRange((s, e) => out.push([s, e]));
  return out;
}

t.test('input ranges are sorted and touching ones coalesced', async (t) => {
  const map = mapOf([[100, 50], [0, 10], [10, 20], [150, 10], [300, 1]]);
  map.checkValid();
  t.same(spansOf(map), [[0, 30], [100, 160], [300, 301]]);
  t.equal(map.rangeCount, 3);
  t.equal(map.totalFree, 91);
  t.equal(map.largest, 60);
  const columns = map.toColumns();
  t.equal(columns.count, 3);
  t.same(Array.from(columns.start), [0, 100, 300]);
  t.same(Array.from(columns.size), [30, 60, 1]);
});

t.test('an empty input gives an empty map', async (t) => {
  const map = mapOf([]);
  map.checkValid();
  t.equal(map.rangeCount, 0);
  t.equal(map.largest, 0);
  t.equal(map.firstFit(1, 0, 1), -1);
});

t.test('overlapping input ranges are an InputError naming both', async (t) => {
  const input: [number, number][] = [[0, 10], [100, 10], [20, 10], [200, 10], [25, 2]];
  t.throws(() => mapOf(input), new InputError('target.free[4]', 'overlaps target.free[2]'));
  try {
    mapOf(input);
  } catch (error) {
    t.type(error, InputError);
    t.equal((error as InputError).field, 'target.free[4]');
    t.equal((error as InputError).detail, 'overlaps target.free[2]');
    t.equal((error as Error).message, 'target.free[4]: overlaps target.free[2]');
  }
  t.throws(() => mapOf([[25, 2], [0, 10], [20, 10]]), { name: 'InputError', message: 'target.free[2]: overlaps target.free[0]' },
    'the later input index is the field even when it sorts first');
  t.throws(() => mapOf([[0, 10], [0, 5]]), { name: 'InputError', message: 'target.free[1]: overlaps target.free[0]' }, 'same start');
  t.throws(() => mapOf([[20, 5], [0, 10], [0, 5]]), { name: 'InputError', message: 'target.free[2]: overlaps target.free[1]' },
    'same start in unsorted input: ties sort by input index');
  t.throws(() => mapOf([[0, 10], [5, 10]]), { name: 'InputError', message: 'target.free[1]: overlaps target.free[0]' }, 'sorted input');
});

t.test('the field prefix is the caller\'s', async (t) => {
  const columns = rangeColumns([{ pa: 0, size: 4 }, { pa: 2, size: 4 }]);
  t.throws(() => FreeMap.fromColumns(columns, 'machine.free'), { name: 'InputError', message: 'machine.free[1]: overlaps machine.free[0]' });
});

t.test('a size of zero or less is an InputError naming the size field', async (t) => {
  t.throws(() => mapOf([[0, 10], [20, 0]]), { name: 'InputError', message: 'target.free[1].size: must be greater than zero (got "0")' });
  t.throws(() => mapOf([[0, -4]]), { name: 'InputError', message: /^target\.free\[0\]\.size: / });
});

t.test('reserve splits a range; release coalesces it back', async (t) => {
  const map = mapOf([[0, 100]]);
  map.reserve(40, 20);
  t.same(spansOf(map), [[0, 40], [60, 100]]);
  map.reserve(0, 10);
  map.reserve(90, 10);
  t.same(spansOf(map), [[10, 40], [60, 90]]);
  t.equal(map.totalFree, 60);
  map.reserve(10, 30);
  t.same(spansOf(map), [[60, 90]]);
  map.release(40, 20);
  t.same(spansOf(map), [[40, 90]], 'coalesced with the range above');
  map.release(10, 30);
  t.same(spansOf(map), [[10, 90]], 'coalesced with the range above again');
  map.release(90, 10);
  t.same(spansOf(map), [[10, 100]], 'coalesced with the range below');
  map.release(0, 10);
  t.same(spansOf(map), [[0, 100]]);
  map.reserve(40, 20);
  map.release(40, 20);
  t.same(spansOf(map), [[0, 100]], 'coalesced on both sides');
  map.release(200, 5);
  t.same(spansOf(map), [[0, 100], [200, 205]], 'an isolated release is a new range');
  map.checkValid();
});

t.test('reserving outside one free range is a programming error', async (t) => {
  const map = mapOf([[0, 10], [10, 10], [30, 10]]);
  t.throws(() => map.reserve(15, 10), /reserve \[15, 25\): not inside one free range/);
  t.throws(() => map.reserve(20, 1), /not inside one free range/, 'in a gap');
  t.throws(() => map.reserve(35, 0), /not inside one free range/, 'empty');
  t.doesNotThrow(() => map.reserve(5, 10), 'coalesced input ranges are one range');
  t.notOk(map.contains(5, 1));
  t.ok(map.contains(15, 5));
  t.notOk(map.contains(15, 6));
  t.notOk(map.contains(25, 1));
});

t.test('a double free or an overlapping release is a programming error', async (t) => {
  const map = mapOf([[0, 10], [30, 10]]);
  t.throws(() => map.release(5, 2), /release \[5, 7\): overlaps free range \[0, 10\)/);
  t.throws(() => map.release(20, 15), /overlaps free range \[30, 40\)/);
  t.throws(() => map.release(20, 0), /release \[20, 20\): empty/);
  t.same(spansOf(map), [[0, 10], [30, 40]], 'a refused release changes nothing');
  map.checkValid();
});

t.test('fit queries report the position and the holding range', async (t) => {
  const map = mapOf([[0, 8], [20, 60], [100, 12]]);
  const out = new Float64Array(3);
  t.equal(map.firstFit(8, 4, 8), 20);
  t.ok(map.firstFitInto(8, 4, 8, out));
  t.same(Array.from(out), [20, 20, 80]);
  t.equal(map.bestFit(8, 4, 8), 100, 'the 12-long range is the smallest that holds it');
  t.ok(map.bestFitInto(8, 4, 8, out));
  t.same(Array.from(out), [100, 100, 112]);
  t.notOk(map.bestFitInto(61, 0, 1, out));
  t.notOk(map.firstFitInto(61, 0, 1, out));
  t.same(Array.from(out), [100, 100, 112], 'a miss leaves out alone');
});

t.test('checkpoint and rollback undo reserves and releases exactly', async (t) => {
  const map = mapOf([[0, 100], [200, 50]]);
  const before = spansOf(map);
  const mark = map.checkpoint();
  map.reserve(10, 10);
  const inner = map.checkpoint();
  map.release(150, 50);
  map.reserve(0, 10);
  map.rollback(inner);
  t.same(spansOf(map), [[0, 10], [20, 100], [200, 250]]);
  map.rollback(inner);
  t.same(spansOf(map), [[0, 10], [20, 100], [200, 250]], 'a mark can be rolled back to twice');
  map.rollback(mark);
  t.same(spansOf(map), before);
  t.equal(map.totalFree, 150);
  map.checkValid();
});

t.test('rollback refuses marks that are not live checkpoints', async (t) => {
  const map = mapOf([[0, 100]]);
  map.reserve(0, 1);
  const mark = map.checkpoint();
  map.commit();
  t.throws(() => map.rollback(mark), /rollback: 3 is not a live checkpoint \(log length 0\)/);
  t.throws(() => map.rollback(-3), /not a live checkpoint/);
  t.throws(() => map.rollback(1.5), /not a live checkpoint/);
  map.reserve(1, 1);
  t.throws(() => map.rollback(1), /not a live checkpoint/, 'not on an entry boundary');
  map.rollback(0);
  t.same(spansOf(map), [[1, 100]], 'rolls back to the commit');
});

t.test('the undo log grows past its first buffer', async (t) => {
  const map = mapOf([[0, 1000]]);
  const mark = map.checkpoint();
  for (let i = 0; i < 500; i++) map.reserve(2 * i, 1);
  t.equal(map.rangeCount, 500);
  map.rollback(mark);
  t.same(spansOf(map), [[0, 1000]]);
});

t.test('ranges at 2^51 granules and large alignments', async (t) => {
  const base = 2 ** 51;
  const map = mapOf([[base, 2 ** 20], [base + 2 ** 21 + 8, 2 ** 22]]);
  t.equal(map.firstFit(2 ** 20, 0, 2 ** 20), base);
  t.equal(map.firstFit(2 ** 20, 8, 2 ** 21), base + 2 ** 21 + 8);
  t.equal(map.bestFit(2 ** 20, 0, 2 ** 20), base);
  map.reserve(base, 2 ** 20);
  t.equal(map.firstFit(2 ** 20, 0, 2 ** 20), base + 3 * 2 ** 20);
  map.release(base, 2 ** 20);
  t.same(spansOf(map), [[base, base + 2 ** 20], [base + 2 ** 21 + 8, base + 2 ** 21 + 8 + 2 ** 22]]);
  t.equal(map.firstFit(1, 0, 1), base, 'alignment 1');
});

t.test('checkValid catches an uncoalesced map and a wrong total', async (t) => {
  const map = mapOf([[0, 10], [20, 10]]);
  const internals = map as unknown as { tree: { resize(id: number, s: number, e: number): void; startingAt(p: number): number }; total: number };
  internals.total = 5;
  t.throws(() => map.checkValid(), /totalFree is 5, the ranges sum to 20/);
  internals.total = 20;
  internals.tree.resize(internals.tree.startingAt(0), 0, 20);
  t.throws(() => map.checkValid(), /free ranges touch at 20 but were not coalesced/);
});

type Op =
  | { kind: 'reserve'; pick: number; offset: number; length: number }
  | { kind: 'reserveAnywhere'; pa: number; length: number }
  | { kind: 'release'; pick: number }
  | { kind: 'releaseAnywhere'; pa: number; length: number }
  | { kind: 'fit'; size: number; phase: number; alignmentLog: number }
  | { kind: 'contains'; pa: number; length: number }
  | { kind: 'checkpoint' }
  | { kind: 'rollback'; pick: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('reserve' as const), pick: fc.nat(), offset: fc.nat(30), length: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reserveAnywhere' as const), pa: fc.nat(400), length: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('releaseAnywhere' as const), pa: fc.nat(400), length: fc.integer({ min: 0, max: 20 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('fit' as const), size: fc.integer({ min: 1, max: 40 }), phase: fc.nat(), alignmentLog: fc.nat(6) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('contains' as const), pa: fc.nat(400), length: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('checkpoint' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rollback' as const), pick: fc.nat() }) },
);

const inputArbitrary = fc.array(fc.tuple(fc.nat(380), fc.integer({ min: 1, max: 40 })), { maxLength: 20 }).map((ranges) => {
  // Drop the ranges that overlap an earlier one, keeping input order (and touching pairs).
  const kept: [number, number][] = [];
  for (const [pa, size] of ranges) {
    if (kept.every(([q, z]) => pa + size <= q || q + z <= pa)) kept.push([pa, size]);
  }
  return kept;
});

/** Whether `action` throws; the real and naive maps must agree on it. */
function throws(action: () => void): boolean {
  try {
    action();
    return false;
  } catch {
    return true;
  }
}

/** One random scenario: the real map, the naive map and the reserved spans, kept in step. */
class Scenario {
  readonly map: FreeMap;
  readonly naive: NaiveFreeMap;
  reserved: Span[] = [];
  marks: { real: number; naive: number; reserved: Span[] }[] = [];

  constructor(input: readonly [number, number][]) {
    this.map = mapOf(input);
    this.naive = NaiveFreeMap.from(input);
  }

  apply(op: Op): void {
    const { map, naive } = this;
    switch (op.kind) {
      case 'reserve': {
        if (naive.count === 0) return;
        const [s, e] = naive.spans[op.pick % naive.count]!;
        const pa = s + (op.offset % (e - s));
        const size = Math.min(op.length, e - pa);
        map.reserve(pa, size);
        naive.reserve(pa, size);
        this.reserved.push([pa, size]);
        return;
      }
      case 'reserveAnywhere': {
        const ok = !throws(() => map.reserve(op.pa, op.length));
        this.agree('reserve throws', !ok, throws(() => naive.reserve(op.pa, op.length)));
        if (ok) this.reserved.push([op.pa, op.length]);
        return;
      }
      case 'release': {
        if (this.reserved.length === 0) return;
        const [[pa, size]] = this.reserved.splice(op.pick % this.reserved.length, 1) as [Span];
        map.release(pa, size);
        naive.release(pa, size);
        return;
      }
      case 'releaseAnywhere': {
        const ok = !throws(() => map.release(op.pa, op.length));
        this.agree('release throws', !ok, throws(() => naive.release(op.pa, op.length)));
        if (ok) this.reserved = this.reserved.flatMap((span) => carve(span, op.pa, op.length));
        return;
      }
      case 'fit': {
        const alignment = 2 ** op.alignmentLog;
        const phase = op.phase % alignment;
        this.agree('firstFit', map.firstFit(op.size, phase, alignment), naive.firstFit(op.size, phase, alignment));
        this.agree('bestFit', map.bestFit(op.size, phase, alignment), naive.bestFit(op.size, phase, alignment));
        const out = new Float64Array(3);
        const span = naive.bestFitSpan(op.size, phase, alignment);
        this.agree('bestFitInto', map.bestFitInto(op.size, phase, alignment, out) ? [out[1], out[2]] : undefined, span);
        return;
      }
      case 'contains':
        this.agree('contains', map.contains(op.pa, op.length), naive.contains(op.pa, op.length));
        return;
      case 'checkpoint':
        this.marks.push({ real: map.checkpoint(), naive: naive.checkpoint(), reserved: this.reserved.slice() });
        return;
      case 'rollback': {
        if (this.marks.length === 0) return;
        const k = op.pick % this.marks.length;
        const mark = this.marks[k]!;
        this.marks.length = k + 1;
        map.rollback(mark.real);
        naive.rollback(mark.naive);
        this.reserved = mark.reserved.slice();
        return;
      }
    }
  }

  check(): void {
    this.map.checkValid();
    this.agree('ranges', spansOf(this.map), this.naive.list());
    this.agree('totalFree', this.map.totalFree, this.naive.totalFree);
    this.agree('largest', this.map.largest, this.naive.largest);
    this.agree('rangeCount', this.map.rangeCount, this.naive.count);
  }

  private agree(what: string, real: unknown, naive: unknown): void {
    if (JSON.stringify(real) !== JSON.stringify(naive)) {
      throw new Error(`${what}: FreeMap ${JSON.stringify(real)}, naive ${JSON.stringify(naive)}`);
    }
  }
}

/** `[pa, pa+size)` minus `[cut, cut+length)`, as 0–2 spans of [pa, size]. */
function carve([pa, size]: Span, cut: number, length: number): Span[] {
  const out: Span[] = [];
  if (cut > pa) out.push([pa, Math.min(size, cut - pa)]);
  if (cut + length < pa + size) {
    const from = Math.max(pa, cut + length);
    out.push([from, pa + size - from]);
  }
  return out;
}

t.test('random operations agree with the naive model after every step', async (t) => {
  fc.assert(
    fc.property(inputArbitrary, fc.array(opArbitrary, { maxLength: 60 }), (input, ops) => {
      const scenario = new Scenario(input);
      scenario.check();
      for (const op of ops) {
        scenario.apply(op);
        scenario.check();
      }
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.pass(`${FUZZ_RUNS} runs`);
});

t.test('releasing everything reserved restores the original map exactly', async (t) => {
  fc.assert(
    fc.property(inputArbitrary, fc.array(opArbitrary, { maxLength: 60 }), fc.nat(), (input, ops, seed) => {
      const scenario = new Scenario(input);
      const original = spansOf(scenario.map);
      const plain = ops.filter((op) => op.kind === 'reserve' || op.kind === 'release' || op.kind === 'reserveAnywhere');
      for (const op of plain) scenario.apply(op);
      // Release what is left in an order drawn from the seed, not the reserve order.
      const left = scenario.reserved;
      for (let i = 0; left.length > 0; i++) {
        const [[pa, size]] = left.splice((seed + i * 7) % left.length, 1) as [Span];
        scenario.map.release(pa, size);
      }
      scenario.map.checkValid();
      if (JSON.stringify(spansOf(scenario.map)) !== JSON.stringify(original)) throw new Error('not restored');
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.pass(`${FUZZ_RUNS} runs`);
});

t.test('rollback to the first checkpoint restores the original map exactly', async (t) => {
  fc.assert(
    fc.property(inputArbitrary, fc.array(opArbitrary, { maxLength: 60 }), (input, ops) => {
      const scenario = new Scenario(input);
      const original = spansOf(scenario.map);
      const mark = scenario.map.checkpoint();
      for (const op of ops) if (op.kind !== 'rollback') scenario.apply(op);
      scenario.map.rollback(mark);
      scenario.map.checkValid();
      if (JSON.stringify(spansOf(scenario.map)) !== JSON.stringify(original)) throw new Error('not restored');
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.pass(`${FUZZ_RUNS} runs`);
});
