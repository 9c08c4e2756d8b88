/**
 * The parseable reader (formats/ldm/parseable.ts) on our own example
 * captures, one per variant the spec lists, each read to its exact facts;
 * then the rules one at a time (empty values, wrapping, errors at file and
 * line, warnings once); then fuzzing: arbitrary text and mutated examples
 * give facts or one InputError naming the file and a line, never a crash.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import t from 'tap';
import { emptyDomain, type DomainFacts, type MemoryRow, MemoryRows, type OutputFacts, type OutputText } from '../../../src/formats/ldm/model.js';
import {
  continuesRecord,
  parseableVersion,
  readParseableOutput,
  RecordFields,
  recordKeyword,
} from '../../../src/formats/ldm/parseable.js';
import { ADDRESS_LIMIT, InputError } from '../../../src/quantity.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const EXAMPLES = new URL('../../../examples/ldm/parseable/', import.meta.url);
const G = 1n << 30n;

/** An example capture as the capture reader hands it over: the command line (when there is one) taken off. */
function example(name: string): OutputText {
  const lines = readFileSync(new URL(name, EXAMPLES), 'utf8').replace(/\n$/, '').split('\n');
  const commandLine = !lines[0]!.startsWith('VERSION');
  return { file: name, firstLine: commandLine ? 2 : 1, lines: commandLine ? lines.slice(1) : lines, command: null };
}

/** A listing typed in a test: `file.txt`, first line 1. */
function listing(...lines: string[]): OutputText {
  return { file: 'file.txt', firstLine: 1, lines, command: null };
}

function domain(name: string, shown: Partial<DomainFacts>): DomainFacts {
  return { ...emptyDomain(name), ...shown };
}

/** Facts with only what is given; the rest empty. */
function facts(shown: Partial<Omit<OutputFacts, 'memory'>> & { readonly memory?: readonly MemoryRow[] }): OutputFacts {
  return { domains: [], services: null, cpus: [], crypto: [], warnings: [], ...shown, memory: MemoryRows.from(shown.memory ?? []) };
}

/** The message of the InputError reading `text` throws. */
function errorOf(text: OutputText): string {
  try {
    readParseableOutput(text);
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('no error');
}

// ---------------------------------------------------------------------------
// The examples, one per variant.

t.test('list-devices -p memory (no -a): free rows, BOUND null', async (t) => {
  t.strictSame(readParseableOutput(example('list-devices-p-memory.txt')), facts({
    memory: [
      { pa: 0x108000000n, size: G, bound: null },
      { pa: 0x188000000n, size: G, bound: null },
    ],
  }));
});

t.test('list-devices -a -p memory: _sys_, domains, and empty bound= for free rows', async (t) => {
  t.strictSame(readParseableOutput(example('list-devices-a-p-memory.txt')), facts({
    memory: [
      { pa: 0x0n, size: 0x80000n, bound: '_sys_' },
      { pa: 0x80000n, size: 0x180000n, bound: '_sys_' },
      { pa: 0x200000n, size: 0x7e00000n, bound: '_sys_' },
      { pa: 0x8000000n, size: G, bound: 'primary' },
      { pa: 0x48000000n, size: 3n * G, bound: 'primary' },
      { pa: 0x108000000n, size: G, bound: null },
      { pa: 0x148000000n, size: G, bound: 'ldg1' },
      { pa: 0x188000000n, size: G, bound: null },
      { pa: 0x1c8000000n, size: G, bound: 'ldg1' },
      { pa: 0x208000000n, size: 2n * G, bound: 'ldg2' },
    ],
  }));
});

t.test('list-devices -a -p: CPU rows with empty pm=, memory rows, crypto units; CORE and IO known and skipped', async (t) => {
  t.strictSame(readParseableOutput(example('list-devices-a-p.txt')), facts({
    crypto: [{ id: 0, bound: 'primary' }],
    memory: [
      { pa: 0x0n, size: 0x800000n, bound: '_sys_' },
      { pa: 0x800000n, size: 0x3f800000n, bound: 'primary' },
      { pa: 0x40000000n, size: G, bound: null },
    ],
    cpus: [
      { pid: 0, free: 0, pm: 'no', bound: null },
      { pid: 1, free: 0, pm: 'no', bound: null },
      { pid: 2, free: 100, pm: 'yes', bound: null },
      { pid: 3, free: 100, pm: null, bound: null },
    ],
  }));
});

t.test('list -p (VERSION first, no command line): letter flags; bound and inactive domains with empty fields', async (t) => {
  t.strictSame(readParseableOutput(example('list-p.txt')), facts({
    domains: [
      domain('primary', { state: 'active', flags: '-n-cv-', vcpus: 8, memory: 4n * G }),
      domain('ldg1', { state: 'active', flags: '-n----', vcpus: 4, memory: 2n * G }),
      domain('ldg2', { state: 'bound', flags: '------', vcpus: 4, memory: 2n * G }),
      domain('ldg3', { state: 'inactive' }),
    ],
  }));
});

t.test('list -p, VERSION 1.0: five-letter flags', async (t) => {
  t.strictSame(readParseableOutput(example('list-p-1.0.txt')), facts({
    domains: [
      domain('primary', { state: 'active', flags: '-t-cv', vcpus: 4, memory: G }),
      domain('ldg-src', { state: 'active', flags: '-t---', vcpus: 4, memory: 2n * G }),
    ],
  }));
});

t.test('list -l -p: word flags, softstate with a space, blocks sorted by RA, cores, MAU, IO, vdisks, vnets, console, services', async (t) => {
  t.strictSame(readParseableOutput(example('list-l-p.txt')), facts({
    domains: [
      domain('primary', {
        state: 'active', flags: 'normal,control,vio-service', vcpus: 8, memory: 4n * G, softstate: 'Solaris running',
        blocks: [{ ra: 0x8000000n, pa: 0x8000000n, size: G }, { ra: 0x48000000n, pa: 0x48000000n, size: 3n * G }],
        cores: 1, cryptoUnits: 1, physicalIo: ['pci@400', 'niu@480'],
      }),
      domain('ldg1', {
        state: 'active', flags: 'normal', vcpus: 4, memory: 2n * G, softstate: 'Solaris running',
        blocks: [{ ra: 0x8000000n, pa: 0x148000000n, size: G }, { ra: 0x48000000n, pa: 0x1c8000000n, size: G }],
        cores: 1, cryptoUnits: 1,
        vdisks: [{ name: 'vdisk0', volume: 'vol1', service: 'primary-vds0' }, { name: 'vdisk1', volume: 'vol2', service: 'primary-vds0' }],
        vnets: [{ name: 'vnet0', switch: 'primary-vsw0', hybrid: true }],
        console: 'primary-vcc0',
      }),
    ],
    services: { vds: new Map([['primary-vds0', ['vol1', 'vol2']]]), vsw: ['primary-vsw0'], vcc: ['primary-vcc0'] },
  }));
});

t.test('list -l -p of an inactive domain: every DOMAIN field empty reads as not shown, never zero', async (t) => {
  t.strictSame(readParseableOutput(example('list-l-p-inactive.txt')), facts({
    domains: [domain('ldg3', {
      vdisks: [{ name: 'vdisk0', volume: 'vol3', service: 'primary-vds0' }],
      vnets: [{ name: 'vnet0', switch: 'primary-vsw0', hybrid: false }],
    })],
  }));
});

t.test('list -l -p wrapped after | as documentation prints it: lines starting key= join the record before', async (t) => {
  t.strictSame(readParseableOutput(example('list-l-p-wrapped.txt')), facts({
    domains: [domain('ldg-src', {
      state: 'active', flags: 'normal', vcpus: 4, memory: 2n * G, softstate: 'Solaris running',
      blocks: [{ ra: 0x8000000n, pa: 0x208000000n, size: 2n * G }],
      vdisks: [{ name: 'vdisk0', volume: 'vol1', service: 'primary-vds0' }],
      vnets: [{ name: 'vnet0', switch: 'primary-vsw0', hybrid: false }],
      console: 'primary-vcc0',
    })],
  }));
});

t.test('list-constraints -p: DOMAIN|name=…| with a trailing bar, VCPU|count=, MAU|count=, MEMORY|size=', async (t) => {
  t.strictSame(readParseableOutput(example('list-constraints-p.txt')), facts({
    domains: [
      domain('primary', { vcpus: 8, cryptoUnits: 1, memory: 4n * G, physicalIo: ['pci@400'] }),
      domain('ldg1', {
        vcpus: 4, cryptoUnits: 0, memory: 2n * G,
        vdisks: [{ name: 'vdisk0', volume: 'vol1', service: 'primary-vds0' }],
        vnets: [{ name: 'vnet0', switch: 'primary-vsw0', hybrid: false }],
      }),
    ],
    services: { vds: new Map([['primary-vds0', ['vol1']]]), vsw: ['primary-vsw0'], vcc: ['primary-vcc0'] },
  }));
});

t.test('unknown sections and keys are skipped with one warning each, at the first line they appear', async (t) => {
  t.strictSame(readParseableOutput(example('list-l-p-unknown.txt')), facts({
    domains: [domain('ldg1', {
      state: 'active', flags: 'normal', vcpus: 8, memory: 8n * G, softstate: 'Solaris running',
      blocks: [{ ra: 0x10000000n, pa: 0x410000000n, size: 4n * G }, { ra: 0x110000000n, pa: 0x610000000n, size: 4n * G }],
    })],
    warnings: [
      'list-l-p-unknown.txt:3: unknown key rc-state in DOMAIN skipped',
      'list-l-p-unknown.txt:4: unknown section VDPCC skipped',
      'list-l-p-unknown.txt:7: unknown key lgrp in MEMORY skipped',
    ],
  }));
});

t.test('every example reads without an error, and each VERSION from 1.0 to 1.11 is among them or accepted', async (t) => {
  for (const name of readdirSync(EXAMPLES)) t.doesNotThrow(() => readParseableOutput(example(name)), name);
  for (let minor = 0; minor <= 11; minor++) {
    t.strictSame(readParseableOutput(listing(`VERSION 1.${minor}`)).warnings, [], `1.${minor}`);
  }
});

// ---------------------------------------------------------------------------
// The rules, one at a time.

t.test('the building blocks', async (t) => {
  t.test('parseableVersion', async (t) => {
    t.equal(parseableVersion('VERSION 1.6'), '1.6');
    t.equal(parseableVersion('  VERSION\t1.11 \r'), '1.11');
    t.equal(parseableVersion('VERSION'), null);
    t.equal(parseableVersion('VERSION 1.6 extra'), null);
    t.equal(parseableVersion('DOMAIN|name=VERSION 1.6'), null);
  });
  t.test('continuesRecord: key= first, before any | or blank', async (t) => {
    t.equal(continuesRecord('size=2147483648'), true);
    t.equal(continuesRecord('auto-boot?=false|x=1'), true);
    t.equal(continuesRecord('=value'), false);
    t.equal(continuesRecord('|pa=0x0'), false);
    t.equal(continuesRecord('Target Password: x=1'), false);
    t.equal(continuesRecord('MEMORY'), false);
  });
  t.test('recordKeyword: capitals, digits, _ and -, a capital first, up to |', async (t) => {
    t.equal(recordKeyword('MEMORY'), 'MEMORY');
    t.equal(recordKeyword('VDPCC|name=x'), 'VDPCC');
    t.equal(recordKeyword('V_2-X|'), 'V_2-X');
    t.equal(recordKeyword('2VCPU'), null);
    t.equal(recordKeyword('Memory'), null);
    t.equal(recordKeyword('|pa=0x0'), null);
    t.equal(recordKeyword('primary# ldm ls'), null);
  });
  t.test('RecordFields: empty fields passed over, = in a value, a field without =', async (t) => {
    const fields = new RecordFields().reset('K||a=b=c|flag|e=|', 1);
    const seen: [string, string, string | null][] = [];
    while (fields.next()) seen.push([fields.key(), fields.value(), fields.valueOrNull()]);
    t.strictSame(seen, [['a', 'b=c', 'b=c'], ['flag', '', null], ['e', '', null]]);
    t.equal(fields.next(), false);
    t.equal(fields.hasFields(), false);
    t.equal(new RecordFields().reset('|||', 0).hasFields(), false);
    t.equal(new RecordFields().reset('||x', 0).hasFields(), true);
  });
});

t.test('VERSION: missing, unseen, and a second one starting a new listing', async (t) => {
  t.strictSame(readParseableOutput(listing('', 'MEMORY', '|pa=0x0|size=8192')), facts({
    memory: [{ pa: 0n, size: 8192n, bound: null }],
    warnings: ['file.txt:2: no VERSION line before the listing; read as parseable anyway'],
  }));
  t.strictSame(readParseableOutput(listing('VERSION 2.0')).warnings, ['file.txt:1: VERSION 2.0 is not one seen (1.0 to 1.11); read as 1.x']);
  t.strictSame(readParseableOutput(listing('VERSION 1.12')).warnings, ['file.txt:1: VERSION 1.12 is not one seen (1.0 to 1.11); read as 1.x']);
  // Two outputs pasted without their command lines: the second MEMORY is the machine's, not ldg1's.
  t.strictSame(readParseableOutput(listing(
    'VERSION 1.6', 'DOMAIN|name=ldg1|state=active', 'MEMORY', '|ra=0x0|pa=0x8000|size=8192',
    'VERSION 1.6', 'MEMORY', '|pa=0x10000|size=8192',
  )), facts({
    domains: [domain('ldg1', { state: 'active', blocks: [{ ra: 0n, pa: 0x8000n, size: 8192n }] })],
    memory: [{ pa: 0x10000n, size: 8192n, bound: null }],
  }));
});

t.test('blanks: empty lines skipped, lines trimmed (a pasted \\r, indentation, trailing spaces)', async (t) => {
  t.strictSame(readParseableOutput(listing(
    'VERSION 1.6\r', '', '   ', 'MEMORY\r', '|pa=0x0|size=8192|bound=primary  \r', '  |pa=0x2000|size=8192|bound=',
    '|pa=0x4000|size=8192|bound=', '',
  )), facts({
    memory: [
      { pa: 0n, size: 8192n, bound: 'primary' },
      { pa: 0x2000n, size: 8192n, bound: null },
      { pa: 0x4000n, size: 8192n, bound: null },
    ],
  }));
});

t.test('memory rows in other forms: keys in another order, the one-line MEMORY|… form, long values, suffixes', async (t) => {
  t.strictSame(readParseableOutput(listing(
    'VERSION 1.6',
    'MEMORY|pa=0x1000|size=4096',
    '|bound=ldg1|size=8192|pa=0x2000',
    '|pa=0XFFFFFFFFFFFFF000|size=4096|bound=_sys_',
    '|pa=0x0000000000004000|size=0000000000000008192',
    '|pa=0x8000|size=8K',
    '|',
    'MEMORY|',
  )), facts({
    memory: [
      { pa: 0x1000n, size: 4096n, bound: null },
      { pa: 0x2000n, size: 8192n, bound: 'ldg1' },
      { pa: 0xfffffffffffff000n, size: 4096n, bound: '_sys_' },
      { pa: 0x4000n, size: 8192n, bound: null },
      { pa: 0x8000n, size: 8192n, bound: null },
    ],
  }));
});

t.test('values with spaces and commas are kept whole', async (t) => {
  const read = readParseableOutput(listing(
    'VERSION 1.6',
    'DOMAIN|name=ldg1|state=active|flags=normal,control,vio-service|softstate=OpenBoot Running',
  ));
  t.strictSame(read.domains, [domain('ldg1', { state: 'active', flags: 'normal,control,vio-service', softstate: 'OpenBoot Running' })]);
});

t.test('a DOMAIN record continued in a | row, and VCPU rows counted when ncpu= is empty', async (t) => {
  t.strictSame(readParseableOutput(listing(
    'VERSION 1.6',
    'DOMAIN|name=ldg1|state=active|flags=normal',
    '|cons=5000|ncpu=|mem=1073741824|name=ldg1',
    'VCPU',
    '|vid=0|pid=8|util=1.0|strand=100',
    '|vid=1|pid=9|util=1.0|strand=100',
    'CORE|count=',
    'MAU|count=',
  )).domains, [domain('ldg1', { state: 'active', flags: 'normal', vcpus: 2, memory: G })]);
});

t.test('a domain MEMORY: a size-only row is the constraint; a row with unknown keys only adds nothing', async (t) => {
  t.strictSame(readParseableOutput(listing(
    'VERSION 1.6', 'DOMAIN|name=ldg1', 'MEMORY', '|size=2147483648', '|lgrp=0', 'CORE', '|cid=3|cpuset=24,25',
  )), facts({
    domains: [domain('ldg1', { memory: 2n * G, cores: 1 })],
    warnings: ['file.txt:5: unknown key lgrp in MEMORY skipped'],
  }));
});

t.test('IO rows: dev, else alias, else nothing', async (t) => {
  t.strictSame(readParseableOutput(listing(
    'VERSION 1.6', 'DOMAIN|name=primary', 'IO', '|dev=pci@400|alias=pci_0', '|dev=|alias=/SYS/MB/PCIE1', '|status=ok', 'IO|dev=niu@480',
  )).domains, [domain('primary', { physicalIo: ['pci@400', '/SYS/MB/PCIE1', 'niu@480'] })]);
});

t.test('services: VDS volumes on its own line and in rows (vol= and volume=), a VDS met twice, client rows', async (t) => {
  t.strictSame(readParseableOutput(listing(
    'VERSION 1.6',
    'VDS|name=primary-vds0|ldom=primary|volume=vol1|options=|device=/dev/zvol/dsk/ldoms/vol1',
    '|volume=vol2|options=|device=/dev/zvol/dsk/ldoms/vol2',
    '|client=vdisk0@ldg1',
    'VDS|name=primary-vds0',
    '|vol=vol3',
    'VDS|name=secondary-vds0',
    'VDS',
    '|vol=lost',
    'VSW|name=primary-vsw0|ldom=primary',
    'VCC|name=primary-vcc0|ldom=primary|port-range=5000-5100',
  )), facts({
    services: { vds: new Map([['primary-vds0', ['vol1', 'vol2', 'vol3']], ['secondary-vds0', []]]), vsw: ['primary-vsw0'], vcc: ['primary-vcc0'] },
    warnings: ['file.txt:9: volume of a VDS without a name skipped'],
  }));
});

t.test('vdisk volumes and vnet switches split at @; VCONS without a service leaves the console unknown', async (t) => {
  t.strictSame(readParseableOutput(listing(
    'VERSION 1.6',
    'DOMAIN|name=ldg1',
    'VDISK|name=d0|vol=vol0',
    'VDISK|name=d1|vol=@primary-vds0',
    'VDISK|name=d2|vol=vol2@',
    'VDISK|name=d3|vol=',
    'VDISK',
    'VNET|name=n0|service=primary-vsw0',
    'VNET|name=n1',
    'VCONS|type=SP',
  )).domains, [domain('ldg1', {
    vdisks: [
      { name: 'd0', volume: 'vol0', service: null },
      { name: 'd1', volume: null, service: 'primary-vds0' },
      { name: 'd2', volume: 'vol2', service: null },
      { name: 'd3', volume: null, service: null },
    ],
    vnets: [{ name: 'n0', switch: 'primary-vsw0', hybrid: false }, { name: 'n1', switch: null, hybrid: false }],
  })]);
});

t.test('CPU rows of list-devices -a -p cpu may carry a BOUND column', async (t) => {
  t.strictSame(readParseableOutput(listing('VERSION 1.6', 'VCPU', '|pid=0|free=0|pm=no|bound=primary', '|pid=1|free=100|pm=no|bound=')).cpus, [
    { pid: 0, free: 0, pm: 'no', bound: 'primary' },
    { pid: 1, free: 100, pm: 'no', bound: null },
  ]);
});

t.test('warnings: text that is not a record, rows before any section, wrapped lines with nothing to join, sections outside a domain', async (t) => {
  t.strictSame(readParseableOutput(listing(
    'VERSION 1.6',
    'size=8192',
    '|pa=0x0|size=8192',
    'Target Password:',
    'VDISK|name=vdisk0|vol=vol1@primary-vds0',
    'VNET|name=vnet0',
    'VCONS|service=primary-vcc0@primary',
    'MEMORY',
    '|pa=0x0|size=8192|bound=|lgrp=0',
    '|pa=0x2000|size=8192|lgrp=1',
  )), facts({
    memory: [{ pa: 0n, size: 8192n, bound: null }, { pa: 0x2000n, size: 8192n, bound: null }],
    warnings: [
      'file.txt:2: wrapped line with no record before it skipped',
      'file.txt:3: row before any section skipped',
      'file.txt:4: line not understood, skipped',
      'file.txt:5: unknown section VDISK skipped',
      'file.txt:6: unknown section VNET skipped',
      'file.txt:7: unknown section VCONS skipped',
      'file.txt:9: unknown key lgrp in MEMORY skipped',
    ],
  }));
});

t.test('errors name the file and the line of the value', async (t) => {
  const cases: [string[], string][] = [
    [['VERSION 1.6', 'MEMORY', '|pa=0x0|size=8192', '|pa=108000000|size=8192'], 'file.txt: line 4: pa is not a hex address (got "108000000")'],
    [['VERSION 1.6', 'MEMORY', '|pa=0x10000000000000000|size=8192'], 'file.txt: line 3: pa does not fit in 64 bits (got "0x10000000000000000")'],
    [['VERSION 1.6', 'MEMORY', '|pa=0x0|size=1G2'], 'file.txt: line 3: size is not a size (got "1G2")'],
    [['VERSION 1.6', 'MEMORY', '|pa=0x0|size=', '|pa=0x0|size=8192'], 'file.txt: line 3: size is not a size'],
    [['VERSION 1.6', 'MEMORY', '|pa=0x0|bound=ldg1'], 'file.txt: line 3: memory row without size (got "|pa=0x0|bound=ldg1")'],
    [['VERSION 1.6', 'MEMORY', '|size=8192'], 'file.txt: line 3: memory row without pa (got "|size=8192")'],
    [['VERSION 1.6', 'MEMORY', '|pa=0x0|size=8192|pa=0x2000|size=8192'], 'file.txt: line 3: pa given twice in one record (got "|pa=0x0|size=8192|pa=0x2000|size=8192")'],
    [['VERSION 1.6', 'MEMORY', '|pa=0x0|size=8192|bound=a|bound=b'], 'file.txt: line 3: bound given twice in one record (got "|pa=0x0|size=8192|bound=a|bound=b")'],
    [['VERSION 1.6', 'DOMAIN|name=ldg1|mem=2G', 'MEMORY', '|ra=0x0|pa=0x0'], 'file.txt: line 4: memory block without size (got "|ra=0x0|pa=0x0")'],
    [['VERSION 1.6', 'DOMAIN|name=ldg1', 'MEMORY', '|ra=0x0|size=8192'], 'file.txt: line 4: memory block without pa (got "|ra=0x0|size=8192")'],
    [['VERSION 1.6', 'DOMAIN|name=ldg1', 'MEMORY', '|pa=0x0|size=8192'], 'file.txt: line 4: memory block without ra (got "|pa=0x0|size=8192")'],
    [['VERSION 1.6', 'DOMAIN|name=ldg1', 'MEMORY', '|ra=0x0|pa=0x0|size=8192|ra=0x0'], 'file.txt: line 4: ra given twice in one record (got "|ra=0x0|pa=0x0|size=8192|ra=0x0")'],
    [['VERSION 1.6', 'DOMAIN|name=ldg1|mem=lots'], 'file.txt: line 2: mem is not a size (got "lots")'],
    [['VERSION 1.6', 'DOMAIN|name=ldg1|ncpu=4.5'], 'file.txt: line 2: ncpu is not a whole number (got "4.5")'],
    [['VERSION 1.6', 'DOMAIN|name=ldg1|ncpu=4|ncpu=8'], 'file.txt: line 2: ncpu given twice in one record (got "DOMAIN|name=ldg1|ncpu=4|ncpu=8")'],
    [['VERSION 1.6', 'DOMAIN|name=ldg1|mem=8192|mem='], 'file.txt: line 2: mem given twice in one record (got "DOMAIN|name=ldg1|mem=8192|mem=")'],
    [['VERSION 1.6', 'DOMAIN|state=active'], 'file.txt: line 2: DOMAIN record without name (got "DOMAIN|state=active")'],
    [['VERSION 1.6', 'DOMAIN|name='], 'file.txt: line 2: DOMAIN record without name (got "DOMAIN|name=")'],
    [['VERSION 1.6', 'DOMAIN|name=a|name=b'], 'file.txt: line 2: name given twice in one record (got "DOMAIN|name=a|name=b")'],
    [['VERSION 1.6', 'DOMAIN|name=ldg1', 'VCPU|count=four'], 'file.txt: line 3: count is not a whole number (got "four")'],
    [['VERSION 1.6', 'DOMAIN|name=ldg1', 'VDISK|vol=vol1@primary-vds0'], 'file.txt: line 3: VDISK record without name (got "VDISK|vol=vol1@primary-vds0")'],
    [['VERSION 1.6', 'DOMAIN|name=ldg1', 'VNET|service=primary-vsw0@primary'], 'file.txt: line 3: VNET record without name (got "VNET|service=primary-vsw0@primary")'],
    [['VERSION 1.6', 'VSW|mac-addr=00:14:4f:f8:5e:31'], 'file.txt: line 2: VSW record without name (got "VSW|mac-addr=00:14:4f:f8:5e:31")'],
    [['VERSION 1.6', 'VCPU', '|pid=0|free=101|pm=no'], 'file.txt: line 3: free is not a percentage (got "101")'],
    [['VERSION 1.6', 'VCPU', '|pid=0|pm=no'], 'file.txt: line 3: CPU row without free (got "|pid=0|pm=no")'],
    [['VERSION 1.6', 'VCPU', '|free=0|pm=no'], 'file.txt: line 3: CPU row without pid (got "|free=0|pm=no")'],
    [['VERSION 1.6', 'VCPU', '|pid=0|pid=1|free=0'], 'file.txt: line 3: pid given twice in one record (got "|pid=0|pid=1|free=0")'],
    [['VERSION 1.6', 'VCPU', '|pid=0|free=0|pm=no|pm=yes'], 'file.txt: line 3: pm given twice in one record (got "|pid=0|free=0|pm=no|pm=yes")'],
    [['VERSION 1.6', 'VCPU', '|pid=0|free=0|bound=a|bound=b'], 'file.txt: line 3: bound given twice in one record (got "|pid=0|free=0|bound=a|bound=b")'],
  ];
  for (const [lines, message] of cases) t.equal(errorOf(listing(...lines)), message, lines.join(' / '));
});

t.test('an error in a wrapped record names the line the value is on, not the record\'s first line', async (t) => {
  const lines = ['VERSION 1.3', 'DOMAIN|name=ldg1|state=active|', 'ncpu=4|', 'mem=2147483648|util=0.3', 'MEMORY', '|ra=0x8000000|pa=0x208000000|', 'size=2Q'];
  t.equal(errorOf({ file: 'src.txt', firstLine: 10, lines, command: null }), 'src.txt: line 16: size is not a size (got "2Q")');
  t.equal(errorOf(listing('VERSION 1.3', 'DOMAIN|name=ldg1|ncpu=x|', 'mem=1')), 'file.txt: line 2: ncpu is not a whole number (got "x")');
  t.equal(errorOf(listing('VERSION 1.3', 'DOMAIN|name=ldg1|', 'ncpu=4|mem=2Q')), 'file.txt: line 3: mem is not a size (got "2Q")');
  t.equal(errorOf(listing('VERSION 1.3', 'MEMORY', '|pa=0x0|', 'size=8192|pa=0x2000')), 'file.txt: line 4: pa given twice in one record (got "|pa=0x0|size=8192|pa=0x2000")');
  t.equal(errorOf(listing('VERSION 1.3', 'MEMORY', '|pa=0xg|', 'size=8192')), 'file.txt: line 3: pa is not a hex address (got "0xg")');
  t.equal(errorOf(listing('VERSION 1.3', 'MEMORY', '|pa=0x0', 'size=8192', 'bound=x|pa=0x1')), 'file.txt: line 5: pa given twice in one record (got "|pa=0x0|size=8192|bound=x|pa=0x1")');
});

t.test('a record wrapped over many lines: read in linear time, errors at the right one of them', async (t) => {
  const wrapped = Array.from({ length: 100_000 }, (_, i) => `key${i % 7}=${i}|`);
  const started = performance.now();
  const read = readParseableOutput(listing('VERSION 1.3', 'DOMAIN|name=ldg1|', ...wrapped, 'ncpu=4'));
  // Joining piece by piece and reading the end back flattened the string every line: minutes, not milliseconds.
  t.ok(performance.now() - started < 10_000, 'well under 10 s');
  t.strictSame(read.domains, [domain('ldg1', { vcpus: 4 })]);
  t.equal(read.warnings.length, 7, 'one warning per unknown key');
  const bad = [...wrapped.slice(0, 999), 'mem=lots|', ...wrapped.slice(0, 500)];
  t.equal(errorOf(listing('VERSION 1.3', 'DOMAIN|name=ldg1|', ...bad)), 'file.txt: line 1002: mem is not a size (got "lots")');
  const fieldsStarted = performance.now();
  const fields = readParseableOutput(listing('VERSION 1.3', 'VDS|name=x', `|${'a|'.repeat(100_000)}vol=v`));
  // Each field's '=' is looked for inside the field: looking to the line's end for each was quadratic.
  t.ok(performance.now() - fieldsStarted < 10_000, 'a row of 100,000 fields without = well under 10 s');
  t.strictSame(fields.services?.vds, new Map([['x', ['v']]]));
  t.strictSame(fields.warnings, ['file.txt:3: unknown key a in VDS skipped']);
});

// ---------------------------------------------------------------------------
// Fuzzing: never a crash; facts, or one InputError at the file and a line of the output.

/** Read `text` and hold the outcome to the contract; returns what it was. */
function readsCleanly(text: OutputText): 'facts' | 'error' {
  let read: OutputFacts;
  try {
    read = readParseableOutput(text);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const match = /^line (\d+)$/.exec(error.field);
    const line = match === null ? NaN : Number(match[1]);
    if (error.file !== text.file || !(line >= text.firstLine && line < text.firstLine + text.lines.length)) {
      throw new Error(`error not at a line of the output: ${error.message}`);
    }
    if (!error.message.startsWith(`${text.file}: line ${line}: `)) throw new Error(`error message not at file and line: ${error.message}`);
    return 'error';
  }
  const sizes = [
    ...read.memory.toArray().flatMap((row) => [row.pa, row.size]),
    ...read.domains.flatMap((shown) => [...shown.blocks.flatMap((block) => [block.ra, block.pa, block.size]), ...(shown.memory === null ? [] : [shown.memory])]),
  ];
  for (const value of sizes) if (typeof value !== 'bigint' || value < 0n || value >= ADDRESS_LIMIT) throw new Error(`not a 64-bit value: ${String(value)}`);
  for (const warning of read.warnings) {
    const line = Number(/^file\.txt:(\d+): /.exec(warning)?.[1]);
    if (!(line >= text.firstLine && line < text.firstLine + text.lines.length)) throw new Error(`warning not at a line of the output: ${warning}`);
  }
  return 'facts';
}

/** Characters that matter to the format, and some that do not. */
const FORMAT_CHARACTERS = [...'|=|=\n\n\r \t0x1f9aAGKM_-@,.?', 'VERSION 1.6', 'MEMORY', 'DOMAIN', 'VCPU', 'VDS', 'pa', 'ra', 'size', 'name', 'bound'];

t.test('arbitrary text gives facts or one InputError at a line of the output', async (t) => {
  const texts = fc.oneof(
    fc.string({ unit: fc.constantFrom(...FORMAT_CHARACTERS), maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
  fc.assert(fc.property(texts, fc.integer({ min: 1, max: 1000 }), (body, firstLine) => {
    readsCleanly({ file: 'file.txt', firstLine, lines: body.split('\n'), command: null });
  }), { numRuns: FUZZ_RUNS });
  t.pass('no crash');
});

type Mutation =
  | { readonly kind: 'drop' | 'duplicate'; readonly line: number }
  | { readonly kind: 'truncate' | 'unbar'; readonly line: number; readonly at: number }
  | { readonly kind: 'change'; readonly line: number; readonly at: number; readonly to: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('drop' as const, 'duplicate' as const), line: fc.nat() }),
  fc.record({ kind: fc.constantFrom('truncate' as const, 'unbar' as const), line: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant('change' as const), line: fc.nat(), at: fc.nat(), to: fc.constantFrom(...FORMAT_CHARACTERS.filter((c) => c.length === 1)) }),
);

function mutate(lines: string[], change: Mutation): string[] {
  if (lines.length === 0) return lines;
  const index = change.line % lines.length;
  const line = lines[index]!;
  const copy = [...lines];
  switch (change.kind) {
    case 'drop': copy.splice(index, 1); break;
    case 'duplicate': copy.splice(index, 0, line); break;
    case 'truncate': copy[index] = line.slice(0, change.at % (line.length + 1)); break;
    case 'unbar': {
      const bars = [...line].flatMap((c, i) => (c === '|' ? [i] : []));
      if (bars.length > 0) {
        const at = bars[change.at % bars.length]!;
        copy[index] = line.slice(0, at) + line.slice(at + 1);
      }
      break;
    }
    case 'change': {
      const at = change.at % (line.length + 1);
      copy[index] = line.slice(0, at) + change.to + line.slice(at + 1);
      break;
    }
  }
  return copy;
}

t.test('mutated examples (lines dropped, duplicated, truncated, characters changed, | removed) give facts or one InputError', async (t) => {
  const names = readdirSync(EXAMPLES);
  const outcomes = { facts: 0, error: 0 };
  fc.assert(fc.property(fc.constantFrom(...names), fc.array(mutation, { minLength: 1, maxLength: 6 }), (name, changes) => {
    const original = example(name);
    const lines = changes.reduce(mutate, [...original.lines]);
    outcomes[readsCleanly({ ...original, file: 'file.txt', lines })]++;
  }), { numRuns: FUZZ_RUNS * 3 });
  // Both outcomes occur: the mutations reach values (errors) and structure (facts with warnings).
  t.ok(outcomes.facts > 0 && outcomes.error > 0, JSON.stringify(outcomes));
});

t.test('crypto unit rows: free when bound is empty or missing; id required, read exactly', async (t) => {
  const read = readParseableOutput(listing('VERSION 1.6', 'MAU', '|id=0|cpuset=(0, 1)|bound=primary', '|id=1|cpuset=2,3|bound=', '|id=2|cpuset=4'));
  t.same(read.crypto, [{ id: 0, bound: 'primary' }, { id: 1, bound: null }, { id: 2, bound: null }]);
  t.same(read.warnings, []);
  t.throws(() => readParseableOutput(listing('VERSION 1.6', 'MAU', '|cpuset=0,1|bound=')), /crypto unit row without id/);
  t.throws(() => readParseableOutput(listing('VERSION 1.6', 'MAU', '|id=x|cpuset=0')), /id is not a whole number/);
  t.throws(() => readParseableOutput(listing('VERSION 1.6', 'MAU', '|id=0|bound=a|bound=b')), /twice/);
  t.match(readParseableOutput(listing('VERSION 1.6', 'MAU', '|id=0|colour=red')).warnings, [/colour/]);
});
