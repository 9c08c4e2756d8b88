import fc from 'fast-check';
import t from 'tap';
import { parseInstance } from '../../src/formats/instance-json.js';
import {
  blockBytes,
  fitsUnframed,
  frameQuestion,
  paBytes,
  piecesBytes,
  type QuestionBytes,
  questionBytes,
  raBytes,
  SAFE_UNITS,
} from '../../src/memory/frame.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { verify } from '../../src/memory/verify.js';
import { InputError } from '../../src/quantity.js';
import { solvePlacement } from '../../src/solve/place.js';
import { makeInstance, tinyInstance } from '../solve/arbitrary.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);
const TOP = 1n << 64n;

/** The same question moved by `paShift` in PA (ranges and source PAs) and `raShift` in RA. */
function shifted(question: QuestionBytes, paShift: bigint, raShift: bigint): QuestionBytes {
  return {
    ...question,
    blocks: question.blocks.map((block) => ({ ra: block.ra + raShift, pa: block.pa + paShift, size: block.size })),
    free: { start: question.free.start.map((start) => start + paShift), size: question.free.size },
  };
}

/** The largest multiple of `alignment` that moves every end in `ends` to at most 2^64, minus `back` alignments. */
function shiftToTop(ends: readonly bigint[], alignment: bigint, back: bigint): bigint {
  const highest = ends.reduce((a, b) => (a > b ? a : b), 0n);
  const steps = (TOP - highest) / alignment - back;
  return (steps < 0n ? 0n : steps) * alignment;
}

t.test('a question moved by a multiple of the alignment to the top of the 64-bit space gets the same answer, moved', async (t) => {
  fc.assert(
    fc.property(fc.boolean().chain(tinyInstance), fc.constantFrom(1, 1024, 8192), fc.bigInt({ min: 0n, max: 3n }), fc.bigInt({ min: 0n, max: 3n }), (tiny, granule, paBack, raBack) => {
      const near: PlacementInstance = { ...tiny, granuleBytes: granule };
      const question = questionBytes(near);
      const alignment = question.alignment;
      const paShift = shiftToTop([...question.free.start.map((s, i) => s + question.free.size[i]!), ...question.blocks.map((b) => b.pa + b.size)], alignment, paBack);
      const raShift = shiftToTop(question.blocks.map((b) => b.ra + b.size), alignment, raBack);
      const far = frameQuestion(shifted(question, paShift, raShift));
      const before = solvePlacement(near, { nodeLimit: 200_000 });
      const after = solvePlacement(far, { nodeLimit: 200_000 });
      if (before.status !== after.status) return false;
      if (after.status !== 'feasible') return true;
      if (verify(far, after.pieces).length > 0) return false;
      const moved = piecesBytes(near, before.pieces).map((p) => ({ ra: p.ra + raShift, pa: p.pa + paShift, size: p.size }));
      return JSON.stringify(piecesBytes(far, after.pieces), (_, v: unknown) => (typeof v === 'bigint' ? v.toString(16) : v)) ===
        JSON.stringify(moved, (_, v: unknown) => (typeof v === 'bigint' ? v.toString(16) : v));
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.pass('same verdicts, same placements moved');
});

t.test('4K granules and more never need a frame; 2K near 2^64 does', async (t) => {
  const at = (granule: string, pa: string): PlacementInstance =>
    parseInstance(JSON.stringify({ granule, alignment: '16K', domain: { memory: [{ ra: '0', size: '16K' }] }, target: { free: [{ pa, size: '16K' }] } }));
  t.equal(at('4K', '0xffffffffffffc000').frame, undefined);
  t.ok(at('2K', '0xffffffffffffc000').frame);
  t.equal(at('2K', '0x4000').frame, undefined);
});

t.test('an alignment far wider than the question is compressed, and congruence still holds exactly', async (t) => {
  const instance = makeInstance({ granuleBytes: 1, alignment: 2 ** 62, blocks: [{ ra: 0, pa: 2, size: 4 }], free: [{ pa: 0, size: 8 }] });
  t.notOk(fitsUnframed(instance));
  const framed = frameQuestion(questionBytes(instance));
  t.ok(framed.alignment < 2 ** 52, 'the engine works modulo a small power of two');
  const result = solvePlacement(framed);
  t.equal(result.status, 'feasible');
  t.same(piecesBytes(framed, result.pieces), [{ ra: 0n, pa: 2n, size: 4n }], 'the only congruent place');
  t.same(verify(framed, result.pieces), []);
  // Ranges at both ends of the space, 2^63 apart: the same residue, far apart in PA.
  const spread: QuestionBytes = {
    granule: 2048n,
    alignment: 1n << 63n,
    split: false,
    splitAlignment: 2048n,
    domainName: 'd',
    targetName: 't',
    blocks: [{ ra: 0n, pa: (1n << 63n) + 0x800n, size: 0x800n }],
    free: { start: [0n, TOP - 0x1000n], size: [0x800n, 0x1000n] },
  };
  const far = frameQuestion(spread);
  const placed = solvePlacement(far);
  t.equal(placed.status, 'infeasible', 'PA 0x800 (mod 2^63) is free in neither range');
  const moved = frameQuestion({ ...spread, blocks: [{ ra: 0n, pa: TOP - 0x800n, size: 0x800n }] });
  const fits = solvePlacement(moved);
  t.same(piecesBytes(moved, fits.pieces), [{ ra: 0n, pa: TOP - 0x800n, size: 0x800n }]);
});

t.test('gaps between ranges shrink but keep their residue, and touching ranges still touch', async (t) => {
  const question: QuestionBytes = {
    granule: 1024n,
    alignment: 0x4000n,
    split: false,
    splitAlignment: 0x4000n,
    domainName: 'd',
    targetName: 't',
    blocks: [{ ra: TOP - 0x8000n, pa: 0x1400n, size: 0x4000n }],
    free: {
      start: [TOP - 0x4000n, 0x1000n, 0x1400n, 0x7fff_0000_0c00n],
      size: [0x4000n, 0x400n, 0x400n, 0x800n],
    },
  };
  const framed = frameQuestion(question);
  const { start, size } = framed.free;
  t.same(Array.from(start.subarray(0, 4), (s) => s % 16), [4, 5, 3, 0], 'residues kept (16 units of 1K)');
  t.equal(start[1], start[0]! + size[0]!, 'adjacent ranges stay adjacent');
  t.ok(start[2]! > start[1]! + size[1]! && start[2]! - (start[1]! + size[1]!) <= 16, 'a gap shrinks to at most one alignment');
  t.same(Array.from({ length: 4 }, (_, i) => paBytes(framed, start[i]!)), [0x1000n, 0x1400n, 0x7fff_0000_0c00n, TOP - 0x4000n]);
  t.equal(raBytes(framed, framed.blocks[0]!.ra), TOP - 0x8000n);
  t.same(blockBytes(framed, 0), question.blocks[0]);
  t.equal(framed.blocks[0]!.pa, 5, 'a source PA becomes its residue');
});

t.test('blocks keep their RA order and their RA residue modulo the split alignment', async (t) => {
  const question: QuestionBytes = {
    granule: 512n,
    alignment: 0x10000n,
    split: true,
    splitAlignment: 0x2000n,
    domainName: 'd',
    targetName: 't',
    blocks: [
      { ra: TOP - 0x3000n, pa: 0n, size: 0x3000n },
      { ra: 0x600n, pa: 0x3000n, size: 0x200n },
      { ra: 0x8000_0000_0400n, pa: 0x4000n, size: 0x1000n },
    ],
    free: { start: [0n], size: [0x10000n] },
  };
  const framed = frameQuestion(question);
  const ras = framed.blocks.map((block) => block.ra);
  t.ok(ras[1]! < ras[2]! && ras[2]! < ras[0]!, 'RA order kept');
  t.same(ras.map((ra) => ra % 16), [8, 3, 2], 'RA residues modulo the split alignment (16 units of 512) kept');
  t.same(framed.blocks.map((_, i) => raBytes(framed, framed.blocks[i]!.ra)), question.blocks.map((block) => block.ra));
  const result = solvePlacement(framed);
  t.equal(result.status, 'feasible');
  t.same(verify(framed, result.pieces), []);
});

t.test('overlapping free ranges found in exact bytes are named like the free map names them', async (t) => {
  const question: QuestionBytes = {
    granule: 1n,
    alignment: 0x1000n,
    split: false,
    splitAlignment: 0x1000n,
    domainName: 'd',
    targetName: 't',
    blocks: [{ ra: 0n, pa: 0n, size: 0x1000n }],
    free: { start: [TOP - 0x2000n, 0n, TOP - 0x1800n], size: [0x1000n, 0x1000n, 0x1000n] },
  };
  const error = t.throws(() => frameQuestion(question)) as InputError;
  t.equal(error.field, 'target.free[2]');
  t.match(error.detail, 'overlaps target.free[0]');
});

t.test('a question still wider than 2^52 units after framing says so', async (t) => {
  const question: QuestionBytes = {
    granule: 1n,
    alignment: 0x1000n,
    split: false,
    splitAlignment: 0x1000n,
    domainName: 'd',
    targetName: 't',
    blocks: [{ ra: 0n, pa: 0n, size: BigInt(SAFE_UNITS) + 0x1000n }],
    free: { start: [0n], size: [TOP - 0x1000n] },
  };
  const error = t.throws(() => frameQuestion(question)) as InputError;
  t.match(error.detail, /2\^52/);
});
