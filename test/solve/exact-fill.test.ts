import fc from 'fast-check';
import t from 'tap';
import { FreeMap } from '../../src/memory/free-map.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { verify } from '../../src/memory/verify.js';
import { MAX_CHAIN_ITEMS, zeroSlackFill } from '../../src/solve/exact-fill.js';
import { wholeBlocks } from '../../src/solve/items.js';
import { itemPiece, mergePieces } from '../../src/solve/pieces.js';
import { solvePlacement } from '../../src/solve/place.js';
import { generateInstance } from '../../src/generate/generate.js';
import { makeInstance, triplets } from './arbitrary.js';
import { bppInstance } from '../../src/generate/bpp.js';
import { referenceSolve } from './reference.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);

/**
 * A planted zero-slack question: chains of blocks laid back to back in ranges exactly their length (phases read off
 * where they lie), then, when `skew` is non-zero, one block's phase moved by it (which usually makes it infeasible).
 */
const planted = fc
  .record({
    alignment: fc.constantFrom(1, 2, 4, 8),
    chains: fc.array(fc.array(fc.integer({ min: 2, max: 9 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    gaps: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 3, maxLength: 3 }),
    skew: fc.nat(3),
    crumb: fc.boolean(),
  })
  .filter(({ chains }) => chains.flat().length <= 8)
  .map(({ alignment, chains, gaps, skew, crumb }) => {
    const blocks: { ra: number; pa: number; size: number }[] = [];
    const free: { pa: number; size: number }[] = [];
    let at = 3;
    let ra = 0;
    chains.forEach((chain, c) => {
      const start = at;
      for (const size of chain) {
        blocks.push({ ra, pa: 1000 + at, size });
        ra += size + 16;
        at += size;
      }
      free.push({ pa: start, size: at - start });
      at += gaps[c]!;
    });
    const smallest = Math.min(...blocks.map((b) => b.size));
    if (crumb) free.push({ pa: at, size: smallest - 1 });
    if (skew > 0) blocks[0] = { ...blocks[0]!, pa: blocks[0]!.pa + skew };
    return makeInstance({ alignment, blocks, free });
  });

function fill(instance: PlacementInstance, budget = { nodeLimit: Infinity, deadline: Infinity }) {
  const items = wholeBlocks(instance);
  return { items, outcome: zeroSlackFill(items, FreeMap.fromColumns(instance.free), instance.alignment, budget) };
}

t.test('on planted zero-slack questions it finds a packing exactly when one exists, and it verifies', async (t) => {
  let found = 0;
  fc.assert(
    fc.property(planted, (instance) => {
      const { items, outcome } = fill(instance);
      const reference = referenceSolve(instance);
      t.not(outcome.status, 'not-applicable');
      t.equal(outcome.status === 'feasible', reference.feasible, 'feasible exactly when the reference says so');
      if (outcome.status !== 'feasible') return;
      found++;
      const pieces = mergePieces(Array.from(outcome.position, (pa, i) => itemPiece(items, i, pa)));
      t.same(verify(instance, pieces), []);
    }),
    { numRuns: runs, seed: 4242 },
  );
  t.ok(found > 0);
});

t.test('slack left anywhere: not its question, at no search cost', async (t) => {
  const slack = makeInstance({ alignment: 2, blocks: [{ ra: 0, pa: 0, size: 3 }], free: [{ pa: 0, size: 4 }] });
  t.same(fill(slack).outcome, { status: 'not-applicable' });
});

t.test('sizes that keep their phase: bin completion, on ranges of one class and of several', async (t) => {
  // Falkenauer's triplets: 12 ranges of 100, every one full; the fill packer alone misses them (local-search.test.ts).
  const triples = bppInstance(triplets(12, 5), 100, 12);
  const { items, outcome } = fill(triples);
  t.equal(outcome.status, 'feasible');
  if (outcome.status === 'feasible') t.same(verify(triples, mergePieces(Array.from(outcome.position, (pa, i) => itemPiece(items, i, pa)))), []);
  // Alignment 4, sizes multiples of 4: phase-0 blocks fill the residue-0 ranges (12, 8, 8), phase-2 blocks the residue-2
  // range (8); the 8s must not go to the 12 (4 + 4 + 4 does), and the two 8-ranges take their sets in order.
  const classes = makeInstance({
    alignment: 4,
    blocks: [8, 8, 4, 4, 4].map((size, i) => ({ ra: i * 16, pa: 0, size })).concat([{ ra: 96, pa: 2, size: 4 }, { ra: 112, pa: 2, size: 4 }]),
    free: [{ pa: 0, size: 12 }, { pa: 16, size: 8 }, { pa: 32, size: 8 }, { pa: 42, size: 8 }],
  });
  const second = fill(classes);
  t.equal(second.outcome.status, 'feasible');
  if (second.outcome.status === 'feasible') {
    t.same(verify(classes, mergePieces(Array.from(second.outcome.position, (pa, i) => itemPiece(second.items, i, pa)))), []);
  }
  // The same with the residue-2 blocks too large to pair: every set is tried, none fills, and it says so.
  const none = makeInstance({
    alignment: 4,
    blocks: [{ ra: 0, pa: 0, size: 8 }, { ra: 16, pa: 2, size: 4 }],
    free: [{ pa: 0, size: 4 }, { pa: 8, size: 4 }, { pa: 18, size: 4 }],
  });
  t.match(fill(none).outcome, { status: 'exhausted' });
  t.match(fill(triples, { nodeLimit: 5, deadline: Infinity }).outcome, { status: 'node-limit' });
  // Ranges of 10 and 4 for 6, 6 and 2: the 10 opens with a 6 and cannot be completed, the other 6 is the same try
  // (skipped), and opening with the 2 fails too.
  const twins = bppInstance([6, 6, 2], 10, 1);
  const uneven = makeInstance({ alignment: 1, blocks: twins.blocks, free: [{ pa: 0, size: 10 }, { pa: 20, size: 4 }] });
  t.match(fill(uneven).outcome, { status: 'exhausted' });
  // 60 triplet ranges: past the first look at the clock, which has run out.
  t.match(fill(bppInstance(triplets(60, 1), 100, 60), { nodeLimit: Infinity, deadline: 0 }).outcome, { status: 'time-limit' });
});

t.test('budgets: a node limit and a clock that has run out', async (t) => {
  // Four ranges of 8 at residue 0 and pairs that fill them from phase 0 (alignment 8): the search needs more than one node.
  const instance = makeInstance({
    alignment: 8,
    blocks: [3, 5, 4, 4, 2, 6, 1, 7].map((size, i) => ({ ra: i * 16, pa: i % 2 === 0 ? 0 : [3, 5, 4, 4, 2, 6, 1, 7][i - 1]!, size })),
    free: [0, 24, 48, 72].map((pa) => ({ pa, size: 8 })),
  });
  t.match(fill(instance).outcome, { status: 'feasible' });
  t.match(fill(instance, { nodeLimit: 1, deadline: Infinity }).outcome, { status: 'node-limit' });
  // As many blocks as it takes in one range exactly their total: the one chain is that many nodes deep (the stack holds),
  // past the first look at the clock; one more block is beyond it.
  const crowdedOf = (count: number) => {
    const sizes = Array.from({ length: count }, (_, i) => 1 + (i % 7));
    const at = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
    return makeInstance({
      alignment: 8,
      blocks: sizes.map((size, i) => ({ ra: i * 16, pa: at[i]!, size })),
      free: [{ pa: 0, size: sizes.reduce((a, b) => a + b, 0) }],
    });
  };
  const crowded = crowdedOf(MAX_CHAIN_ITEMS);
  t.match(fill(crowdedOf(MAX_CHAIN_ITEMS + 1)).outcome, { status: 'size-limit' });
  t.match(fill(crowded, { nodeLimit: Infinity, deadline: 0 }).outcome, { status: 'time-limit' });
  t.match(fill(crowded).outcome, { status: 'feasible' });
});

t.test('the solver decides the generator\'s tight questions through it, where the greedy fails', async (t) => {
  for (const seed of [1, 2, 3]) {
    const instance = generateInstance({ seed, shape: 'tight', blocks: 150, ranges: 2000 });
    const solved = solvePlacement(instance);
    t.equal(solved.status, 'feasible', `seed ${seed}`);
    t.equal(solved.stats.decidedBy, 'search');
    t.same(verify(instance, solved.pieces), []);
    t.match(fill(instance).outcome, { status: 'feasible' });
  }
});
