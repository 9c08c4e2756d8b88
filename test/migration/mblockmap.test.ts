import t from 'tap';
import { check, codes, type Json } from './fixtures.js';

/** A check result's placements (bytes) in the tests' 8K granules. */
const inUnits = (pieces: readonly { ra: bigint; pa: bigint; size: bigint }[]): { ra: number; pa: number; size: number }[] =>
  pieces.map((piece) => ({ ra: Number(piece.ra / 8192n), pa: Number(piece.pa / 8192n), size: Number(piece.size / 8192n) }));

/** Two blocks (2G at RA 0x8000000, 1G at RA 0x100000000) and target ranges at 0x108000000 (4G) and 0x400000000 (1G). */
function named(r: Json, map: [string, string][]): void {
  r.profile = 'ovm-3.6';
  r.domain.memory = [
    { ra: '0x8000000', pa: '0x208000000', size: '2G' },
    { ra: '0x100000000', pa: '0x300000000', size: '1G' },
  ];
  r.target.freeMemory = [{ pa: '0x108000000', size: '4G' }, { pa: '0x400000000', size: '1G' }];
  r.domain.mblockmap = map.map(([pa, targetPa]) => ({ pa, targetPa }));
}

t.test('a valid mapping is the placement, sorted by RA, and the solver is not called', async (t) => {
  const result = check((r) => named(r, [['0x300000000', '0x400000000'], ['0x208000000', '0x108000000']]), {
    solver: () => { throw new Error('must not be called'); },
  });
  t.equal(result.status, 'ok');
  t.same(inUnits(result.placements), [
    { ra: 0x8000000 / 8192, pa: 0x108000000 / 8192, size: 2 ** 31 / 8192 },
    { ra: 0x100000000 / 8192, pa: 0x400000000 / 8192, size: 2 ** 30 / 8192 },
  ]);
});

t.test('a target PA that breaks congruence is MEMORY_LAYOUT with the reason', async (t) => {
  const result = check((r) => named(r, [['0x208000000', '0x110000000'], ['0x300000000', '0x400000000']]));
  t.same(codes(result), ['MEMORY_LAYOUT']);
  t.equal(result.findings[0]!.message, 'Free memory layout and congruency requirements prevent binding the memory block with PA 0x208000000, RA 0x8000000, and size 2G');
  t.equal(result.findings[0]!.detail, 'target PA 0x110000000 is not congruent to source PA 0x208000000 modulo 256M');
  t.same(inUnits(result.placements), []);
});

t.test('a target range outside the free memory is MEMORY_LAYOUT', async (t) => {
  const result = check((r) => named(r, [['0x208000000', '0x108000000'], ['0x300000000', '0x500000000']]));
  t.same(result.findings.map((f) => [f.subject, f.detail]), [
    ['0x100000000', 'target range 0x500000000 + 1G is not inside one free range of host-b'],
  ]);
});

t.test('overlapping target ranges name the block with the higher RA', async (t) => {
  const result = check((r) => named(r, [['0x208000000', '0x108000000'], ['0x300000000', '0x180000000']]));
  t.same(result.findings.map((f) => [f.subject, f.detail]), [
    ['0x100000000', 'target range 0x180000000 + 1G overlaps the target range of a block with a lower RA'],
  ]);
});

t.test('every failing block gets its own finding', async (t) => {
  const result = check((r) => named(r, [['0x208000000', '0x600000000'], ['0x300000000', '0x410000000']]));
  t.same(result.findings.map((f) => f.subject), ['0x8000000', '0x100000000']);
});

t.test('MEMORY_INSUFFICIENT still comes first, and bound domains ignore the map', async (t) => {
  t.same(codes(check((r) => { named(r, [['0x208000000', '0x600000000'], ['0x300000000', '0x400000000']]); r.target.freeMemory = [{ pa: '0x108000000', size: '2G' }]; })), ['MEMORY_INSUFFICIENT']);
  t.same(codes(check((r) => { named(r, [['0x208000000', '0x600000000'], ['0x300000000', '0x400000000']]); r.domain.state = 'bound'; })), []);
});
