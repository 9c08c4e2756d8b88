/**
 * The reader for parseable `ldm … -p` listings (`ldm list -p`, `ldm list -l
 * -p`, `ldm list-bindings -p`, `ldm list-constraints -p`, `ldm list-devices
 * [-a] -p [memory|cpu]`): text in, {@link OutputFacts} out.
 *
 * The format, as the spec (ldm-formats.md) collects it across releases:
 *
 * - `VERSION 1.n` first (1.0 to 1.11 seen).
 * - A record is `KEYWORD|key=value|…` on one line, or a bare `KEYWORD` line;
 *   either may be followed by child rows that start with `|`
 *   (`|pa=0x…|size=…|bound=…` under `MEMORY`).
 * - Values may be empty (`pm=`), hold spaces (`softstate=Solaris running`)
 *   or commas (`flags=normal,control,vio-service`); `|` only separates.
 * - Sizes are decimal byte counts, addresses lowercase `0x` hex.
 * - Everything after a `DOMAIN|name=…` record, up to the next `DOMAIN`,
 *   belongs to that domain: its `MEMORY` rows are `RA PA SIZE` blocks, its
 *   `VCPU` rows its virtual CPUs. Outside a domain (`list-devices -p`),
 *   `MEMORY` rows are the machine's memory and `VCPU` rows its strands.
 * - Documentation wraps long records after a `|`; a line that starts with
 *   `key=` continues the record before it.
 *
 * A value that does not parse, or a row without a value it must have, is an
 * {@link InputError} at the capture's file and line (values.ts): a wrong size
 * must never turn into a zero or a dropped row. An unknown section or key is
 * skipped with a warning, once per output, at the first line it appears.
 *
 * Cost: one pass over the lines, O(total length). Records are read with a
 * field cursor over the line (no split, no object per field), and every
 * value through values.ts. The memory rows of `list-devices -a -p memory`
 * (a million on a large machine) take a shorter path when they are printed
 * as `ldm` prints them: parseable-memory.ts reads those straight from the
 * line, and a property test holds it to this reader's facts.
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
  MEMORY_RUN_LINE,
  type MemoryRun,
  type MemoryRows,
  type OutputFacts,
  type OutputText,
  type ServiceFacts,
  type VdiskFacts,
  type VnetFacts,
} from './model.js';
import { MemoryRowReader } from './parseable-memory.js';
import { ldmAddress, ldmCount, ldmRegion, ldmSize, lineError, lineWarning } from './values.js';

const BAR = 0x7c; // |
const EQUALS = 0x3d; // =
const SPACE = 0x20;

/**
 * A cursor over the `key=value` fields of one record, without splitting it:
 * each {@link RecordFields.next} moves to the next `|`-separated field and
 * sets the offsets of its key and value in {@link RecordFields.text}. A key
 * ends at the field's first `=` (so a value may hold `=`); a field without
 * `=` is a key with an empty value; empty fields (`||`, a trailing `|`) are
 * passed over.
 *
 * One cursor serves a whole listing ({@link RecordFields.reset} per record),
 * so reading a row allocates only the values taken out of it.
 */
export class RecordFields {
  /** The record's text. */
  text = '';
  /** Offset of the current field's key in {@link text}. */
  keyStart = 0;
  /** Offset just past the current field's key. */
  keyEnd = 0;
  /** Offset of the current field's value (just past `=`). */
  valueStart = 0;
  /** Offset just past the current field's value (the next `|`, or the end). */
  valueEnd = 0;
  /** Offset of the `|` that ends the current field, or the text's length. */
  private fieldEnd = 0;

  /**
   * Start over on `text`, whose fields begin after the `|` at `from` (or
   * after a keyword ending at `from`). Returns the cursor.
   */
  reset(text: string, from: number): this {
    this.text = text;
    this.fieldEnd = from;
    return this;
  }

  /** Move to the next non-empty field; false when there is none. Cost: the field's length. */
  next(): boolean {
    const text = this.text;
    const length = text.length;
    while (this.fieldEnd < length) {
      const start = this.fieldEnd + 1;
      let end = text.indexOf('|', start);
      if (end < 0) end = length;
      this.fieldEnd = end;
      if (end === start) continue;
      // Look for '=' inside the field only: indexOf would run on to the line's end for every field without one.
      let equals = start;
      while (equals < end && text.charCodeAt(equals) !== EQUALS) equals++;
      this.keyStart = start;
      this.keyEnd = equals;
      this.valueStart = equals === end ? end : equals + 1;
      this.valueEnd = end;
      return true;
    }
    return false;
  }

  /** Whether a non-empty field follows the current one. Cost: the `|`s before it. */
  hasFields(): boolean {
    const text = this.text;
    for (let i = this.fieldEnd; i < text.length; i++) if (text.charCodeAt(i) !== BAR) return true;
    return false;
  }

  /** Whether the current field's key is `name`. Allocates nothing. */
  keyIs(name: string): boolean {
    return this.keyEnd - this.keyStart === name.length && this.text.startsWith(name, this.keyStart);
  }

  /** The current field's key. */
  key(): string {
    return this.text.slice(this.keyStart, this.keyEnd);
  }

  /** The current field's value, possibly empty. */
  value(): string {
    return this.text.slice(this.valueStart, this.valueEnd);
  }

  /** The current field's value, or null when it is empty (`pm=`, an inactive domain's `mem=`). */
  valueOrNull(): string | null {
    return this.valueEnd === this.valueStart ? null : this.text.slice(this.valueStart, this.valueEnd);
  }
}

/**
 * The version of a `VERSION 1.n` line (`1.6`), or null when `line` is not
 * one. Leading and trailing blanks are allowed; the capture reader uses this
 * to recognise a parseable output without its command line.
 */
export function parseableVersion(line: string): string | null {
  const match = /^\s*VERSION[ \t]+(\d{1,4}\.\d{1,4})\s*$/.exec(line);
  return match === null ? null : match[1]!;
}

/** Versions the spec has seen: 1.0 to 1.11. Another is read the same way, with a warning. */
function versionSeen(version: string): boolean {
  return /^1\.(?:\d|1[01])$/.test(version);
}

/**
 * Whether `line` (trimmed) continues the record before it: it starts with
 * `key=`, that is an `=` comes before any `|` or blank, and not first.
 * Documentation wraps long records after a `|` this way.
 */
export function continuesRecord(line: string): boolean {
  const length = line.length;
  for (let i = 0; i < length; i++) {
    const code = line.charCodeAt(i);
    if (code === EQUALS) return i > 0;
    if (code === BAR || code <= SPACE) return false;
  }
  return false;
}

/**
 * The keyword a record line starts with (`MEMORY`, `DOMAIN`): capitals,
 * digits, `_` and `-`, a capital first, up to the first `|` or the end; or
 * null when the line is not a record line.
 */
export function recordKeyword(line: string): string | null {
  const length = line.length;
  let end = 0;
  while (end < length) {
    const code = line.charCodeAt(end);
    if (code === BAR) break;
    const capital = code >= 0x41 && code <= 0x5a;
    if (!(capital || (end > 0 && ((code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2d)))) return null;
    end++;
  }
  return end === 0 ? null : line.slice(0, end);
}

/**
 * `line` without leading and trailing blanks and control characters (a
 * pasted `\r`, indentation); the same string when it has none. The memory
 * row path drops the same characters, so both paths read a row alike.
 */
function trimmed(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && line.charCodeAt(start) <= SPACE) start++;
  while (end > start && line.charCodeAt(end - 1) <= SPACE) end--;
  return start === 0 && end === line.length ? line : line.slice(start, end);
}

/**
 * What a record's rows are, given its keyword and whether a domain is open:
 * `machine-memory` rows are `list-devices` memory, `blocks` a domain's
 * `RA PA SIZE` rows, and so on. `skip` is a section known and not read;
 * `unknown` one skipped with a warning.
 */
type Section =
  | 'none'
  | 'domain'
  | 'machine-memory'
  | 'machine-cpu'
  | 'machine-mau'
  | 'blocks'
  | 'domain-vcpu'
  | 'domain-core'
  | 'domain-mau'
  | 'domain-io'
  | 'vds'
  | 'vsw'
  | 'vcc'
  | 'vdisk'
  | 'vnet'
  | 'vcons'
  | 'skip'
  | 'unknown';

/** Sections known and not read, anywhere (their rows are skipped without a warning). */
const SKIPPED_SECTIONS: ReadonlySet<string> = new Set(['UUID', 'MAC', 'HOSTID', 'CONTROL', 'DEPENDENCY', 'VARIABLES']);
/** Sections `list-devices -a -p` prints that the model does not hold (its CPU, crypto and memory rows it does). */
const SKIPPED_MACHINE_SECTIONS: ReadonlySet<string> = new Set(['CORE', 'IO']);

/** The section a keyword opens, inside a domain or not. */
function sectionOf(keyword: string, inDomain: boolean): Section {
  switch (keyword) {
    case 'DOMAIN': return 'domain';
    case 'MEMORY': return inDomain ? 'blocks' : 'machine-memory';
    case 'VCPU': return inDomain ? 'domain-vcpu' : 'machine-cpu';
    case 'CORE': return inDomain ? 'domain-core' : 'skip';
    case 'MAU': return inDomain ? 'domain-mau' : 'machine-mau';
    case 'IO': return inDomain ? 'domain-io' : 'skip';
    case 'VDS': return 'vds';
    case 'VSW': return 'vsw';
    case 'VCC': return 'vcc';
    case 'VDISK': return inDomain ? 'vdisk' : 'unknown';
    case 'VNET': return inDomain ? 'vnet' : 'unknown';
    case 'VCONS': return inDomain ? 'vcons' : 'unknown';
    default: return SKIPPED_SECTIONS.has(keyword) || (!inDomain && SKIPPED_MACHINE_SECTIONS.has(keyword)) ? 'skip' : 'unknown';
  }
}

/**
 * Keys read or known in each section's records and rows; any other is
 * skipped with a warning. Sections whose rows are not read (services'
 * clients, a vnet's peers) are not checked.
 */
const KNOWN_KEYS: Readonly<Partial<Record<Section, ReadonlySet<string>>>> = {
  'domain': new Set(['name', 'state', 'flags', 'cons', 'ncpu', 'mem', 'util', 'norm_util', 'uptime', 'softstate']),
  'machine-cpu': new Set(['pid', 'free', 'pm', 'bound']),
  'machine-mau': new Set(['id', 'cpuset', 'bound']),
  'domain-vcpu': new Set(['count', 'vid', 'pid', 'util', 'norm_util', 'strand', 'cid']),
  'domain-core': new Set(['count', 'cid', 'cpuset']),
  'domain-mau': new Set(['count', 'id', 'cpuset', 'bound']),
  'domain-io': new Set(['dev', 'alias', 'status', 'options']),
  'vds': new Set(['name', 'ldom', 'nclients', 'vol', 'volume', 'opts', 'options', 'dev', 'device', 'mpgroup', 'client']),
  'vsw': new Set(['name', 'ldom', 'mac-addr', 'net-dev', 'dev', 'mode', 'default-vlan-id', 'pvid', 'vid', 'mtu', 'linkprop', 'id', 'inter-vnet-link']),
  'vcc': new Set(['name', 'ldom', 'port-range']),
  'vdisk': new Set(['name', 'vol', 'timeout', 'dev', 'server', 'mpgroup', 'id']),
  'vnet': new Set(['name', 'dev', 'service', 'mac-addr', 'mode', 'pvid', 'vid', 'mtu', 'linkprop', 'id', 'alt-mac-addrs']),
  'vcons': new Set(['group', 'service', 'port', 'type', 'log']),
};

/** A domain being read: the facts so far, and the counts its sections give. */
interface OpenDomain {
  readonly name: string;
  state: string | null;
  flags: string | null;
  softstate: string | null;
  console: string | null;
  /** `ncpu=` of the DOMAIN record. */
  ncpu: number | null;
  /** `mem=` of the DOMAIN record. */
  mem: bigint | null;
  /** `MEMORY|size=` (list-constraints). */
  memoryConstraint: bigint | null;
  /** `count=` of VCPU, CORE, MAU (list-constraints), null when not given. */
  vcpuCount: number | null;
  coreCount: number | null;
  mauCount: number | null;
  /** Rows of VCPU, CORE, MAU seen; -1 when the section was not shown. */
  vcpuRows: number;
  coreRows: number;
  mauRows: number;
  readonly blocks: BlockRow[];
  readonly physicalIo: string[];
  readonly vdisks: VdiskFacts[];
  readonly vnets: VnetFacts[];
}

function openDomain(name: string): OpenDomain {
  return {
    name, state: null, flags: null, softstate: null, console: null, ncpu: null, mem: null, memoryConstraint: null,
    vcpuCount: null, coreCount: null, mauCount: null, vcpuRows: -1, coreRows: -1, mauRows: -1,
    blocks: [], physicalIo: [], vdisks: [], vnets: [],
  };
}

/** A count the domain's section gives: `count=` when printed, else its rows, else null when not shown. */
function sectionCount(count: number | null, rows: number): number | null {
  return count ?? (rows < 0 ? null : rows);
}

function compareRealAddress(a: BlockRow, b: BlockRow): number {
  return a.ra < b.ra ? -1 : a.ra > b.ra ? 1 : 0;
}

/** The facts of a domain once its records end: the DOMAIN fields first, then what its sections count. */
function closeDomain(domain: OpenDomain): DomainFacts {
  return {
    // The model's empty domain first: a field added to DomainFacts later reads as "not shown" here until this reader fills it.
    ...emptyDomain(domain.name),
    state: domain.state,
    flags: domain.flags,
    vcpus: domain.ncpu ?? sectionCount(domain.vcpuCount, domain.vcpuRows),
    memory: domain.mem ?? domain.memoryConstraint,
    blocks: domain.blocks.sort(compareRealAddress),
    cores: sectionCount(domain.coreCount, domain.coreRows),
    cryptoUnits: sectionCount(domain.mauCount, domain.mauRows),
    physicalIo: domain.physicalIo,
    vdisks: domain.vdisks,
    vnets: domain.vnets,
    console: domain.console,
    softstate: domain.softstate,
  };
}

/** `name@where` split at its last `@`: the part before (`vol1@primary-vds0` → `vol1`) and after. */
function splitAt(value: string | null): [string | null, string | null] {
  if (value === null) return [null, null];
  const at = value.lastIndexOf('@');
  if (at < 0) return [value, null];
  return [at === 0 ? null : value.slice(0, at), at === value.length - 1 ? null : value.slice(at + 1)];
}

/** `lines` with the lines of `run` as text: a copy, as the caller's lines are not ours to change. */
function withRunText(lines: readonly string[], run: MemoryRun): string[] {
  const text = new TextDecoder().decode(run.source).split(/\r?\n/);
  const copy = lines.slice();
  for (let offset = 0; offset < run.rows.length; offset++) copy[run.index + offset] = text[offset]!;
  return copy;
}

/**
 * One pass over a listing. Records are handed to {@link ListingReader.record}
 * whole (wrapped lines joined); `joins` maps offsets of a joined record back
 * to the lines they came from, so errors name the line a value is on.
 */
class ListingReader {
  private readonly fields = new RecordFields();
  private readonly memoryRows = new MemoryRowReader();
  private readonly domains: DomainFacts[] = [];
  private readonly cpus: CpuRow[] = [];
  private readonly crypto: CryptoRow[] = [];
  private readonly warnings: string[] = [];
  private readonly warned = new Set<string>();
  private vds: Map<string, string[]> | null = null;
  private vsw: string[] = [];
  private vcc: string[] = [];
  private domain: OpenDomain | null = null;
  private section: Section = 'none';
  private keyword = '';
  /** The volumes of the VDS record whose rows are being read. */
  private volumes: string[] | null = null;
  /** Line index of the record being read. */
  private index = 0;
  /** For a joined record: the offset each joined line starts at, and its line index (pairs). */
  private joins: number[] | null = null;

  constructor(private readonly text: OutputText) {}

  read(): OutputFacts {
    let lines = this.text.lines;
    const count = lines.length;
    const runs = this.text.memoryRuns ?? [];
    let nextRun = 0;
    let sawVersion = false;
    let index = 0;
    while (index < count) {
      let raw = lines[index]!;
      if (raw === MEMORY_RUN_LINE && nextRun < runs.length && runs[nextRun]!.index === index) {
        const run = runs[nextRun++]!;
        if (this.section === 'machine-memory') {
          // Rows as the fast path reads them, already read from the bytes: the same facts, taken whole.
          this.memoryRows.rows.append(run.rows);
          index += run.rows.length;
          continue;
        }
        // Row lines where no memory row belongs: read as the text they are, like any other line.
        lines = withRunText(lines, run);
        raw = lines[index]!;
      }
      if (this.section === 'machine-memory' && raw.length > 0 && raw.charCodeAt(0) === BAR) {
        const stop = this.memoryRows.readRows(lines, index);
        if (stop > index) {
          index = stop;
          continue;
        }
      }
      const line = trimmed(raw);
      let next = index + 1;
      if (line.length === 0) {
        index = next;
        continue;
      }
      if (line.charCodeAt(0) !== BAR && line.startsWith('VERSION')) {
        const version = parseableVersion(line);
        if (version !== null) {
          this.version(version, index);
          sawVersion = true;
          index = next;
          continue;
        }
      }
      if (!sawVersion) {
        this.warn(index, 'no VERSION line before the listing; read as parseable anyway');
        sawVersion = true;
      }
      // Only wrapped records pay for the lookahead: a row's successor usually starts with '|'.
      let pieces: string[] | null = null;
      let joinedLength = line.length;
      let last = line;
      while (next < count && lines[next]!.charCodeAt(0) !== BAR) {
        const following = trimmed(lines[next]!);
        if (!continuesRecord(following)) break;
        pieces ??= [line];
        this.joins ??= [0, index];
        if (last.charCodeAt(last.length - 1) !== BAR) {
          pieces.push('|');
          joinedLength++;
        }
        this.joins.push(joinedLength, next);
        pieces.push(following);
        joinedLength += following.length;
        last = following;
        next++;
      }
      // Joined once: appending piece by piece and reading the end back would flatten the string every time.
      const record = pieces === null ? line : pieces.join('');
      this.index = index;
      this.record(record);
      this.joins = null;
      index = next;
    }
    this.closeDomain();
    const services: ServiceFacts | null = this.vds === null && this.vsw.length === 0 && this.vcc.length === 0
      ? null
      : { vds: this.vds ?? new Map(), vsw: this.vsw, vcc: this.vcc };
    // As for domains: a field added to OutputFacts later keeps the model's empty value.
    return { ...emptyFacts(), memory: this.memoryRows.rows.finish(), domains: this.domains, services, cpus: this.cpus, crypto: this.crypto, warnings: this.warnings };
  }

  /** A `VERSION` line: a new listing starts (no domain open). */
  private version(version: string, index: number): void {
    this.closeDomain();
    this.section = 'none';
    if (!versionSeen(version)) this.warn(index, `VERSION ${version} is not one seen (1.0 to 1.11); read as 1.x`);
  }

  /** One record (wrapped lines joined), trimmed and not empty. */
  private record(record: string): void {
    if (record.charCodeAt(0) === BAR) {
      this.row(this.fields.reset(record, 0));
      return;
    }
    if (continuesRecord(record)) {
      this.warn(this.index, 'wrapped line with no record before it skipped');
      return;
    }
    const keyword = recordKeyword(record);
    if (keyword === null) {
      this.warn(this.index, 'line not understood, skipped');
      return;
    }
    if (keyword === 'DOMAIN') this.closeDomain();
    this.keyword = keyword;
    this.section = sectionOf(keyword, this.domain !== null);
    this.volumes = null;
    if (this.section === 'unknown') {
      this.warnOnce(`section ${keyword}`, this.index, `unknown section ${keyword} skipped`);
      return;
    }
    const fields = this.fields.reset(record, keyword.length);
    if (this.section === 'domain') {
      this.domainRecord(fields);
      return;
    }
    if (fields.hasFields()) this.header(fields);
  }

  /** The fields on a keyword's own line (`VDS|name=…`, `VCPU|count=4`). */
  private header(fields: RecordFields): void {
    switch (this.section) {
      case 'vds': return this.service(fields, 'vds');
      case 'vsw': return this.service(fields, 'vsw');
      case 'vcc': return this.service(fields, 'vcc');
      case 'vdisk': return this.vdisk(fields);
      case 'vnet': return this.vnet(fields);
      case 'vcons': return this.vcons(fields);
      default: return this.row(fields);
    }
  }

  /** A `|…` row under the current section (or the one-line form of a row section); a lone `|` carries nothing. */
  private row(fields: RecordFields): void {
    if (!fields.hasFields()) return;
    switch (this.section) {
      case 'machine-memory': return this.machineMemoryRow(fields);
      case 'blocks': return this.blockRow(fields);
      case 'machine-cpu': return this.cpuRow(fields);
      case 'machine-mau': return this.cryptoRow(fields);
      case 'domain': return this.domainFields(fields, this.domain!);
      case 'domain-vcpu':
      case 'domain-core':
      case 'domain-mau': return this.countedRow(fields);
      case 'domain-io': return this.ioRow(fields);
      case 'vds': return this.volumeRow(fields);
      case 'none': return this.warn(this.index, 'row before any section skipped');
      // Rows not read: services' clients and peers, skipped and unknown sections.
      default: return;
    }
  }

  /** `|pa=0x…|size=…[|bound=…]` of `list-devices [-a] -p memory`, in any form. */
  private machineMemoryRow(fields: RecordFields): void {
    let pa: bigint | undefined;
    let size: bigint | undefined;
    let bound: string | null | undefined;
    while (fields.next()) {
      if (fields.keyIs('pa')) pa = this.address(fields, pa, 'pa');
      else if (fields.keyIs('size')) size = this.size(fields, size, 'size');
      else if (fields.keyIs('bound')) bound = this.optional(fields, bound);
      else this.unknownKey(fields);
    }
    if (pa === undefined || size === undefined) throw this.missing(pa === undefined ? 'pa' : 'size', 'memory row');
    this.memoryRows.rows.push(ldmRegion(this.text, this.index, { pa, size, bound: bound ?? null }));
  }

  /** A domain's `|ra=0x…|pa=0x…|size=…` row, or `MEMORY|size=…` of list-constraints. */
  private blockRow(fields: RecordFields): void {
    let ra: bigint | undefined;
    let pa: bigint | undefined;
    let size: bigint | undefined;
    while (fields.next()) {
      if (fields.keyIs('ra')) ra = this.address(fields, ra, 'ra');
      else if (fields.keyIs('pa')) pa = this.address(fields, pa, 'pa');
      else if (fields.keyIs('size')) size = this.size(fields, size, 'size');
      else this.unknownKey(fields);
    }
    const domain = this.domain!;
    if (ra === undefined && pa === undefined) {
      if (size !== undefined) domain.memoryConstraint = size;
      return;
    }
    if (ra === undefined || pa === undefined || size === undefined) {
      throw this.missing(ra === undefined ? 'ra' : pa === undefined ? 'pa' : 'size', 'memory block');
    }
    domain.blocks.push(ldmRegion(this.text, this.index, { ra, pa, size }));
  }

  /** `|pid=N|free=0..100|pm=…[|bound=…]` of `list-devices [-a] -p cpu`. */
  private cpuRow(fields: RecordFields): void {
    let pid: number | undefined;
    let free: number | undefined;
    let pm: string | null | undefined;
    let bound: string | null | undefined;
    while (fields.next()) {
      if (fields.keyIs('pid')) pid = this.count(fields, pid, 'pid');
      else if (fields.keyIs('free')) {
        free = this.count(fields, free, 'free');
        if (free > 100) throw lineError(this.text, this.lineOf(fields.valueStart), 'free is not a percentage', fields.value());
      } else if (fields.keyIs('pm')) pm = this.optional(fields, pm);
      else if (fields.keyIs('bound')) bound = this.optional(fields, bound);
      else this.unknownKey(fields);
    }
    if (pid === undefined || free === undefined) throw this.missing(pid === undefined ? 'pid' : 'free', 'CPU row');
    this.cpus.push({ pid, free, pm: pm ?? null, bound: bound ?? null });
  }

  /** `|id=N|cpuset=(…)[|bound=…]` of `list-devices [-a] -p crypto`: one crypto unit, free when BOUND is empty or missing. */
  private cryptoRow(fields: RecordFields): void {
    let id: number | undefined;
    let bound: string | null | undefined;
    while (fields.next()) {
      if (fields.keyIs('id')) id = this.count(fields, id, 'id');
      else if (fields.keyIs('bound')) bound = this.optional(fields, bound);
      else if (!fields.keyIs('cpuset')) this.unknownKey(fields);
    }
    if (id === undefined) throw this.missing('id', 'crypto unit row');
    this.crypto.push({ id, bound: bound ?? null });
  }

  /** `DOMAIN|name=…|…`: opens a domain. */
  private domainRecord(fields: RecordFields): void {
    let name: string | null = null;
    while (fields.next()) {
      if (fields.keyIs('name')) {
        if (name !== null) throw this.twice(fields);
        name = fields.value();
      }
    }
    if (name === null || name === '') throw this.missing('name', 'DOMAIN record');
    const domain = openDomain(name);
    this.domain = domain;
    this.domainFields(fields.reset(fields.text, this.keyword.length), domain);
  }

  /**
   * The DOMAIN fields other than the name; every one may be empty (an
   * inactive domain's). A count or size given twice in one record is an
   * error, as in rows: a lost `|` or line may have joined two records.
   */
  private domainFields(fields: RecordFields, domain: OpenDomain): void {
    let ncpuSeen = false;
    let memSeen = false;
    while (fields.next()) {
      if (fields.keyIs('state')) domain.state = fields.valueOrNull();
      else if (fields.keyIs('flags')) domain.flags = fields.valueOrNull();
      else if (fields.keyIs('softstate')) domain.softstate = fields.valueOrNull();
      else if (fields.keyIs('ncpu')) {
        if (ncpuSeen) throw this.twice(fields);
        ncpuSeen = true;
        domain.ncpu = this.optionalCount(fields, 'ncpu');
      } else if (fields.keyIs('mem')) {
        if (memSeen) throw this.twice(fields);
        memSeen = true;
        domain.mem = fields.valueEnd === fields.valueStart ? null : this.size(fields, undefined, 'mem');
      } else if (!fields.keyIs('name')) this.unknownKey(fields);
    }
  }

  /**
   * A row of a domain's VCPU, CORE or MAU section (one strand, core or
   * unit), or its `count=` (list-constraints; empty when not constrained).
   */
  private countedRow(fields: RecordFields): void {
    const domain = this.domain!;
    let count: number | null | undefined;
    while (fields.next()) {
      if (fields.keyIs('count')) count = this.optionalCount(fields, 'count');
      else this.unknownKey(fields);
    }
    const section = this.section;
    if (count === undefined) {
      if (section === 'domain-vcpu') domain.vcpuRows = Math.max(domain.vcpuRows, 0) + 1;
      else if (section === 'domain-core') domain.coreRows = Math.max(domain.coreRows, 0) + 1;
      else domain.mauRows = Math.max(domain.mauRows, 0) + 1;
    } else if (section === 'domain-vcpu') domain.vcpuCount = count;
    else if (section === 'domain-core') domain.coreCount = count;
    else domain.mauCount = count;
  }

  /** `|dev=pci@400|alias=pci_0`: a device the domain owns. */
  private ioRow(fields: RecordFields): void {
    let device: string | null = null;
    let alias: string | null = null;
    while (fields.next()) {
      if (fields.keyIs('dev')) device = fields.valueOrNull();
      else if (fields.keyIs('alias')) alias = fields.valueOrNull();
      else this.unknownKey(fields);
    }
    const name = device ?? alias;
    if (name !== null) this.domain!.physicalIo.push(name);
  }

  /**
   * `VDS|name=…`, `VSW|name=…`, `VCC|name=…`: a service the machine offers.
   * `list-services -p` may put a VDS's first volume on its own line
   * (`VDS|name=…|volume=vol1|…`), the rest in rows.
   */
  private service(fields: RecordFields, kind: 'vds' | 'vsw' | 'vcc'): void {
    let name: string | null = null;
    let volume: string | null = null;
    while (fields.next()) {
      if (fields.keyIs('name')) name = fields.valueOrNull();
      else if (kind === 'vds' && (fields.keyIs('vol') || fields.keyIs('volume'))) volume = fields.valueOrNull();
      else this.unknownKey(fields);
    }
    if (name === null) throw this.missing('name', `${this.keyword} record`);
    if (kind !== 'vds') {
      this[kind].push(name);
      return;
    }
    this.vds ??= new Map();
    let volumes = this.vds.get(name);
    if (volumes === undefined) this.vds.set(name, (volumes = []));
    if (volume !== null) volumes.push(volume);
    this.volumes = volumes;
  }

  /** `|vol=vol1|opts=|dev=…` under a VDS: a volume it exports (client rows have no `vol`). */
  private volumeRow(fields: RecordFields): void {
    let volume: string | null = null;
    while (fields.next()) {
      if (fields.keyIs('vol') || fields.keyIs('volume')) volume = fields.valueOrNull();
      else this.unknownKey(fields);
    }
    if (volume === null) return;
    if (this.volumes === null) this.warn(this.index, 'volume of a VDS without a name skipped');
    else this.volumes.push(volume);
  }

  /** `VDISK|name=…|vol=vol1@primary-vds0|…`. */
  private vdisk(fields: RecordFields): void {
    let name: string | null = null;
    let volume: string | null = null;
    while (fields.next()) {
      if (fields.keyIs('name')) name = fields.valueOrNull();
      else if (fields.keyIs('vol')) volume = fields.valueOrNull();
      else this.unknownKey(fields);
    }
    if (name === null) throw this.missing('name', 'VDISK record');
    const [volumeName, service] = splitAt(volume);
    this.domain!.vdisks.push({ name, volume: volumeName, service });
  }

  /** `VNET|name=…|service=primary-vsw0@primary|mode=hybrid|…`. */
  private vnet(fields: RecordFields): void {
    let name: string | null = null;
    let service: string | null = null;
    let hybrid = false;
    while (fields.next()) {
      if (fields.keyIs('name')) name = fields.valueOrNull();
      else if (fields.keyIs('service')) service = fields.valueOrNull();
      else if (fields.keyIs('mode')) hybrid = fields.value() === 'hybrid';
      else this.unknownKey(fields);
    }
    if (name === null) throw this.missing('name', 'VNET record');
    this.domain!.vnets.push({ name, switch: splitAt(service)[0], hybrid });
  }

  /** `VCONS|group=…|service=primary-vcc0@primary|port=5000`: the console concentrator used. */
  private vcons(fields: RecordFields): void {
    while (fields.next()) {
      if (fields.keyIs('service')) this.domain!.console = splitAt(fields.valueOrNull())[0];
      else this.unknownKey(fields);
    }
  }

  private closeDomain(): void {
    if (this.domain !== null) this.domains.push(closeDomain(this.domain));
    this.domain = null;
  }

  /** An address field, refused when the record already gave it. */
  private address(fields: RecordFields, previous: bigint | undefined, what: string): bigint {
    if (previous !== undefined) throw this.twice(fields);
    return ldmAddress(this.text, this.lineOf(fields.valueStart), fields.value(), what);
  }

  /** A size field (parseable: a decimal byte count), refused when the record already gave it. */
  private size(fields: RecordFields, previous: bigint | undefined, what: string): bigint {
    if (previous !== undefined) throw this.twice(fields);
    return ldmSize(this.text, this.lineOf(fields.valueStart), fields.value(), what);
  }

  /** A text field that may be empty (`bound=`, `pm=`: null), refused when the record already gave it. */
  private optional(fields: RecordFields, previous: string | null | undefined): string | null {
    if (previous !== undefined) throw this.twice(fields);
    return fields.valueOrNull();
  }

  /** A count field, refused when the record already gave it. */
  private count(fields: RecordFields, previous: number | undefined, what: string): number {
    if (previous !== undefined) throw this.twice(fields);
    return ldmCount(this.text, this.lineOf(fields.valueStart), fields.value(), what);
  }

  /** A count that may be empty (an inactive domain's `ncpu=`). */
  private optionalCount(fields: RecordFields, what: string): number | null {
    return fields.valueEnd === fields.valueStart ? null : this.count(fields, undefined, what);
  }

  /** A key given twice in one record: which value is meant cannot be known (a dropped `|` or line joins two rows). */
  private twice(fields: RecordFields): InputError {
    return lineError(this.text, this.lineOf(fields.keyStart), `${fields.key()} given twice in one record`, fields.text);
  }

  /** A row without a value it must have: dropping it would change the facts. */
  private missing(key: string, what: string): InputError {
    return lineError(this.text, this.index, `${what} without ${key}`, this.fields.text);
  }

  private unknownKey(fields: RecordFields): void {
    const key = fields.key();
    if (KNOWN_KEYS[this.section]?.has(key) === true) return;
    const subject = `${this.keyword} ${key}`;
    if (!this.warned.has(subject)) this.warnOnce(subject, this.lineOf(fields.keyStart), `unknown key ${key} in ${this.keyword} skipped`);
  }

  /**
   * The line index holding `offset` of the current record. A binary search
   * over the joined lines: a record may be wrapped over any number of them.
   */
  private lineOf(offset: number): number {
    const joins = this.joins;
    if (joins === null) return this.index;
    let low = 0;
    let high = joins.length / 2 - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (joins[2 * middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return joins[2 * low + 1]!;
  }

  private warn(index: number, what: string): void {
    this.warnings.push(lineWarning(this.text, index, what));
  }

  /** A warning given once per output for `subject` (an unknown key may be on every one of a million rows). */
  private warnOnce(subject: string, index: number, what: string): void {
    if (this.warned.has(subject)) return;
    this.warned.add(subject);
    this.warn(index, what);
  }
}

/**
 * Read one parseable `ldm … -p` output: memory rows of `list-devices -p
 * memory` (with and without `-a`), CPU rows of `list-devices -p cpu`,
 * domains of `list -p`, `list -l -p`, `list-bindings -p` and
 * `list-constraints -p` (state, flags, VCPUs, memory, blocks, cores, crypto
 * units, physical I/O, vdisks, vnets, console), and the services their
 * VDS, VSW and VCC records show.
 *
 * Facts are in the order printed; a domain's blocks sorted by RA. An empty
 * value is "not shown" (null), never zero. Unknown sections and keys are
 * skipped with a warning naming `file:line`.
 *
 * Cost: O(total length of the lines); memory rows go to columns
 * ({@link MemoryRows}), no object or bigint a row. Mutates nothing it is
 * given.
 *
 * @throws {@link InputError} at `file: line N` for a value that is not a
 *   size, address or count, a key given twice in one record, or a row
 *   without a value it must have (`pa`, `size`, a domain's name)
 */
export function readParseableOutput(text: OutputText): OutputFacts {
  return new ListingReader(text).read();
}
