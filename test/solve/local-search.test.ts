import fc from 'fast-check';
import t from 'tap';
import { bppInstance } from '../../src/generate/bpp.js';
import { FreeMap } from '../../src/memory/free-map.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { verify } from '../../src/memory/verify.js';
import { type Fill, fillRanges, placeFills, usefulClasses } from '../../src/solve/fill-packer.js';
import { wholeBlocks } from '../../src/solve/items.js';
import { MAX_TABU_CELLS, repairFills, type RepairOutcome } from '../../src/solve/local-search.js';
import { mergePieces } from '../../src/solve/pieces.js';
import { allMultiples, itemTypes } from '../../src/solve/pricing.js';
import { makeInstance, tinyInstance, triplets } from './arbitrary.js';
import { referenceSolve } from './reference.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);

/** The repair of `instance` from `start` (the fill packer's fills when not given), and its pieces when packed. */
function repair(instance: PlacementInstance, options: { readonly start?: 'fills' | 'empty'; readonly stepLimit?: number; readonly deadline?: number } = {}) {
  const items = wholeBlocks(instance);
  const { types, typeOf } = itemTypes(items);
  const classes = usefulClasses(types, FreeMap.fromColumns(instance.free), instance.alignment, 10_000)!;
  const fills: Fill[] = options.start === 'empty' ? [] : fillRanges(types, classes, instance.alignment).fills;
  const outcome: RepairOutcome = repairFills(types, classes, fills, instance.alignment, {
    deadline: options.deadline ?? Infinity,
    ...(options.stepLimit === undefined ? {} : { stepLimit: options.stepLimit }),
  });
  const pieces = outcome.status === 'packed' ? placeFills(items, typeOf, classes, outcome.fills, instance.alignment) : undefined;
  return { outcome, pieces, types };
}

t.test('three ranges of 32 that only exact triples fill: the fill packer picks a wrong triple, the repair finds all three', async (t) => {
  const instance = bppInstance([13, 15, 4, 15, 7, 10, 28, 1, 3], 32, 3);
  const items = wholeBlocks(instance);
  const { types } = itemTypes(items);
  const classes = usefulClasses(types, FreeMap.fromColumns(instance.free), instance.alignment, 10)!;
  t.notOk(fillRanges(types, classes, instance.alignment).complete, 'the fill packer alone leaves an item');
  const { outcome, pieces } = repair(instance);
  t.equal(outcome.status, 'packed');
  t.ok(pieces);
  t.same(verify(instance, mergePieces(pieces!)), []);
});

t.test('congruences: a range takes a set only with its largest padding counted', async (t) => {
  // Alignment 4; ranges start at residues 0 and 2. Blocks of 4 at phase 2 fit the first range only after 2 granules of padding.
  const instance = makeInstance({
    alignment: 4,
    blocks: [
      { ra: 0, pa: 2, size: 4 },
      { ra: 16, pa: 2, size: 4 },
      { ra: 32, pa: 0, size: 8 },
      { ra: 48, pa: 0, size: 4 },
    ],
    free: [{ pa: 0, size: 10 }, { pa: 34, size: 12 }],
  });
  const reference = referenceSolve(instance);
  const { outcome, pieces } = repair(instance, { start: 'empty', stepLimit: 5000 });
  t.equal(outcome.status === 'packed', reference.feasible);
  if (pieces !== undefined) t.same(verify(instance, mergePieces(pieces)), []);
});

t.test('on tiny questions it packs exactly the feasible ones, and every packing verifies (whole blocks)', async (t) => {
  let packed = 0;
  let feasible = 0;
  fc.assert(
    fc.property(tinyInstance(false), (instance) => {
      const items = wholeBlocks(instance);
      const { types } = itemTypes(items);
      if (!allMultiples(types, instance.alignment)) {
        t.equal(repair(instance).outcome.status, 'open');
        return;
      }
      const reference = referenceSolve(instance);
      const { outcome, pieces } = repair(instance, { start: 'empty', stepLimit: 3000 });
      if (reference.feasible) feasible++;
      if (outcome.status === 'packed') packed++;
      t.equal(outcome.status === 'packed', reference.feasible, 'packed exactly when feasible');
      if (outcome.status === 'packed') {
        t.ok(pieces, 'its fills pack');
        t.same(verify(instance, mergePieces(pieces!)), []);
      }
    }),
    { numRuns: runs, seed: 1026 },
  );
  t.ok(feasible > 0 && packed === feasible, `${packed} of ${feasible} feasible questions packed`);
});

t.test('the same question walks the same steps', async (t) => {
  const instance = bppInstance([49, 41, 34, 33, 29, 26, 26, 22, 20, 19, 18, 17, 16, 15, 12, 10, 9, 8, 6, 5], 100, 4);
  const first = repair(instance, { start: 'empty' });
  const second = repair(instance, { start: 'empty' });
  t.same(second.outcome, first.outcome);
});

t.test('budgets: steps, the clock, and the size of the tabu table', async (t) => {
  // Five items of 6 into five ranges of 10: feasible, but not in one step from nothing.
  const instance = bppInstance([6, 6, 6, 6, 6], 10, 5);
  t.match(repair(instance, { start: 'empty', stepLimit: 1 }).outcome, { status: 'open', stoppedBy: 'node-limit', steps: 1, left: 4 });
  t.match(repair(instance, { start: 'empty', deadline: 0 }).outcome, { status: 'open', stoppedBy: 'time-limit', steps: 0 });
  t.equal(repair(instance, { start: 'empty' }).outcome.status, 'packed');
  // Items × ranges beyond the table: it does not start.
  const side = Math.ceil(Math.sqrt(MAX_TABU_CELLS)) + 1;
  const large = bppInstance(Array.from({ length: side }, () => 1), 1, side);
  t.match(repair(large, { start: 'empty' }).outcome, { status: 'open', stoppedBy: 'size-limit', steps: 0 });
});

t.test('an item no range can take: no move is left, and it says so', async (t) => {
  // Item 12 fits no range of 10 (usefulClasses keeps the class: the 3 fits it).
  const instance = makeInstance({
    alignment: 1,
    blocks: [{ ra: 0, pa: 0, size: 12 }, { ra: 16, pa: 0, size: 3 }],
    free: [{ pa: 0, size: 10 }, { pa: 20, size: 10 }],
  });
  t.match(repair(instance, { start: 'empty' }).outcome, { status: 'open', stoppedBy: 'work-limit', left: 1 });
});

t.test('triplets: ranges that only exact triples fill, which the fill packer alone does not find', async (t) => {
  const instance = bppInstance(triplets(12, 7).sort((x, y) => y - x), 100, 12);
  const { types } = itemTypes(wholeBlocks(instance));
  const classes = usefulClasses(types, FreeMap.fromColumns(instance.free), instance.alignment, 10)!;
  t.notOk(fillRanges(types, classes, instance.alignment).complete, 'the fill packer alone leaves items');
  const { outcome, pieces } = repair(instance, { stepLimit: 100_000 });
  t.equal(outcome.status, 'packed');
  t.same(verify(instance, mergePieces(pieces!)), []);
});
