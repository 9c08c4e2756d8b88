import t from 'tap';
import { findDomain, findHost } from '../../src/fleet/fleet.js';
import { moveCost, moveDomain } from '../../src/fleet/move.js';
import { fleet } from './fixtures.js';

const piece = (ra: string, pa: string, size: string) => ({ ra: BigInt(ra), pa: BigInt(pa), size: BigInt(size) });

t.test('a move takes the pieces, strands, cores and crypto from the target and gives the source back what the domain held', async (t) => {
  const before = fleet();
  const after = moveDomain(before, 'ldg1', 'host-c', [piece('0x8000000', '0x808000000', '0x80000000')]);
  const c = findHost(after, 'host-c');
  t.same(c.freeMemory, [{ pa: '0x800000000', size: '0x8000000' }, { pa: '0x888000000', size: '0x178000000' }]);
  t.same([c.cpu.freeStrands, c.cpu.freeWholeCores, c.freeCryptoUnits], [24, 3, 1]);
  const a = findHost(after, 'host-a');
  t.same(a.freeMemory, [{ pa: '0x208000000', size: '0x80000000' }, { pa: '0x408000000', size: '0x40000000' }]);
  t.same([a.cpu.freeStrands, a.cpu.freeWholeCores, a.freeCryptoUnits], [40, 5, 3]);
  t.same(a.domains!.map((d) => d.name), ['ldg2']);
  const moved = findDomain(after, 'ldg1');
  t.equal(moved.host.name, 'host-c');
  t.same(moved.domain.memory, [{ ra: '0x8000000', pa: '0x808000000', size: '0x80000000' }]);
  t.equal(findHost(before, 'host-c').freeMemory.length, 1, 'the old fleet is left as it was');
  t.equal(findHost(after, 'host-b'), findHost(before, 'host-b'), 'other hosts are shared, unchanged');
});

t.test('a target short of crypto units gives back what it has', async (t) => {
  const before = fleet((json) => (json.hosts[2].freeCryptoUnits = 0));
  t.same(moveCost(before, findDomain(before, 'ldg1').domain, findHost(before, 'host-c')), { strands: 8, wholeCores: 1, cryptoUnits: 0 });
  const after = moveDomain(before, 'ldg1', 'host-c', [piece('0x8000000', '0x808000000', '0x80000000')]);
  t.equal(findDomain(after, 'ldg1').domain.cryptoUnits, 0);
  t.equal(findHost(after, 'host-c').freeCryptoUnits, 0);
});

t.test('a domain without crypto units keeps the field absent; a host without the field counts zero', async (t) => {
  const before = fleet((json) => { delete json.hosts[0].domains[0].cryptoUnits; delete json.hosts[2].freeCryptoUnits; delete json.hosts[0].freeCryptoUnits; });
  const after = moveDomain(before, 'ldg1', 'host-c', [piece('0x8000000', '0x808000000', '0x80000000')]);
  t.notOk('cryptoUnits' in findDomain(after, 'ldg1').domain);
  t.equal(findHost(after, 'host-a').freeCryptoUnits, 0);
});

t.test('an inactive domain moves without memory, its strands and cores counting on the target', async (t) => {
  const before = fleet((json) => (json.hosts[0].domains[0].state = 'inactive'));
  const after = moveDomain(before, 'ldg1', 'host-b', []);
  t.same(findHost(after, 'host-b').freeMemory, findHost(before, 'host-b').freeMemory);
  t.same(findHost(after, 'host-a').freeMemory, findHost(before, 'host-a').freeMemory);
  t.same([findHost(after, 'host-b').cpu.freeStrands, findHost(after, 'host-b').cpu.freeWholeCores], [24, 3]);
  t.same(findDomain(after, 'ldg1').domain.memory, findDomain(before, 'ldg1').domain.memory);
});

t.test('under ovm-3.6 whole cores are not counted: a default stays a default', async (t) => {
  const before = fleet((json) => (json.profile = 'ovm-3.6'));
  const after = moveDomain(before, 'ldg2', 'host-b', [piece('0x8000000', '0x108000000', '0x40000000')]);
  t.notOk('freeWholeCores' in findHost(after, 'host-b').cpu);
  t.equal(findHost(after, 'host-b').cpu.freeStrands, 24);
  t.same(findHost(after, 'host-b').freeMemory, [{ pa: '0x188000000', size: '0x40000000' }]);
  t.same(findHost(after, 'host-a').freeMemory, [{ pa: '0x308000000', size: '0x40000000' }, { pa: '0x408000000', size: '0x40000000' }]);
});

t.test('placements outside the target\'s free memory are refused', async (t) => {
  t.throws(() => moveDomain(fleet(), 'ldg1', 'host-b', [piece('0x8000000', '0x108000000', '0x80000000')]), { message: /^placements\[0\]: is not inside free memory/ });
});
