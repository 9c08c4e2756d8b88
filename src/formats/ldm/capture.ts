/**
 * Captures: text files holding one or more `ldm` outputs as a person pastes
 * them from a terminal (ldm-formats.md, "Captures"). This module finds the
 * outputs — each under its command line, with or without a prompt, or
 * recognised by its first lines — skips what is not `ldm` output (password
 * prompts, bare shell prompts, `...` elisions), hands each output's lines to
 * the reader for its format, and merges what the readers found.
 *
 * Given bytes, it reads the memory rows of parseable outputs itself, before
 * any line is made ({@link splitCaptureBytes}, with parseable-memory.ts's
 * scanner, which is not a reader: it only reads the one row form every
 * reader would read alike), and hands them to the reader beside the lines.
 *
 * @module
 */
import { InputError } from '../../quantity.js';
import {
  type CaptureReading,
  type CpuRow,
  type CryptoRow,
  type DomainFacts,
  emptyDomain,
  emptyFacts,
  type LdmOutput,
  MEMORY_RUN_LINE,
  type MemoryRows,
  type MemoryRun,
  type OutputFacts,
  type OutputFormat,
  type OutputText,
  type ServiceFacts,
} from './model.js';
import { mergeMemoryRows } from './memory-rows.js';
import { MemoryRowScanner } from './parseable-memory.js';

/** The reader of one format: an output's text in, its facts out. */
export type OutputReader = (text: OutputText) => OutputFacts;

/** The readers, one per format. */
export type Readers = Readonly<Record<OutputFormat, OutputReader>>;

/** A command line, with or without a prompt: `# ldm ls -l ldg1`, `primary# ldm list`, `$ ldm list-devices -a mem`. */
const COMMAND = /^\s*(?:[^\s#$%>]*[#$%>]\s*)?ldm\s+(\S.*?)\s*$/;
/** Lines that are not output: password prompts, a prompt alone, an elision. */
const NOISE = /^\s*(?:(?:Target |Source )?Password:.*|[\w.@:~/()-]*[#$%]|\.\.\.+|…)\s*$/;

/** Command words and their canonical long form. */
const ALIASES: Readonly<Record<string, string>> = {
  ls: 'list',
  list: 'list',
  'list-domain': 'list',
  'ls-devices': 'list-devices',
  'list-devices': 'list-devices',
  'ls-bindings': 'list-bindings',
  'list-bindings': 'list-bindings',
  'ls-constraints': 'list-constraints',
  'list-constraints': 'list-constraints',
  'ls-services': 'list-services',
  'list-services': 'list-services',
  'ls-rsrc-group': 'list-rsrc-group',
  'list-rsrc-group': 'list-rsrc-group',
};

/** Resource words of `list-devices` and `list -o`, and their canonical form. */
const RESOURCES: Readonly<Record<string, string>> = {
  mem: 'memory',
  memory: 'memory',
  cpu: 'cpu',
  vcpu: 'cpu',
  core: 'core',
  crypto: 'crypto',
  mau: 'mau',
  io: 'io',
};

/** A parsed command line: canonical text and the format its flags ask for. */
interface Command {
  readonly text: string;
  readonly format: OutputFormat | null;
}

/**
 * The canonical form of an `ldm` command's arguments, or null when the
 * command is not one whose output ldmfit reads (`ldm migrate-domain …`, `ldm
 * add-vcpu …`): its output is then skipped.
 */
export function canonicalCommand(argumentsText: string): Command | null {
  const words = argumentsText.split(/\s+/);
  const verb = ALIASES[words[0]!];
  if (verb === undefined) return null;
  const flags: string[] = [];
  let resource: string | undefined;
  let format: OutputFormat | null = null;
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (/^-[a-z]+$/.test(word) && word !== '-o') {
      for (const letter of word.slice(1)) {
        if (letter === 'p') format = 'parseable';
        else if (letter === 'x') format = 'xml';
        if (!flags.includes(`-${letter}`)) flags.push(`-${letter}`);
      }
    } else if (word === '-o' && i + 1 < words.length) {
      const output = words[++i]!.split(',').map((part) => RESOURCES[part] ?? part).join(',');
      flags.push(`-o ${output}`);
    } else if (verb === 'list-devices' && resource === undefined && RESOURCES[word] !== undefined) {
      resource = RESOURCES[word];
    }
    // Anything else is a domain name, not part of the command's shape.
  }
  flags.sort((a, b) => order(a) - order(b));
  const text = [verb, ...flags, ...(resource === undefined ? [] : [resource])].join(' ');
  return { text, format };
}

/** Flags in a stable order: `-a`, `-l`, `-e`, then `-o …`, then `-p`, `-x`. */
function order(flag: string): number {
  const index = ['-a', '-l', '-e', '-o', '-p', '-x'].findIndex((prefix) => flag.startsWith(prefix));
  return index < 0 ? 3 : index;
}

/** The format an output's first meaningful line shows, and the command it looks like, when no command line says. */
export function recognise(line: string): { readonly format: OutputFormat; readonly command: string } | null {
  const trimmed = line.trim();
  if (/^VERSION\s+1\.\d+/.test(trimmed)) return { format: 'parseable', command: 'list -p' };
  if (/^<(\?xml|LDM_interface|Envelope|[A-Za-z]+:Envelope)\b/.test(trimmed)) return { format: 'xml', command: 'list-constraints -x' };
  if (/^NAME\s+STATE\s+FLAGS\b/.test(line)) return { format: 'human', command: 'list' };
  if (/^NAME\s*$/.test(line)) return { format: 'human', command: 'list -o' };
  if (/^MEMORY\s*$/.test(line)) return { format: 'human', command: 'list-devices memory' };
  if (/^(VCPU|CORE|MAU|IO|CRYPTO)\s*$/.test(line)) return { format: 'human', command: 'list-devices' };
  if (/^(VDS|VSW|VCC|VDPCS|VDPCC)\s*$/.test(line)) return { format: 'human', command: 'list-services' };
  return null;
}

/** The end of an XML document's element as ldm writes it (`</LDM_interface>`, `</Envelope>`, `</env:Envelope>`). */
const XML_ROOT_END = /<\/([A-Za-z]+:)?(LDM_interface|Envelope)\s*>/;

/**
 * Whether `line` begins a new output inside `current`: a `VERSION` line
 * anywhere but at the top of a parseable output, an XML declaration or
 * document element outside an XML output; inside one, a new `<?xml`, or a
 * new document element once the current one has ended (two replies pasted
 * without their declarations).
 */
function startsOutput(line: string, current: Found): boolean {
  const trimmed = line.trim();
  if (current.format === 'xml') {
    if (trimmed.startsWith('<?xml')) return current.lines.some((seen) => seen.trim() !== '');
    return current.lines.some((seen) => XML_ROOT_END.test(seen));
  }
  if (/^VERSION\s/.test(trimmed)) return current.format !== 'parseable' || current.lines.some((seen) => seen.trim() !== '');
  return true;
}

/** One output's place in its file, before reading. */
interface Found {
  readonly command: string;
  readonly format: OutputFormat;
  readonly firstLine: number;
  readonly lines: string[];
  readonly fromCommandLine: boolean;
  /** Memory rows read from the bytes, standing for lines of `lines` (parseable outputs only). */
  readonly runs: MemoryRun[];
  /**
   * How far the whole output is indented: its command line's (or first
   * line's) leading blanks, taken off every line, so that an output pasted
   * from a document that indents its examples reads as `ldm` printed it.
   */
  readonly indent: number;
}

/** Leading blanks (spaces and tabs) of a line. */
function indentOf(line: string): number {
  let count = 0;
  while (count < line.length && (line.charCodeAt(count) === 0x20 || line.charCodeAt(count) === 0x09)) count++;
  return count;
}

/** The line without up to `indent` leading blanks (fewer when it has fewer). */
function dedent(line: string, indent: number): string {
  return indent === 0 ? line : line.slice(Math.min(indent, indentOf(line)));
}

/**
 * Finds the outputs of a capture one line at a time (the state between
 * lines: the output being read, and whether the last command's output is
 * being ignored). Both splitters drive it: {@link splitCapture} with every
 * line, {@link splitCaptureBytes} with the text lines and the runs of
 * memory rows it read from the bytes.
 */
class CaptureSplitter {
  readonly found: Found[] = [];
  private current: Found | undefined;
  private ignoring = false;

  /** Line `index` (0-based in the file). */
  line(line: string, index: number): void {
    const command = COMMAND.exec(line);
    if (command !== null) {
      const parsed = canonicalCommand(command[1]!);
      this.ignoring = parsed === null;
      this.current = undefined;
      if (parsed !== null) {
        this.current = { command: parsed.text, format: parsed.format ?? 'human', firstLine: index + 2, lines: [], fromCommandLine: true, runs: [], indent: indentOf(line) };
        this.found.push(this.current);
      }
      return;
    }
    if (NOISE.test(line) && line.trim() !== '') return;
    // A parseable or XML output announces itself: it starts a new output even without a command line.
    const announced = line.trim() === '' ? null : recognise(line);
    if (this.current !== undefined && announced !== null && announced.format !== 'human' && startsOutput(line, this.current)) this.current = undefined;
    if (this.current === undefined) {
      // Outside any output, an indented first line counts too (an example pasted from a document), and sets the indent.
      const indent = indentOf(line);
      const recognised = announced ?? (indent > 0 && indent < line.length ? recognise(line.slice(indent)) : null);
      if (recognised === null) return;
      // A recognised first line after an ignored command is still that command's text: nothing to read.
      if (this.ignoring) return;
      this.current = { command: recognised.command, format: recognised.format, firstLine: index + 1, lines: [], fromCommandLine: false, runs: [], indent };
      this.found.push(this.current);
    }
    this.current.lines.push(dedent(line, this.current.indent));
  }

  /**
   * Whether the lines of a memory row run would go to a parseable output.
   * Such a line is never a command line, noise or an output's first line
   * (parseable-memory.ts, `nameByte`), so where it goes depends only on
   * the output being read: into it when there is one, else nowhere.
   */
  takesRows(): boolean {
    return this.current?.format === 'parseable';
  }

  /** A run of memory row lines, when {@link CaptureSplitter.takesRows}. */
  rows(rows: MemoryRows, source: Uint8Array): void {
    const current = this.current!;
    current.runs.push({ index: current.lines.length, rows, source });
    const lines = current.lines;
    const start = lines.length;
    // Grown once and filled, not pushed a line at a time: a million pushes cost as much as reading the rows.
    lines.length = start + rows.length;
    lines.fill(MEMORY_RUN_LINE, start);
  }

  /** The outputs found, those with nothing but blank lines left out. */
  outputs(): Found[] {
    return this.found.filter((output) => output.lines.some((line) => line.trim() !== ''));
  }
}

/**
 * Split a capture into its `ldm` outputs. Each command line starts an output
 * that runs to the next command line; text before the first command line,
 * or after a command whose output ldmfit does not read, counts only when its
 * first line is recognised. O(lines).
 */
export function splitCapture(content: string): Found[] {
  const splitter = new CaptureSplitter();
  content.split(/\r?\n/).forEach((line, index) => splitter.line(line, index));
  return splitter.outputs();
}

const LINE_FEED = 0x0a;
const BAR = 0x7c;

/**
 * {@link splitCapture} of a capture's bytes, decoded as UTF-8 (invalid
 * sequences replaced, a byte order mark at the start dropped), with the
 * memory rows of parseable outputs read from the bytes as they are met
 * ({@link MemoryRowScanner}), before any line string is made. The rest is
 * decoded a stretch at a time and split into lines as {@link splitCapture}
 * does: every stretch ends after a line feed, where no UTF-8 sequence can
 * be cut, so the text is what decoding the whole file gives. The outputs
 * are the same as {@link splitCapture}'s of the decoded text, but that the
 * rows of a run stand for their lines. O(bytes).
 */
export function splitCaptureBytes(bytes: Uint8Array): Found[] {
  const splitter = new CaptureSplitter();
  const scanner = new MemoryRowScanner(bytes);
  // Only the first stretch starts the file: a byte order mark anywhere else is text, as in the whole file decoded.
  const first = new TextDecoder('utf-8');
  const later = new TextDecoder('utf-8', { ignoreBOM: true });
  let lineIndex = 0;
  let textStart = 0;
  const text = (end: number): void => {
    // A run that took the last row, with no line feed after it, left no line: the whole text split has none there either.
    if (textStart === bytes.length && textStart > 0 && bytes[textStart - 1] !== LINE_FEED) return;
    const lines = (textStart === 0 ? first : later).decode(bytes.subarray(textStart, end)).split(/\r?\n/);
    // A stretch before a run ends with its line feed: the empty string after it is not a line.
    if (end < bytes.length) lines.pop();
    for (const line of lines) splitter.line(line, lineIndex++);
    textStart = end;
  };
  let position = 0;
  while (position < bytes.length) {
    if (bytes[position] === BAR) {
      const run = scanner.scanRun(position);
      if (run !== null) {
        text(position);
        if (splitter.takesRows()) {
          splitter.rows(run.rows, bytes.subarray(position, run.end));
          lineIndex += run.rows.length;
          textStart = run.end;
        }
        position = run.end;
        continue;
      }
    }
    const end = bytes.indexOf(LINE_FEED, position);
    position = end < 0 ? bytes.length : end + 1;
  }
  text(bytes.length);
  return splitter.outputs();
}

/**
 * Read captures: split each into outputs, read each with the reader of its
 * format, and merge (see {@link mergeFacts}).
 *
 * @param files each capture's name (for messages) and content: text, or
 *   bytes (UTF-8, see {@link splitCaptureBytes}), which reads memory rows
 *   without making their lines
 * @param readers the reader of each format
 * @throws {@link InputError} naming `file: line N` when an output holds a
 *   value that does not parse, or the first file when no file holds any
 *   `ldm` output (a file without output among others is a warning)
 */
export function readCaptures(files: readonly { readonly name: string; readonly content: string | Uint8Array }[], readers: Readers): CaptureReading {
  const outputs: LdmOutput[] = [];
  const facts: OutputFacts[] = [];
  for (const file of files) {
    const found = typeof file.content === 'string' ? splitCapture(file.content) : splitCaptureBytes(file.content);
    // One file without output among others that have some is a warning (a
    // stray file in a glob), in its place in file order; nothing to read at
    // all is the error.
    if (found.length === 0) facts.push({ ...emptyFacts(), warnings: [`${file.name}: ${NO_OUTPUT}, skipped`] });
    for (const output of found) {
      const text: OutputText = {
        file: file.name,
        firstLine: output.firstLine,
        lines: output.lines,
        command: output.fromCommandLine ? output.command : null,
        ...(output.runs.length === 0 ? {} : { memoryRuns: output.runs }),
      };
      const read = readers[output.format](text);
      facts.push(read);
      outputs.push({
        file: file.name,
        line: output.fromCommandLine ? output.firstLine - 1 : output.firstLine,
        command: output.command,
        format: output.format,
        read: whatWasRead(read),
        warnings: read.warnings,
      });
    }
  }
  if (outputs.length === 0) throw new InputError('', NO_OUTPUT, '', files[0]?.name ?? '(no capture file)');
  return { outputs, ...mergeFacts(facts) };
}

const NO_OUTPUT = 'no ldm output found (expected a command line such as "# ldm list-devices memory", or an output\'s first lines)';

/** A few words on what one output gave: its memory rows, domains, CPU rows and services, or that it gave nothing ldmfit uses. */
export function whatWasRead(facts: OutputFacts): string {
  const parts: string[] = [];
  if (facts.memory.length > 0) parts.push(`${plural(facts.memory.length, 'memory range')}, ${facts.memory.freeCount()} free`);
  for (const domain of facts.domains) parts.push(domain.blocks.length === 0 ? `domain ${domain.name}` : `domain ${domain.name} (${plural(domain.blocks.length, 'memory block')})`);
  if (facts.cpus.length > 0) parts.push(plural(facts.cpus.length, 'CPU row'));
  if (facts.crypto.length > 0) parts.push(plural(facts.crypto.length, 'crypto unit'));
  if (facts.services !== null) {
    const names = [...facts.services.vds.keys(), ...facts.services.vsw, ...facts.services.vcc];
    parts.push(names.length === 0 ? 'no services' : `services ${names.join(', ')}`);
  }
  return parts.length === 0 ? 'nothing ldmfit uses' : parts.join('; ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Merge what several outputs show: memory rows in PA order with duplicates
 * removed ({@link mergeMemoryRows}: rows already in order are taken as they
 * are); domains by name in order of first appearance, each field taken
 * from the first output that shows it and blocks united; services united;
 * CPU rows by PID, crypto units by id (a bound row wins over the same unit
 * free, as for memory); warnings in order.
 */
export function mergeFacts(all: readonly OutputFacts[]): Omit<CaptureReading, 'outputs'> {
  const domains = new Map<string, DomainFacts>();
  const vds = new Map<string, string[]>();
  const vsw = new Set<string>();
  const vcc = new Set<string>();
  const cpus = new Map<number, CpuRow>();
  const crypto = new Map<number, CryptoRow>();
  const warnings: string[] = [];
  for (const facts of all) {
    for (const unit of facts.crypto) if (crypto.get(unit.id)?.bound == null) crypto.set(unit.id, unit);
    for (const domain of facts.domains) domains.set(domain.name, mergeDomain(domains.get(domain.name) ?? emptyDomain(domain.name), domain));
    if (facts.services !== null) mergeServices(facts.services, vds, vsw, vcc);
    for (const cpu of facts.cpus) if (!cpus.has(cpu.pid)) cpus.set(cpu.pid, cpu);
    warnings.push(...facts.warnings);
  }
  return {
    memory: mergeMemoryRows(all.map((facts) => facts.memory)),
    domains: [...domains.values()],
    services: { vds, vsw: [...vsw], vcc: [...vcc] },
    cpus: [...cpus.values()].sort((a, b) => a.pid - b.pid),
    crypto: [...crypto.values()].sort((a, b) => a.id - b.id),
    warnings,
  };
}

function mergeServices(services: ServiceFacts, vds: Map<string, string[]>, vsw: Set<string>, vcc: Set<string>): void {
  for (const [name, volumes] of services.vds) {
    const known = vds.get(name) ?? [];
    for (const volume of volumes) if (!known.includes(volume)) known.push(volume);
    vds.set(name, known);
  }
  for (const name of services.vsw) vsw.add(name);
  for (const name of services.vcc) vcc.add(name);
}

/** Fields of `before` stay; missing ones come from `after`; blocks and devices are united. */
function mergeDomain(before: DomainFacts, after: DomainFacts): DomainFacts {
  const blocks = new Map(before.blocks.map((block) => [`${block.ra}`, block]));
  for (const block of after.blocks) if (!blocks.has(`${block.ra}`)) blocks.set(`${block.ra}`, block);
  const united = <T>(a: readonly T[], b: readonly T[], key: (item: T) => string): T[] => {
    const seen = new Map(a.map((item) => [key(item), item]));
    for (const item of b) if (!seen.has(key(item))) seen.set(key(item), item);
    return [...seen.values()];
  };
  return {
    name: before.name,
    state: before.state ?? after.state,
    flags: before.flags ?? after.flags,
    vcpus: before.vcpus ?? after.vcpus,
    memory: before.memory ?? after.memory,
    blocks: [...blocks.values()].sort((a, b) => (a.ra < b.ra ? -1 : a.ra > b.ra ? 1 : 0)),
    cores: before.cores ?? after.cores,
    cryptoUnits: before.cryptoUnits ?? after.cryptoUnits,
    physicalIo: united(before.physicalIo, after.physicalIo, (device) => device),
    vdisks: united(before.vdisks, after.vdisks, (disk) => disk.name),
    vnets: united(before.vnets, after.vnets, (net) => net.name),
    console: before.console ?? after.console,
    softstate: before.softstate ?? after.softstate,
  };
}
