import t from 'tap';
import fc from 'fast-check';
import type { Piece } from '../../src/memory/instance.js';
import { verify, type Violation } from '../../src/memory/verify.js';
import { makeInstance, tinyInstance } from '../solve/arbitrary.js';
import { referenceSolve } from '../solve/reference.js';

const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 200);

/** The seed document's geometry in 8K granules: 256M alignment, a 2G block at RA 0x8000000. */
const G = (1 << 30) / 8192;
const seedBlock = { ra: 0x8000000 / 8192, pa: 0x208000000 / 8192, size: 2 * G };
const seedAlignment = (256 << 20) / 8192;

/** A violation's RA (bytes) in the tests' 8K granules. */
const raUnits = (violation: Violation): number => Number(violation.ra! / 8192n);

t.test('the seed block placed whole in a 2G range that keeps its congruence has no violation', (t) => {
  const instance = makeInstance({ alignment: seedAlignment, blocks: [seedBlock], free: [{ pa: 0x108000000 / 8192, size: 2 * G }] });
  t.same(verify(instance, [{ ra: seedBlock.ra, pa: 0x108000000 / 8192, size: 2 * G }]), []);
  t.end();
});

t.test('two adjacent 1G ranges are one 2G range', (t) => {
  const instance = makeInstance({
    alignment: seedAlignment,
    blocks: [seedBlock],
    free: [{ pa: 0x148000000 / 8192, size: G }, { pa: 0x108000000 / 8192, size: G }],
  });
  t.same(verify(instance, [{ ra: seedBlock.ra, pa: 0x108000000 / 8192, size: 2 * G }]), []);
  t.end();
});

t.test('rule 2: the seed block across two separate 1G ranges is not in free memory, named in byte hex', (t) => {
  const instance = makeInstance({
    alignment: seedAlignment,
    blocks: [seedBlock],
    free: [{ pa: 0x108000000 / 8192, size: G }, { pa: 0x188000000 / 8192, size: G }],
  });
  const violations = verify(instance, [{ ra: seedBlock.ra, pa: 0x108000000 / 8192, size: 2 * G }]);
  t.same(violations.map((v) => v.rule), [2]);
  t.equal(raUnits(violations[0]!), seedBlock.ra);
  t.match(violations[0]!.message, /RA 0x8000000 PA 0x108000000 size 2G runs past the end of free memory at 0x148000000 \(free range \[0x108000000, 0x148000000\)\)/);
  t.end();
});

t.test('rule 2: a piece starting outside free memory', (t) => {
  const instance = makeInstance({ alignment: 4, blocks: [{ ra: 0, pa: 0, size: 4 }], free: [{ pa: 8, size: 8 }] });
  const below = verify(instance, [{ ra: 0, pa: 0, size: 4 }]);
  t.same(below.map((v) => v.rule), [2]);
  t.match(below[0]!.message, /does not start in free memory/);
  t.same(verify(instance, [{ ra: 0, pa: 16, size: 4 }]).map((v) => v.rule), [2]);
  t.end();
});

t.test('rule 1: a block with no piece is reported as not placed', (t) => {
  const instance = makeInstance({ alignment: 4, blocks: [{ ra: 0, pa: 0, size: 4 }, { ra: 8, pa: 8, size: 4 }], free: [{ pa: 0, size: 16 }] });
  const violations = verify(instance, [{ ra: 0, pa: 0, size: 4 }]);
  t.same(violations.map((v) => v.rule), [1]);
  t.equal(raUnits(violations[0]!), 8);
  t.match(violations[0]!.message, /block RA 0x10000 size 32K: RA \[0x10000, 0x18000\) is not placed/);
  t.end();
});

t.test('rule 1: a gap inside a split block', (t) => {
  const instance = makeInstance({ alignment: 4, split: true, blocks: [{ ra: 0, pa: 0, size: 12 }], free: [{ pa: 0, size: 16 }] });
  const violations = verify(instance, [{ ra: 0, pa: 0, size: 4 }, { ra: 8, pa: 8, size: 4 }]);
  t.same(violations.map((v) => [v.rule, raUnits(v)]), [[1, 4]]);
  t.end();
});

t.test('rule 1: RA placed twice in split mode', (t) => {
  const instance = makeInstance({ alignment: 4, split: true, blocks: [{ ra: 0, pa: 0, size: 8 }], free: [{ pa: 0, size: 16 }] });
  const violations = verify(instance, [{ ra: 0, pa: 0, size: 8 }, { ra: 4, pa: 12, size: 4 }]);
  t.same(violations.map((v) => v.rule), [1]);
  t.match(violations[0]!.message, /is placed twice/);
  t.end();
});

t.test('rule 1: a block in two pieces when split is off', (t) => {
  const instance = makeInstance({ alignment: 4, blocks: [{ ra: 0, pa: 0, size: 8 }], free: [{ pa: 0, size: 32 }] });
  const violations = verify(instance, [{ ra: 0, pa: 0, size: 4 }, { ra: 4, pa: 12, size: 4 }]);
  t.same(violations.map((v) => v.rule), [1]);
  t.match(violations[0]!.message, /is in 2 pieces but split is off/);
  t.end();
});

t.test('rule 1: a piece outside every block, straddling two blocks, or of size zero', (t) => {
  const instance = makeInstance({ alignment: 1, split: true, splitAlignment: 1, blocks: [{ ra: 4, pa: 4, size: 4 }, { ra: 8, pa: 8, size: 4 }], free: [{ pa: 0, size: 64 }] });
  const outside = verify(instance, [{ ra: 4, pa: 4, size: 8 }, { ra: 0, pa: 20, size: 2 }, { ra: 4, pa: 30, size: 0 }]);
  t.same(outside.filter((v) => /not inside any source block/.test(v.message)).map(raUnits), [0, 4]);
  t.ok(outside.some((v) => v.rule === 1 && /size that is not positive/.test(v.message)));
  t.end();
});

t.test('rule 3: two pieces overlapping in PA', (t) => {
  const instance = makeInstance({ alignment: 4, blocks: [{ ra: 0, pa: 0, size: 8 }, { ra: 8, pa: 0, size: 4 }], free: [{ pa: 0, size: 16 }] });
  const violations = verify(instance, [{ ra: 0, pa: 0, size: 8 }, { ra: 8, pa: 4, size: 4 }]);
  t.same(violations.map((v) => v.rule), [3]);
  t.match(violations[0]!.message, /RA 0x10000 PA 0x8000 size 32K overlaps in PA piece RA 0x0 PA 0x0 size 64K/);
  t.end();
});

t.test('rule 4: a piece not congruent to its source PA', (t) => {
  const instance = makeInstance({ alignment: 4, blocks: [{ ra: 0, pa: 1, size: 4 }], free: [{ pa: 0, size: 16 }] });
  const violations = verify(instance, [{ ra: 0, pa: 2, size: 4 }]);
  t.same(violations.map((v) => v.rule), [4]);
  t.match(violations[0]!.message, /not congruent to its source PA 0x2000 modulo 32K/);
  t.same(verify(instance, [{ ra: 0, pa: 5, size: 4 }]), []);
  t.end();
});

t.test('rule 4: a split piece keeps the congruence of its offset in the block', (t) => {
  const instance = makeInstance({ alignment: 4, split: true, splitAlignment: 2, blocks: [{ ra: 0, pa: 1, size: 4 }], free: [{ pa: 0, size: 16 }] });
  t.same(verify(instance, [{ ra: 0, pa: 9, size: 2 }, { ra: 2, pa: 3, size: 2 }]), []);
  t.same(verify(instance, [{ ra: 0, pa: 9, size: 2 }, { ra: 2, pa: 1, size: 2 }]).map((v) => [v.rule, raUnits(v)]), [[4, 2]]);
  t.end();
});

t.test('rule 4: a cut not at a multiple of the split alignment is reported once', (t) => {
  const instance = makeInstance({ alignment: 4, split: true, splitAlignment: 4, blocks: [{ ra: 0, pa: 0, size: 8 }], free: [{ pa: 0, size: 32 }] });
  const violations = verify(instance, [{ ra: 0, pa: 0, size: 2 }, { ra: 2, pa: 10, size: 6 }]);
  t.same(violations.map((v) => [v.rule, raUnits(v)]), [[4, 2]]);
  t.match(violations[0]!.message, /cuts its block at RA 0x4000, not a multiple of the split alignment 32K/);
  t.end();
});

t.test('several violations at once are all reported, rule by rule', (t) => {
  const instance = makeInstance({
    alignment: 4,
    blocks: [{ ra: 0, pa: 0, size: 4 }, { ra: 4, pa: 0, size: 4 }, { ra: 8, pa: 0, size: 4 }],
    free: [{ pa: 0, size: 8 }],
  });
  // block 0 fine; block 1 overlaps block 0 in PA and is off by one; block 2 missing; a stray piece outside free memory.
  const violations = verify(instance, [{ ra: 0, pa: 0, size: 4 }, { ra: 4, pa: 1, size: 4 }, { ra: 20, pa: 100, size: 1 }]);
  t.same(violations.map((v) => v.rule), [1, 1, 2, 3, 4]);
  t.end();
});

t.test('no free ranges at all: every piece is outside free memory', (t) => {
  const instance = makeInstance({ alignment: 1, blocks: [{ ra: 0, pa: 0, size: 4 }], free: [{ pa: 0, size: 0 }] });
  t.same(verify(instance, [{ ra: 0, pa: 0, size: 4 }]).map((v) => v.rule), [2]);
  t.end();
});

t.test('overlapping input ranges are treated as their union', (t) => {
  const instance = makeInstance({ alignment: 1, blocks: [{ ra: 0, pa: 0, size: 10 }], free: [{ pa: 0, size: 6 }, { pa: 2, size: 2 }, { pa: 4, size: 6 }] });
  t.same(verify(instance, [{ ra: 0, pa: 0, size: 10 }]), []);
  t.end();
});

t.test('property: every reference placement is accepted', (t) => {
  fc.assert(
    fc.property(fc.boolean().chain((split) => tinyInstance(split)), (instance) => {
      const answer = referenceSolve(instance);
      return !answer.feasible || verify(instance, answer.pieces!).length === 0;
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.end();
});

/** Ways to break a valid placement, each certain to break some rule. */
function perturb(pieces: readonly Piece[], which: number, kind: number, alignment: number): Piece[] {
  const out = [...pieces];
  const piece = out[which]!;
  switch (kind) {
    case 0: out.splice(which, 1); break; // rule 1: RA left unplaced
    case 1: out[which] = { ...piece, size: piece.size + 1 }; break; // rule 1: past its block or over the next piece
    case 2: out[which] = { ...piece, pa: piece.pa + 1000 * alignment }; break; // rule 2: far beyond any free range
    case 3: out.push(piece); break; // rule 1 and 3: placed twice
    default: out[which] = { ...piece, pa: piece.pa + (alignment > 1 ? 1 : 1000) }; // rule 4 (or 2 when alignment is 1)
  }
  return out;
}

t.test('property: perturbed reference placements are rejected', (t) => {
  fc.assert(
    fc.property(fc.boolean().chain((split) => tinyInstance(split)), fc.nat(), fc.nat(4), (instance, which, kind) => {
      const answer = referenceSolve(instance);
      if (!answer.feasible) return true;
      const broken = perturb(answer.pieces!, which % answer.pieces!.length, kind, instance.alignment);
      return verify(instance, broken).length > 0;
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.end();
});

t.test('a million unsorted free ranges and ten thousand pieces verify (speed is measured in bench/, not here)', (t) => {
  const rangeCount = 1_000_000;
  const free = Array.from({ length: rangeCount }, (_, i) => ({ pa: (rangeCount - 1 - i) * 64, size: 32 }));
  const blocks = Array.from({ length: 10_000 }, (_, i) => ({ ra: i * 16, pa: i * 64 * 97 + 8, size: 16 }));
  const instance = makeInstance({ alignment: 8, blocks, free });
  const pieces = blocks.map((block) => ({ ra: block.ra, pa: block.pa, size: block.size }));
  t.same(verify(instance, pieces), []);
  // One piece moved onto the next, free range's neighbour gap: exactly one rule-2 violation.
  const moved = pieces.map((piece, i) => (i === 5000 ? { ...piece, pa: piece.pa + 32 } : piece));
  t.same(verify(instance, moved).map((violation) => violation.rule), [2]);
  t.end();
});
