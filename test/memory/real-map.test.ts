import t from 'tap';
import fc from 'fast-check';
import { RealMap } from '../../src/memory/real-map.js';
import type { Block } from '../../src/memory/instance.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);

t.test('blocks are listed in RA order with their input indices', async (t) => {
  const blocks: Block[] = [
    { ra: 0x40000, pa: 0x100000, size: 0x10000 },
    { ra: 0x1000, pa: 0x201000, size: 0x1000 },
    { ra: 0x2000, pa: 0x300000, size: 0x3e000 },
  ];
  const map = RealMap.fromBlocks(blocks);
  t.equal(map.count, 3);
  t.same(map.blocks.map((b) => b.ra), [0x1000, 0x2000, 0x40000]);
  t.same([0, 1, 2].map((k) => map.inputIndexOf(k)), [1, 2, 0]);
  t.equal(map.totalSize, 0x10000 + 0x1000 + 0x3e000);
  const pieces: number[][] = [];
  map.forEachPiece((ra, pa, size) => pieces.push([ra, pa, size]));
  t.same(pieces, [[0x1000, 0x201000, 0x1000], [0x2000, 0x300000, 0x3e000], [0x40000, 0x100000, 0x10000]]);
});

t.test('translate maps an RA to its PA and unmapped RAs to -1', async (t) => {
  const map = RealMap.fromBlocks([
    { ra: 100, pa: 1000, size: 10 },
    { ra: 110, pa: 5000, size: 5 },
  ]);
  t.equal(map.translate(100), 1000);
  t.equal(map.translate(109), 1009);
  t.equal(map.translate(110), 5000, 'touching blocks: the RA belongs to the second');
  t.equal(map.translate(114), 5004);
  t.equal(map.translate(115), -1, 'one past the end');
  t.equal(map.translate(99), -1, 'below the first block');
  t.equal(map.indexOf(112), 1);
  t.equal(map.indexOf(0), -1);
});

t.test('an empty domain maps nothing', async (t) => {
  const map = RealMap.fromBlocks([]);
  t.equal(map.count, 0);
  t.equal(map.totalSize, 0);
  t.equal(map.translate(0), -1);
});

t.test('RA overlaps are an InputError naming both blocks', async (t) => {
  const blocks: Block[] = [
    { ra: 0, pa: 0, size: 100 },
    { ra: 200, pa: 200, size: 100 },
    { ra: 50, pa: 900, size: 10 },
  ];
  t.throws(() => RealMap.fromBlocks(blocks), { name: 'InputError', message: 'domain.memory[2]: overlaps domain.memory[0]' });
  t.throws(() => RealMap.fromBlocks([{ ra: 250, pa: 0, size: 1 }, { ra: 200, pa: 0, size: 100 }]),
    { name: 'InputError', message: 'domain.memory[1]: overlaps domain.memory[0]' }, 'the later index is the field');
  t.throws(() => RealMap.fromBlocks([{ ra: 0, pa: 0, size: 4 }, { ra: 0, pa: 8, size: 4 }], 'ldom.mblock'),
    { name: 'InputError', message: 'ldom.mblock[1]: overlaps ldom.mblock[0]' }, 'the caller names the field');
});

t.test('a block size of zero or less is an InputError naming the size field', async (t) => {
  t.throws(() => RealMap.fromBlocks([{ ra: 0, pa: 0, size: 0 }]),
    { name: 'InputError', message: 'domain.memory[0].size: must be greater than zero (got "0")' });
});

t.test('blocks at 2^51 granules translate exactly', async (t) => {
  const map = RealMap.fromBlocks([{ ra: 2 ** 51, pa: 2 ** 52, size: 2 ** 40 }]);
  t.equal(map.translate(2 ** 51 + 2 ** 40 - 1), 2 ** 52 + 2 ** 40 - 1);
  t.equal(map.translate(2 ** 51 + 2 ** 40), -1);
});

t.test('translate agrees with a linear scan on random disjoint blocks', async (t) => {
  const blocksArbitrary = fc.uniqueArray(fc.nat(500), { maxLength: 20 }).chain((points) => {
    const sorted = points.sort((a, b) => a - b);
    const spans: [number, number][] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) spans.push([sorted[i]!, sorted[i + 1]!]);
    return fc.shuffledSubarray(spans, { minLength: spans.length, maxLength: spans.length });
  });
  fc.assert(
    fc.property(blocksArbitrary, fc.array(fc.integer({ min: -2, max: 502 }), { maxLength: 30 }), (spans, probes) => {
      const blocks = spans.map(([s, e], i) => ({ ra: s, pa: 10_000 * (i + 1), size: e - s }));
      const map = RealMap.fromBlocks(blocks);
      for (const ra of probes) {
        const hit = blocks.find((b) => b.ra <= ra && ra < b.ra + b.size);
        const want = hit === undefined ? -1 : hit.pa + (ra - hit.ra);
        if (map.translate(ra) !== want) throw new Error(`translate(${ra}) = ${map.translate(ra)}, want ${want}`);
      }
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.pass(`${FUZZ_RUNS} runs`);
});
