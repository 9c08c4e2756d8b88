/**
 * The human `ldm` listings, read into {@link OutputFacts}: `list-devices [-a]
 * [memory|cpu|crypto|mau|core]` and its all-sections form, `list-services`,
 * the domain table of `list`, and the per-domain forms `list -l`,
 * `list-bindings`, `list -o …` and `list-constraints`.
 *
 * Every listing is one shape: titles at column 0 (`MEMORY`, `VCPU`, …), each
 * followed by an indented header and rows, with domain rows (`list`), bare
 * names (`NAME` / `DOMAIN` then the name) and lines of dashes between
 * domains. Column widths changed with every release and a long domain name
 * pushes the later columns right, so rows are split on whitespace and
 * matched to the header by token order, never by character positions; the
 * only position used is indentation, which is how `ldm` nests a sub-table
 * (`PEER`, `CLIENT`) or continues a row (a second volume of a `VDS`).
 *
 * A value that does not parse is an {@link InputError} at its file and line
 * (see values.ts); a section, column or line this reader does not know is
 * skipped with a warning. Nothing else throws.
 *
 * @module
 */
import type { InputError } from '../../quantity.js';
import {
  emptyDomain,
  emptyFacts,
  type BlockRow,
  type CpuRow,
  type CryptoRow,
  type DomainFacts,
  type MemoryRow,
  MemoryRows,
  type OutputFacts,
  type OutputText,
  type VdiskFacts,
  type VnetFacts,
} from './model.js';
import { ldmAddress, ldmCount, ldmRegion, ldmSize, lineError, lineWarning } from './values.js';

/**
 * Which family a human listing belongs to. `devices` (`list-devices`,
 * `list-rsrc-group -l`) and `services` (`list-services`) describe the
 * machine; `domains` (`list`, `list -l`, `list-bindings`, `list -o`,
 * `list-constraints`) describe domains, one after another.
 */
export type HumanListingKind = 'devices' | 'services' | 'domains';

/** What {@link recogniseHumanListing} found. */
export interface HumanListing {
  /** The family, which decides how titles at column 0 are read. */
  readonly kind: HumanListingKind;
  /**
   * The command: `text.command` when it names a human listing, else a best
   * guess from the content in the canonical long form (`list-devices -a
   * memory`, `list -l`, `list -o memory`, `list-services`, …).
   */
  readonly command: string;
}

/** Commands (and the aliases `ldm` accepts) by the family they print. */
const COMMAND_KINDS: ReadonlyMap<string, HumanListingKind> = new Map([
  ['list-devices', 'devices'],
  ['ls-devices', 'devices'],
  ['list-rsrc-group', 'devices'],
  ['ls-rsrc-group', 'devices'],
  ['list-services', 'services'],
  ['ls-services', 'services'],
  ['list', 'domains'],
  ['ls', 'domains'],
  ['list-domain', 'domains'],
  ['list-bindings', 'domains'],
  ['ls-bindings', 'domains'],
  ['list-constraints', 'domains'],
  ['ls-constraints', 'domains'],
]);

/** Options that make a listing parseable or XML: not for this reader. */
const MACHINE_FORMAT_OPTIONS = new Set(['-p', '-x', '--parseable', '--xml']);

/** Section titles that list services: a listing that opens with one is `list-services`. */
const SERVICE_TITLES = new Set(['VCC', 'VSW', 'VDS']);

/** The `list-devices` resource each section title stands for, for the command guess. */
const DEVICE_RESOURCES: ReadonlyMap<string, string> = new Map([
  ['MEMORY', 'memory'],
  ['VCPU', 'cpu'],
  ['MAU', 'crypto'],
  ['CRYPTO', 'crypto'],
  ['CORE', 'core'],
  ['IO', 'io'],
]);

/** The domain table's columns; any other is skipped with a warning. */
const LIST_COLUMNS = new Set(['NAME', 'STATE', 'FLAGS', 'CONS', 'VCPU', 'MEMORY', 'UTIL', 'NORM', 'UPTIME']);

/** Columns of the MEMORY sections (`PA SIZE [BOUND]`, `RA PA SIZE`, `SIZE`). */
const MEMORY_COLUMNS = new Set(['RA', 'PA', 'SIZE', 'BOUND']);

/** Columns of the machine's VCPU section (`PID %FREE [PM] [BOUND]`). */
const CPU_COLUMNS = new Set(['PID', '%FREE', 'FREE', 'PM', 'BOUND']);

/** A section title: one upper-case word at column 0. */
const TITLE = /^[A-Z][A-Z0-9_-]*$/;

/** A word of a table header (`%FREE`, `PORT-RANGE`, `DEFAULT-VLAN-ID`). */
const HEADER_WORD = /^[A-Z%][A-Z0-9%_-]*$/;

/** A line of dashes at column 0: the separator between domains. */
const SEPARATOR = /^-{3,}\s*$/;

/** A MEMORY column value with a unit (`4G`, `512M`): how a blank CONS is told from a console port. */
const SIZE_WITH_UNIT = /^\d+[KMGTP]B?$/i;

/** A domain as it is being read: the model's fields, writable. */
interface DomainDraft {
  name: string;
  state: string | null;
  flags: string | null;
  vcpus: number | null;
  memory: bigint | null;
  blocks: BlockRow[];
  cores: number | null;
  cryptoUnits: number | null;
  physicalIo: string[];
  vdisks: VdiskFacts[];
  vnets: VnetFacts[];
  console: string | null;
  softstate: string | null;
}

/** Services as they are being read. */
interface ServicesDraft {
  vds: Map<string, string[]>;
  vsw: string[];
  vcc: string[];
}

/** The state of one reading: what has been found, and where the reader stands. */
interface Reading {
  readonly text: OutputText;
  readonly kind: HumanListingKind;
  readonly memory: MemoryRow[];
  readonly cpus: CpuRow[];
  readonly crypto: CryptoRow[];
  readonly domains: DomainFacts[];
  readonly warnings: string[];
  services: ServicesDraft | null;
  /** The domain the sections belong to, or null (machine listings, or after a separator). */
  domain: DomainDraft | null;
  /** The domain table's header tokens, upper case, once seen. */
  listHeader: readonly string[] | null;
}

/** A section: its title line and the non-blank lines under it (indices into `text.lines`). */
interface Section {
  readonly title: string;
  readonly index: number;
  readonly body: readonly number[];
}

/** A row of a section's table with the deeper lines that continue it. */
interface TableRow {
  readonly index: number;
  readonly tokens: readonly string[];
  readonly continuations: readonly TableRow[];
}

/** A section read as a table: the header's tokens (upper case) and its rows. */
interface Table {
  readonly header: readonly string[];
  readonly rows: readonly TableRow[];
}

/** The whitespace-separated fields of a line (none for a blank line). */
function fields(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/** Whether a line starts at column 0, the mark of titles, domain rows and separators. */
function atColumnZero(line: string): boolean {
  return line.length > 0 && /\S/.test(line[0] as string);
}

/** Indentation in characters (a tab counts as one: only comparisons within one section matter). */
function indentOf(line: string): number {
  return line.search(/\S/);
}

/** Whether the tokens are the domain table's header (`NAME STATE FLAGS …`, any case). */
function isListHeader(tokens: readonly string[]): boolean {
  return tokens.length >= 2 && (tokens[0] as string).toUpperCase() === 'NAME' && (tokens[1] as string).toUpperCase() === 'STATE';
}

/** Whether a line is a section title. */
function isTitleLine(line: string): boolean {
  return atColumnZero(line) && TITLE.test(line.trimEnd());
}

/** The index of the first non-blank line at or after `from`, or `lines.length`. */
function nextNonBlank(lines: readonly string[], from: number): number {
  let index = from;
  while (index < lines.length && (lines[index] as string).trim() === '') index++;
  return index;
}

/**
 * Recognise a human listing: from `text.command` when it names one (aliases
 * included; `-p` and `-x` forms are not human), else from the first lines —
 * a title at column 0 (`MEMORY`, `VCPU`, … for `list-devices`; `VCC`, `VSW`,
 * `VDS` for `list-services`), the `NAME STATE FLAGS` header, `NAME` alone
 * (`list -o`, or `list-rsrc-group -l` when the name is a `/SYS/…` group),
 * `DOMAIN` alone (`list-constraints`).
 *
 * @returns the family and the command, or null when the text is none of these
 */
export function recogniseHumanListing(text: OutputText): HumanListing | null {
  if (text.command !== null) {
    const words = text.command.trim().split(/\s+/);
    const kind = COMMAND_KINDS.get(words[0] as string);
    if (kind !== undefined && !words.some((word) => MACHINE_FORMAT_OPTIONS.has(word))) {
      return { kind, command: text.command };
    }
  }
  return guessListing(text.lines);
}

/** The listing the content shows, from its first non-blank line (see {@link recogniseHumanListing}). */
function guessListing(lines: readonly string[]): HumanListing | null {
  const first = nextNonBlank(lines, 0);
  if (first === lines.length || !atColumnZero(lines[first] as string)) return null;
  const tokens = fields(lines[first] as string);
  const headers = sectionHeaders(lines, first);
  if (isListHeader(tokens)) return { kind: 'domains', command: headers.size > 0 ? 'list -l' : 'list' };
  if (tokens.length !== 1) return null;
  const word = tokens[0] as string;
  if (word === 'DOMAIN') return { kind: 'domains', command: 'list-constraints' };
  if (word === 'NAME') {
    const name = lines[nextNonBlank(lines, first + 1)];
    if (name?.trimStart().startsWith('/')) return { kind: 'devices', command: 'list-rsrc-group -l' };
    return { kind: 'domains', command: headers.size === 1 && headers.has('MEMORY') ? 'list -o memory' : 'list -o' };
  }
  if (!TITLE.test(word)) return null;
  if (SERVICE_TITLES.has(word)) return { kind: 'services', command: 'list-services' };
  return { kind: 'devices', command: devicesCommand(headers) };
}

/**
 * The section titles at or after line `from`, each with the tokens of the
 * header under its first appearance (the next non-blank line). One pass;
 * only header lines are split, so a million-row listing costs one regular
 * expression test a line.
 */
function sectionHeaders(lines: readonly string[], from: number): Map<string, readonly string[]> {
  const headers = new Map<string, readonly string[]>();
  for (let index = from; index < lines.length; index++) {
    const line = lines[index] as string;
    if (!isTitleLine(line)) continue;
    const title = line.trimEnd();
    if (title === 'NAME' || title === 'DOMAIN' || headers.has(title)) continue;
    headers.set(title, fields(lines[nextNonBlank(lines, index + 1)] ?? ''));
  }
  return headers;
}

/**
 * The `list-devices` command a listing came from: `-a` when a header has a
 * BOUND column (only `-a` lists bound resources), and the resource when the
 * listing has one section.
 */
function devicesCommand(headers: ReadonlyMap<string, readonly string[]>): string {
  const all = [...headers.values()].some((header) => header.includes('BOUND')) ? ' -a' : '';
  const titles = [...headers.keys()];
  const resource = titles.length === 1 ? DEVICE_RESOURCES.get(titles[0] as string) : undefined;
  return `list-devices${all}${resource === undefined ? '' : ` ${resource}`}`;
}

/**
 * Read a human `ldm` listing: the entry point. Recognises the listing (see
 * {@link recogniseHumanListing}) and reads it as a machine listing
 * ({@link readMachineListing}) or a domain listing ({@link readDomainListing});
 * text that is no human listing gives empty facts and one warning.
 *
 * Cost: linear in the text's length.
 *
 * @throws {@link InputError} at `file: line N` when a value does not parse
 */
export function readHumanOutput(text: OutputText): OutputFacts {
  const listing = recogniseHumanListing(text);
  if (listing === null) {
    const first = Math.min(nextNonBlank(text.lines, 0), Math.max(text.lines.length - 1, 0));
    return { ...emptyFacts(), warnings: [lineWarning(text, first, 'not a human ldm listing: skipped')] };
  }
  return read(text, listing.kind);
}

/**
 * Read a listing of the machine's resources: `list-devices [-a] [resource]`
 * (the MEMORY and VCPU sections give memory and CPU rows; CORE, MAU and IO
 * are recognised and skipped, the model has no rows for them),
 * `list-services` (VCC, VSW, VDS) and `list-rsrc-group -l` (its group names
 * are skipped). A domain row or bare name is not expected here and is
 * skipped with a warning.
 *
 * @throws {@link InputError} at `file: line N` when a value does not parse
 */
export function readMachineListing(text: OutputText): OutputFacts {
  return read(text, 'devices');
}

/**
 * Read a listing of domains: the `list` table, `list -l`, `list-bindings`,
 * `list -o …` and `list-constraints`. Each domain starts at its table row or
 * at `NAME` / `DOMAIN` and its name, and ends at a line of dashes or the next
 * domain; the sections between are that domain's (VCC, VSW and VDS are the
 * machine's services wherever they appear).
 *
 * @throws {@link InputError} at `file: line N` when a value does not parse
 */
export function readDomainListing(text: OutputText): OutputFacts {
  return read(text, 'domains');
}

/** The common reader: one pass over the lines, column-0 lines deciding what follows. */
function read(text: OutputText, kind: HumanListingKind): OutputFacts {
  const reading: Reading = {
    text,
    kind,
    memory: [],
    cpus: [],
    crypto: [],
    domains: [],
    warnings: [],
    services: null,
    domain: null,
    listHeader: null,
  };
  const { lines } = text;
  let index = 0;
  while (index < lines.length) index = readAt(reading, index);
  finishDomain(reading);
  return {
    memory: MemoryRows.from(reading.memory),
    domains: reading.domains,
    services: reading.services,
    cpus: reading.cpus,
    crypto: reading.crypto,
    warnings: reading.warnings,
  };
}

/** Read whatever starts at line `index`; returns the index of the next line to read. */
function readAt(reading: Reading, index: number): number {
  const line = reading.text.lines[index] as string;
  const tokens = fields(line);
  if (tokens.length === 0) return index + 1;
  if (!atColumnZero(line)) {
    // Indented text belongs to a section; here it has none (its title was lost or never there).
    reading.warnings.push(lineWarning(reading.text, index, 'indented line outside any section skipped'));
    return index + 1;
  }
  if (SEPARATOR.test(line)) {
    finishDomain(reading);
    return index + 1;
  }
  const domains = reading.kind === 'domains';
  if (domains && isListHeader(tokens)) {
    reading.listHeader = readListHeader(reading, index, tokens);
    return index + 1;
  }
  if (tokens.length === 1 && (tokens[0] === 'NAME' || tokens[0] === 'DOMAIN')) return readBareName(reading, index);
  if (tokens.length === 1 && TITLE.test(tokens[0] as string)) return readSection(reading, index);
  if (domains && reading.listHeader !== null) {
    finishDomain(reading);
    reading.domain = draftOf(readDomainRow(reading.text, index, reading.listHeader));
    return index + 1;
  }
  reading.warnings.push(lineWarning(reading.text, index, 'line not understood, skipped'));
  return index + 1;
}

/** The domain table's header, upper case; unknown columns are named in a warning. */
function readListHeader(reading: Reading, index: number, tokens: readonly string[]): string[] {
  const header = tokens.map((token) => token.toUpperCase());
  for (const column of header) {
    if (!LIST_COLUMNS.has(column)) reading.warnings.push(lineWarning(reading.text, index, `unknown column ${column} in the domain table skipped`));
  }
  return header;
}

/**
 * `NAME` (or `DOMAIN`) alone, then the name on the next non-blank line: how
 * `list -o` and `list-constraints` start a domain. In a machine listing the
 * name is a resource group's (`list-rsrc-group -l`) and is skipped.
 */
function readBareName(reading: Reading, index: number): number {
  const { lines } = reading.text;
  const next = nextNonBlank(lines, index + 1);
  const line = lines[next];
  if (line === undefined || isTitleLine(line) || SEPARATOR.test(line) || isListHeader(fields(line))) {
    reading.warnings.push(lineWarning(reading.text, index, `${(lines[index] as string).trim()} without a name after it skipped`));
    return index + 1;
  }
  if (reading.kind === 'domains') {
    finishDomain(reading);
    reading.domain = draftOf(emptyDomain(fields(line)[0] as string));
  }
  return next + 1;
}

/**
 * Read one row of the domain table (`list`, and the first row of `list -l`
 * and `list-bindings`) against the table's header (upper case).
 *
 * Tokens are taken in header order up to MEMORY; the columns after it
 * (UTIL, NORM, UPTIME with its spaces) are not read, and a row that stops
 * early (bound and inactive domains) leaves the rest null. CONS may be
 * blank: when the tokens where CONS and VCPU should be are a count followed
 * by a size with a unit (`8 4G`), they are VCPU and MEMORY and CONS is empty
 * — a console port is a count too, but MEMORY always carries a unit.
 *
 * @throws {@link InputError} at the row's line when VCPU or MEMORY does not parse
 */
export function readDomainRow(text: OutputText, index: number, header: readonly string[]): DomainFacts {
  const tokens = fields(text.lines[index] ?? '');
  if (tokens.length === 0) throw lineError(text, index, 'a domain row is blank');
  const draft = draftOf(emptyDomain(tokens[0] as string));
  let next = 0;
  for (const column of header) {
    if (column === 'CONS' && /^\d+$/.test(tokens[next] ?? '') && SIZE_WITH_UNIT.test(tokens[next + 1] ?? '')) continue;
    const value = tokens[next++];
    if (value === undefined) break;
    if (column === 'NAME') draft.name = value;
    else if (column === 'STATE') draft.state = value;
    else if (column === 'FLAGS') draft.flags = value;
    else if (column === 'VCPU') draft.vcpus = ldmCount(text, index, value, 'VCPU');
    else if (column === 'MEMORY') {
      draft.memory = ldmSize(text, index, value, 'MEMORY');
      break;
    }
  }
  return finishDraft(draft);
}

/** A domain's facts as a draft to add to. */
function draftOf(facts: DomainFacts): DomainDraft {
  return {
    ...facts,
    blocks: [...facts.blocks],
    physicalIo: [...facts.physicalIo],
    vdisks: [...facts.vdisks],
    vnets: [...facts.vnets],
  };
}

/**
 * A draft as the model's facts: blocks sorted by RA, and, when the output
 * gave no total but listed blocks (`list -o memory`), the total as their sum
 * — the blocks are all of the domain's memory.
 */
function finishDraft(draft: DomainDraft): DomainFacts {
  const blocks = [...draft.blocks].sort((a, b) => (a.ra < b.ra ? -1 : a.ra > b.ra ? 1 : 0));
  const memory = draft.memory ?? (blocks.length > 0 ? blocks.reduce((sum, block) => sum + block.size, 0n) : null);
  return { ...draft, memory, blocks };
}

/** Close the current domain, if any, and add it to the facts. */
function finishDomain(reading: Reading): void {
  if (reading.domain !== null) reading.domains.push(finishDraft(reading.domain));
  reading.domain = null;
}

/** What each known section title does with its section. */
const SECTION_READERS: ReadonlyMap<string, (reading: Reading, section: Section) => void> = new Map([
  ['UUID', skipSection],
  ['MAC', skipSection],
  ['HOSTID', skipSection],
  ['CONTROL', skipSection],
  ['DEPENDENCY', skipSection],
  ['VARIABLES', skipSection],
  ['SOFTSTATE', readSoftstate],
  ['MEMORY', readMemory],
  ['VCPU', readVcpu],
  ['CORE', (reading, section) => readUnitCount(reading, section, 'cores')],
  ['MAU', (reading, section) => readUnitCount(reading, section, 'cryptoUnits')],
  ['CRYPTO', (reading, section) => readUnitCount(reading, section, 'cryptoUnits')],
  ['IO', readIo],
  ['NETWORK', readNetwork],
  ['DISK', readDisk],
  ['VCONS', readConsole],
  ['VCC', (reading, section) => readServiceNames(reading, section, 'vcc')],
  ['VSW', (reading, section) => readServiceNames(reading, section, 'vsw')],
  ['VDS', readVds],
]);

/**
 * Read the section whose title is at line `index`: its body runs to the
 * next non-blank line at column 0, blank lines included (the all-sections
 * `list-devices` separates sections by blank or space-only lines, and
 * `list-rsrc-group -l` puts one between a title and its header).
 */
function readSection(reading: Reading, index: number): number {
  const { lines } = reading.text;
  const title = (lines[index] as string).trim();
  let end = index + 1;
  // SOFTSTATE's value sits at column 0 on the next line, where a new title would.
  if (title === 'SOFTSTATE' && isSoftstateValue(lines[end])) end++;
  const body: number[] = [];
  for (; end < lines.length && !atColumnZero(lines[end] as string); end++) {
    if ((lines[end] as string).trim() !== '') body.push(end);
  }
  const section = { title, index, body };
  const reader = SECTION_READERS.get(title);
  if (reader === undefined) reading.warnings.push(lineWarning(reading.text, index, `unknown section ${title} skipped`));
  else reader(reading, section);
  return end;
}

/** Whether a line is SOFTSTATE's value at column 0 (`Solaris running`), not the next title or domain. */
function isSoftstateValue(line: string | undefined): line is string {
  return line !== undefined && atColumnZero(line) && !isTitleLine(line) && !SEPARATOR.test(line) && !isListHeader(fields(line));
}

/** A section that carries nothing the model holds (UUID, MAC, HOSTID, CONTROL, DEPENDENCY, VARIABLES). */
function skipSection(): void {}

/** SOFTSTATE: the guest's state, on the line after the title (or, indented, in the body). */
function readSoftstate(reading: Reading, section: Section): void {
  const { lines } = reading.text;
  const domain = domainOf(reading, section);
  if (domain === null) return;
  const at = isSoftstateValue(lines[section.index + 1]) ? section.index + 1 : section.body[0];
  if (at !== undefined) domain.softstate = (lines[at] as string).trim();
}

/** The current domain, or null with a warning: a domain's section outside any domain is skipped. */
function domainOf(reading: Reading, section: Section): DomainDraft | null {
  if (reading.domain === null) {
    reading.warnings.push(lineWarning(reading.text, section.index, `${section.title} section outside a domain skipped`));
  }
  return reading.domain;
}

/**
 * A section's table: the first body line is the header; the others are rows.
 * A line deeper than the header continues the row above it, unless it is a
 * header itself (`PEER`, `CLIENT`): then it opens a sub-table whose lines
 * are skipped until a row at the header's depth.
 */
function tableOf(reading: Reading, section: Section): Table | null {
  const { lines } = reading.text;
  const [headerIndex, ...rowIndices] = section.body;
  if (headerIndex === undefined) return null;
  const headerIndent = indentOf(lines[headerIndex] as string);
  const rows: { index: number; tokens: string[]; continuations: TableRow[] }[] = [];
  let inSubTable = false;
  for (const index of rowIndices) {
    const line = lines[index] as string;
    const tokens = fields(line);
    const last = rows[rows.length - 1];
    if (indentOf(line) <= headerIndent) {
      inSubTable = false;
      rows.push({ index, tokens, continuations: [] });
    } else if (tokens.every((token) => HEADER_WORD.test(token))) {
      inSubTable = true;
    } else if (inSubTable) {
      continue;
    } else if (last === undefined) {
      // A deeper first row has nothing to continue: it is read as a row rather than dropped.
      rows.push({ index, tokens, continuations: [] });
    } else {
      last.continuations.push({ index, tokens, continuations: [] });
    }
  }
  return { header: fields(lines[headerIndex] as string).map((token) => token.toUpperCase()), rows };
}

/**
 * Every row of a table, continuations included, in order: for the sections
 * whose rows never nest (MEMORY, the machine's VCPU), where a row that is
 * indented deeper must still be read rather than dropped without a word.
 */
function everyRow(table: Table): TableRow[] {
  return table.rows.flatMap((row) => [row, ...row.continuations]);
}

/** Warn once for each header column not in `known`. */
function warnUnknownColumns(reading: Reading, section: Section, header: readonly string[], known: ReadonlySet<string>): void {
  for (const column of header) {
    if (!known.has(column)) {
      reading.warnings.push(lineWarning(reading.text, section.body[0] as number, `unknown column ${column} in ${section.title} skipped`));
    }
  }
}

/** Warn that a section's header is not one this reader knows, so the section is skipped. */
function warnHeader(reading: Reading, section: Section): void {
  reading.warnings.push(lineWarning(reading.text, section.body[0] as number, `${section.title} header not understood, section skipped`));
}

/** The value in `column` of a row, or an input error naming the column when the row stops short. */
function required(reading: Reading, row: TableRow, header: readonly string[], column: string): string {
  const value = row.tokens[header.indexOf(column)];
  if (value === undefined) throw lineError(reading.text, row.index, `row has no ${column} value`, row.tokens.join(' '));
  return value;
}

/** The value in `column` of a row, or null when the header has no such column or the row leaves it blank. */
function optional(row: TableRow, header: readonly string[], column: string): string | null {
  const at = header.indexOf(column);
  return at < 0 ? null : (row.tokens[at] ?? null);
}

/** Warn when a row has more values than its header has columns (values shifted or glued on). */
function checkWidth(reading: Reading, row: TableRow, header: readonly string[]): void {
  if (row.tokens.length > header.length) {
    reading.warnings.push(lineWarning(reading.text, row.index, 'more values than the header has columns; the extra skipped'));
  }
}

/**
 * MEMORY, by its header: `RA PA SIZE` is a domain's blocks, `PA SIZE
 * [BOUND]` the machine's memory rows (`list-devices`; a row without BOUND is
 * free), `SIZE` alone a domain's constraint (`list-constraints`). Every line
 * under the header is a row, whatever its indentation: MEMORY has no
 * sub-tables, and a row must never be dropped without a word.
 */
function readMemory(reading: Reading, section: Section): void {
  const table = tableOf(reading, section);
  if (table === null) return;
  const { header } = table;
  const rows = everyRow(table);
  if (!header.includes('SIZE')) return warnHeader(reading, section);
  warnUnknownColumns(reading, section, header, MEMORY_COLUMNS);
  if (header.includes('RA')) return readBlocks(reading, section, header, rows);
  if (header.includes('PA')) {
    for (const row of rows) reading.memory.push(memoryRow(reading, row, header));
    return;
  }
  const domain = domainOf(reading, section);
  const first = rows[0];
  if (domain !== null && first !== undefined) domain.memory = ldmSize(reading.text, first.index, required(reading, first, header, 'SIZE'), 'SIZE');
}

/** One `PA SIZE [BOUND]` row. */
function memoryRow(reading: Reading, row: TableRow, header: readonly string[]): MemoryRow {
  checkWidth(reading, row, header);
  return ldmRegion(reading.text, row.index, {
    pa: ldmAddress(reading.text, row.index, required(reading, row, header, 'PA'), 'PA'),
    size: ldmSize(reading.text, row.index, required(reading, row, header, 'SIZE'), 'SIZE'),
    bound: optional(row, header, 'BOUND'),
  });
}

/**
 * `RA PA SIZE` rows: the current domain's blocks. A row identical to one
 * already read is a line pasted twice, not more memory: it is skipped with
 * a warning, so the blocks (and the total summed from them) stay right.
 * Rows that differ are all kept, even when they overlap: judging them is
 * the placement's check, not the reader's.
 */
function readBlocks(reading: Reading, section: Section, header: readonly string[], rows: readonly TableRow[]): void {
  if (!header.includes('PA')) return warnHeader(reading, section);
  const domain = domainOf(reading, section);
  if (domain === null) return;
  const seen = new Set(domain.blocks.map(blockKey));
  for (const row of rows) {
    checkWidth(reading, row, header);
    const block = ldmRegion(reading.text, row.index, {
      ra: ldmAddress(reading.text, row.index, required(reading, row, header, 'RA'), 'RA'),
      pa: ldmAddress(reading.text, row.index, required(reading, row, header, 'PA'), 'PA'),
      size: ldmSize(reading.text, row.index, required(reading, row, header, 'SIZE'), 'SIZE'),
    });
    if (seen.has(blockKey(block))) {
      reading.warnings.push(lineWarning(reading.text, row.index, 'the same block again, skipped'));
      continue;
    }
    seen.add(blockKey(block));
    domain.blocks.push(block);
  }
}

/** A block as a key for finding it again. */
function blockKey(block: BlockRow): string {
  return `${block.ra}:${block.pa}:${block.size}`;
}

/**
 * VCPU, by its header: `PID %FREE [PM] [BOUND]` is the machine's strands
 * (`list-devices`); in a domain, `COUNT` is its constraint and any other
 * header (`VID PID UTIL STRAND`) lists one row per virtual CPU, which gives
 * the count when the domain row did not.
 */
function readVcpu(reading: Reading, section: Section): void {
  const table = tableOf(reading, section);
  if (table === null) return;
  const { header, rows } = table;
  const freeColumn = header.includes('%FREE') ? '%FREE' : 'FREE';
  if (header.includes('PID') && header.includes(freeColumn)) {
    warnUnknownColumns(reading, section, header, CPU_COLUMNS);
    for (const row of everyRow(table)) reading.cpus.push(cpuRow(reading, row, header, freeColumn));
    return;
  }
  const domain = domainOf(reading, section);
  if (domain === null) return;
  if (header.includes('COUNT')) {
    const first = rows[0];
    if (first !== undefined) domain.vcpus = ldmCount(reading.text, first.index, required(reading, first, header, 'COUNT'), 'VCPU COUNT');
  } else {
    domain.vcpus ??= rows.length;
  }
}

/** One `PID %FREE [PM] [BOUND]` row; `%FREE` may carry its percent sign. */
function cpuRow(reading: Reading, row: TableRow, header: readonly string[], freeColumn: string): CpuRow {
  checkWidth(reading, row, header);
  const free = required(reading, row, header, freeColumn);
  return {
    pid: ldmCount(reading.text, row.index, required(reading, row, header, 'PID'), 'PID'),
    free: ldmCount(reading.text, row.index, free.endsWith('%') ? free.slice(0, -1) : free, freeColumn),
    pm: optional(row, header, 'PM'),
    bound: optional(row, header, 'BOUND'),
  };
}

/**
 * CORE and MAU: in a domain, `COUNT` is its constraint and any other header
 * (`CID CPUSET`, `ID CPUSET`) lists one row per unit bound. In a machine
 * listing MAU (or CRYPTO) rows are the crypto units, free or bound (see
 * {@link readCryptoRows}); CORE rows are skipped (whole free cores are
 * counted from the strands).
 */
function readUnitCount(reading: Reading, section: Section, field: 'cores' | 'cryptoUnits'): void {
  if (reading.kind !== 'domains') {
    if (field === 'cryptoUnits') readCryptoRows(reading, section);
    return;
  }
  const domain = domainOf(reading, section);
  const table = tableOf(reading, section);
  if (domain === null || table === null) return;
  const { header, rows } = table;
  const first = rows[0];
  if (!header.includes('COUNT')) domain[field] = rows.length;
  else if (first !== undefined) domain[field] = ldmCount(reading.text, first.index, required(reading, first, header, 'COUNT'), `${section.title} COUNT`);
}

/** `ID CPUSET [BOUND]`: the CPUSET holds spaces (`(0, 1, 2)`), so BOUND is what follows its closing parenthesis. */
const CRYPTO_ROW = /^\s*(\S+)\s+(?:\([^)]*\)|\S+)\s*(\S*)\s*$/;

/**
 * The crypto units of a machine listing (`list-devices [-a] crypto`, `mau`):
 * one row a unit, bound to the domain in BOUND (with `-a`) or free. A row
 * that does not read as `ID CPUSET [BOUND]` is an error at its line, never a
 * unit counted free by mistake.
 */
function readCryptoRows(reading: Reading, section: Section): void {
  const [headerAt, ...rows] = section.body;
  if (headerAt === undefined) return;
  const header = fields(reading.text.lines[headerAt] as string);
  if (!header.includes('ID')) return warnHeader(reading, section);
  const hasBound = header.includes('BOUND');
  for (const index of rows) {
    const match = CRYPTO_ROW.exec(reading.text.lines[index] as string);
    if (match === null || (!hasBound && match[2] !== '')) throw lineError(reading.text, index, 'not a crypto unit row (ID CPUSET [BOUND])', (reading.text.lines[index] as string).trim());
    reading.crypto.push({ id: ldmCount(reading.text, index, match[1]!, 'ID'), bound: match[2] === '' ? null : match[2]! });
  }
}

/**
 * IO in a domain: the physical devices it owns, one a row, by the DEVICE
 * column (`pci@780`, `niu@80`, `pci@400/pci@1/…`). In a machine listing the
 * model holds no I/O rows: skipped.
 */
function readIo(reading: Reading, section: Section): void {
  if (reading.kind !== 'domains') return;
  const found = domainTable(reading, section, []);
  if (found === null) return;
  const { domain, table } = found;
  const column = table.header.includes('DEVICE') ? 'DEVICE' : 'NAME';
  if (!table.header.includes(column)) return warnHeader(reading, section);
  for (const row of table.rows) {
    const device = required(reading, row, table.header, column);
    // 3.x underlines some headers with dashes; they are not devices.
    if (!/^-+$/.test(device)) domain.physicalIo.push(device);
  }
}

/** The part of `name@where` before `@` (`primary-vsw0@primary` → `primary-vsw0`). */
function beforeAt(value: string): string {
  const at = value.indexOf('@');
  return at < 0 ? value : value.slice(0, at);
}

/** The rows of a domain's section whose header has every column in `columns`, or null after a warning. */
function domainTable(reading: Reading, section: Section, columns: readonly string[]): { domain: DomainDraft; table: Table } | null {
  const domain = domainOf(reading, section);
  if (domain === null) return null;
  const table = tableOf(reading, section);
  if (table === null) return null;
  if (!columns.every((column) => table.header.includes(column))) {
    warnHeader(reading, section);
    return null;
  }
  return { domain, table };
}

/**
 * NETWORK: the domain's virtual networks, by NAME and SERVICE (`vsw@domain`
 * in bindings, the bare switch in constraints). Hybrid I/O shows as
 * `hybrid` in the MODE column, which may be blank, so it is looked for
 * among the row's values rather than at a position.
 */
function readNetwork(reading: Reading, section: Section): void {
  const found = domainTable(reading, section, ['NAME', 'SERVICE']);
  if (found === null) return;
  const { domain, table } = found;
  for (const row of table.rows) {
    const service = optional(row, table.header, 'SERVICE');
    domain.vnets.push({
      name: required(reading, row, table.header, 'NAME'),
      switch: service === null ? null : beforeAt(service),
      hybrid: row.tokens.includes('hybrid'),
    });
  }
}

/** DISK: the domain's virtual disks, by NAME and VOLUME (`volume@vds`). */
function readDisk(reading: Reading, section: Section): void {
  const found = domainTable(reading, section, ['NAME', 'VOLUME']);
  if (found === null) return;
  const { domain, table } = found;
  for (const row of table.rows) domain.vdisks.push(vdiskOf(required(reading, row, table.header, 'NAME'), optional(row, table.header, 'VOLUME')));
}

/**
 * A virtual disk from its name and its `volume@vds` value: the volume
 * before `@`, the service after it (null when the value has no `@`).
 */
export function vdiskOf(name: string, volumeAtService: string | null): VdiskFacts {
  if (volumeAtService === null) return { name, volume: null, service: null };
  const at = volumeAtService.indexOf('@');
  if (at < 0) return { name, volume: volumeAtService, service: null };
  return { name, volume: volumeAtService.slice(0, at), service: volumeAtService.slice(at + 1) };
}

/** VCONS: the console concentrator the domain's console uses (`vcc@domain`); a primary's `UART` / `SP` row has none. */
function readConsole(reading: Reading, section: Section): void {
  const found = domainTable(reading, section, ['NAME']);
  if (found === null) return;
  const service = found.table.rows[0] === undefined ? null : optional(found.table.rows[0], found.table.header, 'SERVICE');
  if (service !== null) found.domain.console = beforeAt(service);
}

/** The services draft, created at the first service section. */
function servicesOf(reading: Reading): ServicesDraft {
  reading.services ??= { vds: new Map(), vsw: [], vcc: [] };
  return reading.services;
}

/** VCC or VSW: service names, the NAME column of each row (a PEER sub-table under a switch is skipped). */
function readServiceNames(reading: Reading, section: Section, kind: 'vcc' | 'vsw'): void {
  const table = tableOf(reading, section);
  const services = servicesOf(reading);
  if (table === null) return;
  if (!table.header.includes('NAME')) return warnHeader(reading, section);
  for (const row of table.rows) {
    const name = required(reading, row, table.header, 'NAME');
    if (!services[kind].includes(name)) services[kind].push(name);
  }
}

/**
 * VDS: each service with the volumes it exports. The first volume is in the
 * service's row (after LDOM in `list-services` from 2.x); each further
 * volume is a deeper row whose NAME (and LDOM) is blank, so its first value
 * is the volume. A `CLIENT` sub-table (3.x `list -l`) is skipped.
 */
function readVds(reading: Reading, section: Section): void {
  const table = tableOf(reading, section);
  const services = servicesOf(reading);
  if (table === null) return;
  const { header } = table;
  if (!header.includes('NAME') || !header.includes('VOLUME')) return warnHeader(reading, section);
  for (const row of table.rows) {
    const name = required(reading, row, header, 'NAME');
    const volumes = services.vds.get(name) ?? [];
    const first = optional(row, header, 'VOLUME');
    for (const volume of [first, ...row.continuations.map((continuation) => continuation.tokens[0] as string)]) {
      if (volume !== null && !volumes.includes(volume)) volumes.push(volume);
    }
    services.vds.set(name, volumes);
  }
}
