import fc from 'fast-check';
import t from 'tap';
import { bppInstance } from '../../src/generate/bpp.js';
import { FreeMap } from '../../src/memory/free-map.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { columnGeneration, MAX_CLASSES, MAX_TYPES } from '../../src/solve/colgen.js';
import { verifyDualWeights } from '../../src/solve/dual-weights.js';
import { finestPieces, type Items, wholeBlocks } from '../../src/solve/items.js';
import { PRICING_CELL_LIMIT } from '../../src/solve/pricing.js';
import { verify } from '../../src/memory/verify.js';
import { mergePieces } from '../../src/solve/pieces.js';
import { makeInstance, tinyInstance } from './arbitrary.js';
import { referenceSolve } from './reference.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);

function generate(instance: PlacementInstance, deadline = Infinity, lpLimit = Infinity) {
  const items = (instance.split ? finestPieces(instance) : wholeBlocks(instance)) as Items;
  return columnGeneration(items, FreeMap.fromColumns(instance.free), instance.alignment, deadline, lpLimit);
}

t.test('three items over half a range in two ranges: proven, and the certificate checks', async (t) => {
  const instance = bppInstance([6, 6, 6], 10, 2);
  const outcome = generate(instance);
  t.equal(outcome.status, 'proven');
  if (outcome.status !== 'proven') return;
  t.same(verifyDualWeights(instance, outcome.certificate), []);
  t.ok(outcome.certificate.total > outcome.certificate.offer);
});

t.test('42 granules in two ranges of 21 with no exact split: the LP proves what the totals cannot', async (t) => {
  const instance = bppInstance([4, 6, 7, 6, 6, 13], 21, 2);
  const outcome = generate(instance);
  t.equal(outcome.status, 'proven');
  if (outcome.status === 'proven') t.same(verifyDualWeights(instance, outcome.certificate), []);
});

t.test('the fill packer places what it can fill completely, and the placement verifies', async (t) => {
  const instance = bppInstance([5, 5, 4, 4, 2], 10, 2);
  const outcome = generate(instance);
  t.equal(outcome.status, 'packed');
  if (outcome.status === 'packed') t.same(verify(instance, mergePieces(outcome.pieces)), []);
});

t.test('a feasible question the fill packer misses: its LP relaxation is feasible, so it stays open, for that reason', async (t) => {
  // Three exact triples of 32; filling around the largest item first takes a wrong triple.
  const outcome = generate(bppInstance([13, 15, 4, 15, 7, 10, 28, 1, 3], 32, 3));
  t.same({ status: outcome.status, stoppedBy: outcome.status === 'open' ? outcome.stoppedBy : '' }, { status: 'open', stoppedBy: 'relaxed' });
});

t.test('sizes off the alignment: a fill that the first-pad rule admits but does not pack leaves the LP to decide', async (t) => {
  // Alignment 4, range [0, 7): two blocks of 3 at phase 1: Σ 6 + min pad 1 ≤ 7, but 1..4 then 5..8 > 7.
  const instance = makeInstance({ alignment: 4, blocks: [{ ra: 0, pa: 1, size: 3 }, { ra: 3, pa: 1, size: 3 }], free: [{ pa: 0, size: 7 }] });
  const outcome = generate(instance);
  t.not(outcome.status, 'packed');
});

t.test('a deadline already past stops before any work', async (t) => {
  const outcome = generate(bppInstance([4, 6, 7, 6, 6, 13], 21, 2), 0);
  t.same({ status: outcome.status, stoppedBy: outcome.status === 'open' ? outcome.stoppedBy : '' }, { status: 'open', stoppedBy: 'time-limit' });
});

t.test('a budget of no master LP stops before the first', async (t) => {
  const outcome = generate(bppInstance([13, 15, 4, 15, 7, 10, 28, 1, 3], 32, 3), Infinity, 0);
  t.same({ status: outcome.status, stoppedBy: outcome.status === 'open' ? outcome.stoppedBy : '' }, { status: 'open', stoppedBy: 'node-limit' });
});

t.test('too many item types or range classes for the master: size-limit, before any LP', async (t) => {
  const types = generate(bppInstance(Array.from({ length: MAX_TYPES + 1 }, (_, i) => i + 1), MAX_TYPES + 1, 2));
  t.same(types.status === 'open' && types.stoppedBy, 'size-limit');
  const ranges = Array.from({ length: MAX_CLASSES + 1 }, (_, k) => ({ pa: k * 1000, size: 10 + k }));
  const classes = generate(makeInstance({ alignment: 1, blocks: [{ ra: 0, pa: 0, size: 5 }], free: ranges }));
  t.same(classes.status === 'open' && classes.stoppedBy, 'size-limit');
});

t.test('a range too long to price in the sizes gcd: size-limit', async (t) => {
  const huge = PRICING_CELL_LIMIT * 2;
  const outcome = generate(makeInstance({ alignment: 1, blocks: [{ ra: 0, pa: 0, size: 3 }, { ra: 3, pa: 0, size: 2 }], free: [{ pa: 0, size: huge }] }));
  t.same(outcome.status === 'open' && outcome.stoppedBy, 'size-limit');
});

t.test('phases: four 2-granule blocks at phase 1 (mod 2) in two even ranges of 4 cannot share', async (t) => {
  // Each range [0,4) holds one block at 1 and the next odd start is 3: 3 + 2 > 4. So each range holds one, and 4 > 2.
  const blocks = Array.from({ length: 4 }, (_, i) => ({ ra: 2 * i, pa: 1, size: 2 }));
  const instance = makeInstance({ alignment: 2, blocks, free: [{ pa: 0, size: 4 }, { pa: 8, size: 4 }, { pa: 16, size: 1 }] });
  const outcome = generate(instance);
  t.equal(outcome.status, 'proven');
  if (outcome.status === 'proven') t.same(verifyDualWeights(instance, outcome.certificate), []);
});

for (const split of [false, true]) {
  const mode = split ? 'split' : 'strict';
  t.test(`property (${mode}): a proof comes only for questions brute force finds infeasible, and it checks`, async (t) => {
    fc.assert(
      fc.property(tinyInstance(split), (tiny) => {
        const outcome = generate(tiny);
        if (outcome.status !== 'proven') return true;
        return !referenceSolve(tiny).feasible && verifyDualWeights(tiny, outcome.certificate).length === 0;
      }),
      { numRuns: runs * 2 },
    );
    t.pass(`${mode} sound`);
  });
}
