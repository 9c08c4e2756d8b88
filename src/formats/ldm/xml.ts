/**
 * The reader for `ldm` XML: `list-constraints -x`, `list-bindings -x` and
 * the replies of the XML interface, in both styles the releases wrote.
 *
 * - The **early** style (Logical Domains 1.0 to 1.2):
 *   `<LDM_interface version="1.0"><data version="2.0"><ldom>`, one `<ldom>`
 *   per domain, each resource an element named for its type (`<ldom_info>`,
 *   `<cpu>`, `<mau>`, `<memory>`, `<disk>` or `<vdisk>`, `<network>` or
 *   `<vnet>`, `<var>`…) whose children are its properties
 *   (`<ldom_name>`, `<number>`, `<size>`, `<vdisk_name>`, `<service_name>`…).
 * - The **OVF** style (1.3 on): `<Envelope>`, one `<Content ovf:id="NAME">`
 *   per domain, `<Section>`s of `<Item>`s, each item's type in
 *   `<rasd:OtherResourceType>` and its properties in rasd elements
 *   (`<rasd:AllocationUnits>4G</rasd:AllocationUnits>`) and
 *   `<gprop:GenericProperty key="…">` elements; `list-bindings -x` adds
 *   what is bound under `<bind:Binding>`, as items of their own.
 *
 * Both styles come down to the same thing, a resource with a type and
 * properties by key ({@link XmlResource}), and one set of rules reads
 * resources into {@link DomainFacts} whichever style carried them, so a key
 * the early style spells as an element and the OVF style as a
 * GenericProperty is looked up once.
 *
 * Tolerance, as ldm-formats.md asks: namespace prefixes are dropped whether
 * they were declared or not (documentation extracts often paste `<Envelope>`
 * without its `xmlns:` attributes); several XML documents in one output
 * (replies of the XML interface pasted one after another) are read in turn;
 * a resource type or element the reader does not know is skipped with a
 * warning. Properties the reader does not use (`timeout`, `hostid`, a
 * vnet's MAC address…) are passed over without one: every release added
 * some, and they carry nothing a migration question needs. What is never tolerated: XML that does not parse (an
 * {@link InputError} at the parser's line and column) and a value that does
 * not parse (an {@link InputError} at its own line — never a zero).
 *
 * @module
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../../quantity.js';
import {
  emptyDomain,
  emptyFacts,
  type BlockRow,
  type DomainFacts,
  type OutputFacts,
  type OutputText,
  type ServiceFacts,
  type VdiskFacts,
  type VnetFacts,
} from './model.js';
import { ldmAddress, ldmCount, ldmRegion, ldmSize, lineWarning } from './values.js';

// ---------------------------------------------------------------------------
// XML text → elements, with the line each starts on.

/** One element of an `ldm` XML output, as the reader walks it. */
export interface XmlElement {
  /** The local name: any namespace prefix removed, declared or not (`rasd:AllocationUnits` → `AllocationUnits`). */
  readonly name: string;
  /** 0-based index in the output's `lines` of the line the element starts on. */
  readonly index: number;
  /** Attributes by local name (`ovf:id` → `id`). */
  readonly attributes: ReadonlyMap<string, string>;
  /** The element's own text, entities decoded, trimmed; empty when it has none. */
  readonly text: string;
  /** Child elements, in document order. */
  readonly children: readonly XmlElement[];
}

/** The parser's record of where an element starts and ends (characters into the document). */
interface ElementPosition {
  readonly startIndex: number;
}

/** A node of fast-xml-parser's `preserveOrder` tree: `{ tag: children, ':@': attributes }` or `{ '#text': text }`. */
type OrderedNode = Record<string, unknown>;

const POSITION = XMLParser.getMetaDataSymbol() as unknown as symbol;

/**
 * One parser for every document. `preserveOrder` keeps children in
 * document order (the early style's resources are siblings of different
 * names); `captureMetaData` records where each element starts, so that a bad
 * value is reported at its own line; values stay strings (`parseTagValue`
 * off) because sizes and addresses are read exactly by values.ts, never as
 * doubles.
 */
const PARSER = new XMLParser({
  preserveOrder: true,
  captureMetaData: true,
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * Parse an output's XML into its top-level elements, in order (one per
 * document, more when an output holds several `<?xml` documents).
 *
 * Cost: O(length of the text), twice (fast-xml-parser validates, then
 * parses; its parser alone accepts unclosed tags silently).
 *
 * @throws {@link InputError} at the parser's `line L column C` in the
 *   capture file when the XML is malformed
 */
export function parseXml(text: OutputText): XmlElement[] {
  const source = text.lines.join('\n');
  const lines = new LineIndex(source);
  const starts = documentStarts(source);
  const roots: XmlElement[] = [];
  for (let d = 0; d < starts.length; d++) {
    const start = starts[d]!;
    const end = d + 1 < starts.length ? starts[d + 1]! : source.length;
    roots.push(...parseDocument(text, source.slice(start, end), start, lines));
  }
  return roots;
}

/**
 * Where each XML document starts: the first character that is not white
 * space (an XML declaration must come first in its document, and a capture
 * keeps the blank lines around an output), then every later `<?xml`.
 */
function documentStarts(source: string): number[] {
  let first = 0;
  while (first < source.length && ' \t\r\n'.includes(source[first]!)) first++;
  const starts = [first];
  for (let at = source.indexOf('<?xml', first + 1); at >= 0; at = source.indexOf('<?xml', at + 1)) starts.push(at);
  return starts;
}

function parseDocument(text: OutputText, xml: string, offset: number, lines: LineIndex): XmlElement[] {
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) {
    const { line, col, msg } = verdict.err;
    const index = lines.lineOf(offset) + line - 1;
    // The validator counts lines and columns from the document's start; only the first line shares the output's column.
    const column = col === undefined ? undefined : line === 1 ? lines.columnOf(offset) + col : col;
    throw xmlError(text, index, column, msg);
  }
  let nodes: OrderedNode[];
  try {
    nodes = PARSER.parse(xml) as OrderedNode[];
  } catch (error) {
    // What the validator lets through and the parser still refuses (nesting deeper than 100, a tag named __proto__).
    throw xmlError(text, lines.lineOf(offset), undefined, (error as Error).message);
  }
  return elementsOf(nodes, (at) => lines.lineOf(offset + at));
}

function xmlError(text: OutputText, index: number, column: number | undefined, message: string): InputError {
  const line = text.firstLine + index;
  const place = column === undefined ? `line ${line}` : `line ${line} column ${column}`;
  return new InputError(place, `malformed XML: ${message}`, '', text.file);
}

/** The elements among `nodes` (text nodes are their parent's text). */
function elementsOf(nodes: readonly OrderedNode[], lineAt: (at: number) => number): XmlElement[] {
  const elements: XmlElement[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((key) => key !== ':@');
    if (name !== undefined && name !== '#text') elements.push(elementOf(node, name, lineAt));
  }
  return elements;
}

function elementOf(node: OrderedNode, name: string, lineAt: (at: number) => number): XmlElement {
  const content = node[name] as OrderedNode[];
  let text = '';
  for (const part of content) if ('#text' in part) text += String(part['#text']);
  const attributes = new Map<string, string>();
  for (const [key, value] of Object.entries((node[':@'] ?? {}) as Record<string, unknown>)) attributes.set(key, String(value));
  // captureMetaData records a position on every element node.
  const position = (node as Record<symbol, unknown>)[POSITION] as ElementPosition;
  return { name, index: lineAt(position.startIndex), attributes, text: text.trim(), children: elementsOf(content, lineAt) };
}

/** Character offsets → 0-based line and column, by binary search over the line starts. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(source: string) {
    for (let at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }

  /** The 0-based line holding character `offset`. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** The 0-based column of character `offset` in its line. */
  columnOf(offset: number): number {
    return offset - this.starts[this.lineOf(offset)]!;
  }
}

// ---------------------------------------------------------------------------
// Elements → resources: a type and properties by key, whichever the style.

/** One property of a resource: its text and the line it is on. */
export interface XmlProperty {
  /** The text, trimmed; empty when the element was empty. */
  readonly value: string;
  /** 0-based index in the output's `lines`. */
  readonly index: number;
}

/**
 * A resource as either style describes it: an OVF `<Item>`, or an early
 * style element such as `<memory>`.
 */
export interface XmlResource {
  /**
   * The type in lower case (`memory`, `cpu`, `disk`, `network`, `ldom_info`…):
   * the OVF `rasd:OtherResourceType`, or the early style's element name; a
   * bound item without a type of its own takes its parent's; an OVF item
   * with no type at all has the empty string.
   */
  readonly kind: string;
  /** 0-based index in the output's `lines` of the line it starts on. */
  readonly index: number;
  /**
   * Properties by key, in lower case with `-` written `_` (so `real-addr`
   * and `real_addr` meet): the OVF GenericProperty keys and rasd elements
   * (`allocationunits`, `address`), or the early style's child elements.
   * The last of two with the same key wins.
   */
  readonly properties: ReadonlyMap<string, XmlProperty>;
  /** Nested resources: the items under an OVF `<bind:Binding>`, or the early style's nested elements. */
  readonly parts: readonly XmlResource[];
}

/**
 * Read an element as a resource (see {@link XmlResource}).
 *
 * @param element an OVF `<Item>` or an early style resource element
 * @param inheritedKind the type of the resource it is bound under, if any
 */
export function xmlResource(element: XmlElement, inheritedKind = ''): XmlResource {
  const type = element.children.find((child) => child.name === 'OtherResourceType');
  const kind = type !== undefined ? type.text.toLowerCase() : element.name === 'Item' ? inheritedKind : element.name.toLowerCase();
  const properties = new Map<string, XmlProperty>();
  const parts: XmlResource[] = [];
  for (const child of element.children) {
    if (child === type) continue;
    if (child.name === 'Binding') {
      for (const bound of child.children) parts.push(xmlResource(bound, kind));
    } else if (child.children.length > 0) {
      parts.push(xmlResource(child, kind));
    } else {
      const key = child.name === 'GenericProperty' ? child.attributes.get('key') : child.name;
      if (key !== undefined) properties.set(propertyKey(key), { value: child.text, index: child.index });
    }
  }
  return { kind, index: element.index, properties, parts };
}

function propertyKey(key: string): string {
  return key.toLowerCase().replaceAll('-', '_');
}

/** The first of `keys` the resource has with a non-empty value (an empty value means "not given", as in `ldm -p`). */
function property(resource: XmlResource, ...keys: string[]): XmlProperty | undefined {
  for (const key of keys) {
    const found = resource.properties.get(key);
    if (found !== undefined && found.value !== '') return found;
  }
  return undefined;
}

function valueOf(resource: XmlResource, ...keys: string[]): string | null {
  return property(resource, ...keys)?.value ?? null;
}

// ---------------------------------------------------------------------------
// Resources → facts.

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A domain being read: DomainFacts with lists that grow. */
type DomainDraft = Mutable<Omit<DomainFacts, 'blocks' | 'vdisks' | 'vnets' | 'physicalIo'>> & {
  blocks: BlockRow[];
  vdisks: VdiskFacts[];
  vnets: VnetFacts[];
  physicalIo: string[];
};

/** Everything read so far from one output. */
interface Reading {
  readonly text: OutputText;
  readonly domains: DomainFacts[];
  readonly warnings: string[];
  readonly vds: Map<string, string[]>;
  readonly vsw: string[];
  readonly vcc: string[];
  servicesSeen: boolean;
}

type DomainReader = (resource: XmlResource, domain: DomainDraft, reading: Reading) => void;
type ServiceReader = (resource: XmlResource, reading: Reading) => void;

/**
 * Read one `ldm` XML output: every domain it describes (by `<Content>` in
 * the OVF style, by `<ldom>` in the early style), in document order, and the
 * virtual I/O services it lists (`vds`, `vds_volume`, `vsw`, `vcc`
 * resources, inside a domain's description or on their own). Memory rows
 * and CPU rows are `list-devices` facts, which the XML outputs read here
 * do not carry: they stay empty.
 *
 * Per domain: its name, the state and soft state when `ldom_info` gives
 * them, the VCPU count (`cpu`), whole cores (`core`, or the `cpu`
 * resource's `wcore` when above 0), crypto units (`mau`), the memory size
 * (`memory`) and the `RA PA SIZE` blocks bound under it, virtual disks with
 * volume and service, virtual networks with their switch, the console's
 * service, and physical I/O devices (`physio_device`).
 *
 * Cost: O(length of the text).
 *
 * @throws {@link InputError} naming the file and `line L column C` when the
 *   XML is malformed, or `line L` when a size, address or count does not parse
 */
export function readXmlOutput(text: OutputText): OutputFacts {
  const reading: Reading = { text, domains: [], warnings: [], vds: new Map(), vsw: [], vcc: [], servicesSeen: false };
  for (const root of parseXml(text)) readElement(root, reading);
  if (reading.domains.length === 0 && !reading.servicesSeen) {
    reading.warnings.push(lineWarning(text, 0, 'no domain or service found in the XML'));
  }
  const services: ServiceFacts | null = reading.servicesSeen ? { vds: reading.vds, vsw: reading.vsw, vcc: reading.vcc } : null;
  return { ...emptyFacts(), domains: reading.domains, services, warnings: reading.warnings };
}

/** Elements that only wrap what matters: the interface's envelope, its command, the data. */
const WRAPPERS = new Set(['LDM_interface', 'LDM_event', 'cmd', 'data', 'Envelope']);
/** Elements known to say nothing the model holds: the command's name, OVF references and descriptions. */
const SILENT = new Set(['action', 'References', 'Info']);

function readElement(element: XmlElement, reading: Reading): void {
  switch (element.name) {
    case 'Content':
      readContent(element, reading);
      return;
    case 'ldom':
      readDomain(element, element.children.map((child) => xmlResource(child)), null, reading);
      return;
    case 'Section':
    case 'Item':
      // Resources outside any domain: a vds_volume "can appear on its own in an Envelope".
      for (const resource of itemsOf(element, reading)) readLooseResource(resource, reading);
      return;
    case 'response':
      readResponse(element, reading);
      return;
  }
  if (WRAPPERS.has(element.name)) {
    for (const child of element.children) readElement(child, reading);
  } else if (!SILENT.has(element.name)) {
    warn(reading, element.index, `unknown element ${element.name} skipped`);
  }
}

/**
 * An XML interface reply's `<response>`: nothing to say on success; on
 * anything else a warning with ldm's message, because the data the command
 * should have returned is missing and "no domain found" alone would hide why.
 */
function readResponse(response: XmlElement, reading: Reading): void {
  const status = response.children.find((child) => child.name === 'status')?.text ?? 'success';
  if (status === 'success') return;
  const message = response.children.find((child) => child.name === 'resp_msg')?.text ?? '';
  warn(reading, response.index, message === '' ? `the XML interface answered ${status}` : `the XML interface answered ${status}: ${message}`);
}

/** The resources of a `<Section>` (its items), or of an `<Item>` itself. */
function itemsOf(element: XmlElement, reading: Reading): XmlResource[] {
  if (element.name === 'Item') return [xmlResource(element)];
  const resources: XmlResource[] = [];
  for (const child of element.children) {
    if (child.name === 'Item') resources.push(xmlResource(child));
    else if (!SILENT.has(child.name)) warn(reading, child.index, `unknown element ${child.name} in a Section skipped`);
  }
  return resources;
}

/** An OVF `<Content>`: one domain, named by its `id` (or, failing that, by `ldom_info`). */
function readContent(content: XmlElement, reading: Reading): void {
  const resources: XmlResource[] = [];
  for (const child of content.children) {
    if (child.name === 'Section' || child.name === 'Item') resources.push(...itemsOf(child, reading));
    else if (!SILENT.has(child.name) && child.name !== 'Name') warn(reading, child.index, `unknown element ${child.name} in a Content skipped`);
  }
  readDomain(content, resources, content.attributes.get('id') ?? null, reading);
}

function readDomain(element: XmlElement, resources: readonly XmlResource[], id: string | null, reading: Reading): void {
  const info = resources.find((resource) => resource.kind === 'ldom_info');
  const name = id ?? (info === undefined ? null : valueOf(info, 'ldom_name', 'name'));
  if (name === null || name === '') {
    warn(reading, element.index, 'a domain without a name skipped');
    return;
  }
  const domain: DomainDraft = { ...emptyDomain(name), blocks: [], vdisks: [], vnets: [], physicalIo: [] };
  for (const resource of resources) {
    const readDomainResource = DOMAIN_READERS.get(resource.kind);
    if (readDomainResource !== undefined) readDomainResource(resource, domain, reading);
    else readLooseResource(resource, reading);
  }
  domain.blocks.sort((a, b) => (a.ra < b.ra ? -1 : a.ra > b.ra ? 1 : 0));
  reading.domains.push(domain);
}

/** A resource that is not a fact of the domain around it (or has no domain around it): a service, or skipped. */
function readLooseResource(resource: XmlResource, reading: Reading): void {
  const readService = SERVICE_READERS.get(resource.kind);
  if (readService !== undefined) readService(resource, reading);
  else if (DOMAIN_READERS.has(resource.kind)) warn(reading, resource.index, `${resource.kind} resource outside any domain skipped`);
  else if (resource.kind === '') warn(reading, resource.index, 'an Item without rasd:OtherResourceType skipped');
  else if (!SKIPPED_KINDS.has(resource.kind)) warn(reading, resource.index, `unknown resource type ${resource.kind} skipped`);
}

/**
 * Resource types that say nothing a migration question needs: OpenBoot
 * variables, SP configurations, DRM policies, data-plane and domain
 * channels. Skipped without a warning, because every real domain has some
 * (`var` above all) and a warning on each would bury the ones that matter.
 */
const SKIPPED_KINDS = new Set(['var', 'spconfig', 'policy', 'vdpcs', 'vdpcc', 'vldc', 'vldcc']);

function warn(reading: Reading, index: number, what: string): void {
  reading.warnings.push(lineWarning(reading.text, index, what));
}

/** A whole count (`4`), or null when not given. */
function countOf(resource: XmlResource, reading: Reading, what: string, ...keys: string[]): number | null {
  const found = property(resource, ...keys);
  return found === undefined ? null : ldmCount(reading.text, found.index, found.value, what);
}

function readInfo(resource: XmlResource, domain: DomainDraft): void {
  domain.state = valueOf(resource, 'state') ?? domain.state;
  domain.flags = valueOf(resource, 'flags') ?? domain.flags;
  domain.softstate = valueOf(resource, 'softstate') ?? domain.softstate;
}

function readCpu(resource: XmlResource, domain: DomainDraft, reading: Reading): void {
  // AllocationUnits counts virtual CPUs, never cores (the guides say so since 2.x); `wcore` is the whole-core count, 0 when not whole-core.
  domain.vcpus = countOf(resource, reading, 'cpu count', 'allocationunits', 'number') ?? domain.vcpus;
  const wholeCores = countOf(resource, reading, 'wcore', 'wcore');
  if (wholeCores !== null && wholeCores > 0) domain.cores = wholeCores;
}

function readCores(resource: XmlResource, domain: DomainDraft, reading: Reading): void {
  domain.cores = countOf(resource, reading, 'core count', 'allocationunits', 'number') ?? domain.cores;
}

function readCrypto(resource: XmlResource, domain: DomainDraft, reading: Reading): void {
  domain.cryptoUnits = countOf(resource, reading, 'crypto unit count', 'allocationunits', 'number') ?? domain.cryptoUnits;
}

function readMemory(resource: XmlResource, domain: DomainDraft, reading: Reading): void {
  const size = property(resource, 'allocationunits', 'size');
  if (size !== undefined) domain.memory = ldmSize(reading.text, size.index, size.value, 'memory size');
  for (const part of resource.parts) readBlock(part, domain, reading);
  const named = property(resource, 'mblock');
  // `mblock=PA:size` binds named physical memory; its real addresses are the hypervisor's choice, so it is not a block row.
  if (named !== undefined) warn(reading, named.index, 'named memory (mblock) gives no real address: not read as blocks');
}

/** One `RA PA SIZE` block: a bound item under `memory`, or an `mblock` resource. */
function readBlock(resource: XmlResource, domain: DomainDraft, reading: Reading): void {
  const ra = property(resource, 'real_addr', 'ra', 'real_address', 'raddr');
  const pa = property(resource, 'phys_addr', 'pa', 'physical_address', 'paddr');
  const size = property(resource, 'size', 'allocationunits');
  if (ra === undefined || pa === undefined || size === undefined) {
    warn(reading, resource.index, 'memory binding without a real address, physical address and size skipped');
    return;
  }
  const { text } = reading;
  domain.blocks.push(
    ldmRegion(text, size.index, {
      ra: ldmAddress(text, ra.index, ra.value, 'real address'),
      pa: ldmAddress(text, pa.index, pa.value, 'physical address'),
      size: ldmSize(text, size.index, size.value, 'block size'),
    }),
  );
}

function readVdisk(resource: XmlResource, domain: DomainDraft, reading: Reading): void {
  const name = valueOf(resource, 'vdisk_name', 'name');
  if (name === null) {
    warn(reading, resource.index, 'a virtual disk without a name skipped');
    return;
  }
  const volume = valueOf(resource, 'vol_name', 'volume');
  const service = valueOf(resource, 'service_name', 'vds_name', 'service');
  // Listings write the volume as `vol@vds`; accept it here too when no service is given apart.
  const at = volume === null || service !== null ? -1 : volume.lastIndexOf('@');
  if (at > 0) domain.vdisks.push({ name, volume: volume!.slice(0, at), service: volume!.slice(at + 1) });
  else domain.vdisks.push({ name, volume, service });
}

function readVnet(resource: XmlResource, domain: DomainDraft, reading: Reading): void {
  const name = valueOf(resource, 'vnet_name', 'name');
  if (name === null) {
    warn(reading, resource.index, 'a virtual network without a name skipped');
    return;
  }
  const vswitch = valueOf(resource, 'service_name', 'vsw_name', 'switch');
  domain.vnets.push({ name, switch: vswitch, hybrid: valueOf(resource, 'mode') === 'hybrid' });
}

function readConsole(resource: XmlResource, domain: DomainDraft): void {
  domain.console = valueOf(resource, 'service_name', 'vcc_name', 'service') ?? domain.console;
}

function readPhysicalIo(resource: XmlResource, domain: DomainDraft, reading: Reading): void {
  const device = valueOf(resource, 'name', 'device', 'dev', 'path');
  if (device === null) warn(reading, resource.index, 'a physical I/O device without a name skipped');
  else domain.physicalIo.push(device);
}

/** Resource types read as facts of the domain around them, by every name the releases gave them. */
const DOMAIN_READERS: ReadonlyMap<string, DomainReader> = new Map<string, DomainReader>([
  ['ldom_info', readInfo],
  ['cpu', readCpu],
  ['vcpu', readCpu],
  ['core', readCores],
  ['mau', readCrypto],
  ['crypto', readCrypto],
  ['memory', readMemory],
  ['mblock', readBlock],
  ['disk', readVdisk],
  ['vdisk', readVdisk],
  ['network', readVnet],
  ['vnet', readVnet],
  ['console', readConsole],
  ['vcons', readConsole],
  ['physio_device', readPhysicalIo],
]);

function serviceName(resource: XmlResource, reading: Reading, what: string): string | null {
  const name = valueOf(resource, 'service_name', 'name');
  if (name === null) warn(reading, resource.index, `a ${what} without a service name skipped`);
  else reading.servicesSeen = true;
  return name;
}

function readVds(resource: XmlResource, reading: Reading): void {
  const name = serviceName(resource, reading, 'vds');
  if (name !== null && !reading.vds.has(name)) reading.vds.set(name, []);
}

function readVdsVolume(resource: XmlResource, reading: Reading): void {
  const volume = valueOf(resource, 'vol_name', 'volume');
  const name = serviceName(resource, reading, 'vds_volume');
  if (name === null) return;
  const volumes = reading.vds.get(name) ?? [];
  reading.vds.set(name, volumes);
  if (volume === null) warn(reading, resource.index, 'a vds_volume without a volume name skipped');
  else if (!volumes.includes(volume)) volumes.push(volume);
}

function addName(names: string[], name: string | null): void {
  if (name !== null && !names.includes(name)) names.push(name);
}

/** Service resources, read wherever they appear (the service domain's description, or on their own). */
const SERVICE_READERS: ReadonlyMap<string, ServiceReader> = new Map<string, ServiceReader>([
  ['vds', readVds],
  ['vds_volume', readVdsVolume],
  ['vsw', (resource, reading) => addName(reading.vsw, serviceName(resource, reading, 'vsw'))],
  ['vcc', (resource, reading) => addName(reading.vcc, serviceName(resource, reading, 'vcc'))],
]);
