import t from 'tap';
import { itemPiece, mergePieces, type OwnedPiece } from '../../src/solve/pieces.js';

t.test('neighbours of one block placed contiguously become one piece, in RA order', async (t) => {
  const pieces: OwnedPiece[] = [
    { ra: 20, pa: 120, size: 10, block: 0 },
    { ra: 0, pa: 100, size: 10, block: 0 },
    { ra: 10, pa: 110, size: 10, block: 0 },
  ];
  t.same(mergePieces(pieces), [{ ra: 0, pa: 100, size: 30 }]);
});

t.test('pieces of two blocks never merge, even when contiguous in RA and PA', async (t) => {
  const pieces: OwnedPiece[] = [
    { ra: 0, pa: 100, size: 10, block: 0 },
    { ra: 10, pa: 110, size: 10, block: 1 },
  ];
  t.same(mergePieces(pieces), [{ ra: 0, pa: 100, size: 10 }, { ra: 10, pa: 110, size: 10 }]);
});

t.test('a piece not contiguous in PA with its RA neighbour stays apart', async (t) => {
  const pieces: OwnedPiece[] = [
    { ra: 0, pa: 100, size: 10, block: 0 },
    { ra: 10, pa: 200, size: 10, block: 0 },
    { ra: 20, pa: 210, size: 5, block: 0 },
  ];
  t.same(mergePieces(pieces), [{ ra: 0, pa: 100, size: 10 }, { ra: 10, pa: 200, size: 15 }]);
});

t.test('merging leaves its input as it was and drops the block index', async (t) => {
  const pieces: OwnedPiece[] = [{ ra: 5, pa: 7, size: 1, block: 3 }, { ra: 0, pa: 2, size: 5, block: 3 }];
  const before = JSON.stringify(pieces);
  const merged = mergePieces(pieces);
  t.equal(JSON.stringify(pieces), before);
  t.same(merged, [{ ra: 0, pa: 2, size: 6 }]);
  t.same(Object.keys(merged[0]!), ['ra', 'pa', 'size']);
  t.same(mergePieces([]), []);
});

t.test('an item placed at a PA keeps its RA, size and block', async (t) => {
  const items = {
    count: 2,
    size: Float64Array.of(4, 8),
    phase: Float64Array.of(0, 1),
    ra: Float64Array.of(16, 32),
    block: Int32Array.of(0, 5),
  };
  t.same(itemPiece(items, 1, 99), { ra: 32, pa: 99, size: 8, block: 5 });
});
