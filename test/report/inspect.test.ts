import t from 'tap';
import { emptyDomain, type CaptureReading, MemoryRows } from '../../src/formats/ldm/model.js';
import { formatInspectText, inspectJson } from '../../src/report/inspect.js';

const G = 1n << 30n;

const reading: CaptureReading = {
  outputs: [
    { file: 'target.txt', line: 1, command: 'list-devices -a memory', format: 'human', read: '3 memory ranges, 2 free', warnings: ['target.txt:14: unknown section VDPCC skipped'] },
    { file: 'source.txt', line: 3, command: 'list -o memory', format: 'human', read: 'domain ldg-src (1 memory block)', warnings: [] },
  ],
  memory: MemoryRows.from([
    { pa: 0x0n, size: 0x80000n, bound: '_sys_' },
    { pa: 0x108000000n, size: G, bound: null },
    { pa: 0x188000000n, size: 2n * G, bound: null },
  ]),
  domains: [
    { ...emptyDomain('ldg-src'), state: 'active', vcpus: 4, memory: 2n * G, blocks: [{ ra: 0x8000000n, pa: 0x208000000n, size: 2n * G }], flags: '-n----', vnets: [{ name: 'vnet0', switch: 'primary-vsw0', hybrid: false }] },
    emptyDomain('ldg-db'),
  ],
  services: { vds: new Map(), vsw: [], vcc: [] },
  cpus: [],
  crypto: [],
  warnings: ['target.txt:14: unknown section VDPCC skipped', 'notes.txt: no ldm output found, skipped'],
};

t.test('the contract document: outputs, memory, domains with their five fields first, warnings', async (t) => {
  const document = inspectJson(reading);
  t.same(document.outputs[0], { file: 'target.txt', line: 1, command: 'list-devices -a memory', format: 'human' });
  t.same(document.memory, [
    { pa: '0x0', size: '0x80000', bound: '_sys_' },
    { pa: '0x108000000', size: '0x40000000', bound: null },
    { pa: '0x188000000', size: '0x80000000', bound: null },
  ]);
  t.same(Object.keys(document.domains[0]!).slice(0, 5), ['name', 'state', 'vcpus', 'memory', 'blocks']);
  t.same(document.domains[0], {
    name: 'ldg-src',
    state: 'active',
    vcpus: 4,
    memory: '0x80000000',
    blocks: [{ ra: '0x8000000', pa: '0x208000000', size: '0x80000000' }],
    flags: '-n----',
    vnets: [{ name: 'vnet0', switch: 'primary-vsw0', hybrid: false }],
  });
  t.same(document.domains[1], { name: 'ldg-db', state: null, vcpus: null, memory: null, blocks: [] }, 'nothing shown: nulls');
  t.same(document.warnings, ['target.txt:14: unknown section VDPCC skipped', 'notes.txt: no ldm output found, skipped']);
});

t.test('the readable summary', async (t) => {
  t.equal(
    formatInspectText(reading),
    [
      'target.txt:1: ldm list-devices -a memory (human): 3 memory ranges, 2 free',
      '  warning: target.txt:14: unknown section VDPCC skipped',
      'source.txt:3: ldm list -o memory (human): domain ldg-src (1 memory block)',
      'memory: 3 ranges; free 3G in 2 ranges, the largest 2G; bound 512K',
      'domain ldg-src: active, 4 vcpus, 2G memory, 1 memory block',
      'domain ldg-db: state not shown',
      'warning: notes.txt: no ldm output found, skipped',
      '',
    ].join('\n'),
  );
  t.equal(formatInspectText({ ...reading, memory: MemoryRows.from([{ pa: 0n, size: G, bound: 'primary' }]), domains: [{ ...emptyDomain('x'), blocks: [{ ra: 0n, pa: 0n, size: G }, { ra: G, pa: G, size: G }] }], warnings: [] }).split('\n').slice(3, 5).join('\n'),
    'memory: 1 ranges; free 0 in 0 ranges; bound 1G\ndomain x: state not shown, 2 memory blocks');
  t.equal(formatInspectText({ ...reading, memory: MemoryRows.EMPTY, domains: [], warnings: [] }).split('\n').length, 4, 'no memory, no domains: the outputs only');
});
