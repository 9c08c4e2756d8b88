import fc from 'fast-check';
import t, { type Test } from 'tap';
import { bruteForce, MAX_ITEMS, oracleItems } from './brute-force.js';
import { checkAnswer } from './check.js';
import { readQuestion } from './question.js';

type Quantity = string | number;
interface File {
  granule?: Quantity;
  alignment?: Quantity;
  split?: boolean;
  splitAlignment?: Quantity;
  domain: { memory: { ra: Quantity; pa?: Quantity; size: Quantity }[] };
  target: { free: { pa: Quantity; size: Quantity }[] };
}

const hex = (value: bigint): string => `0x${value.toString(16)}`;
const G = 1n << 30n;
const M = 1n << 20n;
const TOP = 1n << 64n;

/** The oracle's verdict as a `place --json` document, so the checker judges its witness. */
function asAnswer(file: File): { status: string; placements: { ra: string; pa: string; size: string }[]; message: string } {
  const verdict = bruteForce(file as unknown as Record<string, unknown>);
  if (!verdict.feasible) return { status: 'infeasible', placements: [], message: 'brute force' };
  const placements = verdict.placement.map((piece) => ({ ra: hex(piece.ra), pa: hex(piece.pa), size: hex(piece.size) }));
  return { status: 'feasible', placements, message: 'brute force' };
}

/** The oracle's verdict, after checking that a feasible one comes with a witness the checker accepts. */
function decide(t: Test, file: File): boolean {
  const answer = asAnswer(file);
  t.same(checkAnswer(file as unknown as Record<string, unknown>, answer), [], 'the checker accepts the witness');
  return answer.status === 'feasible';
}

const seed: File = {
  domain: { memory: [{ ra: '0x8000000', pa: '0x208000000', size: '2G' }] },
  target: { free: [{ pa: '0x108000000', size: '1G' }, { pa: '0x188000000', size: '1G' }] },
};

t.test('the seed: a 2G block cannot be built from two separate 1G ranges', async (t) => {
  t.equal(decide(t, seed), false);
});

t.test('the seed with split at 128M: the block is rebuilt from sixteen 128M pieces', async (t) => {
  const split: File = { ...seed, split: true, splitAlignment: '128M' };
  t.equal(decide(t, split), true);
  const verdict = bruteForce(split as unknown as Record<string, unknown>);
  t.equal(verdict.feasible && verdict.placement.length, 16);
});

t.test('the seed with split at 256M: still infeasible, by congruence', async (t) => {
  // The block starts at RA 128M, so its cuts leave a 128M head, seven 256M
  // pieces and a 128M tail. The seven need PA ≡ 0 (mod 256M); each 1G range
  // starts at 128M mod 256M and holds only three such slots: six in all.
  t.equal(decide(t, { ...seed, split: true, splitAlignment: '256M' }), false);
});

t.test('congruence trap: enough room, but the 128M padding does not fit', async (t) => {
  const trap = (rangeSize: bigint): File => ({
    domain: { memory: [{ ra: '0x8000000', pa: '0x208000000', size: '1G' }] },
    target: { free: [{ pa: '0x100000000', size: hex(rangeSize) }] },
  });
  t.equal(decide(t, trap(G)), false, '1G range at residue 0 cannot hold a 1G block at residue 128M');
  t.equal(decide(t, trap(G + 128n * M - 8192n)), false, 'one granule short of the padding');
  t.equal(decide(t, trap(G + 128n * M)), true, 'exactly the padding more');
});

t.test('the top of the address space: a piece may end exactly at 2^64, not one byte past', async (t) => {
  const atTop = (granule: Quantity, pa: bigint): File => ({
    granule,
    alignment: '256M',
    domain: { memory: [{ ra: hex(TOP - G), pa: hex(pa), size: '1G' }] },
    target: { free: [{ pa: hex(TOP - G - 128n * M), size: hex(G + 128n * M) }] },
  });
  const inRange = bruteForce(atTop(1, TOP - G) as unknown as Record<string, unknown>);
  t.same(inRange, { feasible: true, placement: [{ ra: TOP - G, pa: TOP - G, size: G }] }, 'ends exactly at 2^64');
  t.equal(decide(t, atTop(1, TOP - G)), true);
  t.equal(decide(t, atTop(1, 0x1000n + 1n)), false, 'residue 4K + 1 would end 4K + 1 bytes past 2^64');
  t.equal(decide(t, atTop('2K', 0x800n)), false, 'granule 2K: residue 2K would end 2K past 2^64');
  t.equal(decide(t, atTop('8K', 0x2000n)), false, 'granule 8K: residue 8K would end 8K past 2^64');
});

t.test('adjacent free ranges coalesce into one that can hold a block', async (t) => {
  const file: File = {
    alignment: '1G',
    domain: { memory: [{ ra: '0', size: '2G' }] },
    target: { free: [{ pa: '0x140000000', size: '1G' }, { pa: '0x100000000', size: '1G' }] },
  };
  t.equal(decide(t, file), true);
});

t.test('the order within a range matters: only one order fits', async (t) => {
  // Alignment 16: block a (8 bytes, residue 0) then b (8 bytes, residue 8)
  // fill [0, 16) exactly; b first would push a to 16.
  const file: File = {
    granule: 1,
    alignment: 16,
    domain: { memory: [{ ra: 100, pa: 8, size: 8 }, { ra: 0, pa: 0, size: 8 }] },
    target: { free: [{ pa: 0, size: 16 }] },
  };
  t.equal(decide(t, file), true);
});

t.test('the right partition of blocks among ranges is found', async (t) => {
  // 5 + 3 and 4 + 4 in two ranges of 8: first fit by size order fails.
  const file: File = {
    granule: 1,
    alignment: 1,
    domain: { memory: [5, 4, 4, 3].map((size, i) => ({ ra: 16 * i, size })) },
    target: { free: [{ pa: 0, size: 8 }, { pa: 100, size: 8 }] },
  };
  t.equal(decide(t, file), true);
  file.domain.memory[3]!.size = 4;
  t.equal(decide(t, file), false, 'one byte more is too much');
});

t.test('split mode cuts at every RA multiple of splitAlignment, partial pieces at the ends', async (t) => {
  const file: File = {
    granule: 1,
    alignment: 16,
    split: true,
    splitAlignment: 4,
    domain: { memory: [{ ra: 2, pa: 18, size: 9 }] },
    target: { free: [{ pa: 0, size: 64 }] },
  };
  const items = oracleItems(readQuestion(file as unknown as Record<string, unknown>));
  t.same(items, [
    { ra: 2n, size: 2n, residue: 2n },
    { ra: 4n, size: 4n, residue: 4n },
    { ra: 8n, size: 3n, residue: 8n },
  ]);
  t.equal(decide(t, file), true);
});

t.test('without split a block is one item however large', async (t) => {
  const items = oracleItems(readQuestion({ ...seed, splitAlignment: '8K' } as unknown as Record<string, unknown>));
  t.same(items, [{ ra: 0x8000000n, size: 2n * G, residue: 0x8000000n }]);
});

t.test('a target with no free range holds nothing; a domain without memory fits anywhere', async (t) => {
  t.equal(decide(t, { ...seed, target: { free: [] } }), false);
  t.same(bruteForce({ ...seed, domain: { memory: [] } }), { feasible: true, placement: [] });
});

t.test('questions with more items than the limit are refused', async (t) => {
  const file: File = {
    granule: 1,
    alignment: 1,
    split: true,
    splitAlignment: 1,
    domain: { memory: [{ ra: 0, size: MAX_ITEMS + 1 }] },
    target: { free: [{ pa: 0, size: 64 }] },
  };
  t.throws(() => bruteForce(file as unknown as Record<string, unknown>), /17 items, more than 16/);
});

/**
 * A deliberately naive decision for tiny questions: try every congruent
 * position of every item in every range, depth first, rejecting overlaps.
 * It does not use the earliest-placement argument the oracle rests on.
 */
function everyPosition(file: File): boolean {
  const question = readQuestion(file as unknown as Record<string, unknown>);
  const items = oracleItems(question);
  const taken: [bigint, bigint][] = [];
  const place = (i: number): boolean => {
    if (i === items.length) return true;
    const item = items[i]!;
    for (const range of question.free) {
      for (let pa = range.start; pa + item.size <= range.end; pa++) {
        if (pa % question.alignment !== item.residue) continue;
        if (taken.some(([start, end]) => pa < end && start < pa + item.size)) continue;
        taken.push([pa, pa + item.size]);
        if (place(i + 1)) return true;
        taken.pop();
      }
    }
    return false;
  };
  return place(0);
}

const tinyQuestion: fc.Arbitrary<File> = fc
  .record({
    alignment: fc.constantFrom(1, 2, 4, 8),
    splitShift: fc.nat(3),
    split: fc.boolean(),
    blocks: fc.array(fc.record({ gap: fc.nat(3), pa: fc.nat(15), size: fc.integer({ min: 1, max: 9 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
    ranges: fc.array(fc.record({ gap: fc.nat(4), size: fc.integer({ min: 1, max: 14 }) }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ alignment, splitShift, split, blocks, ranges }) => {
    let ra = 0;
    const memory = blocks.map((block) => {
      ra += block.gap;
      const placed = { ra, pa: block.pa, size: block.size };
      ra += block.size;
      return placed;
    });
    let pa = 0;
    const free = ranges.map((range) => {
      pa += range.gap;
      const placed = { pa, size: range.size };
      pa += range.size;
      return placed;
    });
    return { granule: 1, alignment, split, splitAlignment: Math.min(alignment, 1 << splitShift), domain: { memory }, target: { free } };
  })
  .filter((file) => oracleItems(readQuestion(file as unknown as Record<string, unknown>)).length <= 4);

t.test('property: on tiny questions the oracle agrees with trying every position, and its witnesses check', async (t) => {
  fc.assert(
    fc.property(tinyQuestion, (file) => {
      const answer = asAnswer(file);
      return (answer.status === 'feasible') === everyPosition(file) &&
        checkAnswer(file as unknown as Record<string, unknown>, answer).length === 0;
    }),
    { numRuns: Number(process.env['FUZZ_RUNS'] ?? 200) },
  );
  t.pass('agrees');
});
