import t from 'tap';
import { FreeMap } from '../../src/memory/free-map.js';
import { firstUnbindableBlock, ldmFailedBlock } from '../../src/solve/greedy.js';
import { solvePlacement } from '../../src/solve/place.js';
import { makeInstance } from './arbitrary.js';

t.test('ldm names no block when every block binds', async (t) => {
  const instance = makeInstance({
    alignment: 4,
    blocks: [{ ra: 0, pa: 0, size: 4 }, { ra: 4, pa: 2, size: 2 }],
    free: [{ pa: 0, size: 16 }],
  });
  const map = FreeMap.fromColumns(instance.free);
  t.equal(ldmFailedBlock(instance, map), -1);
  t.equal(ldmFailedBlock({ ...instance, split: true, splitAlignment: 2 }, map), -1);
  t.equal(map.totalFree, 16, 'the map is rolled back');
  const mark = map.checkpoint();
  t.equal(firstUnbindableBlock(instance.blocks, map, instance.alignment), -1);
  map.rollback(mark);
});

t.test('ldm binds in RA order and names the first block that finds no room', async (t) => {
  // Block 1 (RA 0) takes the only range that could hold block 0 (RA 8), which then fails.
  const instance = makeInstance({
    alignment: 1,
    blocks: [{ ra: 8, pa: 0, size: 6 }, { ra: 0, pa: 0, size: 4 }],
    free: [{ pa: 0, size: 6 }, { pa: 10, size: 4 }],
  });
  t.equal(ldmFailedBlock(instance, FreeMap.fromColumns(instance.free)), 0);
});

t.test('split greedy: the longest placeable prefix of a block of 2^40 granules cut every granule is found by a true binary search', async (t) => {
  // A 32-bit midpoint turned this into millions of tiny pieces (a hang); the prefix is the whole range.
  const instance = makeInstance({ alignment: 32768, split: true, splitAlignment: 1, blocks: [{ ra: 0, pa: 0, size: 2 ** 40 }], free: [{ pa: 0, size: 2 ** 39 }] });
  const result = solvePlacement(instance);
  t.equal(result.status, 'infeasible');
  t.equal(result.failedBlock, 0);
  const half = makeInstance({ ...instance, alignment: 32768, split: true, splitAlignment: 1, blocks: [{ ra: 0, pa: 0, size: 2 ** 39 }], free: [{ pa: 0, size: 2 ** 38 }, { pa: 2 ** 39, size: 2 ** 38 }] });
  const placed = solvePlacement(half);
  t.equal(placed.status, 'feasible');
  t.equal(placed.pieces.length, 2);
});
