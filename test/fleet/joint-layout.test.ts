import t from 'tap';
import { jointLayout } from '../../src/fleet/joint-layout.js';
import { migrationRequest } from '../../src/fleet/fleet.js';
import { parseRequest } from '../../src/migration/request.js';
import { fleet } from './fixtures.js';

const requests = (edit: Parameters<typeof fleet>[0], target: string, names: string[]) => {
  const parsed = fleet(edit);
  return names.map((name) => parseRequest(migrationRequest(parsed, name, target)));
};

t.test('two domains that fit apart may not fit together on one target', async (t) => {
  const apart = requests((json) => (json.hosts[2].freeMemory = [{ pa: '0x800000000', size: '3G' }]), 'host-c', ['ldg1', 'ldg2']);
  const layout = jointLayout(apart);
  t.same([layout.status, layout.proven], ['infeasible', true]);
  const roomy = jointLayout(requests(undefined, 'host-c', ['ldg1', 'ldg2']));
  t.equal(roomy.status, 'feasible');
  t.same(roomy.placements.map((p) => p.map((piece) => piece.ra)), [[0x8000000n], [0x8000000n]], 'each domain gets its own RAs back');
});

t.test('split mode only when every domain may split: else a failure proves nothing', async (t) => {
  const split = (both: boolean) => (json: Record<string, any>) => {
    json.profile = 'ovm-3.6';
    json.hosts[0].domains[0].os = { memorySplit: true };
    json.hosts[0].domains[1].os = { memorySplit: both };
    json.hosts[1].freeMemory = ['0x108000000', '0x188000000', '0x208000000', '0x288000000'].map((pa) => ({ pa, size: '1G' }));
  };
  t.equal(jointLayout(requests(split(true), 'host-b', ['ldg1', 'ldg2'])).status, 'feasible', 'the 2G block splits over three 1G ranges, the 1G block takes the fourth');
  const mixed = jointLayout(requests(split(false), 'host-b', ['ldg1', 'ldg2']));
  t.same([mixed.status, mixed.proven], ['infeasible', false]);
});

t.test('an inactive domain takes no memory in the joint layout', async (t) => {
  const layout = jointLayout(requests((json) => (json.hosts[0].domains[0].state = 'inactive'), 'host-b', ['ldg1', 'ldg2']));
  t.same([layout.status, layout.placements.map((p) => p.length)], ['feasible', [0, 1]]);
});
