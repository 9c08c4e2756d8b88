import t from 'tap';
import { canonicalCommand, mergeFacts, readCaptures, recognise, splitCapture, type Readers, whatWasRead } from '../../../src/formats/ldm/capture.js';
import { emptyDomain, emptyFacts, MemoryRows, type OutputFacts, type OutputText } from '../../../src/formats/ldm/model.js';
import { InputError } from '../../../src/quantity.js';

/** Readers that record what they were given and report it as a warning. */
function recordingReaders(seen: OutputText[]): Readers {
  const reader = (text: OutputText): OutputFacts => {
    seen.push(text);
    return { ...emptyFacts(), warnings: [`${text.file}:${text.firstLine}: ${text.command ?? '(no command)'}`] };
  };
  return { human: reader, parseable: reader, xml: reader };
}

t.test('commands in canonical long form: aliases, flags in order, domain names dropped', async (t) => {
  t.same(canonicalCommand('ls-devices -a mem'), { text: 'list-devices -a memory', format: null });
  t.same(canonicalCommand('list-devices memory'), { text: 'list-devices memory', format: null });
  t.same(canonicalCommand('ls -p -l ldg1'), { text: 'list -l -p', format: 'parseable' });
  t.same(canonicalCommand('ls -o mem ldg-src'), { text: 'list -o memory', format: null });
  t.same(canonicalCommand('list-constraints -x ldg1'), { text: 'list-constraints -x', format: 'xml' });
  t.same(canonicalCommand('ls-rsrc-group -l /SYS/CMIOU0'), { text: 'list-rsrc-group -l', format: null }, 'a resource group listing, its group name dropped');
  t.same(canonicalCommand('list-domain'), { text: 'list', format: null });
  t.same(canonicalCommand('ls-bindings primary'), { text: 'list-bindings', format: null });
  t.same(canonicalCommand('list-services'), { text: 'list-services', format: null });
  t.same(canonicalCommand('list -e -l'), { text: 'list -l -e', format: null });
  t.equal(canonicalCommand('migrate-domain ldg-src dt212-239'), null, 'not an output ldmfit reads');
});

t.test('first lines recognised when no command line says what an output is', async (t) => {
  t.same(recognise('VERSION 1.6'), { format: 'parseable', command: 'list -p' });
  t.same(recognise('<?xml version="1.0"?>'), { format: 'xml', command: 'list-constraints -x' });
  t.same(recognise('<LDM_interface version="1.0">'), { format: 'xml', command: 'list-constraints -x' });
  t.same(recognise('NAME             STATE      FLAGS   CONS    VCPU  MEMORY   UTIL  UPTIME'), { format: 'human', command: 'list' });
  t.same(recognise('NAME'), { format: 'human', command: 'list -o' });
  t.same(recognise('MEMORY'), { format: 'human', command: 'list-devices memory' });
  t.same(recognise('VCPU'), { format: 'human', command: 'list-devices' });
  t.same(recognise('VSW'), { format: 'human', command: 'list-services' });
  t.equal(recognise('    PA                   SIZE'), null);
});

t.test('the seed, pasted: two outputs under their command lines, the migration and its password prompt skipped', async (t) => {
  const capture = [
    '# ldm list-devices memory',
    'MEMORY',
    '    PA                   SIZE',
    '    0x108000000          1G',
    '    0x188000000          1G',
    '',
    'primary# ldm list -o memory ldg-src',
    'NAME',
    'ldg-src',
    '',
    'MEMORY',
    '    RA               PA               SIZE',
    '    0x8000000        0x208000000      2G',
    '',
    '# ldm migrate-domain ldg-src dt212-239',
    'Target Password:',
    'Unable to bind 2G memory region at real address 0x8000000',
    'Domain Migration of LDom ldg-src failed',
    '#',
  ].join('\n');
  const found = splitCapture(capture);
  t.same(found.map((output) => [output.command, output.format, output.firstLine, output.lines.length]), [
    ['list-devices memory', 'human', 2, 5],
    ['list -o memory', 'human', 8, 7],
  ]);
  const seen: OutputText[] = [];
  const reading = readCaptures([{ name: 'seed.txt', content: capture }], recordingReaders(seen));
  t.same(reading.outputs, [
    { file: 'seed.txt', line: 1, command: 'list-devices memory', format: 'human', read: 'nothing ldmfit uses', warnings: ['seed.txt:2: list-devices memory'] },
    { file: 'seed.txt', line: 7, command: 'list -o memory', format: 'human', read: 'nothing ldmfit uses', warnings: ['seed.txt:8: list -o memory'] },
  ]);
  t.same(seen.map((text) => [text.firstLine, text.lines[0], text.command]), [[2, 'MEMORY', 'list-devices memory'], [8, 'NAME', 'list -o memory']]);
  t.same(reading.warnings, ['seed.txt:2: list-devices memory', 'seed.txt:8: list -o memory']);
});

t.test('outputs without command lines are found by their first lines, each format to its reader; a parseable or XML start opens a new output', async (t) => {
  const capture = ['...', 'VERSION 1.6', 'MEMORY|pa=0x108000000|size=1073741824', '', '<?xml version="1.0"?>', '<LDM_interface/>'].join('\r\n');
  const seen: OutputText[] = [];
  const formats: string[] = [];
  const readers: Readers = {
    human: () => emptyFacts(),
    parseable: (text) => (formats.push('parseable'), seen.push(text), emptyFacts()),
    xml: (text) => (formats.push('xml'), seen.push(text), emptyFacts()),
  };
  const reading = readCaptures([{ name: 'c.txt', content: capture }], readers);
  t.same(formats, ['parseable', 'xml']);
  t.match(reading.outputs, [
    { file: 'c.txt', line: 2, command: 'list -p', format: 'parseable' },
    { file: 'c.txt', line: 5, command: 'list-constraints -x', format: 'xml' },
  ]);
  t.equal(seen[0]!.command, null, 'no command line: the reader decides from the content');
  t.same(seen[0]!.lines, ['VERSION 1.6', 'MEMORY|pa=0x108000000|size=1073741824', '']);
  t.same(seen[1]!.lines, ['<?xml version="1.0"?>', '<LDM_interface/>']);
  const twoXml = splitCapture(['<?xml version="1.0"?>', '<a>', '</a>', '<?xml version="1.0"?>', '<b/>'].join('\n'));
  t.same(twoXml.map((output) => output.lines.length), [3, 2], 'a second XML declaration starts a second document');
  const twoReplies = splitCapture(['<LDM_interface version="1.3">', '</LDM_interface>', '<LDM_interface version="1.3">', '<data/>', '</LDM_interface>'].join('\n'));
  t.same(twoReplies.map((output) => output.lines.length), [2, 3], 'a second document element after the first ended starts a second document');
  const nested = splitCapture(['<env:Envelope>', '<LDM_interface>', '</LDM_interface>', '</env:Envelope>'].join('\n'));
  t.equal(nested.length, 1, 'an element inside the document does not split it');
  const twoVersions = splitCapture(['VERSION 1.5', 'DOMAIN|name=a', 'VERSION 1.6', 'DOMAIN|name=b'].join('\n'));
  t.same(twoVersions.map((output) => output.lines[0]), ['VERSION 1.5', 'VERSION 1.6']);
  t.same(splitCapture(['MEMORY', '    PA  SIZE', 'VERSION 1.6', 'MEMORY|pa=0x0|size=8192'].join('\n')).map((output) => output.format), ['human', 'parseable']);
});

t.test('the output of a command ldmfit does not read is skipped, even when it looks like a listing', async (t) => {
  const capture = ['$ ldm add-memory 1G ldg1', 'MEMORY', '$ ldm list', 'NAME  STATE  FLAGS', 'primary  active  -n-cv-'].join('\n');
  const reading = readCaptures([{ name: 'c.txt', content: capture }], recordingReaders([]));
  t.same(reading.outputs.map((output) => output.command), ['list']);
});

t.test('a file with no ldm output is an error naming the file', async (t) => {
  const error = t.throws(() => readCaptures([{ name: 'notes.txt', content: 'just some notes\n$ ls -l\n' }], recordingReaders([]))) as InputError;
  t.ok(error instanceof InputError);
  t.match(error.message, /^notes\.txt: no ldm output found/);
  t.throws(() => readCaptures([{ name: 'empty.txt', content: '# ldm list\n\n' }], recordingReaders([])), InputError, 'a command line with nothing under it');
});

t.test('an output pasted indented (from a document that indents its examples) reads as ldm printed it', async (t) => {
  const indented = ['    primary# ldm list-devices memory', '    MEMORY', '        PA                   SIZE', '        0x108000000          1G', '', '    Some prose after it.'].join('\n');
  const found = splitCapture(indented);
  t.equal(found.length, 1);
  t.same(found[0]!.lines.slice(0, 3), ['MEMORY', '    PA                   SIZE', '    0x108000000          1G'], 'the command line\'s indent taken off every line');
  const bare = splitCapture(['\tVCPU', '\t    PID  %FREE', '\t    4    100'].join('\n'));
  t.same(bare.map((output) => [output.command, output.lines[0]]), [['list-devices', 'VCPU']], 'without a command line, an indented first line sets the indent');
  const shallow = splitCapture(['  $ ldm list', 'NAME  STATE  FLAGS', 'x  active  -n----'].join('\n'));
  t.equal(shallow[0]!.lines[0], 'NAME  STATE  FLAGS', 'a line indented less than the command line loses only what it has');
  t.equal(splitCapture('   just prose\n').length, 0, 'indented prose is not an output');
});

t.test('crypto units merge by id, a bound row winning over the same unit seen free', async (t) => {
  const merged = mergeFacts([
    { ...emptyFacts(), crypto: [{ id: 1, bound: null }, { id: 0, bound: null }] },
    { ...emptyFacts(), crypto: [{ id: 1, bound: 'ldg1' }, { id: 2, bound: null }] },
    { ...emptyFacts(), crypto: [{ id: 1, bound: null }] },
  ]);
  t.same(merged.crypto, [{ id: 0, bound: null }, { id: 1, bound: 'ldg1' }, { id: 2, bound: null }]);
  t.equal(whatWasRead({ ...emptyFacts(), crypto: [{ id: 0, bound: null }] }), '1 crypto unit');
});

t.test('what an output gave, in a few words', async (t) => {
  const G = 1n << 30n;
  t.equal(whatWasRead(emptyFacts()), 'nothing ldmfit uses');
  t.equal(
    whatWasRead({
      ...emptyFacts(),
      memory: MemoryRows.from([{ pa: 0n, size: G, bound: null }, { pa: G, size: G, bound: 'primary' }]),
      domains: [{ ...emptyDomain('primary'), blocks: [{ ra: 0n, pa: G, size: G }] }, emptyDomain('ldg1')],
      cpus: [{ pid: 0, free: 100, pm: null, bound: null }],
      services: { vds: new Map([['primary-vds0', []]]), vsw: [], vcc: ['primary-vcc0', 'x'] },
    }),
    '2 memory ranges, 1 free; domain primary (1 memory block); domain ldg1; 1 CPU row; services primary-vds0, primary-vcc0, x',
  );
  t.equal(whatWasRead({ ...emptyFacts(), services: { vds: new Map(), vsw: [], vcc: [] } }), 'no services'
  );
});

t.test('a file with no ldm output among files that have some is a warning, not an error', async (t) => {
  const files = [
    { name: 'notes.txt', content: 'just some notes\n' },
    { name: 'target.txt', content: '# ldm list\nNAME  STATE  FLAGS\nprimary  active  -n-cv-\n' },
  ];
  const reading = readCaptures(files, recordingReaders([]));
  t.same(reading.outputs.map((output) => output.file), ['target.txt']);
  t.match(reading.warnings[0], /^notes\.txt: no ldm output found .*, skipped$/);
  const none = t.throws(() => readCaptures([], recordingReaders([]))) as InputError;
  t.match(none.message, /no capture file/, 'no file at all names that');
});

t.test('merging: memory in PA order without duplicates, a bound row wins over the same free row, domains by name', async (t) => {
  const merged = mergeFacts([
    {
      ...emptyFacts(),
      memory: MemoryRows.from([{ pa: 0x188000000n, size: 1n << 30n, bound: null }, { pa: 0x108000000n, size: 1n << 30n, bound: null }]),
      domains: [{ ...emptyDomain('ldg-src'), state: 'active', blocks: [{ ra: 0x48000000n, pa: 0x248000000n, size: 1n << 30n }] }],
      services: { vds: new Map([['primary-vds0', ['vol1']]]), vsw: ['primary-vsw0'], vcc: [] },
      cpus: [{ pid: 8, free: 100, pm: null, bound: null }],
      warnings: ['a'],
    },
    {
      ...emptyFacts(),
      memory: MemoryRows.from([{ pa: 0x108000000n, size: 1n << 30n, bound: null }, { pa: 0x188000000n, size: 1n << 30n, bound: 'ldg1' }]),
      domains: [
        { ...emptyDomain('primary'), vcpus: 8 },
        { ...emptyDomain('ldg-src'), state: 'bound', vcpus: 4, blocks: [{ ra: 0x8000000n, pa: 0x208000000n, size: 1n << 30n }, { ra: 0x48000000n, pa: 0x248000000n, size: 1n << 30n }], vdisks: [{ name: 'd0', volume: 'vol1', service: 'primary-vds0' }] },
      ],
      services: { vds: new Map([['primary-vds0', ['vol1', 'vol2']]]), vsw: ['primary-vsw0', 'vsw1'], vcc: ['primary-vcc0'] },
      cpus: [{ pid: 8, free: 0, pm: null, bound: 'ldg1' }, { pid: 0, free: 0, pm: null, bound: 'primary' }],
      warnings: ['b'],
    },
  ]);
  t.same(merged.memory, MemoryRows.from([{ pa: 0x108000000n, size: 1n << 30n, bound: null }, { pa: 0x188000000n, size: 1n << 30n, bound: 'ldg1' }]));
  t.same(merged.domains.map((domain) => domain.name), ['ldg-src', 'primary']);
  const src = merged.domains[0]!;
  t.equal(src.state, 'active', 'the first output that shows a field wins');
  t.equal(src.vcpus, 4, 'a field missing from the first comes from the next');
  t.same(src.blocks.map((block) => block.ra), [0x8000000n, 0x48000000n], 'blocks united, sorted by RA');
  t.same(src.vdisks.map((disk) => disk.name), ['d0']);
  t.same([...merged.services.vds], [['primary-vds0', ['vol1', 'vol2']]]);
  t.same(merged.services.vsw, ['primary-vsw0', 'vsw1']);
  t.same(merged.services.vcc, ['primary-vcc0']);
  t.same(merged.cpus.map((cpu) => [cpu.pid, cpu.free]), [[0, 0], [8, 100]]);
  t.same(merged.warnings, ['a', 'b']);
});
