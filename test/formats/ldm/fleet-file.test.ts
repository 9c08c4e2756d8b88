/**
 * The fleet file built from captures and fleet facts: what each host and
 * domain takes from the captures, what from the facts (a host's entry over
 * the defaults), what is assumed, and what is refused.
 */
import t from 'tap';
import { fleetFileFromCaptures, INACTIVE_BLOCK_ADDRESS, type HostReading } from '../../../src/formats/ldm/fleet-file.js';
import type { FleetFacts } from '../../../src/formats/ldm/fleet-facts.js';
import { readLdmCaptures } from '../../../src/formats/ldm/read.js';
import { formatHex, InputError } from '../../../src/quantity.js';

/** A host from capture text, its file named after it. */
function host(name: string, ...outputs: string[]): HostReading {
  const files = [{ name: `${name}.txt`, content: outputs.join('') }];
  return { name, reading: readLdmCaptures(files), files: files.map((file) => file.name) };
}

const memory = (...rows: string[]): string => ['# ldm list-devices -a memory', 'MEMORY', '    PA                   SIZE            BOUND', ...rows.map((row) => `    ${row}`), ''].join('\n');
const cpus = (free: readonly number[]): string => ['# ldm list-devices -a cpu', 'VCPU', '    PID     %FREE   PM', ...free.map((percent, pid) => `    ${pid}       ${percent}       no`), ''].join('\n');
const list = (...rows: string[]): string => ['# ldm list', 'NAME             STATE      FLAGS   CONS    VCPU  MEMORY   UTIL  UPTIME', ...rows, ''].join('\n');
const blocks = (name: string, ...rows: string[]): string => ['# ldm list -o memory ' + name, 'NAME', name, '', 'MEMORY', '    RA               PA               SIZE', ...rows.map((row) => `    ${row}`), ''].join('\n');

const T2: FleetFacts = { defaults: { host: { cpu: { type: 'UltraSPARC-T2', mhz: 1415 } } } };
const allFacts: FleetFacts = {
  defaults: {
    host: { cpu: { type: 'UltraSPARC-T2', mhz: 1415 }, powerPolicy: 'performance', freeNiu: 0, freeCryptoUnits: 0 },
    domain: { os: { cpuDR: true, cryptoDR: true, memorySplit: false }, boundProcesses: false, processorSets: false },
  },
};

const small = (): HostReading => host(
  'h1',
  list(
    'primary          active     -n-cv-  SP      8     1G       0.6%  40d 2h 7m',
    'ldg1             active     -n----  5000    4     256M     0.3%  9d 4h 51m',
    'ldg2             inactive   ------          2     512M',
  ),
  memory('0x0                  256M            _sys_', '0x10000000           1G              primary', '0x50000000           256M            ldg1', '0x60000000           512M'),
  cpus([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100]),
  blocks('ldg1', '0x8000000        0x50000000       256M'),
);

t.test('a host: free rows, free strands and the cores wholly free among them, the primary apart', async (t) => {
  const { file, warnings } = fleetFileFromCaptures([small()], allFacts);
  t.same(warnings, []);
  const [h1] = file.hosts;
  t.same(h1!.freeMemory, [{ pa: '0x60000000', size: '0x20000000' }]);
  // PIDs 12–23 free: core 1 (8–15) only half, core 2 (16–23) whole.
  t.same(h1!.cpu, { type: 'UltraSPARC-T2', mhz: 1415, freeStrands: 12, freeWholeCores: 1 });
  t.same(h1!.primary, { strands: 8 });
  t.same(h1!.domains!.map((domain) => domain.name), ['ldg1', 'ldg2'], 'the primary is the host\'s, not a domain to move');
  t.same(h1!.domains![0]!.memory, [{ ra: '0x8000000', pa: '0x50000000', size: '0x10000000' }]);
});

t.test('an inactive domain shown only by its size gets one block of it, which nothing reads', async (t) => {
  const ldg2 = fleetFileFromCaptures([small()], allFacts).file.hosts[0]!.domains![1]!;
  t.equal(ldg2.state, 'inactive');
  t.same(ldg2.memory, [{ ra: formatHex(INACTIVE_BLOCK_ADDRESS), pa: formatHex(INACTIVE_BLOCK_ADDRESS), size: '0x20000000' }]);
});

t.test('a host\'s own facts lie over the defaults, field by field', async (t) => {
  const facts: FleetFacts = {
    profile: 'ovm-3.6',
    granule: '64K',
    defaults: { host: { cpu: { type: 'SPARC-T5', mhz: 3600 }, powerPolicy: 'elastic', primary: { cryptoUnits: 2 } } },
    hosts: { h1: { cpu: { mhz: 3000 }, powerPolicy: 'performance', largestPage: '2G', strandsPerCore: 4 } },
    domains: { ldg1: { cpuArch: 'migration-class1', os: { release: 'Solaris 11.4' } } },
  };
  const { file } = fleetFileFromCaptures([small()], facts);
  t.equal(file.profile, 'ovm-3.6');
  t.equal(file.granule, '64K');
  const h1 = file.hosts[0]!;
  t.same([h1.cpu.type, h1.cpu.mhz, h1.powerPolicy, h1.largestPage], ['SPARC-T5', 3000, 'performance', '2G']);
  // Four strands a core: PIDs 12–23 are three whole cores.
  t.same([h1.cpu.strandsPerCore, h1.cpu.freeWholeCores], [4, 3]);
  t.same(h1.primary, { strands: 8, cryptoUnits: 2 }, 'the facts add to what the captures show of the primary');
  t.same([h1.domains![0]!.cpuArch, h1.domains![0]!.os!.release, h1.domains![1]!.cpuArch], ['migration-class1', 'Solaris 11.4', undefined]);
});

t.test('a missing fact is assumed once for every host or domain that lacks it, one warning a fact', async (t) => {
  const other = host('h2', memory('0x0                  1G'));
  const { file, warnings } = fleetFileFromCaptures([small(), other], T2);
  t.same(file.hosts[1]!.domains, []);
  t.same(file.hosts[1]!.cpu.freeStrands, 0);
  t.same(warnings, [
    'the captures of h2 show no CPU rows: 0 free strands assumed (capture "ldm list-devices -a cpu" on h2)',
    'freeCryptoUnits not given for hosts h1, h2 (nor in defaults.host): assumed 0 (no crypto unit to give back; capture "ldm list-devices -a crypto")',
    'freeNiu not given for hosts h1, h2 (nor in defaults.host): assumed 0 (no NIU for hybrid I/O)',
    'powerPolicy not given for hosts h1, h2 (nor in defaults.host): assumed "elastic" (elastic mode refuses migration under ldoms-1.3)',
    'os.cpuDR not given for domains ldg1, ldg2 (nor in defaults.domain): assumed false (a guest without CPU DR cannot shrink to one strand)',
    'os.cryptoDR not given for domains ldg1, ldg2 (nor in defaults.domain): assumed false (a guest without crypto DR cannot give up its crypto units)',
    'os.memorySplit not given for domains ldg1, ldg2 (nor in defaults.domain): assumed false (blocks are not split unless the guest allows it)',
    'boundProcesses not given for domains ldg1, ldg2 (nor in defaults.domain): assumed true (bound processes would block a CPU shrink)',
    'processorSets not given for domains ldg1, ldg2 (nor in defaults.domain): assumed true (processor sets would block a CPU shrink)',
  ]);
});

t.test('a host needs its processor type and clock: ldm does not print them', async (t) => {
  t.throws(() => fleetFileFromCaptures([small()], {}), { message: 'hosts.h1.cpu.type: is required (here or in defaults.host.cpu): ldm does not print the processor type' });
  t.throws(() => fleetFileFromCaptures([small()], { hosts: { h1: { cpu: { type: 'SPARC-T4' } } } }), { message: 'hosts.h1.cpu.mhz: is required (here or in defaults.host.cpu): ldm does not print the clock' });
});

t.test('facts for a host or domain the captures do not show: a misspelt name must not drop its facts', async (t) => {
  const error = t.throws(() => fleetFileFromCaptures([small()], { ...T2, hosts: { hl: {} } })) as InputError;
  t.ok(error instanceof InputError);
  t.equal(error.message, 'hosts.hl: names no host of the captures; did you mean "h1"?');
  t.throws(() => fleetFileFromCaptures([small()], { ...T2, domains: { zone9: {} } }), { message: 'domains.zone9: names no domain of the captures; the captures show ldg1, ldg2' });
  t.throws(() => fleetFileFromCaptures([small()], { ...T2, domains: { primary: {} } }), { message: /^domains\.primary: names no domain/, }, 'the primary is not a domain of the fleet');
});

t.test('a capture without memory rows names the host\'s files and the command to capture', async (t) => {
  const bare = host('h3', cpus([100, 100]));
  t.throws(() => fleetFileFromCaptures([bare], T2), { message: 'h3.txt: the captures of h3 show no memory rows; capture "ldm list-devices -a memory" on h3' });
});

t.test('a domain without its VCPU count, an active one without its blocks, an inactive one without its size: refused', async (t) => {
  const noCount = host('h4', memory('0x0                  1G'), blocks('ldg7', '0x8000000        0x0              256M'));
  t.throws(() => fleetFileFromCaptures([noCount], T2), { message: 'h4.txt: the captures of h4 show no VCPU count of ldg7; capture "ldm list" on h4' });
  const noBlocks = host('h5', memory('0x0                  1G'), list('ldg8             bound      ------  5000    4     256M'));
  t.throws(() => fleetFileFromCaptures([noBlocks], T2), { message: 'h5.txt: the captures of h5 show no memory blocks of ldg8 (bound); capture "ldm list-bindings ldg8" on h5' });
  const noSize = host('h6', memory('0x0                  1G'), '# ldm list -p\nVERSION 1.5\nDOMAIN|name=ldg9|state=inactive|flags=|cons=|ncpu=4|mem=\n');
  t.throws(() => fleetFileFromCaptures([noSize], T2), { message: 'h6.txt: the captures of h6 show no memory size of ldg9; capture "ldm list" on h6' });
});
