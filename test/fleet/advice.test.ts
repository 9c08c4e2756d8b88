import t from 'tap';
import { adviseMemory } from '../../src/fleet/advice.js';
import type { PlacementSolver } from '../../src/migration/rules/memory.js';
import { adviceJson, adviceText } from '../../src/report/advice.js';
import { model } from '../migration/fixtures.js';

const seedTrap = (json: Record<string, any>) => (json.target.freeMemory = [{ pa: '0x108000000', size: '1G' }, { pa: '0x188000000', size: '1G' }]);

t.test('the seed trap: grow the first 1G range by 1G (it then reaches the second), verified', async (t) => {
  const advice = adviseMemory(model(seedTrap));
  t.same(advice, [{ kind: 'grow-range', pa: 0x108000000n, growBy: 0x40000000n, message: 'the free range at PA 0x108000000 (1G) would have to grow by 1G: the memory then fits (verified)' }]);
  t.same(adviceJson(advice[0]!), { kind: 'grow-range', pa: '0x108000000', growBy: '0x40000000', message: advice[0]!.message });
});

t.test('split mode, when cutting at the largest page makes it fit', async (t) => {
  const aligned = (json: Record<string, any>) => {
    json.domain.memory = [{ ra: '0x0', pa: '0x200000000', size: '2G' }];
    json.target.freeMemory = [{ pa: '0x100000000', size: '1G' }, { pa: '0x180000000', size: '1G' }];
  };
  const advice = adviseMemory(model(aligned));
  t.same(advice.map((a) => a.kind), ['split', 'grow-range']);
  t.equal(advice[0]!.message, 'enable split mode (the guest on Solaris 11.3 or later, the ovm-3.6 profile): blocks cut at 256M then fit (verified)');
  t.same(adviceJson(advice[0]!), { kind: 'split', message: advice[0]!.message });
  const already = adviseMemory(model((json) => { aligned(json); json.profile = 'ovm-3.6'; json.domain.os = { memorySplit: true }; json.target.freeMemory = [{ pa: '0x100000000', size: '1G' }]; }));
  t.same(already.map((a) => a.kind), ['grow-range'], 'already split: only growth is tried');
});

t.test('short in total: the growth covers the shortfall', async (t) => {
  const advice = adviseMemory(model((json) => (json.target.freeMemory = [{ pa: '0x108000000', size: '1G' }, { pa: '0x400000000', size: '512M' }])));
  t.same(advice.map((a) => [a.kind, a.kind === 'grow-range' ? a.growBy : 0n]), [['grow-range', 0x40000000n]]);
});

t.test('nothing to advise when the memory fits or the domain is not active; nothing found is said', async (t) => {
  t.same(adviseMemory(model()), []);
  t.same(adviseMemory(model((json) => { seedTrap(json); json.domain.state = 'bound'; })), []);
  const never: PlacementSolver = () => ({ status: 'infeasible', pieces: [], stats: { decidedBy: 'bounds', nodes: 0, elapsedMs: 0 } });
  t.same(adviseMemory(model(seedTrap), { solver: never }), []);
  t.equal(adviceText(true, []), 'Advice: no change found that makes the memory fit (split mode and growing one free range were tried); for other targets, ldmfit rank\n');
  t.equal(adviceText(false, []), '');
  t.equal(adviceText(true, adviseMemory(model(seedTrap))), 'Advice: the free range at PA 0x108000000 (1G) would have to grow by 1G: the memory then fits (verified)\n');
});
