import fc from 'fast-check';
import t from 'tap';
import { NIL } from '../../src/tree/avl.js';
import { type RangeKeyColumns, SizeIndex } from '../../src/tree/size-index.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);

/** Range columns the way the range tree owns them: node `i` is `[start[i], end[i])`. */
function columns(ranges: readonly (readonly [number, number])[]): RangeKeyColumns {
  return { start: Float64Array.from(ranges, (r) => r[0]), end: Float64Array.from(ranges, (r) => r[1]) };
}

/** Node ids in start order. */
function byStart(keys: RangeKeyColumns, ids: readonly number[]): Int32Array {
  return Int32Array.from([...ids].sort((a, b) => keys.start[a]! - keys.start[b]!));
}

/** Best fit by its definition: the shortest range that holds `size` at the phase, ties to the lowest start. */
function naiveBestFit(keys: RangeKeyColumns, ids: Iterable<number>, size: number, phase: number, alignment: number): number {
  let best = NIL;
  for (const id of ids) {
    const start = keys.start[id]!;
    let at = start;
    while (at % alignment !== phase) at++;
    if (at + size > keys.end[id]!) continue;
    const length = keys.end[id]! - start;
    const bestLength = best === NIL ? Infinity : keys.end[best]! - keys.start[best]!;
    if (length < bestLength || (length === bestLength && start < keys.start[best]!)) best = id;
  }
  return best;
}

t.test('best fit takes the shortest range that holds the size once padded, ties to the lowest start', async (t) => {
  const keys = columns([[0, 10], [16, 22], [30, 36], [40, 43]]);
  const index = SizeIndex.build(keys, Int32Array.of(0, 1, 2, 3));
  index.checkValid(4, () => true);
  t.equal(index.bestFit(3, 0, 1), 3, 'the 3-long range');
  t.equal(index.bestFit(4, 0, 1), 1, 'two 6-long ranges: the lower');
  t.equal(index.bestFit(4, 0, 8), 1, '16 is a multiple of 8: no padding');
  t.equal(index.bestFit(4, 2, 8), 1, 'at phase 2, [18, 22) still fits the lower 6-long range');
  t.equal(index.bestFit(4, 3, 8), 0, 'at phase 3 the padding rules out both 6-long ranges: [3, 7) in the 10-long one');
  t.equal(index.bestFit(11, 0, 1), NIL, 'longer than every range');
});

t.test('inserts and removes keep the size order; a node not held is refused', async (t) => {
  const keys = columns([[0, 10], [20, 25], [40, 41], [50, 52]]);
  const index = SizeIndex.build(keys, Int32Array.of(0, 1, 2));
  index.insert(3);
  index.checkValid(4, () => true);
  t.equal(index.bestFit(2, 0, 1), 3);
  index.remove(3);
  index.remove(2);
  index.checkValid(2, () => true);
  t.equal(index.bestFit(1, 0, 1), 1);
  t.throws(() => index.remove(2), /node 2 is not in the size index/);
  t.throws(() => index.checkValid(3, () => true), /holds 2 nodes, the tree 3/);
});

t.test('the bulk build orders lengths of every magnitude, past 2^32, by (length, start)', async (t) => {
  const lengths = [2 ** 40 + 3, 1, 2 ** 33, 2 ** 22, 2 ** 40 + 1, 5, 2 ** 11, 2 ** 33];
  let cursor = 0;
  const ranges = lengths.map((length): [number, number] => {
    const range: [number, number] = [cursor, cursor + length];
    cursor += length + 7;
    return range;
  });
  const keys = columns(ranges);
  const ids = lengths.map((_, i) => i);
  const index = SizeIndex.build(keys, byStart(keys, ids));
  index.checkValid(lengths.length, () => true);
  for (const size of [1, 6, 2 ** 11, 2 ** 22 + 1, 2 ** 33, 2 ** 40 + 2, 2 ** 41]) {
    t.equal(index.bestFit(size, 0, 1), naiveBestFit(keys, ids, size, 0, 1), `size ${size}`);
  }
});

t.test('property: after random removes and re-inserts, best fit is the definition\'s', async () => {
  const shape = fc.record({
    ranges: fc.array(fc.record({ gap: fc.nat(40), length: fc.integer({ min: 1, max: 60 }) }), { minLength: 1, maxLength: 40 }),
    ops: fc.array(fc.record({ pick: fc.nat(), size: fc.integer({ min: 1, max: 70 }), alignLog: fc.integer({ min: 0, max: 5 }), phase: fc.nat() }), { maxLength: 60 }),
  });
  fc.assert(
    fc.property(shape, ({ ranges, ops }) => {
      let cursor = 0;
      const spans = ranges.map(({ gap, length }): [number, number] => {
        cursor += gap;
        const span: [number, number] = [cursor, cursor + length];
        cursor += length;
        return span;
      });
      const keys = columns(spans);
      const all = spans.map((_, i) => i);
      const index = SizeIndex.build(keys, byStart(keys, all));
      const held = new Set(all);
      for (const op of ops) {
        const id = op.pick % spans.length;
        if (held.has(id)) {
          index.remove(id);
          held.delete(id);
        } else {
          index.insert(id);
          held.add(id);
        }
        index.checkValid(held.size, (node) => held.has(node));
        const alignment = 2 ** op.alignLog;
        const phase = op.phase % alignment;
        if (index.bestFit(op.size, phase, alignment) !== naiveBestFit(keys, held, op.size, phase, alignment)) return false;
      }
      return true;
    }),
    { numRuns: runs },
  );
});
