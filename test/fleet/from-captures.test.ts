/**
 * fleetFromCaptures: examples/fleet-captures (three hosts, human, parseable
 * and split captures) is the same fleet as examples/fleet-captures/fleet.json,
 * written by hand from the same numbers: every rank and evacuation agrees.
 * Then what is blamed for what.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { planEvacuation } from '../../src/fleet/evacuate.js';
import { parseFleet, type Fleet } from '../../src/fleet/fleet.js';
import { fleetFromCaptures, type HostCaptures } from '../../src/fleet/from-captures.js';
import { rankTargets } from '../../src/fleet/rank.js';
import type { FleetFacts } from '../../src/formats/ldm/fleet-facts.js';
import { evacuateJson } from '../../src/report/evacuate-json.js';
import { rankJson } from '../../src/report/rank-json.js';

const example = (path: string): string => readFileSync(new URL(`../../examples/fleet-captures/${path}`, import.meta.url), 'utf8');
const file = (name: string, content = example(name)): HostCaptures['files'][number] => ({ name, content });
const hosts = (): HostCaptures[] => [
  { name: 'host-a', files: [file('host-a.txt')] },
  { name: 'host-b', files: [file('host-b.txt')] },
  { name: 'host-c', files: [file('host-c-devices.txt'), file('host-c-domains.txt')] },
];
const facts = (): FleetFacts => JSON.parse(example('facts.json')) as FleetFacts;
const fromFile = parseFleet(JSON.parse(example('fleet.json')));

t.test('the example captures are the example fleet file: every domain ranks and every host evacuates alike', async (t) => {
  const { fleet, warnings } = fleetFromCaptures(hosts(), facts());
  t.same(warnings, [], 'the facts file leaves nothing to assume');
  const domains = (of: Fleet): string[] => of.hosts.flatMap((host) => (host.domains ?? []).map((domain) => domain.name));
  t.same(domains(fleet), ['ldg1', 'ldg2', 'ldg3', 'ldg4', 'ldg5'], 'the primary domains are not among them');
  t.same(domains(fleet), domains(fromFile));
  for (const name of domains(fromFile)) t.same(rankJson(rankTargets(fleet, name)), rankJson(rankTargets(fromFile, name)), `rank ${name}`);
  for (const host of fromFile.hosts) {
    t.same(evacuateJson(planEvacuation(fleet, host.name)), evacuateJson(planEvacuation(fromFile, host.name)), `evacuate ${host.name}`);
  }
  const ldg1 = rankJson(rankTargets(fleet, 'ldg1'));
  t.same(ldg1.targets.map((target) => [target.host, target.ok]), [['host-c', true], ['host-b', false]], 'the seed\'s trap: two 1G ranges on host-b');
  t.same(evacuateJson(planEvacuation(fleet, 'host-a')).steps.map((step) => [step.domain, step.to]), [['ldg1', 'host-c'], ['ldg2', 'host-b'], ['ldg3', 'host-b']]);
});

t.test('the fleet file built is returned too, and parses to the same fleet', async (t) => {
  const built = fleetFromCaptures(hosts(), facts());
  t.same(parseFleet(built.file), built.fleet);
  t.same(built.file.hosts.map((host) => host.primary), [{ strands: 8, cryptoUnits: 1 }, { strands: 8, cryptoUnits: 1 }, { strands: 8, cryptoUnits: 1 }]);
});

t.test('a value the captures cannot read names the capture file and line', async (t) => {
  const broken = hosts();
  broken[1] = { name: 'host-b', files: [file('host-b.txt', example('host-b.txt').replace('|pa=0x108000000|size=1073741824', '|pa=0x108000000|size=lots'))] };
  t.throws(() => fleetFromCaptures(broken, facts()), { message: /^host-b\.txt: line \d+/ });
});

t.test('what the fleet parser finds wrong in the captures names the host\'s files, and hosts and domains by name', async (t) => {
  const overlapping = hosts();
  // ldg4's block is also listed as free: memory claimed twice.
  overlapping[1] = { name: 'host-b', files: [file('host-b.txt', example('host-b.txt').replace('|pa=0x148000000|size=1073741824|bound=ldg4', '|pa=0x148000000|size=1073741824|bound='))] };
  t.throws(() => fleetFromCaptures(overlapping, facts()), { message: 'host-b.txt: domain ldg4 memory[0]: overlaps host host-b freeMemory[1] in PA' });
  const twice = hosts();
  const ldg1 = example('host-a.txt').split('host-a# ').find((output) => output.startsWith('ldm list -l ldg1'))!;
  twice[1] = { name: 'host-b', files: [file('host-b.txt'), file('ldg1.txt', `host-b# ${ldg1}`)] };
  t.throws(() => fleetFromCaptures(twice, facts()), { message: 'host-b.txt, ldg1.txt: the captures show domain ldg1 on host-a and on host-b: a domain lives on one host (capture the hosts while no migration runs)' });
});

t.test('a host named twice is refused before anything is read: one entry a host', async (t) => {
  const twice = [{ name: 'host-a', files: [file('host-a.txt')] }, { name: 'host-a', files: [file('host-b.txt')] }];
  t.throws(() => fleetFromCaptures(twice, facts()), { message: 'hosts[1].name: repeats a host name: give all of a host\'s capture files in one entry (got "host-a")' });
});

t.test('what the fleet parser finds wrong in a fact names the fact\'s path', async (t) => {
  const cases: [(facts: FleetFacts) => void, RegExp][] = [
    [(f) => (f.defaults!.host!.largestPage = '3M'), /^defaults\.host\.largestPage: must be a power of two/],
    [(f) => (f.hosts!['host-c']!.largestPage = '3M'), /^hosts\.host-c\.largestPage: must be a power of two/],
    [(f) => (f.defaults!.host!.strandsPerCore = 0), /^defaults\.host\.strandsPerCore: must be >= 1/],
    [(f) => (f.domains!['ldg3']!.effectiveLargestPage = '3M'), /^domains\.ldg3\.effectiveLargestPage: must be a power of two/],
    [(f) => (f.defaults!.domain!.effectiveLargestPage = '3M'), /^defaults\.domain\.effectiveLargestPage: must be a power of two/],
    [(f) => (f.granule = '3K'), /^granule: must be a power of two/],
  ];
  for (const [change, message] of cases) {
    const changed = facts();
    change(changed);
    t.throws(() => fleetFromCaptures(hosts(), changed), { message }, message.source);
  }
});

t.test('a fleet parser error about a host field the facts do not hold blames the captures', async (t) => {
  const changed = facts();
  // A 1G granule: host-b's 128M _sys_ row is fine, but its free 1G ranges' PAs are not multiples.
  changed.granule = '1G';
  t.throws(() => fleetFromCaptures(hosts(), changed), { message: /^host-a\.txt: host host-a freeMemory\[0\]\.pa: must be a multiple of the granule/ });
});

t.test('a misspelt fact is named with what it may have meant; the facts are checked before any capture is read', async (t) => {
  const changed = facts() as Record<string, unknown> & FleetFacts;
  (changed.defaults!.host as Record<string, unknown>)['powerPolcy'] = 'performance';
  t.throws(() => fleetFromCaptures([{ name: 'host-a', files: [] }], changed), { message: 'defaults.host.powerPolcy: unknown field; did you mean "powerPolicy"?' });
});

t.test('without facts, a host\'s processor is missing: the facts\' path is named', async (t) => {
  t.throws(() => fleetFromCaptures(hosts()), { message: 'hosts.host-a.cpu.type: is required (here or in defaults.host.cpu): ldm does not print the processor type' });
});
