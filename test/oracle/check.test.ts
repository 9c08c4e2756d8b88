import t from 'tap';
import { checkAnswer } from './check.js';

// Two blocks, split at 4 bytes, alignment 16, granule 1:
//   block 0: RA [0, 8),   source PA 16 (residue 0)
//   block 1: RA [32, 36), source PA 4  (residue 4)
// Free: [0, 16) and [16, 32), adjacent, so one range [0, 32); and [64, 80).
const file = {
  granule: 1,
  alignment: 16,
  split: true,
  splitAlignment: 4,
  domain: { memory: [{ ra: 0, pa: 16, size: 8 }, { ra: 32, pa: 4, size: 4 }] },
  target: { free: [{ pa: 16, size: 16 }, { pa: 0, size: 16 }, { pa: 64, size: 16 }] },
};

type Piece = { ra: string; pa: string; size: string };
const piece = (ra: number, pa: number, size: number): Piece => ({ ra: `0x${ra.toString(16)}`, pa: `0x${pa.toString(16)}`, size: `0x${size.toString(16)}` });
const feasible = (...placements: Piece[]) => ({ status: 'feasible', placements, message: 'placed' });
const check = (answer: unknown, question: Record<string, unknown> = file) => checkAnswer(question, answer);

// A valid placement: block 0 whole at PA 0, block 1 at PA 20 (≡ 4).
const valid = [piece(0, 0, 8), piece(32, 20, 4)];

t.test('a placement keeping rules 1–4 passes', async (t) => {
  t.same(check(feasible(...valid)), []);
  t.same(check(feasible(piece(0, 64, 4), piece(4, 4, 4), piece(32, 20, 4))), [], 'split at RA 4, pieces in different ranges');
  t.same(check(feasible(piece(0, 16, 8), piece(32, 4, 4))), [], 'across the seam of two coalesced ranges');
});

t.test('the document: verdict, message, placements only when feasible', async (t) => {
  t.same(check('feasible'), ['the answer is not a JSON object']);
  t.same(check(null), ['the answer is not a JSON object']);
  t.same(check({ status: 'maybe', placements: [], message: 'x' }), ['status "maybe" is not a verdict']);
  t.same(check({ status: 'infeasible', placements: [], message: '' }), ['message is not a non-empty string']);
  t.same(check({ status: 'unknown', placements: [], message: 'budget' }), []);
  t.same(check({ status: 'feasible', message: 'x' }), ['placements is not an array']);
  t.same(check({ status: 'infeasible', placements: valid, message: 'no' }), ['placements is not empty although status is "infeasible"']);
});

t.test('quantities are lowercase hex strings', async (t) => {
  t.same(check(feasible({ ra: '0x0', pa: '0x0', size: '0X8' }, valid[1]!)), ['placements[0].size is not a lowercase hex string: "0X8"']);
  t.same(check(feasible({ ra: '0', pa: '0x0', size: '0x8' }, valid[1]!)), ['placements[0].ra is not a lowercase hex string: "0"']);
  t.same(check(feasible({ ra: '0x0', pa: 0, size: '0x8' } as unknown as Piece, valid[1]!)), ['placements[0].pa is not a lowercase hex string: 0']);
  t.same(check(feasible(null as unknown as Piece)), [
    'placements[0].ra is not a lowercase hex string: undefined',
    'placements[0].pa is not a lowercase hex string: undefined',
    'placements[0].size is not a lowercase hex string: undefined',
  ]);
});

t.test('placements are sorted by RA', async (t) => {
  t.same(check(feasible(valid[1]!, valid[0]!)), ['placements[1] is not after placements[0] in RA']);
});

t.test('rule 1: every piece inside one block, the pieces tiling it; one piece without split', async (t) => {
  t.same(check(feasible(piece(0, 0, 8), piece(36, 20, 4))), [
    "placements[1] is not inside one block's RA range (rule 1)",
    'domain.memory[1] is not tiled: nothing from RA 0x20 (rule 1)',
  ]);
  t.same(check(feasible(piece(0, 0, 4), piece(32, 20, 4))), ['domain.memory[0] is not tiled: nothing from RA 0x4 (rule 1)']);
  t.same(check(feasible(piece(0, 0, 4), piece(0, 64, 4), piece(32, 20, 4))), [
    'placements[1] is not after placements[0] in RA',
    'domain.memory[0] is not tiled: a gap or overlap at RA 0x4 (rule 1)',
  ]);
  t.same(check(feasible(piece(0, 0, 0), ...valid)), [
    'placements[1] is not after placements[0] in RA',
    'placements[0] is empty',
  ]);
  t.same(check(feasible(piece(0, 0, 4), piece(4, 4, 4), valid[1]!), { ...file, split: false }), ['domain.memory[0] has 2 pieces, not 1 (rule 1, split false)']);
});

t.test('rule 2: each piece inside one coalesced free range, never past 2^64', async (t) => {
  t.same(check(feasible(piece(0, 32, 8), valid[1]!)), ['placements[0] is not inside one free range (rule 2)']);
  t.same(check(feasible(piece(0, 0, 8), piece(32, 68, 4))), [], 'in the separate range [64, 80)');
  t.same(check(feasible(piece(0, 0, 8), piece(32, 84, 4))), ['placements[1] is not inside one free range (rule 2)']);
  const top = {
    granule: 1,
    alignment: 16,
    domain: { memory: [{ ra: 0, pa: 0, size: 16 }] },
    target: { free: [{ pa: '0xfffffffffffffff0', size: 16 }] },
  };
  t.same(checkAnswer(top, feasible({ ra: '0x0', pa: '0xfffffffffffffff0', size: '0x10' })), [], 'ends exactly at 2^64');
  t.same(checkAnswer(top, feasible({ ra: '0x0', pa: '0xfffffffffffffff8', size: '0x10' })), [
    'placements[0] is not inside one free range (rule 2), and ends past 2^64',
    'placements[0] is not congruent to its source PA modulo the alignment (rule 4)',
  ]);
});

t.test('rule 3: no two pieces overlap in PA', async (t) => {
  t.same(check(feasible(piece(0, 0, 8), piece(32, 4, 4))), ['placements[0] and placements[1] overlap in PA (rule 3)']);
});

t.test('rule 4: congruence with the source PA, cuts only at RA multiples of splitAlignment', async (t) => {
  t.same(check(feasible(piece(0, 0, 8), piece(32, 24, 4))), ['placements[1] is not congruent to its source PA modulo the alignment (rule 4)']);
  t.same(check(feasible(piece(0, 0, 2), piece(2, 2, 6), valid[1]!)), ['placements[1] starts a cut at an RA that is not a multiple of splitAlignment (rule 4)']);
});
