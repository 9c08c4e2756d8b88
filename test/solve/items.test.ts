import fc from 'fast-check';
import t from 'tap';
import { rangeColumns, type PlacementInstance } from '../../src/memory/instance.js';
import { cutBlock, finestPieces, itemCount, MAX_ITEMS, nextCut, phaseAt, pieceCount, placementItems, sourcePa, wholeBlocks } from '../../src/solve/items.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);

/** The cut rule by its definition: walk the block granule by granule, cutting at every multiple of `step`. */
function naivePieces(ra: number, size: number, step: number): [number, number][] {
  const pieces: [number, number][] = [];
  let from = ra;
  for (let x = ra + 1; x < ra + size; x++) {
    if (x % step === 0) {
      pieces.push([from, x - from]);
      from = x;
    }
  }
  pieces.push([from, ra + size - from]);
  return pieces;
}

function instance(blocks: { ra: number; pa: number; size: number }[], split: boolean, splitAlignment: number, alignment = 16): PlacementInstance {
  return { granuleBytes: 8192, alignment, split, splitAlignment, domainName: 'd', targetName: 't', blocks, free: rangeColumns([]) };
}

t.test('a block on the grid is whole windows; one off the grid has a head and a tail', async (t) => {
  t.same(cutBlock(8, 16, 4), { fullFrom: 8, fullTo: 24, fullCount: 4 });
  t.same(cutBlock(6, 16, 4), { fullFrom: 8, fullTo: 20, fullCount: 3 }, 'head [6, 8), tail [20, 22)');
  t.same(cutBlock(5, 2, 4), { fullFrom: 7, fullTo: 7, fullCount: 0 }, 'crosses no cut: all head');
  t.same(cutBlock(3, 3, 4), { fullFrom: 4, fullTo: 4, fullCount: 0 }, 'one cut and no whole window: head [3, 4), tail [4, 6)');
  t.same(cutBlock(4, 3, 4), { fullFrom: 4, fullTo: 4, fullCount: 0 }, 'starts on a cut, shorter than a window: all tail');
  t.equal(pieceCount(6, 16, 4), 5);
  t.equal(pieceCount(5, 2, 4), 1);
  t.equal(pieceCount(3, 3, 4), 2);
});

t.test('the next cut is strictly after the RA', async (t) => {
  t.equal(nextCut(0, 4), 4);
  t.equal(nextCut(3, 4), 4);
  t.equal(nextCut(4, 4), 8);
});

t.test('a piece keeps its source congruence', async (t) => {
  const block = { ra: 100, pa: 1000, size: 50 };
  t.equal(sourcePa(block, 110), 1010);
  t.equal(phaseAt(block, 110, 16), 1010 % 16);
});

t.test('property: the closed-form cut lists exactly the pieces of the definition', async () => {
  fc.assert(
    fc.property(fc.nat(200), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 20 }), (ra, size, step) => {
      const expected = naivePieces(ra, size, step);
      const listed = placementItems(instance([{ ra, pa: ra + 3, size }], true, step));
      const got = Array.from({ length: listed.count }, (_, i): [number, number] => [listed.ra[i]!, listed.size[i]!]);
      return JSON.stringify(got) === JSON.stringify(expected) && pieceCount(ra, size, step) === expected.length;
    }),
    { numRuns: runs * 5 },
  );
});

t.test('items are the blocks in strict mode and every finest piece in split mode, in block order', async (t) => {
  const blocks = [{ ra: 16, pa: 35, size: 8 }, { ra: 2, pa: 7, size: 5 }];
  const strict = instance(blocks, false, 4);
  t.same(Array.from(placementItems(strict).phase), [35 % 16, 7 % 16]);
  t.equal(itemCount(strict), 2);
  t.same(placementItems(strict), wholeBlocks(strict));
  const split = instance(blocks, true, 4);
  const items = placementItems(split);
  t.same(Array.from(items.ra), [16, 20, 2, 4]);
  t.same(Array.from(items.size), [4, 4, 2, 3]);
  t.same(Array.from(items.block), [0, 0, 1, 1]);
  t.same(Array.from(items.phase), [35 % 16, 39 % 16, 7 % 16, 9 % 16]);
  t.equal(itemCount(split), 4);
  t.same(finestPieces(split), items);
});

t.test('finest pieces are refused beyond MAX_ITEMS, the uncapped list is not', async (t) => {
  const huge = instance([{ ra: 0, pa: 0, size: MAX_ITEMS + 1 }], true, 1);
  t.equal(finestPieces(huge), undefined);
  t.equal(itemCount(huge), MAX_ITEMS + 1);
});
