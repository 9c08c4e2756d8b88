/**
 * The human `ldm` listings reader (formats/ldm/human.ts), as a specification:
 * the seed's two listings first, then every example capture in
 * examples/ldm/human read to its exact facts (with its command line and
 * without it), then the rules one by one (blank CONS, sub-tables,
 * continuation rows, unknown sections), the errors, and the property that no
 * text — arbitrary or a mangled example — makes the reader crash.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import t, { type Test } from 'tap';
import {
  readDomainListing,
  readDomainRow,
  readHumanOutput,
  readMachineListing,
  recogniseHumanListing,
  vdiskOf,
} from '../../../src/formats/ldm/human.js';
import {
  emptyDomain,
  type CpuRow,
  type DomainFacts,
  type MemoryRow,
  MemoryRows,
  type OutputFacts,
  type OutputText,
} from '../../../src/formats/ldm/model.js';
import { InputError } from '../../../src/quantity.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const EXAMPLES = new URL('../../../examples/ldm/human/', import.meta.url);
const K = 1n << 10n;
const M = 1n << 20n;
const G = 1n << 30n;

/** The command a capture's first line names: prompt and `ldm` dropped, and domain (or group) names, as the capture reader passes it. */
function commandOf(line: string): string {
  const match = /^\S*[#$]\s*ldm\s+(.*)$/.exec(line);
  if (match === null) throw new Error(`not a command line: ${line}`);
  const [verb, ...rest] = (match[1] as string).trim().split(/\s+/) as [string, ...string[]];
  // list-devices takes resource words (memory, cpu, …); every other command's bare words are names.
  const kept = rest.filter((word, at) => word.startsWith('-') || rest[at - 1] === '-o' || verb.endsWith('-devices'));
  return [verb, ...kept].join(' ');
}

/** An example capture as the capture reader hands it over: the lines after its command line. */
function capture(name: string, withCommand = true): OutputText {
  const [commandLine, ...lines] = readFileSync(new URL(name, EXAMPLES), 'utf8').replace(/\n$/, '').split('\n');
  return { file: name, firstLine: 2, lines, command: withCommand ? commandOf(commandLine as string) : null };
}

/** Text typed in a test, as an output without a command line. */
function output(body: string, command: string | null = null): OutputText {
  return { file: 'capture.txt', firstLine: 1, lines: body.replace(/^\n/, '').split('\n'), command };
}

/** A domain with the fields a test names, the rest as nothing shown. */
function domain(name: string, shown: Partial<DomainFacts> = {}): DomainFacts {
  return { ...emptyDomain(name), ...shown };
}

/** Facts with the fields a test names, the rest empty. */
function facts(shown: Partial<Omit<OutputFacts, 'memory'>> & { readonly memory?: readonly MemoryRow[] } = {}): OutputFacts {
  return { domains: [], services: null, cpus: [], crypto: [], warnings: [], ...shown, memory: MemoryRows.from(shown.memory ?? []) };
}

/** Services as plain facts (maps built from entries). */
function services(vds: Record<string, string[]>, vsw: string[], vcc: string[]): OutputFacts['services'] {
  return { vds: new Map(Object.entries(vds)), vsw, vcc };
}

/** CPU rows 0..n-1: bound (0 free) below `firstFree`, free (100) from it. */
function strands(count: number, firstFree: number, pm: string | null): CpuRow[] {
  return Array.from({ length: count }, (_, pid) => ({ pid, free: pid < firstFree ? 0 : 100, pm, bound: null }));
}

/** The InputError `run` throws (fails the test when it throws nothing or something else). */
function inputError(t: Test, run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    t.ok(error instanceof InputError, 'an InputError');
    return error as InputError;
  }
  t.fail('expected an InputError');
  return new InputError('', '');
}

// The 3.6 machine the examples share: memory rows of list-devices -a memory.
const MACHINE_36 = [
  { pa: 0x0n, size: 256n * M, bound: '_sys_' },
  { pa: 0x10000000n, size: 7936n * M, bound: 'primary' },
  { pa: 0x200000000n, size: 256n * M, bound: '_sys_' },
  { pa: 0x210000000n, size: 7936n * M, bound: 'ldg1' },
  { pa: 0x400000000n, size: 8n * G, bound: null },
  { pa: 0x600000000n, size: 256n * M, bound: 'ldg1' },
  { pa: 0x610000000n, size: 7936n * M, bound: null },
  { pa: 0x800000000n, size: 8448n * M, bound: 'primary' },
  { pa: 0xa10000000n, size: 24320n * M, bound: null },
];
const PRIMARY_36_BLOCKS = [
  { ra: 0x10000000n, pa: 0x10000000n, size: 7936n * M },
  { ra: 0x200000000n, pa: 0x800000000n, size: 8448n * M },
];
const LDG1_36_BLOCKS = [
  { ra: 0x10000000n, pa: 0x210000000n, size: 7936n * M },
  { ra: 0x400000000n, pa: 0x600000000n, size: 256n * M },
];
const LDG1_36_DISKS = [
  { name: 'vdisk0', volume: 'ldg1-vol0', service: 'primary-vds0' },
  { name: 'vdisk1', volume: 'ldg1-vol1', service: 'primary-vds0' },
];
const LDG1_36_NETS = [
  { name: 'vnet0', switch: 'primary-vsw0', hybrid: false },
  { name: 'vnet1', switch: 'primary-vsw1', hybrid: true },
];

/** Every example, the command the content alone suggests, and the exact facts read. */
const EXPECTED: Record<string, { readonly guess: string; readonly facts: OutputFacts }> = {
  'list-devices-memory-1.3-seed-target.txt': {
    guess: 'list-devices memory',
    facts: facts({
      memory: [
        { pa: 0x108000000n, size: G, bound: null },
        { pa: 0x188000000n, size: G, bound: null },
      ],
    }),
  },
  'list-o-memory-1.3-seed-source.txt': {
    guess: 'list -o memory',
    facts: facts({
      domains: [domain('ldg-src', { memory: 2n * G, blocks: [{ ra: 0x8000000n, pa: 0x208000000n, size: 2n * G }] })],
    }),
  },
  'list-devices-a-memory-1.3.txt': {
    guess: 'list-devices -a memory',
    facts: facts({
      memory: [
        { pa: 0x0n, size: 512n * K, bound: '_sys_' },
        { pa: 0x80000n, size: 1536n * K, bound: '_sys_' },
        { pa: 0x200000n, size: 62n * M, bound: '_sys_' },
        { pa: 0x4000000n, size: 64n * M, bound: '_sys_' },
        { pa: 0x8000000n, size: 4n * G, bound: 'primary' },
        { pa: 0x108000000n, size: 2n * G, bound: 'ldg1' },
        { pa: 0x188000000n, size: G, bound: null },
        { pa: 0x1c8000000n, size: 25472n * M, bound: null },
      ],
    }),
  },
  'list-devices-1.3.txt': {
    guess: 'list-devices',
    facts: facts({
      crypto: [{ id: 1, bound: null }],
      memory: [
        { pa: 0x188000000n, size: G, bound: null },
        { pa: 0x1c8000000n, size: 25472n * M, bound: null },
      ],
      cpus: [12, 13, 14, 15].map((pid) => ({ pid, free: 100, pm: null, bound: null })),
    }),
  },
  'list-devices-cpu-1.3.txt': {
    guess: 'list-devices cpu',
    facts: facts({ cpus: [12, 13, 14, 15].map((pid) => ({ pid, free: 100, pm: null, bound: null })) }),
  },
  'list-devices-a-crypto-1.3.txt': { guess: 'list-devices -a crypto', facts: facts({ crypto: [{ id: 0, bound: 'primary' }, { id: 1, bound: 'ldg1' }, { id: 2, bound: null }, { id: 3, bound: null }] }) },
  'list-devices-a-memory-3.6.txt': { guess: 'list-devices -a memory', facts: facts({ memory: MACHINE_36 }) },
  'list-devices-a-3.6.txt': { guess: 'list-devices -a', facts: facts({ memory: MACHINE_36, cpus: strands(32, 24, 'no') }) },
  // Without a BOUND column nothing tells -a apart: the guess leaves it out.
  'list-devices-a-cpu-3.6.txt': { guess: 'list-devices cpu', facts: facts({ cpus: strands(32, 24, 'no') }) },
  'list-devices-a-core-3.6.txt': { guess: 'list-devices core', facts: facts() },
  'list-rsrc-group-l-3.6.txt': { guess: 'list-rsrc-group -l', facts: facts({ memory: MACHINE_36.slice(0, 5) }) },
  'list-1.3.txt': {
    guess: 'list',
    facts: facts({
      domains: [
        domain('primary', { state: 'active', flags: '-n-cv', vcpus: 4, memory: 4n * G }),
        domain('ldg1', { state: 'active', flags: '-n---', vcpus: 8, memory: 2n * G }),
        domain('ldg2', { state: 'bound', flags: '-----', vcpus: 4, memory: G }),
        domain('ldg3', { state: 'inactive', flags: '-----', vcpus: 4, memory: G }),
      ],
    }),
  },
  'list-2.x.txt': {
    guess: 'list',
    facts: facts({
      domains: [
        domain('primary', { state: 'active', flags: '-n-cv-', vcpus: 8, memory: 4n * G }),
        domain('ldg1', { state: 'active', flags: '-n----', vcpus: 8, memory: 2n * G }),
        domain('ldg2', { state: 'inactive', flags: '------', vcpus: 4, memory: G }),
      ],
    }),
  },
  'list-3.6.txt': {
    guess: 'list',
    facts: facts({
      domains: [
        domain('primary', { state: 'active', flags: '-n-cv-', vcpus: 16, memory: 16n * G }),
        domain('ldg1', { state: 'active', flags: '-n---s', vcpus: 8, memory: 8n * G }),
        domain('a-domain-name-longer-than-16', { state: 'active', flags: '-n----', vcpus: 8, memory: 4n * G }),
        domain('ldg3', { state: 'bound', flags: '------', vcpus: 4, memory: 2n * G }),
        domain('ldg4', { state: 'inactive', flags: '------', vcpus: 4, memory: 1536n * M }),
      ],
    }),
  },
  'list-l-1.3-guest.txt': {
    guess: 'list -l',
    facts: facts({
      domains: [
        domain('ldg1', {
          state: 'active',
          flags: '-n---',
          vcpus: 4,
          memory: 3n * G,
          blocks: [
            { ra: 0x8000000n, pa: 0x108000000n, size: 2n * G },
            { ra: 0x88000000n, pa: 0x288000000n, size: G },
          ],
          cryptoUnits: 1,
          vdisks: [{ name: 'vdisk0', volume: 'ldg1-vol0', service: 'primary-vds0' }],
          vnets: [{ name: 'vnet0', switch: 'primary-vsw0', hybrid: false }],
          console: 'primary-vcc0',
          softstate: 'Solaris running',
        }),
      ],
    }),
  },
  'list-l-3.6-primary.txt': {
    guess: 'list -l',
    facts: facts({
      domains: [
        domain('primary', {
          state: 'active',
          flags: '-n-cv-',
          vcpus: 16,
          memory: 16n * G,
          blocks: PRIMARY_36_BLOCKS,
          cores: 2,
          physicalIo: ['pci@300', 'pci@340', 'niu@480', 'pci@300/pci@1/pci@0/pci@6'],
          softstate: 'Solaris running',
        }),
      ],
      services: services({ 'primary-vds0': ['ldg1-vol0', 'ldg1-vol1'] }, ['primary-vsw0', 'primary-vsw1'], ['primary-vcc0']),
      warnings: ['list-l-3.6-primary.txt:86: unknown section VDPCS skipped'],
    }),
  },
  'list-l-2.x-all.txt': {
    guess: 'list -l',
    facts: facts({
      domains: [
        domain('primary', {
          state: 'active',
          flags: '-n-cv-',
          vcpus: 8,
          memory: 4n * G,
          blocks: [{ ra: 0x8000000n, pa: 0x8000000n, size: 4n * G }],
          cryptoUnits: 1,
          physicalIo: ['pci@780', 'pci@7c0'],
          softstate: 'Solaris running',
        }),
        domain('ldg1', {
          state: 'active',
          flags: '-n----',
          vcpus: 8,
          memory: 2n * G,
          blocks: [{ ra: 0x8000000n, pa: 0x108000000n, size: 2n * G }],
          cryptoUnits: 1,
          vdisks: [{ name: 'vdisk1', volume: 'vol1', service: 'primary-vds0' }],
          vnets: [{ name: 'vnet1', switch: 'primary-vsw0', hybrid: true }],
          console: 'primary-vcc0',
          softstate: 'Solaris running',
        }),
        domain('ldg2', {
          state: 'inactive',
          flags: '------',
          vcpus: 4,
          memory: G,
          vdisks: [{ name: 'vdisk1', volume: 'vol2', service: 'primary-vds0' }],
          vnets: [{ name: 'vnet1', switch: 'primary-vsw0', hybrid: false }],
        }),
      ],
      services: services({ 'primary-vds0': ['vol1', 'vol2'] }, ['primary-vsw0'], ['primary-vcc0']),
    }),
  },
  // list-bindings prints what list -l prints: the content alone cannot tell them apart.
  'list-bindings-3.6.txt': {
    guess: 'list -l',
    facts: facts({
      domains: [
        domain('ldg1', {
          state: 'active',
          flags: '-n----',
          vcpus: 8,
          memory: 8n * G,
          blocks: LDG1_36_BLOCKS,
          cores: 1,
          vdisks: LDG1_36_DISKS,
          vnets: LDG1_36_NETS,
          console: 'primary-vcc0',
        }),
      ],
      warnings: ['list-bindings-3.6.txt:45: unknown section CONSTRAINT skipped', 'list-bindings-3.6.txt:63: unknown section VDPCC skipped'],
    }),
  },
  'list-o-memory-3.6-all.txt': {
    guess: 'list -o memory',
    facts: facts({
      domains: [
        domain('primary', { memory: 16n * G, blocks: PRIMARY_36_BLOCKS }),
        domain('ldg1', { memory: 8n * G, blocks: LDG1_36_BLOCKS }),
        domain('ldg4'),
      ],
    }),
  },
  'list-services-1.3.txt': {
    guess: 'list-services',
    facts: facts({ services: services({ 'primary-vds0': ['vol1', 'vol2', 'vol3'] }, ['primary-vsw0'], ['primary-vcc0']) }),
  },
  'list-services-3.6.txt': {
    guess: 'list-services',
    facts: facts({
      services: services(
        { 'primary-vds0': ['ldg1-vol0', 'ldg1-vol1'], 'secondary-vds0': [], 'primary-vds1': ['shared-vol'] },
        ['primary-vsw0', 'primary-vsw1'],
        ['primary-vcc0'],
      ),
    }),
  },
  'list-constraints-1.3.txt': {
    guess: 'list-constraints',
    facts: facts({
      domains: [
        domain('ldg1', {
          vcpus: 4,
          memory: 3n * G,
          cryptoUnits: 1,
          vdisks: [{ name: 'vdisk0', volume: 'ldg1-vol0', service: 'primary-vds0' }],
          vnets: [{ name: 'vnet0', switch: 'primary-vsw0', hybrid: false }],
          console: 'primary-vcc0',
        }),
      ],
    }),
  },
  'list-constraints-3.6.txt': {
    guess: 'list-constraints',
    facts: facts({
      domains: [
        domain('ldg1', { vcpus: 8, memory: 8n * G, cores: 1, vdisks: LDG1_36_DISKS, vnets: LDG1_36_NETS, console: 'primary-vcc0' }),
      ],
    }),
  },
};

const EXAMPLE_FILES = readdirSync(EXAMPLES).filter((name) => name.endsWith('.txt')).sort();

t.test("the seed's target: ldm list-devices memory gives two free 1G ranges", async (t) => {
  t.same(readHumanOutput(capture('list-devices-memory-1.3-seed-target.txt')).memory, [
    { pa: 0x108000000n, size: G, bound: null },
    { pa: 0x188000000n, size: G, bound: null },
  ]);
});

t.test("the seed's source: ldm list -o memory ldg-src gives one 2G block at RA 0x8000000", async (t) => {
  const read = readHumanOutput(capture('list-o-memory-1.3-seed-source.txt'));
  t.same(read.domains.map((d) => [d.name, d.memory, d.blocks]), [['ldg-src', 2n * G, [{ ra: 0x8000000n, pa: 0x208000000n, size: 2n * G }]]]);
  t.same(read.warnings, []);
});

t.test('every example capture has its expected facts', async (t) => {
  t.same(EXAMPLE_FILES, Object.keys(EXPECTED).sort(), 'one expectation per example, no more');
  for (const name of EXAMPLE_FILES) {
    t.same(readHumanOutput(capture(name)), EXPECTED[name]?.facts, name);
  }
});

t.test('every example reads the same without its command line, and the content suggests its command', async (t) => {
  for (const name of EXAMPLE_FILES) {
    const text = capture(name, false);
    t.same(readHumanOutput(text), EXPECTED[name]?.facts, name);
    t.same(recogniseHumanListing(text), { kind: kindOf(EXPECTED[name]?.guess as string), command: EXPECTED[name]?.guess }, name);
  }
});

/** The family a guessed command belongs to. */
function kindOf(command: string): string {
  if (command.startsWith('list-devices') || command.startsWith('list-rsrc-group')) return 'devices';
  return command === 'list-services' ? 'services' : 'domains';
}

t.test('the command line decides the listing, aliases included', async (t) => {
  const table = 'NAME  STATE  FLAGS\nldg1  active  -n----';
  t.same(recogniseHumanListing(output('MEMORY', 'ls-devices -a mem')), { kind: 'devices', command: 'ls-devices -a mem' });
  t.same(recogniseHumanListing(output(table, 'ls -l')), { kind: 'domains', command: 'ls -l' });
  t.same(recogniseHumanListing(output('VDS', 'ls-services')), { kind: 'services', command: 'ls-services' });
  t.same(recogniseHumanListing(output('DOMAIN\nldg1', 'ls-constraints')), { kind: 'domains', command: 'ls-constraints' });
  t.same(recogniseHumanListing(output(table, 'list-domain')), { kind: 'domains', command: 'list-domain' });
  t.same(recogniseHumanListing(output('NAME\n/SYS/CMIOU0', 'ls-rsrc-group -l')), { kind: 'devices', command: 'ls-rsrc-group -l' });
  t.same(recogniseHumanListing(output(table, 'ls-bindings')), { kind: 'domains', command: 'ls-bindings' });
});

t.test('a parseable, XML or unknown command falls back on the content', async (t) => {
  t.same(recogniseHumanListing(output('MEMORY\n    PA SIZE', 'list-devices -p memory')), { kind: 'devices', command: 'list-devices memory' });
  t.same(recogniseHumanListing(output('DOMAIN\nldg1', 'list-constraints -x')), { kind: 'domains', command: 'list-constraints' });
  t.same(recogniseHumanListing(output('VCC\n    NAME', 'list-io')), { kind: 'services', command: 'list-services' });
  t.equal(recogniseHumanListing(output('VERSION 1.6', 'list -p')), null);
});

t.test('content that is no human listing is recognised as none', async (t) => {
  t.equal(recogniseHumanListing(output('')), null, 'empty');
  t.equal(recogniseHumanListing(output('    MEMORY')), null, 'indented first line');
  t.equal(recogniseHumanListing(output('Target Password:')), null, 'several words, no header');
  t.equal(recogniseHumanListing(output('ldg1')), null, 'one word, not a title');
  t.same(recogniseHumanListing(output('NAME\nldg1\n\nNETWORK\n\nDISK')), { kind: 'domains', command: 'list -o' });
  t.same(recogniseHumanListing(output('NAME')), { kind: 'domains', command: 'list -o' }, 'NAME at the very end');
  t.same(recogniseHumanListing(output('UNKNOWN\n    X')), { kind: 'devices', command: 'list-devices' });
});

t.test('text that is no human listing gives no facts and one warning at its first line', async (t) => {
  t.same(readHumanOutput(output('\n\nVERSION 1.6\nDOMAIN|name=ldg1')), facts({ warnings: ['capture.txt:2: not a human ldm listing: skipped'] }));
  t.same(readHumanOutput({ file: 'empty.txt', firstLine: 7, lines: [], command: null }), facts({ warnings: ['empty.txt:7: not a human ldm listing: skipped'] }));
  t.same(readHumanOutput(output('   \n  ')), facts({ warnings: ['capture.txt:2: not a human ldm listing: skipped'] }), 'blank lines: the last');
});

t.test('domain table: a blank CONS is told from a console port by the MEMORY unit', async (t) => {
  const header = ['NAME', 'STATE', 'FLAGS', 'CONS', 'VCPU', 'MEMORY', 'UTIL', 'UPTIME'];
  const row = (line: string): DomainFacts => readDomainRow(output(line), 0, header);
  t.same(row('ldg3   inactive  -----          4     1G'), domain('ldg3', { state: 'inactive', flags: '-----', vcpus: 4, memory: G }));
  t.same(row('ldg2   bound     -----  5001    4     1G'), domain('ldg2', { state: 'bound', flags: '-----', vcpus: 4, memory: G }));
  t.same(row('ldg1   active    -n---  5000    8     2G  0.0%  3d 21h 7m'), domain('ldg1', { state: 'active', flags: '-n---', vcpus: 8, memory: 2n * G }));
  t.same(row('ldg5   inactive  -----'), domain('ldg5', { state: 'inactive', flags: '-----' }), 'trailing columns left out');
  t.same(row('ldg6'), domain('ldg6'), 'a name alone');
  t.same(row('ldg7   bound     -----  5003'), domain('ldg7', { state: 'bound', flags: '-----' }), 'a console port and nothing after it');
});

t.test('domain table: the header is read in any case, by its tokens, and unknown columns warn', async (t) => {
  const read = readDomainListing(output('Name             State    Flags  Cons   VCPU  Memory   Util  Uptime  Extra\nprimary          active   -t-cv  SP     4     1G       0.5%  3d 21h 7m'));
  t.same(read.domains, [domain('primary', { state: 'active', flags: '-t-cv', vcpus: 4, memory: G })]);
  t.same(read.warnings, ['capture.txt:1: unknown column EXTRA in the domain table skipped']);
});

t.test('domain table: a header with its columns in another order is followed', async (t) => {
  t.same(readDomainRow(output('ldg1 x 8 4G'), 0, ['NAME', 'OTHER', 'VCPU', 'MEMORY']), domain('ldg1', { vcpus: 8, memory: 4n * G }));
});

t.test('domain table: a VCPU or MEMORY that does not parse is an error at its line', async (t) => {
  const header = ['NAME', 'STATE', 'FLAGS', 'CONS', 'VCPU', 'MEMORY'];
  const text = { file: 'src.txt', firstLine: 10, lines: ['ldg1 active -n--- 5000 eight 2G', 'ldg1 active -n--- 5000 8 2X', ''], command: 'list' };
  const vcpu = inputError(t, () => readDomainRow(text, 0, header));
  t.equal(vcpu.message, 'src.txt: line 10: VCPU is not a whole number (got "eight")');
  t.equal(inputError(t, () => readDomainRow(text, 1, header)).message, 'src.txt: line 11: MEMORY is not a size (got "2X")');
  t.equal(inputError(t, () => readDomainRow(text, 2, header)).message, 'src.txt: line 12: a domain row is blank');
  t.equal(inputError(t, () => readDomainRow(text, 3, header)).message, 'src.txt: line 13: a domain row is blank', 'past the end');
});

t.test('domain listings: a new table row or NAME closes the domain before it, without a separator', async (t) => {
  const read = readDomainListing(
    output(`
NAME             STATE      FLAGS   CONS    VCPU  MEMORY
ldg1             active     -n---   5000    4     1G
MEMORY
    RA               PA               SIZE
    0x8000000        0x108000000      1G
ldg2             bound      -----   5001    4     1G
NAME
ldg3
MEMORY
    RA               PA               SIZE
    0x8000000        0x148000000      1G`),
  );
  t.same(read.domains, [
    domain('ldg1', { state: 'active', flags: '-n---', vcpus: 4, memory: G, blocks: [{ ra: 0x8000000n, pa: 0x108000000n, size: G }] }),
    domain('ldg2', { state: 'bound', flags: '-----', vcpus: 4, memory: G }),
    domain('ldg3', { memory: G, blocks: [{ ra: 0x8000000n, pa: 0x148000000n, size: G }] }),
  ]);
});

t.test('blocks are sorted by RA and their sum is the total only when no total was shown', async (t) => {
  const read = readDomainListing(
    output(`
NAME
ldg1
MEMORY
    RA               PA               SIZE
    0x48000000       0x148000000      1G
    0x8000000        0x208000000      1G
------------------------------------------------------------------------------
NAME             STATE      FLAGS   CONS    VCPU  MEMORY
ldg2             active     -n---   5000    4     4G
MEMORY
    RA               PA               SIZE
    0x8000000        0x108000000      1G`),
  );
  t.same(read.domains.map((d) => [d.memory, d.blocks.map((b) => b.ra)]), [
    [2n * G, [0x8000000n, 0x48000000n]],
    [4n * G, [0x8000000n]],
  ]);
});

t.test('a block row pasted twice counts once, with a warning; blocks that differ at the same RA are all kept', async (t) => {
  const read = readDomainListing(
    output(`
NAME
ldg1
MEMORY
    RA               PA               SIZE
    0x8000000        0x108000000      1G
    0x8000000        0x108000000      1G
MEMORY
    RA               PA               SIZE
    0x8000000        0x108000000      1G
    0x8000000        0x208000000      1G`),
  );
  t.same(read.domains[0]?.blocks, [
    { ra: 0x8000000n, pa: 0x108000000n, size: G },
    { ra: 0x8000000n, pa: 0x208000000n, size: G },
  ]);
  t.equal(read.domains[0]?.memory, 2n * G);
  t.same(read.warnings, ['capture.txt:6: the same block again, skipped', 'capture.txt:9: the same block again, skipped']);
});

t.test('NAME or DOMAIN with no name after it is skipped with a warning', async (t) => {
  t.same(readDomainListing(output('NAME')).warnings, ['capture.txt:1: NAME without a name after it skipped']);
  t.same(readDomainListing(output('DOMAIN\n\nMEMORY\n    SIZE\n    1G')).warnings, [
    'capture.txt:1: DOMAIN without a name after it skipped',
    'capture.txt:3: MEMORY section outside a domain skipped',
  ]);
  t.same(readDomainListing(output('NAME\n-----')).warnings, ['capture.txt:1: NAME without a name after it skipped']);
  t.same(readDomainListing(output('NAME\nNAME STATE FLAGS')).warnings, ['capture.txt:1: NAME without a name after it skipped']);
});

t.test('a bare name is the first word of its line, indented or not', async (t) => {
  t.same(readDomainListing(output('NAME\n    ldg1 extra')).domains, [domain('ldg1')]);
});

t.test('a machine listing skips a resource group name and warns at domain rows', async (t) => {
  const read = readMachineListing(output('NAME\n/SYS/CMIOU0\nNAME STATE FLAGS\nldg1 active -n---\nMEMORY\n    PA SIZE\n    0x0 1G'));
  t.same(read, facts({
    memory: [{ pa: 0n, size: G, bound: null }],
    warnings: ['capture.txt:3: line not understood, skipped', 'capture.txt:4: line not understood, skipped'],
  }));
});

t.test('lines outside any section are skipped with a warning', async (t) => {
  const read = readDomainListing(output('    0x8000000 1G\nSolaris running\nMEMORY\n    RA PA SIZE'));
  t.same(read.warnings, [
    'capture.txt:1: indented line outside any section skipped',
    'capture.txt:2: line not understood, skipped',
    'capture.txt:3: MEMORY section outside a domain skipped',
  ]);
});

t.test('unknown sections are skipped with a warning, their body with them', async (t) => {
  const read = readMachineListing(output('VDPCC\n    NAME SERVICE\n    vdpcc0 x@y\nMEMORY\n    PA SIZE\n    0x0 1G'));
  t.same(read, facts({ memory: [{ pa: 0n, size: G, bound: null }], warnings: ['capture.txt:1: unknown section VDPCC skipped'] }));
});

t.test("a domain's section outside any domain is skipped with a warning", async (t) => {
  const sections = ['SOFTSTATE\nSolaris running', 'NETWORK\n    NAME SERVICE', 'DISK\n    NAME VOLUME', 'VCONS\n    NAME', 'MEMORY\n    SIZE\n    1G', 'VCPU\n    COUNT\n    4'];
  for (const section of sections) {
    const title = section.split('\n')[0] as string;
    t.same(readMachineListing(output(section)).warnings, [`capture.txt:1: ${title} section outside a domain skipped`], title);
  }
  for (const section of ['CORE\n    COUNT\n    1', 'MAU\n    COUNT\n    1', 'IO\n    DEVICE']) {
    const title = section.split('\n')[0] as string;
    t.same(readDomainListing(output(section)).warnings, [`capture.txt:1: ${title} section outside a domain skipped`], title);
    if (title === 'MAU') t.same(readMachineListing(output(section)).warnings, ['capture.txt:2: MAU header not understood, section skipped'], 'MAU of the machine is read: a header without ID is warned');
    else t.same(readMachineListing(output(section)).warnings, [], `${title} of the machine: not held, no warning`);
  }
});

t.test('a section title with no body gives nothing and no warning', async (t) => {
  for (const title of ['MEMORY', 'VCPU', 'CORE', 'MAU', 'CRYPTO', 'IO', 'NETWORK', 'DISK', 'VCONS', 'SOFTSTATE', 'UUID']) {
    const read = readDomainListing(output(`NAME\nldg1\n\n${title}\n\nNETWORK`));
    t.same(read, facts({ domains: [domain('ldg1')] }), title);
  }
  t.same(readMachineListing(output('VCC\nVSW\nVDS')), facts({ services: services({}, [], []) }), 'empty service sections still say: services shown');
});

t.test('SOFTSTATE is read at column 0 after its title, or indented in its body', async (t) => {
  t.equal(readDomainListing(output('NAME\nldg1\nSOFTSTATE\nOpenBoot Running')).domains[0]?.softstate, 'OpenBoot Running');
  t.equal(readDomainListing(output('NAME\nldg1\nSOFTSTATE\n    Solaris running')).domains[0]?.softstate, 'Solaris running');
  t.equal(readDomainListing(output('NAME\nldg1\nSOFTSTATE\nMEMORY')).domains[0]?.softstate, null, 'the next title is no soft state');
});

t.test('MEMORY: by its header, machine rows, blocks or a constraint; every row read whatever its indentation', async (t) => {
  const read = readDomainListing(
    output(`
NAME
ldg1
MEMORY
    PA          SIZE    BOUND
    0x0         512K    _sys_
        0x80000     1536K
MEMORY
    SIZE
    3G
    4G`),
  );
  t.same(read.memory, [
    { pa: 0n, size: 512n * K, bound: '_sys_' },
    { pa: 0x80000n, size: 1536n * K, bound: null },
  ]);
  t.same(read.domains, [domain('ldg1', { memory: 3n * G })], 'the first SIZE row is the constraint');
  t.same(readDomainListing(output('NAME\nldg1\nMEMORY\n    SIZE')).domains, [domain('ldg1')], 'a SIZE header with no row');
});

t.test('MEMORY: a header without SIZE, or RA without PA, is skipped with a warning; unknown columns warn', async (t) => {
  t.same(readMachineListing(output('MEMORY\n    0x108000000  1G\n    0x188000000  1G')).warnings, ['capture.txt:2: MEMORY header not understood, section skipped']);
  t.same(readDomainListing(output('NAME\nldg1\nMEMORY\n    RA  SIZE\n    0x0 1G')).warnings, ['capture.txt:4: MEMORY header not understood, section skipped']);
  const read = readMachineListing(output('MEMORY\n    PA  SIZE  BOUND  STATUS\n    0x0 1G    _sys_  ok\n    0x40000000 1G ldg1 ok extra'));
  t.same(read.memory, [
    { pa: 0n, size: G, bound: '_sys_' },
    { pa: 0x40000000n, size: G, bound: 'ldg1' },
  ]);
  t.same(read.warnings, ['capture.txt:2: unknown column STATUS in MEMORY skipped', 'capture.txt:4: more values than the header has columns; the extra skipped']);
});

t.test('MEMORY: a row short of a value, or a value that does not parse, is an error at its line', async (t) => {
  const cases: [string, string][] = [
    ['MEMORY\n    PA SIZE\n    0x108000000', 'capture.txt: line 3: row has no SIZE value (got "0x108000000")'],
    ['MEMORY\n    PA SIZE\n    108000000 1G', 'capture.txt: line 3: PA is not a hex address (got "108000000")'],
    ['MEMORY\n    PA SIZE\n    0x108000000 1.5G', 'capture.txt: line 3: SIZE is not a size (got "1.5G")'],
    ['MEMORY\n    PA SIZE\n    0x1000000000000000000 1G', 'capture.txt: line 3: PA does not fit in 64 bits (got "0x1000000000000000000")'],
    ['NAME\nldg1\nMEMORY\n    RA PA SIZE\n    0x8000000 0x108000000', 'capture.txt: line 5: row has no SIZE value (got "0x8000000 0x108000000")'],
    ['NAME\nldg1\nMEMORY\n    RA PA SIZE\n    8000000 0x108000000 1G', 'capture.txt: line 5: RA is not a hex address (got "8000000")'],
    ['NAME\nldg1\nMEMORY\n    SIZE\n    lots', 'capture.txt: line 5: SIZE is not a size (got "lots")'],
  ];
  for (const [body, message] of cases) t.equal(inputError(t, () => readHumanOutput(output(body))).message, message, body);
});

t.test('VCPU of the machine: PID, %FREE (with or without its sign), PM and BOUND by header', async (t) => {
  const read = readMachineListing(output('VCPU\n    PID  %FREE  PM  BOUND  STRAND\n    0    0%     no  primary\n    8    100    no\nVCPU\n    PID FREE\n    9 100'));
  t.same(read.cpus, [
    { pid: 0, free: 0, pm: 'no', bound: 'primary' },
    { pid: 8, free: 100, pm: 'no', bound: null },
    { pid: 9, free: 100, pm: null, bound: null },
  ]);
  t.same(read.warnings, ['capture.txt:2: unknown column STRAND in VCPU skipped']);
  t.equal(inputError(t, () => readMachineListing(output('VCPU\n    PID %FREE\n    x 100'))).message, 'capture.txt: line 3: PID is not a whole number (got "x")');
});

t.test("VCPU, CORE and MAU of a domain: COUNT is the constraint, other headers a row per unit", async (t) => {
  const read = readDomainListing(
    output(`
NAME
ldg1
VCPU
    VID PID UTIL STRAND
    0   8   1%   100%
    1   9   1%   100%
CORE
    CID CPUSET
    1   (8, 9)
MAU
    ID CPUSET
    1  (8, 9)
NAME
ldg2
VCPU
    COUNT
    16
CORE
    COUNT
    2
CRYPTO
    COUNT
    3
NAME
ldg3
VCPU
    COUNT
CORE
    COUNT`),
  );
  t.same(read.domains, [domain('ldg1', { vcpus: 2, cores: 1, cryptoUnits: 1 }), domain('ldg2', { vcpus: 16, cores: 2, cryptoUnits: 3 }), domain('ldg3')]);
  t.equal(inputError(t, () => readDomainListing(output('NAME\nldg1\nCORE\n    COUNT\n    two'))).message, 'capture.txt: line 5: CORE COUNT is not a whole number (got "two")');
});

t.test('IO of a domain: the DEVICE (or NAME) column, header underlines skipped', async (t) => {
  const read = readDomainListing(output('NAME\nldg1\nIO\n    NAME     TYPE\n    ----     ----\n    pci_0    BUS\nNAME\nldg2\nIO\n    BUS  TYPE\n    pci_1 BUS'));
  t.same(read.domains, [domain('ldg1', { physicalIo: ['pci_0'] }), domain('ldg2')]);
  t.same(read.warnings, ['capture.txt:10: IO header not understood, section skipped']);
});

t.test('NETWORK, DISK and VCONS need their header columns, and read a service with or without @', async (t) => {
  const read = readDomainListing(
    output(`
NAME
ldg1
NETWORK
    NAME SERVICE
    vnet0
DISK
    NAME VOLUME
    vdisk0
    vdisk1 vol1
VCONS
    NAME SERVICE PORT
NAME
ldg2
NETWORK
    NAME DEVICE
DISK
    NAME
VCONS
    SERVICE`),
  );
  t.same(read.domains, [
    domain('ldg1', {
      vnets: [{ name: 'vnet0', switch: null, hybrid: false }],
      vdisks: [
        { name: 'vdisk0', volume: null, service: null },
        { name: 'vdisk1', volume: 'vol1', service: null },
      ],
    }),
    domain('ldg2'),
  ]);
  t.same(read.warnings, [
    'capture.txt:15: NETWORK header not understood, section skipped',
    'capture.txt:17: DISK header not understood, section skipped',
    'capture.txt:19: VCONS header not understood, section skipped',
  ]);
});

t.test('vdiskOf splits volume@service at the first @', async (t) => {
  t.same(vdiskOf('vdisk0', 'vol1@primary-vds0'), { name: 'vdisk0', volume: 'vol1', service: 'primary-vds0' });
  t.same(vdiskOf('vdisk0', 'vol1'), { name: 'vdisk0', volume: 'vol1', service: null });
  t.same(vdiskOf('vdisk0', null), { name: 'vdisk0', volume: null, service: null });
});

t.test('services: names once each; VDS continuations and sub-tables; bad headers warn', async (t) => {
  const read = readMachineListing(
    output(`
VCC
    NAME PORT-RANGE
    primary-vcc0 5000-5100
    primary-vcc0 5000-5100
VSW
    NAME MAC
        PEER MAC
        stray 00:14
    primary-vsw0 00:14
        PEER MAC
        vnet0@ldg1 00:15
VDS
    NAME VOLUME DEVICE
        orphan /dev/x
    primary-vds0 vol1 /dev/a
                 vol2 /dev/b
        CLIENT VOLUME
        vdisk0@ldg1 vol1
    primary-vds0 vol1 /dev/a
                 vol3 /dev/c
VCC
    PORT-RANGE
VDS
    NAME DEVICE`),
  );
  t.same(read.services, services({ orphan: ['/dev/x'], 'primary-vds0': ['vol1', 'vol2', 'vol3'] }, ['primary-vsw0'], ['primary-vcc0']));
  t.same(read.warnings, ['capture.txt:22: VCC header not understood, section skipped', 'capture.txt:24: VDS header not understood, section skipped']);
});

/** What a reader made of a text: its facts, or the error it threw (anything but an InputError fails the property). */
function outcome(text: OutputText): OutputFacts | InputError {
  try {
    return readHumanOutput(text);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
}

/** The property every reading must have: facts whose warnings name the file, or one InputError at a line of the text. */
function wellFormed(text: OutputText): boolean {
  const result = outcome(text);
  if (result instanceof InputError) {
    const line = /^line (\d+)$/.exec(result.field);
    return result.file === text.file && line !== null && Number(line[1]) >= text.firstLine && Number(line[1]) < text.firstLine + text.lines.length;
  }
  return result.warnings.every((warning) => warning.startsWith(`${text.file}:`));
}

/** A line as `ldm` might print it, or a near miss: the alphabet of the fuzz. */
const ldmLine = fc.oneof(
  fc.string(),
  fc.constantFrom('MEMORY', 'VCPU', 'CORE', 'MAU', 'IO', 'NAME', 'DOMAIN', 'SOFTSTATE', 'VDS', 'VSW', 'VCC', 'NETWORK', 'DISK', 'VCONS', '-----', '', '    '),
  fc.constantFrom('    PA SIZE BOUND', '    RA PA SIZE', '    SIZE', '    COUNT', '    PID %FREE PM', '    NAME VOLUME', '    NAME SERVICE', 'NAME STATE FLAGS CONS VCPU MEMORY'),
  fc
    .array(fc.oneof(fc.constantFrom('0x8000000', '1G', '512K', '_sys_', 'ldg1', '4', '-n---', 'vol@vds', 'hybrid'), fc.string({ maxLength: 6 })), { maxLength: 6 })
    .chain((words) => fc.nat(8).map((indent) => ' '.repeat(indent) + words.join(' '))),
);

t.test('arbitrary text never crashes the reader: facts with warnings, or one InputError at a line', async (t) => {
  fc.assert(
    fc.property(fc.array(ldmLine, { maxLength: 30 }), fc.option(fc.constantFrom('list', 'list -l', 'list-devices -a memory', 'list-services', 'bogus')), (lines, command) =>
      wellFormed({ file: 'fuzz.txt', firstLine: 1, lines, command }),
    ),
    { numRuns: FUZZ_RUNS },
  );
  t.pass(`${FUZZ_RUNS} runs`);
});

/** One way to damage a listing, as a paste or an editor does. */
type Mutation =
  | { readonly kind: 'drop' | 'duplicate'; readonly at: number }
  | { readonly kind: 'shuffle'; readonly at: number; readonly seed: number }
  | { readonly kind: 'change'; readonly at: number; readonly column: number; readonly char: string }
  | { readonly kind: 'truncate'; readonly at: number; readonly column: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('drop' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('shuffle' as const), at: fc.nat(), seed: fc.nat() }),
  fc.record({ kind: fc.constant('change' as const), at: fc.nat(), column: fc.nat(), char: fc.string({ minLength: 1, maxLength: 1 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), column: fc.nat() }),
);

/** The lines with one mutation applied (`at` and `column` taken modulo the sizes). */
function mutate(lines: readonly string[], change: Mutation): string[] {
  const out = [...lines];
  if (out.length === 0) return out;
  const at = change.at % out.length;
  const line = out[at] as string;
  switch (change.kind) {
    case 'drop':
      out.splice(at, 1);
      break;
    case 'duplicate':
      out.splice(at, 0, line);
      break;
    case 'shuffle': {
      const words = line.trim().split(/\s+/);
      const rotated = [...words.slice(change.seed % words.length), ...words.slice(0, change.seed % words.length)].reverse();
      out[at] = line.slice(0, line.search(/\S|$/)) + rotated.join('  ');
      break;
    }
    case 'change': {
      const column = change.column % (line.length + 1);
      out[at] = line.slice(0, column) + change.char + line.slice(column + 1);
      break;
    }
    case 'truncate':
      out.splice(at + 1);
      out[at] = line.slice(0, change.column % (line.length + 1));
      break;
  }
  return out;
}

t.test('mangled example listings never crash the reader: facts with warnings, or one InputError at a line', async (t) => {
  const examples = EXAMPLE_FILES.map((name) => capture(name));
  fc.assert(
    fc.property(fc.constantFrom(...examples), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (example, changes, withCommand) => {
      const lines = changes.reduce<string[]>((current, change) => mutate(current, change), [...example.lines]);
      return wellFormed({ ...example, lines, command: withCommand ? example.command : null });
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.pass(`${FUZZ_RUNS} runs`);
});

t.test('a size or address replaced by anything that is not one is an error at that line, never a zero', async (t) => {
  const target = capture('list-devices-memory-1.3-seed-target.txt');
  const source = capture('list-o-memory-1.3-seed-source.txt');
  const notSize = fc.stringMatching(/^\S{1,12}$/).filter((word) => !/^(\d+[KMGTP]?B?|0[xX][0-9a-fA-F]+)$/i.test(word));
  const notHex = fc.stringMatching(/^\S{1,12}$/).filter((word) => !/^0[xX][0-9a-fA-F]+$/.test(word));
  fc.assert(
    fc.property(fc.constantFrom(2, 3), notSize, notHex, (row, size, address) => {
      const badSize = [...target.lines];
      badSize[row] = `    0x108000000    ${size}`;
      const badAddress = [...source.lines];
      badAddress[5] = `    0x8000000    ${address}    2G`;
      const first = outcome({ ...target, lines: badSize });
      const second = outcome({ ...source, lines: badAddress });
      return first instanceof InputError && first.field === `line ${row + 2}` && second instanceof InputError && second.field === 'line 7';
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.pass(`${FUZZ_RUNS} runs`);
});

t.test('crypto unit rows: BOUND after the CPUSET, free without it; a row that is not one is an error at its line', async (t) => {
  const text = (lines: string[]): OutputText => ({ file: 'c.txt', firstLine: 1, lines, command: 'list-devices -a crypto' });
  const read = readHumanOutput(text(['MAU', '    ID     CPUSET                     BOUND', '    0      (0, 1, 2, 3)               primary', '    1      (4, 5, 6, 7)']));
  t.same(read.crypto, [{ id: 0, bound: 'primary' }, { id: 1, bound: null }]);
  t.throws(() => readHumanOutput(text(['MAU', '    ID     CPUSET', '    0      (0, 1)  primary'])), /c\.txt: line 3: not a crypto unit row/, 'a third column under a two-column header');
  t.throws(() => readHumanOutput(text(['MAU', '    ID     CPUSET', '    zero   (0, 1)'])), /line 3: ID is not a whole number/);
  t.match(readHumanOutput(text(['MAU', '    CPUSET', '    (0, 1)'])).warnings, ['c.txt:2: MAU header not understood, section skipped'], 'a header without ID is warned, not read');
  t.same(readHumanOutput(text(['MAU'])).crypto, [], 'a title alone: nothing');
});
