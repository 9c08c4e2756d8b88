import t from 'tap';
import { memoryFits } from '../../src/fleet/memory-fits.js';
import type { PlacementSolver } from '../../src/migration/rules/memory.js';
import { model } from '../migration/fixtures.js';

const seedTrap = (json: Record<string, any>) => (json.target.freeMemory = [{ pa: '0x108000000', size: '1G' }, { pa: '0x188000000', size: '1G' }]);

t.test('fits: the memory rule finds a layout; the seed trap does not fit, nor memory short in total', async (t) => {
  t.ok(memoryFits(model(), {}));
  t.notOk(memoryFits(model(seedTrap), {}));
  t.notOk(memoryFits(model((json) => (json.target.freeMemory = [{ pa: '0x108000000', size: '1G' }])), {}));
});

t.test('an undecided layout is never a fit', async (t) => {
  const undecided: PlacementSolver = () => ({ status: 'unknown', pieces: [], stats: { decidedBy: 'search', nodes: 1, elapsedMs: 0, stoppedBy: 'node-limit' } });
  t.notOk(memoryFits(model(), { solver: undecided }));
});
