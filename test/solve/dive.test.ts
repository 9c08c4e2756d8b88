import fc from 'fast-check';
import t from 'tap';
import { bppInstance } from '../../src/generate/bpp.js';
import { FreeMap } from '../../src/memory/free-map.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { verify } from '../../src/memory/verify.js';
import { columnGeneration, MasterLp } from '../../src/solve/colgen.js';
import { dive, type DiveOutcome } from '../../src/solve/dive.js';
import { placeFills } from '../../src/solve/fill-packer.js';
import { wholeBlocks } from '../../src/solve/items.js';
import { mergePieces } from '../../src/solve/pieces.js';
import { itemTypes } from '../../src/solve/pricing.js';
import { triplets } from './arbitrary.js';

const runs = Number(process.env.FUZZ_RUNS ?? 100);

/** The LP stage on `instance`, then a dive from where it stopped (undefined when the fill packer alone placed everything). */
function diveOn(instance: PlacementInstance, budget = { deadline: Infinity, nodeLimit: Infinity }) {
  const items = wholeBlocks(instance);
  const outcome = columnGeneration(items, FreeMap.fromColumns(instance.free), instance.alignment, Infinity);
  if (outcome.status !== 'open' || outcome.start === undefined) return undefined;
  const dived = dive(outcome.start, outcome.patterns!, instance.alignment, { ...budget, nodes: 0 });
  return { dived, start: outcome.start, items };
}

/** Items of each type the fills hold, and ranges of each class they use. */
function tally(dived: DiveOutcome, types: number, classes: number) {
  const items = new Float64Array(types);
  const ranges = new Float64Array(classes);
  for (const fill of dived.fills) {
    ranges[fill.rangeClass]!++;
    fill.counts.forEach((count, type) => (items[type]! += count));
  }
  return { items, ranges };
}

t.test('a dive never uses more ranges or items than there are, and a complete one is a placement that verifies', async (t) => {
  let complete = 0;
  let dives = 0;
  fc.assert(
    fc.property(
      fc.integer({ min: 3, max: 12 }),
      fc.integer({ min: 1, max: 1 << 30 }),
      fc.integer({ min: -1, max: 1 }),
      (bins, seed, extra) => {
        const instance = bppInstance(triplets(bins, seed), 100, bins + extra);
        const run = diveOn(instance);
        if (run === undefined) return;
        dives++;
        const { dived, start, items } = run;
        const used = tally(dived, start.types.count, start.classes.length);
        start.classes.forEach((shape, k) => t.ok(used.ranges[k]! <= shape.ranges, 'ranges of a class'));
        for (let type = 0; type < start.types.count; type++) t.ok(used.items[type]! <= start.types.demand[type]!, 'items of a type');
        if (!dived.complete) return;
        complete++;
        t.same(Array.from(used.items), Array.from(start.types.demand), 'a complete dive holds every item');
        const pieces = placeFills(items, start.typeOf, start.classes, dived.fills, instance.alignment);
        t.ok(pieces, 'its fills pack');
        t.same(verify(instance, mergePieces(pieces!)), []);
      },
    ),
    { numRuns: runs, seed: 2026 },
  );
  t.ok(dives > 0 && complete > 0, `${complete} of ${dives} dives complete`);
});

t.test('the LP points at the exact triples: a triplet question the fill packer misses is packed by the dive', async (t) => {
  const instance = bppInstance(triplets(6, 11), 100, 6);
  const run = diveOn(instance);
  t.ok(run, 'the fill packer alone does not place it');
  t.ok(run!.dived.complete, 'the dive does');
  t.ok(run!.dived.fixed > 0, 'by fixing patterns of the LP');
});

t.test('a budget already spent: the dive stops at once with the fill packer’s fills', async (t) => {
  const instance = bppInstance(triplets(6, 11), 100, 6);
  const run = diveOn(instance, { deadline: 0, nodeLimit: Infinity });
  t.ok(run);
  t.equal(run!.dived.complete, false);
  t.equal(run!.dived.fixed, 0);
  const counted = diveOn(instance, { deadline: Infinity, nodeLimit: 0 });
  t.equal(counted!.dived.fixed, 0);
});

t.test('the restricted primal covers the demand with the patterns it has', async (t) => {
  const instance = bppInstance([60, 40, 60, 40], 100, 2);
  const { types } = itemTypes(wholeBlocks(instance));
  const master = new MasterLp(types, [{ length: 100, residue: 0, ranges: 2 }]);
  master.addPattern(0, Int32Array.from([1, 1]));
  const lambda = master.primal({ deadline: Infinity, nodeLimit: Infinity, nodes: 0 });
  t.same(Array.from(lambda!), [2]);
  t.equal(master.primal({ deadline: 0, nodeLimit: Infinity, nodes: 0 }), undefined);
});
