/**
 * What the `ldm` readers produce: the facts one `ldm` output shows, in bytes
 * and counts, before any question is built from them. Every reader (human
 * listings, parseable `-p` listings, XML) turns the text of one output into
 * an {@link OutputFacts}; the capture reader merges them into a
 * {@link CaptureReading}, which `ldmfit inspect` prints and the
 * questions-from-captures code turns into placement questions and requests.
 *
 * Text → model, never back: nothing here formats.
 *
 * @module
 */
import { MemoryRows } from './memory-rows.js';

export { MemoryRows } from './memory-rows.js';

/** How an output was written. */
export type OutputFormat = 'human' | 'parseable' | 'xml';

/** One `ldm` output found in a capture. */
export interface LdmOutput {
  /** The capture file's name as given. */
  readonly file: string;
  /** 1-based line of the output's first line (its command line, or its first recognised line). */
  readonly line: number;
  /**
   * The command in canonical long form without `ldm` and without domain
   * names (`list-devices -a memory`, `list -l`, `list -o memory`,
   * `list-constraints -x`), or a best guess from the content when the
   * command line is missing (`list-devices memory`, `list`, …).
   */
  readonly command: string;
  /** How it was written. */
  readonly format: OutputFormat;
  /** What ldmfit read from it, in a few words (`6 memory ranges, 2 free`, `domain ldg1: 2 memory blocks`); not in the JSON contract. */
  readonly read: string;
  /** The warnings this output gave (also in {@link CaptureReading.warnings}). */
  readonly warnings: readonly string[];
}

/** One row of a `list-devices [-a] memory` output, as an object (readings hold them as {@link MemoryRows} columns). */
export interface MemoryRow {
  /** First byte. */
  readonly pa: bigint;
  /** Length in bytes. */
  readonly size: bigint;
  /** The BOUND column: a domain name, `_sys_`, or null for a free row (or an output without `-a`). */
  readonly bound: string | null;
}

/** One `RA PA SIZE` row of a domain's memory. */
export interface BlockRow {
  /** Real address. */
  readonly ra: bigint;
  /** Physical address on the machine the output came from. */
  readonly pa: bigint;
  /** Length in bytes. */
  readonly size: bigint;
}

/** A virtual disk of a domain (`DISK` section, or `vdisk` resource). */
export interface VdiskFacts {
  /** The disk's name in the domain. */
  readonly name: string;
  /** The exported volume it uses (`vol@vds`, the part before `@`). */
  readonly volume: string | null;
  /** The virtual disk service (`vol@vds`, the part after `@`). */
  readonly service: string | null;
}

/** A virtual network device of a domain (`NETWORK` section, or `vnet` resource). */
export interface VnetFacts {
  /** The device's name in the domain. */
  readonly name: string;
  /** The virtual switch it is attached to. */
  readonly switch: string | null;
  /** Whether NIU hybrid I/O is requested (`mode=hybrid`). */
  readonly hybrid: boolean;
}

/**
 * What an output says about one domain. Every field but `name` may be
 * missing from a given output: `null` (or empty) means "not shown here",
 * and the capture reader merges what several outputs show.
 */
export interface DomainFacts {
  /** The domain's name. */
  readonly name: string;
  /** STATE as printed (`active`, `bound`, `inactive`, …), or null. */
  readonly state: string | null;
  /** FLAGS as printed (`-n-cv-`, or words from `list -l -p`), or null. */
  readonly flags: string | null;
  /** VCPU count, or null. */
  readonly vcpus: number | null;
  /** Total memory in bytes (MEMORY column, `mem=`, the constraint's size), or null. */
  readonly memory: bigint | null;
  /** The `RA PA SIZE` rows, sorted by RA (empty when not shown). */
  readonly blocks: readonly BlockRow[];
  /** Whole cores bound (CORE section / `core` resource count), or null. */
  readonly cores: number | null;
  /** Crypto units (MAU) bound, or null. */
  readonly cryptoUnits: number | null;
  /** Physical I/O devices the domain owns (IO section: buses, endpoints, VFs), empty when none or not shown. */
  readonly physicalIo: readonly string[];
  /** Virtual disks (empty when none or not shown). */
  readonly vdisks: readonly VdiskFacts[];
  /** Virtual networks (empty when none or not shown). */
  readonly vnets: readonly VnetFacts[];
  /** The console concentrator service (VCONS / VCC), or null. */
  readonly console: string | null;
  /** The guest's soft state (`Solaris running`, `OpenBoot Running`, …), or null. */
  readonly softstate: string | null;
}

/** The virtual I/O services a machine offers (`list-services`, or the service sections of `list -l`). */
export interface ServiceFacts {
  /** Virtual disk services by name, each with the volume names it exports. */
  readonly vds: ReadonlyMap<string, readonly string[]>;
  /** Virtual switch names. */
  readonly vsw: readonly string[];
  /** Console concentrator names. */
  readonly vcc: readonly string[];
}

/** One row of `list-devices [-a] cpu`. */
export interface CpuRow {
  /** Strand id (PID). */
  readonly pid: number;
  /** Percent free (100 = unbound). */
  readonly free: number;
  /** Power management state, or null. */
  readonly pm: string | null;
  /** The BOUND column with `-a`, or null. */
  readonly bound: string | null;
}

/** One cryptographic unit (MAU) of `list-devices [-a] crypto`. */
export interface CryptoRow {
  /** Unit id. */
  readonly id: number;
  /** The BOUND column with `-a` (a domain), or null when free. */
  readonly bound: string | null;
}

/** What one output shows. */
export interface OutputFacts {
  /** Memory rows of `list-devices … memory` (or of its all-sections form), in the order printed. */
  readonly memory: MemoryRows;
  /** Domains shown. */
  readonly domains: readonly DomainFacts[];
  /** Services shown, when the output lists any. */
  readonly services: ServiceFacts | null;
  /** CPU rows of `list-devices … cpu`. */
  readonly cpus: readonly CpuRow[];
  /** Crypto unit rows of `list-devices … crypto` (or `mau`). */
  readonly crypto: readonly CryptoRow[];
  /** Things skipped (unknown sections or columns): `file:line: what`. */
  readonly warnings: readonly string[];
}

/** Where an output's text sits, for readers that name lines in warnings and errors. */
export interface OutputText {
  /** The capture file's name. */
  readonly file: string;
  /** 1-based line number of `lines[0]` in the file. */
  readonly firstLine: number;
  /** The output's lines, without line terminators and without the command line. */
  readonly lines: readonly string[];
  /** The command the output belongs to (canonical, as {@link LdmOutput.command}), when its command line was there. */
  readonly command: string | null;
  /**
   * Memory rows the capture reader already read from the file's bytes, in
   * line order, when there are any. Each run stands for `rows.length`
   * lines of {@link OutputText.lines} from `index` on, which hold
   * {@link MEMORY_RUN_LINE} instead of their text.
   */
  readonly memoryRuns?: readonly MemoryRun[];
}

/**
 * Consecutive memory row lines of a parseable output (`|pa=0x…|size=…|bound=…`
 * as `ldm` prints them), read from the capture's bytes before any line
 * string was made: a million-row `list-devices -a -p memory` capture is
 * mostly these. The reader takes the rows as they are where memory rows
 * belong (a `MEMORY` record outside a domain) and reads `source` as lines
 * anywhere else.
 */
export interface MemoryRun {
  /** Index in {@link OutputText.lines} of the run's first line. */
  readonly index: number;
  /** The rows, one per line. */
  readonly rows: MemoryRows;
  /** The lines' bytes, each line ending in `\n` (ASCII only). */
  readonly source: Uint8Array;
}

/**
 * What {@link OutputText.lines} holds for each line of a {@link MemoryRun}:
 * a string no real line can be (lines never hold a line feed), and not
 * blank, as the rows are not.
 */
export const MEMORY_RUN_LINE = '\n|';

/** Everything read from a set of captures (what `ldmfit inspect --json` prints). */
export interface CaptureReading {
  /** Every output found, in file order. */
  readonly outputs: readonly LdmOutput[];
  /** Memory rows, in PA order, duplicates removed. */
  readonly memory: MemoryRows;
  /** Every domain seen, in order of first appearance, merged across outputs. */
  readonly domains: readonly DomainFacts[];
  /** Services, merged across outputs (empty when none were shown). */
  readonly services: ServiceFacts;
  /** CPU rows, merged. */
  readonly cpus: readonly CpuRow[];
  /** Crypto unit rows, merged by id. */
  readonly crypto: readonly CryptoRow[];
  /** Every warning, in file order. */
  readonly warnings: readonly string[];
}

/** A domain with nothing shown but its name: what readers start from. */
export function emptyDomain(name: string): DomainFacts {
  return {
    name,
    state: null,
    flags: null,
    vcpus: null,
    memory: null,
    blocks: [],
    cores: null,
    cryptoUnits: null,
    physicalIo: [],
    vdisks: [],
    vnets: [],
    console: null,
    softstate: null,
  };
}

/** Facts with nothing in them: what readers start from. */
export function emptyFacts(): OutputFacts {
  return { memory: MemoryRows.EMPTY, domains: [], services: null, cpus: [], crypto: [], warnings: [] };
}
