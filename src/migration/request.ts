/**
 * The request model of `ldmfit check`: one domain, its source machine and a
 * target machine (migration.md, "Request file"), validated and with every
 * default applied, so that the rule modules never see a missing field.
 *
 * Structure (field names, types, enums, unknown fields) is checked by ajv
 * against {@link REQUEST_SCHEMA}, the same schema users validate their own
 * files with; its first error becomes an {@link InputError} whose field is
 * the JSON path (`domain.vdisks[1].service`). Quantities and cross-field rules
 * are checked here in code, with the quantity rules of `quantity.ts`.
 *
 * Memory quantities are held in granule units of {@link MIGRATION_GRANULE}
 * bytes, like the placement core.
 *
 * @module
 */
import {
  InputError,
  formatSize,
  parseGranules,
  parsePowerOfTwo,
  shown,
} from '../quantity.js';
import { schemaChecker } from '../formats/schema-check.js';
import type { Block } from '../memory/instance.js';
import type { LdmProfile } from '../wording/ldm.js';
import { REQUEST_SCHEMA } from './request-schema.js';

/** The request's structure: field names first, then types, enums, quantities' form. */
const checkRequestStructure = schemaChecker(REQUEST_SCHEMA);

/** The memory granule of a migration request in bytes: 8K, the sun4v base page. */
export const MIGRATION_GRANULE = 8192;

/** 2^64 bytes in granules: no range may end beyond it. */
const LIMIT_GRANULES = 2 ** 51;

/** Which release's rules apply (migration.md, "Rule profiles"); the same releases as ldm's wording. */
export type RuleProfile = LdmProfile;
/** The domain's state in `ldm list`. */
export type DomainState = 'active' | 'bound' | 'inactive';
/** What the guest is running: Solaris, the OpenBoot prompt or the kmdb debugger. */
export type RunState = 'solaris' | 'openboot' | 'kmdb';
/** The domain's `cpu-arch` property. */
export type CpuArch = 'native' | 'generic' | 'migration-class1' | 'sparc64-class1';
/** A machine's power management policy. */
export type PowerPolicy = 'performance' | 'elastic';

/** The guest operating system's capabilities. */
export interface GuestOs {
  /** Release text, informational only. */
  readonly release: string;
  /** CPU dynamic reconfiguration supported. Default true. */
  readonly cpuDR: boolean;
  /** Crypto unit dynamic reconfiguration supported. Default true. */
  readonly cryptoDR: boolean;
  /** The guest allows its memory blocks to be split (Solaris 11.3 or later). Default false. */
  readonly memorySplit: boolean;
}

/** A virtual disk: its name in the domain, the volume and the vds service exporting it. */
export interface VirtualDisk {
  /** Device name in the domain (`vdisk0`). */
  readonly name: string;
  /** Volume name on the service (`vol1`). */
  readonly volume: string;
  /** The virtual disk service (`primary-vds0`). */
  readonly service: string;
}

/** A virtual network device and the virtual switch it hangs on. */
export interface VirtualNetwork {
  /** Device name in the domain (`vnet0`). */
  readonly name: string;
  /** Virtual switch name (`primary-vsw0`). */
  readonly switch: string;
  /** NIU hybrid I/O requested. Default false. */
  readonly hybrid: boolean;
}

/** One entry of a named-resource memory map: a source block (by PA) and where it goes. Granules. */
export interface MblockMapping {
  /** Index of the source block in {@link MigratingDomain.memory}. */
  readonly block: number;
  /** Chosen physical address on the target (granules). */
  readonly targetPa: number;
}

/** The domain to migrate. */
export interface MigratingDomain {
  /** Domain name (`ldg1`). */
  readonly name: string;
  /** Its state. Default active. */
  readonly state: DomainState;
  /** Guest OS capabilities. */
  readonly os: GuestOs;
  /** What the guest runs. Default solaris. */
  readonly runState: RunState;
  /** Already migrating. Default false. */
  readonly migrating: boolean;
  /** The cpu-arch property. Default native. */
  readonly cpuArch: CpuArch;
  /** Where split mode may cut, in granules. Default: the smaller largestPage. */
  readonly effectiveLargestPage: number;
  /** Bound virtual CPUs (strands), at least 1. */
  readonly strands: number;
  /** Bound crypto units. Default 0. */
  readonly cryptoUnits: number;
  /** Processes bound to CPUs in the guest. Default false. */
  readonly boundProcesses: boolean;
  /** Processor sets in the guest. Default false. */
  readonly processorSets: boolean;
  /** Memory blocks in granules (`pa` on the source), in file order. */
  readonly memory: readonly Block[];
  /** Named-resource target addresses, one per block, in file order; undefined when not given. */
  readonly mblockmap: readonly MblockMapping[] | undefined;
  /** Physical I/O devices owned. Default none. */
  readonly physicalIO: readonly string[];
  /** Virtual disks. Default none. */
  readonly vdisks: readonly VirtualDisk[];
  /** Virtual networks. Default none. */
  readonly vnets: readonly VirtualNetwork[];
  /** Console concentrator service; undefined when not given (then not checked). */
  readonly vcc: string | undefined;
}

/** A machine's CPU as the rules compare it. */
export interface MachineCpu {
  /** Processor type name (`UltraSPARC-T2`). */
  readonly type: string;
  /** Clock in MHz. */
  readonly mhz: number;
}

/** The primary domain of a machine, for speed hints; undefined fields were not given. */
export interface PrimaryDomain {
  /** Its vCPUs, when known. */
  readonly strands: number | undefined;
  /** Its crypto units, when known. */
  readonly cryptoUnits: number | undefined;
}

/** What both machines have. */
export interface MachineCommon {
  /** Host name. */
  readonly name: string;
  /** CPU type and clock. */
  readonly cpu: MachineCpu;
  /** Hardware largest page in granules. Default 256M. */
  readonly largestPage: number;
  /** Power policy. Default performance. */
  readonly powerPolicy: PowerPolicy;
  /** A delayed reconfiguration is pending. Default false. */
  readonly delayedReconfig: boolean;
  /** The primary domain, undefined when not given. */
  readonly primary: PrimaryDomain | undefined;
}

/** The source machine. */
export type SourceMachine = MachineCommon;

/** The target's CPU with its free capacity. */
export interface TargetCpu extends MachineCpu {
  /** Strands per core. Default 8. */
  readonly strandsPerCore: number;
  /** Free strands. */
  readonly freeStrands: number;
  /** Cores with all strands free. Default `floor(freeStrands / strandsPerCore)`. */
  readonly freeWholeCores: number;
}

/** Virtual I/O services the target offers. */
export interface TargetServices {
  /** Virtual disk services: name → exported volume names. */
  readonly vds: ReadonlyMap<string, ReadonlySet<string>>;
  /** Virtual switch names. */
  readonly vsw: ReadonlySet<string>;
  /** Console concentrator names. */
  readonly vcc: ReadonlySet<string>;
}

/** The target machine. */
export interface TargetMachine extends MachineCommon {
  /** CPU with free capacity. */
  readonly cpu: TargetCpu;
  /** Free memory ranges in granules, in file order (not coalesced). */
  readonly freeMemory: readonly {
    /** Physical address of the free range's first granule. */
    readonly pa: number;
    /** Length of the free range, in granules; > 0. */
    readonly size: number;
  }[];
  /** Free crypto units. Default 0. */
  readonly freeCryptoUnits: number;
  /** Free NIU hybrid I/O resources. Default 0. */
  readonly freeNiu: number;
  /** Services. Default none. */
  readonly services: TargetServices;
}

/** A validated request with every default applied. Memory in granules of {@link MIGRATION_GRANULE}. */
export interface MigrationRequest {
  /** Rule profile. Default ldoms-1.3. */
  readonly profile: RuleProfile;
  /** Report as a dry run (`ldm migrate-domain -n`). Default true. */
  readonly dryRun: boolean;
  /** Granule of every memory quantity, in bytes. */
  readonly granuleBytes: number;
  /** The domain. */
  readonly domain: MigratingDomain;
  /** The source machine. */
  readonly source: SourceMachine;
  /** The target machine. */
  readonly target: TargetMachine;
  /** Congruence modulus in granules: the larger of the two largestPage values. */
  readonly alignment: number;
}

// ---------------------------------------------------------------- the raw file, after the schema passed

/* These interfaces are what the schema guarantees; fields the schema lets
 * out are optional here and get their defaults below. */
interface RawRange { pa: unknown; size: unknown }
interface RawBlock extends RawRange { ra: unknown }
interface RawPrimary { strands?: number; cryptoUnits?: number }
interface RawMachine {
  name: string;
  cpu: { type: string; mhz: number; strandsPerCore?: number; freeStrands?: number; freeWholeCores?: number };
  largestPage?: unknown;
  powerPolicy?: PowerPolicy;
  delayedReconfig?: boolean;
  primary?: RawPrimary;
  freeMemory?: RawRange[];
  freeCryptoUnits?: number;
  freeNiu?: number;
  services?: { vds?: Record<string, string[]>; vsw?: string[]; vcc?: string[] };
}
interface RawDomain {
  name: string;
  state?: DomainState;
  os?: { release?: string; cpuDR?: boolean; cryptoDR?: boolean; memorySplit?: boolean };
  runState?: RunState;
  migrating?: boolean;
  cpuArch?: CpuArch;
  effectiveLargestPage?: unknown;
  strands: number;
  cryptoUnits?: number;
  boundProcesses?: boolean;
  processorSets?: boolean;
  memory: RawBlock[];
  mblockmap?: { pa: unknown; targetPa: unknown }[];
  physicalIO?: string[];
  vdisks?: VirtualDisk[];
  vnets?: { name: string; switch: string; hybrid?: boolean }[];
  vcc?: string;
}
interface RawRequest { profile?: RuleProfile; dryRun?: boolean; domain: RawDomain; source: RawMachine; target: RawMachine }

// ---------------------------------------------------------------- quantities and cross-field rules

/** A machine's largest page when its file does not say. */
export const DEFAULT_LARGEST_PAGE = '256M';

function largestPage(value: unknown, field: string): number {
  return parsePowerOfTwo(value ?? DEFAULT_LARGEST_PAGE, field, MIGRATION_GRANULE) / MIGRATION_GRANULE;
}

/** Parse `{pa|ra, size}` ends; the range must be non-empty and end at or below 2^64. */
function parseRange(start: unknown, size: unknown, field: string, startKey: string): { start: number; size: number } {
  const startGranules = parseGranules(start, MIGRATION_GRANULE, `${field}.${startKey}`);
  const sizeGranules = parseGranules(size, MIGRATION_GRANULE, `${field}.size`);
  if (sizeGranules === 0) throw new InputError(`${field}.size`, 'must be greater than zero', shown(size));
  if (startGranules + sizeGranules > LIMIT_GRANULES) {
    throw new InputError(field, 'ends beyond 2^64', `${shown(start)} + ${shown(size)}`);
  }
  return { start: startGranules, size: sizeGranules };
}

/** Reject the first overlap among ranges; O(n log n). `what` names the address kind. */
function rejectOverlap(ranges: readonly { start: number; size: number; field: string }[], what: string): void {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (current.start < previous.start + previous.size) {
      throw new InputError(current.field, `overlaps ${previous.field} in ${what}`);
    }
  }
}

function parseMemory(raw: RawDomain): Block[] {
  const placed = raw.memory.map((block, i) => {
    const field = `domain.memory[${i}]`;
    const ra = parseRange(block.ra, block.size, field, 'ra');
    const pa = parseRange(block.pa, block.size, field, 'pa');
    return { ra: ra.start, pa: pa.start, size: ra.size, field };
  });
  rejectOverlap(placed.map((b) => ({ start: b.ra, size: b.size, field: b.field })), 'RA');
  rejectOverlap(placed.map((b) => ({ start: b.pa, size: b.size, field: b.field })), 'source PA');
  return placed.map(({ ra, pa, size }) => ({ ra, pa, size }));
}

function parseFreeMemory(raw: RawMachine): { pa: number; size: number }[] {
  const ranges = (raw.freeMemory ?? []).map((range, i) => {
    const field = `target.freeMemory[${i}]`;
    const parsed = parseRange(range.pa, range.size, field, 'pa');
    return { ...parsed, field };
  });
  rejectOverlap(ranges, 'PA');
  return ranges.map((r) => ({ pa: r.start, size: r.size }));
}

/**
 * Named resources: every block mapped exactly once, by its source PA.
 * Whether the target range is free and congruent is a finding, not an input
 * error (the user asks exactly that), so it is left to the memory rule.
 */
function parseMblockmap(raw: RawDomain, memory: readonly Block[], profile: RuleProfile): MblockMapping[] | undefined {
  if (raw.mblockmap === undefined) return undefined;
  if (profile !== 'ovm-3.6') throw new InputError('domain.mblockmap', 'named memory resources need profile "ovm-3.6"');
  const blockByPa = new Map(memory.map((block, index) => [block.pa, index]));
  const seen = new Set<number>();
  const mappings = raw.mblockmap.map((entry, i) => {
    const field = `domain.mblockmap[${i}]`;
    const pa = parseGranules(entry.pa, MIGRATION_GRANULE, `${field}.pa`);
    const block = blockByPa.get(pa);
    if (block === undefined) throw new InputError(`${field}.pa`, 'is not the source PA of any domain.memory block', shown(entry.pa));
    if (seen.has(block)) throw new InputError(`${field}.pa`, 'maps the same block twice', shown(entry.pa));
    seen.add(block);
    const targetPa = parseRange(entry.targetPa, memory[block]!.size * MIGRATION_GRANULE, field, 'targetPa').start;
    return { block, targetPa };
  });
  const missing = memory.findIndex((_, index) => !seen.has(index));
  if (missing >= 0) {
    throw new InputError('domain.mblockmap', `has no entry for domain.memory[${missing}]; map every block`);
  }
  return mappings;
}

function parsePrimary(raw: RawPrimary | undefined): PrimaryDomain | undefined {
  return raw === undefined ? undefined : { strands: raw.strands, cryptoUnits: raw.cryptoUnits };
}

function parseCommon(raw: RawMachine, role: 'source' | 'target'): MachineCommon {
  return {
    name: raw.name,
    cpu: { type: raw.cpu.type, mhz: raw.cpu.mhz },
    largestPage: largestPage(raw.largestPage, `${role}.largestPage`),
    powerPolicy: raw.powerPolicy ?? 'performance',
    delayedReconfig: raw.delayedReconfig ?? false,
    primary: parsePrimary(raw.primary),
  };
}

function parseTarget(raw: RawMachine): TargetMachine {
  const strandsPerCore = raw.cpu.strandsPerCore ?? 8;
  // The schema requires freeStrands on the target; `?? 0` only satisfies the shared raw type.
  const freeStrands = raw.cpu.freeStrands ?? 0;
  const services = raw.services ?? {};
  return {
    ...parseCommon(raw, 'target'),
    cpu: {
      type: raw.cpu.type,
      mhz: raw.cpu.mhz,
      strandsPerCore,
      freeStrands,
      freeWholeCores: raw.cpu.freeWholeCores ?? Math.floor(freeStrands / strandsPerCore),
    },
    freeMemory: parseFreeMemory(raw),
    freeCryptoUnits: raw.freeCryptoUnits ?? 0,
    freeNiu: raw.freeNiu ?? 0,
    services: {
      vds: new Map(Object.entries(services.vds ?? {}).map(([service, volumes]) => [service, new Set(volumes)])),
      vsw: new Set(services.vsw ?? []),
      vcc: new Set(services.vcc ?? []),
    },
  };
}

function parseEffectiveLargestPage(raw: RawDomain, smaller: number): number {
  if (raw.effectiveLargestPage === undefined) return smaller;
  const field = 'domain.effectiveLargestPage';
  const bytes = parsePowerOfTwo(raw.effectiveLargestPage, field, MIGRATION_GRANULE);
  if (bytes / MIGRATION_GRANULE > smaller) {
    throw new InputError(field, `must not exceed the smaller largestPage of the two machines (${formatSize(smaller * MIGRATION_GRANULE)})`, shown(raw.effectiveLargestPage));
  }
  return bytes / MIGRATION_GRANULE;
}

function parseDomain(raw: RawDomain, profile: RuleProfile, smallerPage: number): MigratingDomain {
  const memory = parseMemory(raw);
  return {
    name: raw.name,
    state: raw.state ?? 'active',
    os: {
      release: raw.os?.release ?? '',
      cpuDR: raw.os?.cpuDR ?? true,
      cryptoDR: raw.os?.cryptoDR ?? true,
      memorySplit: raw.os?.memorySplit ?? false,
    },
    runState: raw.runState ?? 'solaris',
    migrating: raw.migrating ?? false,
    cpuArch: raw.cpuArch ?? 'native',
    effectiveLargestPage: parseEffectiveLargestPage(raw, smallerPage),
    strands: raw.strands,
    cryptoUnits: raw.cryptoUnits ?? 0,
    boundProcesses: raw.boundProcesses ?? false,
    processorSets: raw.processorSets ?? false,
    memory,
    mblockmap: parseMblockmap(raw, memory, profile),
    physicalIO: raw.physicalIO ?? [],
    vdisks: raw.vdisks ?? [],
    vnets: (raw.vnets ?? []).map((vnet) => ({ name: vnet.name, switch: vnet.switch, hybrid: vnet.hybrid ?? false })),
    vcc: raw.vcc,
  };
}

/**
 * Validate a parsed request file and apply every default.
 *
 * Cost: O(b log b + r log r) for b memory blocks and r free ranges (the
 * overlap checks sort). Does not mutate `json`.
 *
 * @param json the request as `JSON.parse` returned it
 * @returns the request model the rules read
 * @throws {@link InputError} naming the JSON path of the first problem:
 *   unknown field, wrong type, bad quantity, overlapping ranges, a page size
 *   that is not a power of two of at least 8K, an effectiveLargestPage above
 *   the smaller largestPage, an mblockmap that does not map every block once
 */
export function parseRequest(json: unknown): MigrationRequest {
  checkRequestStructure(json);
  const raw = json as RawRequest;
  const profile = raw.profile ?? 'ldoms-1.3';
  const source = parseCommon(raw.source, 'source');
  const target = parseTarget(raw.target);
  const smallerPage = Math.min(source.largestPage, target.largestPage);
  return {
    profile,
    dryRun: raw.dryRun ?? true,
    granuleBytes: MIGRATION_GRANULE,
    domain: parseDomain(raw.domain, profile, smallerPage),
    source,
    target,
    alignment: Math.max(source.largestPage, target.largestPage),
  };
}
