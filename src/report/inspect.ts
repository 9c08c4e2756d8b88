/**
 * What `ldmfit inspect` prints about a set of captures: the JSON document of
 * ldm-formats.md ("`ldmfit inspect FILE... [--json]`") and a readable
 * summary. Model → text, never back.
 *
 * @module
 */
import type { CaptureReading, DomainFacts, MemoryRows } from '../formats/ldm/model.js';
import { formatHex, formatSize } from '../quantity.js';

/** One `RA PA SIZE` row of a domain, in hex. */
export interface InspectJsonBlock {
  /** Real address. */
  readonly ra: string;
  /** Physical address. */
  readonly pa: string;
  /** Length in bytes. */
  readonly size: string;
}

/** One domain as `inspect --json` prints it: the contract's five fields, then what else was seen. */
export interface InspectJsonDomain {
  /** The domain's name. */
  readonly name: string;
  /** STATE as printed, or null. */
  readonly state: string | null;
  /** VCPU count, or null. */
  readonly vcpus: number | null;
  /** Total memory in bytes (hex), or null. */
  readonly memory: string | null;
  /** The `RA PA SIZE` rows (hex), sorted by RA. */
  readonly blocks: readonly InspectJsonBlock[];
  /** FLAGS as printed, when shown. */
  readonly flags?: string;
  /** Whole cores, when shown. */
  readonly cores?: number;
  /** Crypto units, when shown. */
  readonly cryptoUnits?: number;
  /** Physical I/O devices, when any. */
  readonly physicalIo?: readonly string[];
  /** Virtual disks, when any. */
  readonly vdisks?: readonly {
    /** The disk's name in the domain. */
    readonly name: string;
    /** The volume it is backed by, or null when not shown. */
    readonly volume: string | null;
    /** The virtual disk service holding the volume, or null. */
    readonly service: string | null;
  }[];
  /** Virtual networks, when any. */
  readonly vnets?: readonly {
    /** The network device's name in the domain. */
    readonly name: string;
    /** The virtual switch it is on, or null when not shown. */
    readonly switch: string | null;
    /** Whether it asks for NIU hybrid I/O. */
    readonly hybrid: boolean;
  }[];
  /** Console service, when shown. */
  readonly console?: string;
  /** Soft state, when shown. */
  readonly softstate?: string;
}

/** The document `ldmfit inspect --json` prints. */
export interface InspectJson {
  /** Every ldm output found, in file order. */
  readonly outputs: readonly {
    /** The capture file's name as given. */
    readonly file: string;
    /** 1-based line where the output starts (its command line when there is one). */
    readonly line: number;
    /** The command in canonical long form, without `ldm` and domain names. */
    readonly command: string;
    /** `human`, `parseable` or `xml`. */
    readonly format: string;
  }[];
  /** Memory rows (hex), in PA order; `bound` a domain name, `_sys_`, or null when free. */
  readonly memory: readonly {
    /** First byte (hex). */
    readonly pa: string;
    /** Length in bytes (hex). */
    readonly size: string;
    /** The BOUND column: a domain, `_sys_`, or null when free. */
    readonly bound: string | null;
  }[];
  /** Every domain seen. */
  readonly domains: readonly InspectJsonDomain[];
  /** What was skipped, `file:line: what`. */
  readonly warnings: readonly string[];
}

/** The contract document of a reading. O(rows + domains); the memory rows' hex made from their columns. */
export function inspectJson(reading: CaptureReading): InspectJson {
  return {
    outputs: reading.outputs.map(({ file, line, command, format }) => ({ file, line, command, format })),
    memory: memoryJson(reading.memory),
    domains: reading.domains.map(domainJson),
    warnings: [...reading.warnings],
  };
}

/** The memory rows in hex, straight from the columns: no bigint a row. */
function memoryJson(rows: MemoryRows): InspectJson['memory'] {
  const json = new Array<InspectJson['memory'][number]>(rows.length);
  for (let index = 0; index < rows.length; index++) {
    json[index] = { pa: wordsHex(rows.paWords, index), size: wordsHex(rows.sizeWords, index), bound: rows.bound(index) };
  }
  return json;
}

/** The quantity at `words[2i]` (low), `words[2i + 1]` (high) as {@link formatHex} writes it. */
function wordsHex(words: Uint32Array, index: number): string {
  const low = words[2 * index]!;
  const high = words[2 * index + 1]!;
  return high === 0 ? '0x' + low.toString(16) : '0x' + high.toString(16) + low.toString(16).padStart(8, '0');
}

function domainJson(domain: DomainFacts): InspectJsonDomain {
  return {
    name: domain.name,
    state: domain.state,
    vcpus: domain.vcpus,
    memory: domain.memory === null ? null : formatHex(domain.memory),
    blocks: domain.blocks.map((block) => ({ ra: formatHex(block.ra), pa: formatHex(block.pa), size: formatHex(block.size) })),
    ...(domain.flags === null ? {} : { flags: domain.flags }),
    ...(domain.cores === null ? {} : { cores: domain.cores }),
    ...(domain.cryptoUnits === null ? {} : { cryptoUnits: domain.cryptoUnits }),
    ...(domain.physicalIo.length === 0 ? {} : { physicalIo: [...domain.physicalIo] }),
    ...(domain.vdisks.length === 0 ? {} : { vdisks: domain.vdisks.map((disk) => ({ ...disk })) }),
    ...(domain.vnets.length === 0 ? {} : { vnets: domain.vnets.map((net) => ({ ...net })) }),
    ...(domain.console === null ? {} : { console: domain.console }),
    ...(domain.softstate === null ? {} : { softstate: domain.softstate }),
  };
}

/**
 * A readable summary, newline-terminated: per output what was read and its
 * warnings under it, then the memory (free and bound totals, the largest
 * free range), the domains, and the warnings of no output (a file with
 * none).
 */
export function formatInspectText(reading: CaptureReading): string {
  const lines: string[] = [];
  const told = new Set<string>();
  for (const output of reading.outputs) {
    lines.push(`${output.file}:${output.line}: ldm ${output.command} (${output.format}): ${output.read}`);
    for (const warning of output.warnings) {
      lines.push(`  warning: ${warning}`);
      told.add(warning);
    }
  }
  const memory = reading.memory;
  if (memory.length > 0) {
    const free = memory.freeCount();
    lines.push(
      `memory: ${memory.length} ranges; free ${formatSize(memory.totalSize(true))} in ${free} ranges` +
        (free === 0 ? '' : `, the largest ${formatSize(memory.largestFree())}`) +
        `; bound ${formatSize(memory.totalSize(false))}`,
    );
  }
  for (const domain of reading.domains) {
    const parts = [
      domain.state ?? 'state not shown',
      domain.vcpus === null ? undefined : `${domain.vcpus} vcpus`,
      domain.memory === null ? undefined : `${formatSize(domain.memory)} memory`,
      domain.blocks.length === 0 ? undefined : `${domain.blocks.length} memory block${domain.blocks.length === 1 ? '' : 's'}`,
    ].filter((part) => part !== undefined);
    lines.push(`domain ${domain.name}: ${parts.join(', ')}`);
  }
  for (const warning of reading.warnings) if (!told.has(warning)) lines.push(`warning: ${warning}`);
  return lines.map((line) => line + '\n').join('');
}
