/**
 * The ldm XML reader (formats/ldm/xml.ts): both styles, read exactly from
 * the example captures in examples/ldm/xml/; malformed XML and bad values
 * as InputErrors at the capture's line (and column); unknown elements as
 * warnings; and, for any text at all, facts or one located InputError.
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import t from 'tap';
import { emptyDomain, type DomainFacts, MemoryRows, type OutputFacts, type OutputText } from '../../../src/formats/ldm/model.js';
import { parseXml, readXmlOutput, xmlResource } from '../../../src/formats/ldm/xml.js';
import { InputError } from '../../../src/quantity.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const EXAMPLES = 'examples/ldm/xml';
const G = 1n << 30n;
const M = 1n << 20n;

/**
 * An example capture as the capture reader hands it over: the command line,
 * when there is one, is not part of the output (the XML starts at line 2).
 */
function example(name: string): OutputText {
  const file = `${EXAMPLES}/${name}`;
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const hasCommand = !lines[0]!.startsWith('<');
  return {
    file,
    firstLine: hasCommand ? 2 : 1,
    lines: hasCommand ? lines.slice(1) : lines,
    command: hasCommand ? lines[0]!.replace(/^.*ldm /, '') : null,
  };
}

/** An output of the given text, starting at line 1 of `out.txt`. */
function output(xml: string, firstLine = 1): OutputText {
  return { file: 'out.txt', firstLine, lines: xml.split('\n'), command: 'list-constraints -x' };
}

/** A domain with only the given facts shown. */
function domain(name: string, shown: Partial<DomainFacts>): DomainFacts {
  return { ...emptyDomain(name), ...shown };
}

/** An OVF output: one Content per entry, each holding the given items. */
function ovf(contents: Record<string, string[]>): string {
  const body = Object.entries(contents)
    .map(([id, items]) => `<Content ovf:id="${id}">\n${items.map((item) => `<Section>\n${item}\n</Section>`).join('\n')}\n</Content>`)
    .join('\n');
  return `<?xml version="1.0"?>\n<LDM_interface version="1.3">\n<data version="3.0">\n<Envelope>\n${body}\n</Envelope>\n</data>\n</LDM_interface>`;
}

/** An OVF item of the given type and inner elements. */
function item(type: string, ...inner: string[]): string {
  return `<Item>\n<rasd:OtherResourceType>${type}</rasd:OtherResourceType>\n${inner.join('\n')}\n</Item>`;
}

const prop = (key: string, value: string): string => `<gprop:GenericProperty key="${key}">${value}</gprop:GenericProperty>`;
const units = (value: string): string => `<rasd:AllocationUnits>${value}</rasd:AllocationUnits>`;

/** The InputError `read` throws (failing the test when it throws none). */
function errorOf(read: () => unknown): InputError {
  try {
    read();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('no InputError thrown');
}

// ---------------------------------------------------------------------------
// The examples, fact for fact.

t.test('early style, list-constraints -x (1.0): one domain, disk and network elements, vars skipped quietly', (t) => {
  t.strictSame(readXmlOutput(example('early-list-constraints.txt')), {
    memory: MemoryRows.EMPTY,
    domains: [
      domain('ldg1', {
        vcpus: 4,
        cryptoUnits: 1,
        memory: 2n * G,
        vdisks: [{ name: 'vdisk1', volume: 'vol1', service: 'primary-vds0' }],
        vnets: [{ name: 'vnet1', switch: 'primary-vsw0', hybrid: false }],
      }),
    ],
    services: null,
    cpus: [],
    crypto: [],
    warnings: [],
  } satisfies OutputFacts);
  t.end();
});

t.test('early style, other element names: vdisk/vnet/vcons, name children, vol@vds, two domains, no declaration', (t) => {
  const facts = readXmlOutput(example('early-variant-names.txt'));
  t.strictSame(facts.domains, [
    domain('ldg-src', {
      state: 'active',
      vcpus: 8,
      cryptoUnits: 1,
      memory: 2048n * M,
      vdisks: [{ name: 'vdisk0', volume: 'vol1', service: 'primary-vds0' }],
      vnets: [{ name: 'vnet0', switch: 'primary-vsw0', hybrid: false }],
      console: 'primary-vcc0',
    }),
    domain('ldg2', { vcpus: 2, memory: 512n * M }),
  ]);
  t.strictSame(facts.warnings, []);
  t.equal(facts.services, null);
  t.end();
});

t.test('OVF style, list-constraints -x with declared namespaces: cores from wcore, two disks, a hybrid vnet, the console', (t) => {
  const facts = readXmlOutput(example('ovf-list-constraints.txt'));
  t.strictSame(facts.domains, [
    domain('ldg1', {
      vcpus: 16,
      cores: 2,
      cryptoUnits: 2,
      memory: 4n * G,
      vdisks: [
        { name: 'vdisk0', volume: 'ldg1-root', service: 'primary-vds0' },
        { name: 'vdisk1', volume: 'ldg1-data', service: 'primary-vds0' },
      ],
      vnets: [
        { name: 'vnet0', switch: 'primary-vsw0', hybrid: false },
        { name: 'vnet1', switch: 'backup-vsw1', hybrid: true },
      ],
      console: 'primary-vcc0',
    }),
  ]);
  t.strictSame(facts.warnings, []);
  t.end();
});

t.test('OVF style without namespace declarations: two domains, physical I/O, services in and outside a Content', (t) => {
  const facts = readXmlOutput(example('ovf-undeclared-prefixes.txt'));
  t.strictSame(facts.domains, [
    domain('primary', { state: 'active', softstate: 'Solaris running', vcpus: 8, memory: 8n * G, physicalIo: ['pci@400'] }),
    domain('ldg1', { vcpus: 4, memory: 1536n * M, vdisks: [{ name: 'vdisk0', volume: 'vol1', service: 'primary-vds0' }] }),
  ]);
  t.strictSame(facts.services, {
    vds: new Map([['primary-vds0', ['vol1', 'vol2']]]),
    vsw: ['primary-vsw0'],
    vcc: ['primary-vcc0'],
  });
  t.strictSame(facts.warnings, []);
  t.end();
});

t.test('OVF style, list-bindings -x of the seed domain: state, flags and the RA PA SIZE blocks under bind:Binding', (t) => {
  const facts = readXmlOutput(example('ovf-list-bindings.txt'));
  t.strictSame(facts.domains, [
    domain('ldg-src', {
      state: 'active',
      flags: '-n----',
      vcpus: 2,
      memory: 3n * G,
      blocks: [
        { ra: 0x8000000n, pa: 0x208000000n, size: 2n * G },
        { ra: 0x88000000n, pa: 0x400000000n, size: 1n * G },
      ],
      vdisks: [{ name: 'vdisk0', volume: 'vol1', service: 'primary-vds0' }],
      vnets: [{ name: 'vnet0', switch: 'primary-vsw0', hybrid: false }],
      console: 'primary-vcc0',
    }),
  ]);
  t.strictSame(facts.warnings, []);
  t.end();
});

t.test('XML interface replies, two documents in one output: both read, in order, core resource counted', (t) => {
  const facts = readXmlOutput(example('ovf-interface-replies.txt'));
  t.strictSame(facts.domains, [
    domain('ldg3', { vcpus: 8, cryptoUnits: 1, memory: 16n * G }),
    domain('ldg4', { cores: 2, memory: 32n * G }),
  ]);
  t.strictSame(facts.warnings, []);
  t.end();
});

t.test('every example file is read by a test above', (t) => {
  t.strictSame(readdirSync(EXAMPLES).sort(), [
    'early-list-constraints.txt',
    'early-variant-names.txt',
    'ovf-interface-replies.txt',
    'ovf-list-bindings.txt',
    'ovf-list-constraints.txt',
    'ovf-undeclared-prefixes.txt',
  ]);
  t.end();
});

// ---------------------------------------------------------------------------
// Malformed XML: one InputError at the parser's line and column in the capture.

t.test('an unclosed tag is an error at the line and column where the parser noticed, counted in the capture', (t) => {
  const error = errorOf(() => readXmlOutput(output('<LDM_interface>\n  <data>\n    <ldom>\n  </data>\n</LDM_interface>', 10)));
  t.equal(error.file, 'out.txt');
  t.equal(error.field, 'line 13 column 3');
  t.match(error.message, /^out\.txt: line 13 column 3: malformed XML: Expected closing tag 'ldom'/);
  t.end();
});

t.test('an error on the first line of a document indented in its line counts the indent in the column', (t) => {
  // The validator points at the unquoted attribute, b, in column 7 of the capture's line.
  const error = errorOf(() => readXmlOutput(output('\n   <a b=1/>')));
  t.equal(error.field, 'line 2 column 7');
  t.end();
});

t.test('an error in the second document of an output is at its line in the capture', (t) => {
  const xml = '<?xml version="1.0"?>\n<a/>\n<?xml version="1.0"?>\n<a>\n<b>\n</a>';
  t.equal(errorOf(() => readXmlOutput(output(xml, 5))).field, 'line 10 column 1');
  t.end();
});

t.test('a second document starting mid-line keeps that line\'s column for its first line', (t) => {
  t.equal(errorOf(() => readXmlOutput(output('<a/>  <?xml version="1.0"?><b c=1/>'))).field, 'line 1 column 31');
  t.end();
});

t.test('text that is not XML at all, and an empty output, are errors at their first line', (t) => {
  t.equal(errorOf(() => readXmlOutput(output('Target Password:'))).field, 'line 1 column 1');
  t.equal(errorOf(() => readXmlOutput(output('\u0001<a/>'))).field, 'line 1 column 1');
  t.equal(errorOf(() => readXmlOutput(output('', 7))).field, 'line 7');
  t.equal(errorOf(() => readXmlOutput({ file: 'out.txt', firstLine: 3, lines: [], command: null })).field, 'line 3');
  t.end();
});

t.test('what only the parser refuses (nesting past 100, a tag named __proto__) is an error at the document\'s first line', (t) => {
  const deep = `\n${'<a>'.repeat(150)}${'</a>'.repeat(150)}`;
  t.match(errorOf(() => readXmlOutput(output(deep, 4))).message, /^out\.txt: line 5: malformed XML: /);
  const proto = errorOf(() => readXmlOutput(output('<a>\n<__proto__>1</__proto__>\n</a>')));
  t.equal(proto.field, 'line 1');
  t.match(proto.detail, /malformed XML: .*__proto__/);
  t.end();
});

// ---------------------------------------------------------------------------
// Values: exact, and an error at their own line when they do not parse.

t.test('a size that is not a size is an error at its own line, never a zero', (t) => {
  const xml = ovf({ ldg1: [item('memory', units('4Q'))] });
  const error = errorOf(() => readXmlOutput(output(xml, 20)));
  t.equal(error.field, `line ${20 + xml.split('\n').findIndex((line) => line.includes('4Q'))}`);
  t.equal(error.detail, 'memory size is not a size');
  t.equal(error.text, '4Q');
  t.end();
});

t.test('a block address that is not hex, and a count that is not whole, are errors at their lines', (t) => {
  const block = (ra: string): string =>
    ovf({ d: [item('memory', `<bind:Binding>${item('memory', prop('real_addr', ra), prop('phys_addr', '0x0'), prop('size', '1G'))}</bind:Binding>`)] });
  t.equal(errorOf(() => readXmlOutput(output(block('8000000')))).detail, 'real address is not a hex address');
  t.equal(errorOf(() => readXmlOutput(output(block('0x10000000000000000')))).detail, 'real address does not fit in 64 bits');
  const cpus = ovf({ d: [item('cpu', units('4.5'))] });
  const error = errorOf(() => readXmlOutput(output(cpus)));
  t.equal(error.detail, 'cpu count is not a whole number');
  t.equal(error.field, `line ${1 + cpus.split('\n').findIndex((line) => line.includes('4.5'))}`);
  t.equal(errorOf(() => readXmlOutput(output(ovf({ d: [item('cpu', prop('wcore', 'all'))] })))).detail, 'wcore is not a whole number');
  t.end();
});

t.test('sizes read exactly up to 64 bits; an empty value means not shown', (t) => {
  const facts = readXmlOutput(output(ovf({ big: [item('memory', units('16383P'))], empty: [item('memory', units(''))] })));
  t.strictSame(
    facts.domains.map((d) => d.memory),
    [16383n << 50n, null],
  );
  t.end();
});

t.test('blocks come out sorted by RA, from bindings, nested early-style elements and mblock resources alike', (t) => {
  const bound = (ra: string, pa: string, size: string): string => item('memory', prop('ra', ra), prop('pa', pa), prop('size', size));
  const xml = ovf({
    d: [
      item('memory', units('3G'), `<bind:Binding>\n${bound('0x88000000', '0x100000000', '512M')}\n${bound('0x8000000', '0x200000000', '2G')}\n</bind:Binding>`),
      item('mblock', prop('real-addr', '0x48000000'), prop('phys-addr', '0x300000000'), units('512M')),
    ],
  });
  t.strictSame(readXmlOutput(output(xml)).domains[0]!.blocks, [
    { ra: 0x8000000n, pa: 0x200000000n, size: 2n * G },
    { ra: 0x48000000n, pa: 0x300000000n, size: 512n * M },
    { ra: 0x88000000n, pa: 0x100000000n, size: 512n * M },
  ]);
  const early = '<ldom><ldom_info><ldom_name>e</ldom_name></ldom_info><memory><size>1G</size>\n<mblock><real_addr>0x8000000</real_addr><phys_addr>0x10000000</phys_addr><size>1G</size></mblock></memory></ldom>';
  t.strictSame(readXmlOutput(output(early)).domains[0]!.blocks, [{ ra: 0x8000000n, pa: 0x10000000n, size: G }]);
  t.end();
});

// ---------------------------------------------------------------------------
// What is shown, and what is not.

t.test('a resource without its value shows nothing: cpu, core, mau, console, vds_volume without a service', (t) => {
  const facts = readXmlOutput(
    output(ovf({ d: [item('cpu'), item('core'), item('mau'), item('console', prop('port', '5000')), item('vds_volume', prop('vol_name', 'v'))] })),
  );
  t.strictSame(facts.domains, [domain('d', {})]);
  t.equal(facts.services, null);
  t.match(facts.warnings, [/: a vds_volume without a service name skipped$/]);
  t.end();
});

t.test('two blocks at the same RA are both kept: refusing them is for the question built from them, not the reader', (t) => {
  const bound = (pa: string): string => item('memory', prop('ra', '0x8000000'), prop('pa', pa), prop('size', '1G'));
  const xml = ovf({ d: [item('memory', `<bind:Binding>\n${bound('0x100000000')}\n${bound('0x200000000')}\n</bind:Binding>`)] });
  t.strictSame(
    readXmlOutput(output(xml)).domains[0]!.blocks.map((block) => block.pa),
    [0x100000000n, 0x200000000n],
  );
  t.end();
});

t.test('cores: wcore 0 means not whole-core (null); a core resource counts cores', (t) => {
  const facts = readXmlOutput(output(ovf({ a: [item('cpu', units('8'), prop('wcore', '0'))], b: [item('core', units('3'))] })));
  t.strictSame(
    facts.domains.map((d) => [d.vcpus, d.cores]),
    [
      [8, null],
      [null, 3],
    ],
  );
  t.end();
});

t.test('a Content without an id takes its name from ldom_info; with neither, the domain is skipped with a warning', (t) => {
  const named = '<Envelope>\n<Content>\n<Section>\n' + item('ldom_info', prop('name', 'ldg9')) + '\n</Section>\n</Content>\n</Envelope>';
  t.strictSame(readXmlOutput(output(named)).domains.map((d) => d.name), ['ldg9']);
  const anonymous = readXmlOutput(output('<Envelope>\n<Content>\n<Section>\n' + item('cpu', units('4')) + '\n</Section>\n</Content>\n</Envelope>', 3));
  t.strictSame(anonymous.domains, []);
  t.strictSame(anonymous.warnings, ['out.txt:4: a domain without a name skipped', 'out.txt:3: no domain or service found in the XML']);
  t.end();
});

t.test('vol@vds is split only when no service is given apart', (t) => {
  const facts = readXmlOutput(
    output(
      ovf({
        d: [
          item('disk', prop('vdisk_name', 'a'), prop('vol_name', 'v1@vds1')),
          item('disk', prop('vdisk_name', 'b'), prop('vol_name', 'v@x'), prop('service_name', 'vds2')),
          item('disk', prop('vdisk_name', 'c')),
          item('disk', prop('vdisk_name', 'd'), prop('vol_name', '@odd')),
        ],
      }),
    ),
  );
  t.strictSame(facts.domains[0]!.vdisks, [
    { name: 'a', volume: 'v1', service: 'vds1' },
    { name: 'b', volume: 'v@x', service: 'vds2' },
    { name: 'c', volume: null, service: null },
    { name: 'd', volume: '@odd', service: null },
  ]);
  t.end();
});

t.test('services are listed once each, however often they appear', (t) => {
  const facts = readXmlOutput(
    output(
      ovf({
        primary: [
          item('vds', prop('service_name', 's')),
          item('vds_volume', prop('vol_name', 'v'), prop('service_name', 's')),
          item('vds_volume', prop('vol_name', 'v'), prop('service_name', 's')),
          item('vds_volume', prop('vol_name', 'w'), prop('service_name', 'new')),
          item('vds', prop('service_name', 's')),
          item('vsw', prop('service_name', 'sw')),
          item('vsw', prop('name', 'sw')),
          item('vcc', prop('service_name', 'cc')),
          item('vcc', prop('service_name', 'cc')),
        ],
      }),
    ),
  );
  t.strictSame(facts.services, { vds: new Map([['s', ['v']], ['new', ['w']]]), vsw: ['sw'], vcc: ['cc'] });
  t.end();
});

// ---------------------------------------------------------------------------
// Warnings: what is skipped, at its line.

t.test('unknown elements and resource types are skipped with a warning at their line', (t) => {
  const xml = [
    '<LDM_interface>', // 1
    '<data>', // 2
    '<Envelope>', // 3
    '<Content id="d">', // 4
    '<Section>', // 5
    '<Item><rasd:OtherResourceType>vsan</rasd:OtherResourceType></Item>', // 6
    '<Item><rasd:AllocationUnits>4</rasd:AllocationUnits></Item>', // 7
    '<Gadget/>', // 8
    '</Section>', // 9
    '<Widget/>', // 10
    '<Item><rasd:OtherResourceType>var</rasd:OtherResourceType></Item>', // 11
    '</Content>', // 12
    '<Section><Item><rasd:OtherResourceType>memory</rasd:OtherResourceType></Item></Section>', // 13
    '</Envelope>', // 14
    '<Thing/>', // 15
    '</data>', // 16
    '<response><status>success</status></response>', // 17
    '</LDM_interface>', // 18
  ].join('\n');
  t.strictSame(readXmlOutput(output(xml)).warnings, [
    'out.txt:8: unknown element Gadget in a Section skipped',
    'out.txt:10: unknown element Widget in a Content skipped',
    'out.txt:6: unknown resource type vsan skipped',
    'out.txt:7: an Item without rasd:OtherResourceType skipped',
    'out.txt:13: memory resource outside any domain skipped',
    'out.txt:15: unknown element Thing skipped',
  ]);
  t.end();
});

t.test('resources missing what names them are skipped with a warning', (t) => {
  const facts = readXmlOutput(
    output(
      ovf({
        d: [
          item('disk', prop('vol_name', 'v')),
          item('network', prop('service_name', 'sw')),
          item('physio_device'),
          item('vds'),
          item('vds_volume', prop('service_name', 's')),
          item('memory', units('1G'), `<bind:Binding>${item('memory', prop('real_addr', '0x0'))}</bind:Binding>`),
          item('memory', prop('mblock', '0x400000000:1G')),
        ],
      }),
    ),
  );
  t.strictSame(
    facts.warnings.map((warning) => warning.replace(/^out\.txt:\d+: /, '')),
    [
      'a virtual disk without a name skipped',
      'a virtual network without a name skipped',
      'a physical I/O device without a name skipped',
      'a vds without a service name skipped',
      'a vds_volume without a volume name skipped',
      'memory binding without a real address, physical address and size skipped',
      'named memory (mblock) gives no real address: not read as blocks',
    ],
  );
  t.strictSame(facts.services, { vds: new Map([['s', []]]), vsw: [], vcc: [] });
  t.equal(facts.domains[0]!.memory, G);
  t.end();
});

t.test('an output with no domain and no service says so, and says why when the XML interface answered a failure', (t) => {
  const reply = (response: string): OutputFacts =>
    readXmlOutput(output(`<LDM_interface>\n<cmd><action>list-bindings</action>\n${response}\n</cmd>\n</LDM_interface>`, 12));
  const failed = reply('<response><status>failure</status><resp_msg>Domain ldg7 not found</resp_msg></response>');
  t.strictSame(failed.domains, []);
  t.equal(failed.services, null);
  t.strictSame(failed.warnings, [
    'out.txt:14: the XML interface answered failure: Domain ldg7 not found',
    'out.txt:12: no domain or service found in the XML',
  ]);
  t.strictSame(reply('<response><status>partial</status></response>').warnings.slice(0, 1), ['out.txt:14: the XML interface answered partial']);
  t.strictSame(reply('<response/>').warnings, ['out.txt:12: no domain or service found in the XML']);
  t.end();
});

// ---------------------------------------------------------------------------
// The layers the reader is built from.

t.test('parseXml: local names, attributes without prefixes, decoded trimmed text, 0-based line indexes, document order', (t) => {
  const [root] = parseXml(output('<?xml version="1.0"?>\n<ovf:Envelope x:a="1">\n  <b>  5 &lt; 6 </b><c/>\n  <b>2</b>\n</ovf:Envelope>'));
  t.equal(root!.name, 'Envelope');
  t.equal(root!.index, 1);
  t.strictSame([...root!.attributes], [['a', '1']]);
  t.strictSame(
    root!.children.map((child) => [child.name, child.index, child.text]),
    [
      ['b', 2, '5 < 6'],
      ['c', 2, ''],
      ['b', 3, '2'],
    ],
  );
  t.end();
});

t.test('xmlResource: type from OtherResourceType or the element name; bound items inherit it; keys normalised', (t) => {
  const [element] = parseXml(
    output(item('Memory', prop('Real-Addr', '0x0'), units('1G'), '<bind:Binding><Item><gprop:GenericProperty key="size">1G</gprop:GenericProperty></Item></bind:Binding>', '<gprop:GenericProperty>no key</gprop:GenericProperty>')),
  );
  const resource = xmlResource(element!);
  t.equal(resource.kind, 'memory');
  t.strictSame([...resource.properties.keys()], ['real_addr', 'allocationunits']);
  t.strictSame(resource.parts.map((part) => [part.kind, [...part.properties.keys()]]), [['memory', ['size']]]);
  const [early] = parseXml(output('<Disk><vdisk_name>x</vdisk_name></Disk>'));
  t.equal(xmlResource(early!).kind, 'disk');
  const [bare] = parseXml(output('<Item><a>1</a></Item>'));
  t.equal(xmlResource(bare!).kind, '');
  t.end();
});

// ---------------------------------------------------------------------------
// Whatever the text: facts (maybe with warnings), or one InputError at a line of the output.

/** Read `text` and check the outcome is facts or an InputError located inside the output. */
function readsOrFailsCleanly(text: OutputText): boolean {
  try {
    const facts = readXmlOutput(text);
    return Array.isArray(facts.domains) && facts.warnings.every((warning) => warning.startsWith(`${text.file}:`));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const line = /^line (\d+)( column \d+)?$/.exec(error.field);
    const last = text.firstLine + Math.max(text.lines.length, 1) - 1;
    return error.file === text.file && line !== null && Number(line[1]) >= text.firstLine && Number(line[1]) <= last;
  }
}

const EXAMPLE_TEXTS = readdirSync(EXAMPLES).map((name) => readFileSync(`${EXAMPLES}/${name}`, 'utf8'));
const XML_WORDS = ['<', '>', '</', '/>', '="', '"', ' ', '\n', 'Item', 'rasd:OtherResourceType', 'memory', 'cpu', 'disk', 'gprop:GenericProperty', 'key', 'Content', 'Section', 'ldom', 'ldom_info', 'ldom_name', 'size', '4G', '0x8000000', 'real_addr', 'bind:Binding', '<?xml version="1.0"?>', '&lt;', '&', 'Envelope', 'id'];

t.test('arbitrary text never crashes the reader', (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 1, max: 1000 }), (text, firstLine) =>
      readsOrFailsCleanly(output(text, firstLine)),
    ),
    { numRuns: FUZZ_RUNS },
  );
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...XML_WORDS), { maxLength: 120 }), (words) => readsOrFailsCleanly(output(words.join('')))),
    { numRuns: FUZZ_RUNS },
  );
  t.end();
});

t.test('truncated and mutated examples never crash the reader', (t) => {
  const example = fc.constantFrom(...EXAMPLE_TEXTS);
  fc.assert(
    fc.property(example, fc.double({ min: 0, max: 1, noNaN: true }), (text, cut) =>
      readsOrFailsCleanly(output(text.slice(0, Math.floor(text.length * cut)))),
    ),
    { numRuns: FUZZ_RUNS },
  );
  const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat(8), insert: fc.oneof(fc.constantFrom(...XML_WORDS), fc.string({ maxLength: 4 })) });
  fc.assert(
    fc.property(example, fc.array(edit, { minLength: 1, maxLength: 6 }), (text, edits) => {
      let mutated = text;
      for (const { at, remove, insert } of edits) {
        const position = Math.floor(mutated.length * at);
        mutated = mutated.slice(0, position) + insert + mutated.slice(position + remove);
      }
      return readsOrFailsCleanly(output(mutated));
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.end();
});
