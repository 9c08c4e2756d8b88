import fc from 'fast-check';
import t from 'tap';
import { certificateBytes } from '../../src/solve/answer.js';
import { FreeMap } from '../../src/memory/free-map.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { verify } from '../../src/memory/verify.js';
import { certificateText } from '../../src/solve/certificate-text.js';
import { solvePlacement } from '../../src/solve/place.js';
import { commonGrid, solveBySlots } from '../../src/solve/slots.js';
import { solveByComponents } from '../../src/solve/components.js';
import { finestPieces } from '../../src/solve/items.js';
import { makeInstance, tinyInstance } from './arbitrary.js';
import { referenceSolve } from './reference.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);
const NO_LIMIT = { nodeLimit: Infinity, deadline: Infinity };

/** Tiny split instances with every block moved onto one split grid (its source PA shifted). */
const onOneGrid = fc.tuple(tinyInstance(true), fc.nat(7)).map(([instance, wanted]): PlacementInstance => {
  const S = instance.splitAlignment;
  const grid = wanted % S;
  const blocks = instance.blocks.map((block) => ({ ...block, pa: block.pa + ((grid - (block.pa - block.ra)) % S + S) % S }));
  return { ...instance, blocks };
});

t.test('on one grid the slot model agrees with the brute force, and its placements verify', async (t) => {
  fc.assert(
    fc.property(onOneGrid, (instance) => {
      const grid = commonGrid(instance.blocks, instance.splitAlignment);
      if (grid < 0) return false;
      const outcome = solveBySlots(instance.blocks, FreeMap.fromColumns(instance.free), instance.alignment, instance.splitAlignment, grid, NO_LIMIT);
      const truth = referenceSolve(instance).feasible;
      if (outcome.status === 'unknown') return false;
      if ((outcome.status === 'feasible') !== truth) return false;
      return outcome.status !== 'feasible' || verify(instance, outcome.pieces).length === 0;
    }),
    { numRuns: FUZZ_RUNS * 5 },
  );
  t.pass('exact');
});

t.test('the whole solver with the greedy skipped decides one-grid split questions through the slots', async (t) => {
  fc.assert(
    fc.property(onOneGrid, (instance) => {
      const result = solvePlacement(instance, { strategy: 'search' });
      const truth = referenceSolve(instance).feasible;
      return result.status !== 'unknown' && (result.status === 'feasible') === truth;
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.pass('decided');
});

t.test('blocks on different grids are not for the slot model', async (t) => {
  t.equal(commonGrid([{ ra: 0, pa: 0, size: 4 }, { ra: 4, pa: 5, size: 4 }], 4), -1);
  t.equal(commonGrid([{ ra: 1, pa: 3, size: 4 }, { ra: 8, pa: 10, size: 4 }], 4), 2);
});

const G = 2 ** 30 / 8192;
const M = 2 ** 20 / 8192;

t.test('whole pieces outnumbering whole slots of their class: a certificate per class, no search', async (t) => {
  // 16G pages, 256M split: the 512M block's first 256M needs a whole slot at PA ≡ 0 (mod 16G). The bytes
  // at those residues are free (the count by residue passes), but only in two ranges that each hold part of it.
  const instance = makeInstance({
    alignment: 16 * G,
    split: true,
    splitAlignment: 256 * M,
    blocks: [{ ra: 0, pa: 0, size: 512 * M }],
    free: [{ pa: 128 * M, size: 512 * M }, { pa: 16 * G, size: 128 * M }],
  });
  const result = solvePlacement(instance, { strategy: 'search' });
  t.equal(result.status, 'infeasible');
  t.equal(result.certificate?.kind, 'slots');
  t.equal(result.stats.nodes, 0);
  t.equal(certificateText(certificateBytes(instance, result.certificate!)), 'the domain needs 1 whole 256M window at PA ≡ 0x0 (mod 16G); the free ranges hold none whole');
  t.equal(solvePlacement(instance).status, 'infeasible', 'the default strategy says the same');
});

t.test('partial pieces share a spare whole slot', async (t) => {
  // S = 8, A = 16 units. Block 0 ends 3 past the grid, block 1 sits 5 into a window: both partial
  // pieces are in class 0, at offsets [0,3) and [5,8), and share the one whole slot its full piece leaves.
  const instance = makeInstance({
    alignment: 16,
    split: true,
    splitAlignment: 8,
    blocks: [{ ra: 0, pa: 0, size: 19 }, { ra: 37, pa: 5, size: 3 }],
    free: [{ pa: 32, size: 8 }, { pa: 48, size: 16 }],
  });
  const result = solvePlacement(instance, { strategy: 'search' });
  t.equal(result.status, 'feasible');
  t.equal(result.stats.decidedBy, 'slots');
  t.same(verify(instance, result.pieces), []);
});

t.test('a partial piece that fits no partial slot, though its bytes are free, is proven infeasible', async (t) => {
  // The piece covers offsets [2,6) of a class-0 slot; the free slots of class 0 hold [0,4) and [4,8).
  const instance = makeInstance({
    alignment: 16,
    split: true,
    splitAlignment: 8,
    blocks: [{ ra: 2, pa: 2, size: 4 }],
    free: [{ pa: 16, size: 4 }, { pa: 36, size: 4 }],
  });
  const proven = solvePlacement(instance, { strategy: 'search' });
  t.equal(proven.status, 'infeasible');
  t.equal(proven.certificate?.kind, 'partial-slots');
  t.equal(
    certificateText(certificateBytes(instance, proven.certificate!)),
    'the partial piece of the 64K window at PA ≡ 0x0 (mod 128K) fits neither in the 0 whole windows left there nor in its 2 partial windows (exhaustive search over 1 node)',
  );
  t.equal(solvePlacement(instance, { strategy: 'search', nodeLimit: 1 }).status, 'unknown', 'a node budget stops the search');
});

t.test('on any grids the component model agrees with the brute force, and its placements verify', async (t) => {
  fc.assert(
    fc.property(tinyInstance(true), (instance) => {
      const items = finestPieces(instance)!;
      const outcome = solveByComponents(items, FreeMap.fromColumns(instance.free), instance.alignment, NO_LIMIT);
      if (outcome === undefined || outcome.status === 'unknown') return false;
      const truth = referenceSolve(instance).feasible;
      if ((outcome.status === 'feasible') !== truth) return false;
      return outcome.status !== 'feasible' || verify(instance, outcome.pieces).length === 0;
    }),
    { numRuns: FUZZ_RUNS * 5 },
  );
  t.pass('exact');
});
