/**
 * The parts of a request that captures show, one home for the two builders
 * that need them: a request's `domain` from what the captures show of one
 * domain, and a request's `target` (free memory, strands, whole cores,
 * crypto units, services, power policy, primary) from one machine's
 * captures. `questions.ts` builds one request from a source and a target
 * with them; `fleet-file.ts` builds a fleet file, whose hosts are targets
 * and whose domains are request domains, from one capture per host.
 *
 * What the captures cannot show comes from facts; a fact that is missing is
 * handed to the caller's {@link Assume}, which takes a conservative default
 * and says so in a warning worded for its own file.
 *
 * @module
 */
import type { MigrationRequestFile } from '../../migration/request-schema.js';
import { formatHex } from '../../quantity.js';
import type { MigrationFacts } from './facts.js';
import type { CaptureReading, CpuRow, DomainFacts } from './model.js';

/**
 * How a builder takes a fact that may be missing: `value` when given, else
 * `fallback`, recording the assumption (`fact` is the fact's path relative
 * to where the caller keeps it, `os.cpuDR`; `why` why the fallback is the
 * safe side).
 */
export type Assume = <T>(value: T | undefined, fallback: T, fact: string, why: string) => T;

/** The facts about one domain (a facts file's `domain`). */
export type DomainFactsFile = NonNullable<MigrationFacts['domain']>;

/** The facts about one machine as a target (a facts file's `target`). */
export type TargetFactsFile = NonNullable<MigrationFacts['target']>;

/** A request's domain, as a request file holds it. */
export type RequestDomainFile = MigrationRequestFile['domain'];

/** A request's target, as a request file holds it. */
export type RequestTargetFile = MigrationRequestFile['target'];

/** A memory range as request files write it (hex strings). */
export interface RangeFile {
  /** First byte, hex. */
  readonly pa: string;
  /** Length, hex. */
  readonly size: string;
}

/**
 * The request's domain from what the captures show of it: blocks, crypto
 * units, physical I/O, virtual disks and networks, console, state, soft
 * state and flags (`s`/`t` migrating); the guest's OS and CPU facts from
 * `facts`, each missing one through `assume` (relative to the domain's
 * facts: `os.cpuDR`, `boundProcesses`).
 *
 * @param strands the VCPU count, settled by the caller (captures may not show it)
 */
export function requestDomain(domain: DomainFacts, strands: number, facts: DomainFactsFile, assume: Assume): RequestDomainFile {
  const os = facts.os ?? {};
  return {
    name: domain.name,
    state: stateOf(domain.state),
    strands,
    memory: domain.blocks.map((block) => ({ ra: formatHex(block.ra), pa: formatHex(block.pa), size: formatHex(block.size) })),
    os: {
      ...(os.release === undefined ? {} : { release: os.release }),
      cpuDR: assume(os.cpuDR, false, 'os.cpuDR', 'a guest without CPU DR cannot shrink to one strand'),
      cryptoDR: assume(os.cryptoDR, false, 'os.cryptoDR', 'a guest without crypto DR cannot give up its crypto units'),
      memorySplit: assume(os.memorySplit, false, 'os.memorySplit', 'blocks are not split unless the guest allows it'),
    },
    runState: runStateOf(domain.softstate),
    migrating: flagsOf(domain.flags).migrating,
    cryptoUnits: domain.cryptoUnits ?? 0,
    physicalIO: [...domain.physicalIo],
    vdisks: domain.vdisks.filter((disk) => disk.volume !== null && disk.service !== null).map((disk) => ({ name: disk.name, volume: disk.volume!, service: disk.service! })),
    vnets: domain.vnets.filter((net) => net.switch !== null).map((net) => ({ name: net.name, switch: net.switch!, hybrid: net.hybrid })),
    ...(domain.console === null ? {} : { vcc: domain.console }),
    ...(facts.cpuArch === undefined ? {} : { cpuArch: facts.cpuArch }),
    ...(facts.effectiveLargestPage === undefined ? {} : { effectiveLargestPage: facts.effectiveLargestPage }),
    boundProcesses: assume(facts.boundProcesses, true, 'boundProcesses', 'bound processes would block a CPU shrink'),
    processorSets: assume(facts.processorSets, true, 'processorSets', 'processor sets would block a CPU shrink'),
  };
}

/**
 * A machine as a request's target from its captures: free strands
 * (`list-devices cpu` rows 100% free) and the whole cores they make, free
 * crypto units (the facts, else the crypto rows with no owner), services,
 * delayed reconfiguration (the primary's `d` flag), the primary's strands
 * and crypto units; from `facts` the rest, each missing one through
 * `assume` (relative to the machine's facts: `powerPolicy`, `freeNiu`).
 *
 * @param identity the name and processor, settled by the caller (captures do not show them)
 * @param freeMemory the free ranges, settled by the caller (which decides whether none is an error)
 */
export function requestTarget(
  reading: CaptureReading,
  identity: { readonly name: string; readonly cpu: { readonly type: string; readonly mhz: number } },
  freeMemory: readonly RangeFile[],
  facts: TargetFactsFile,
  assume: Assume,
): RequestTargetFile {
  const primary = reading.domains.find((candidate) => candidate.name === 'primary');
  return {
    name: identity.name,
    cpu: {
      ...identity.cpu,
      freeStrands: reading.cpus.filter(isFree).length,
      ...(facts.strandsPerCore === undefined ? {} : { strandsPerCore: facts.strandsPerCore }),
      freeWholeCores: wholeFreeCores(reading.cpus, facts.strandsPerCore ?? DEFAULT_STRANDS_PER_CORE),
    },
    ...(facts.largestPage === undefined ? {} : { largestPage: facts.largestPage }),
    freeMemory: [...freeMemory],
    // The facts file wins (it says what the person knows); else the crypto rows, when captured.
    freeCryptoUnits:
      facts.freeCryptoUnits ??
      (reading.crypto.length > 0
        ? reading.crypto.filter((unit) => unit.bound === null).length
        : assume(undefined, 0, 'freeCryptoUnits', 'no crypto unit to give back; capture "ldm list-devices -a crypto"')),
    freeNiu: assume(facts.freeNiu, 0, 'freeNiu', 'no NIU for hybrid I/O'),
    services: {
      vds: Object.fromEntries([...reading.services.vds].map(([service, volumes]) => [service, [...volumes]])),
      vsw: [...reading.services.vsw],
      vcc: [...reading.services.vcc],
    },
    powerPolicy: assume(facts.powerPolicy, 'elastic', 'powerPolicy', 'elastic mode refuses migration under ldoms-1.3'),
    delayedReconfig: flagsOf(primary?.flags ?? null).delayed,
    ...(primary === undefined ? {} : { primary: primaryOf(primary) }),
  };
}

/** A strand nobody holds: 100% free and, in `-a` listings, with no owner. */
function isFree(cpu: CpuRow): boolean {
  return cpu.free === 100 && cpu.bound === null;
}

/** SPARC T-series cores hold eight strands; the request's own default too. */
const DEFAULT_STRANDS_PER_CORE = 8;

/**
 * Cores with every strand free, from the strands themselves: core `c` holds
 * PIDs `c·k … c·k + k − 1` (k strands a core, as ldm numbers them), and counts
 * only when all k appear free. The request's own default, `floor(free
 * strands / k)`, would count eight free strands scattered over eight cores as
 * one whole core: a yes where ldm says no.
 */
function wholeFreeCores(cpus: readonly CpuRow[], strandsPerCore: number): number {
  const freeInCore = new Map<number, number>();
  for (const cpu of cpus) {
    if (!isFree(cpu)) continue;
    const core = Math.floor(cpu.pid / strandsPerCore);
    freeInCore.set(core, (freeInCore.get(core) ?? 0) + 1);
  }
  let whole = 0;
  for (const count of freeInCore.values()) if (count === strandsPerCore) whole++;
  return whole;
}

/**
 * What a FLAGS value says: letter codes (`-n-cv-`, `-ndcv-`, `s----`) with
 * `ldm list`, words (`normal,control,vio-service`) with `list -l -p`.
 */
export function flagsOf(flags: string | null): { readonly migrating: boolean; readonly delayed: boolean } {
  if (flags === null) return { migrating: false, delayed: false };
  if (/^[-a-z]{5,6}$/.test(flags) && flags.includes('-')) return { migrating: /[st]/.test(flags), delayed: flags.includes('d') };
  const words = flags.split(/[,\s]+/);
  return {
    migrating: words.some((word) => /^(source|target|migrating)$/.test(word)),
    delayed: words.some((word) => word.startsWith('delayed')),
  };
}

/** The state a request takes from ldm's STATE column. */
export function stateOf(state: string | null): 'active' | 'bound' | 'inactive' {
  if (state === 'bound' || state === 'inactive') return state;
  // Active, and every transitional state (suspending, …): all rules apply, the strictest case.
  return 'active';
}

/** What the guest runs, from the soft state. */
function runStateOf(softstate: string | null): 'solaris' | 'openboot' | 'kmdb' {
  if (softstate === null) return 'solaris';
  if (/openboot/i.test(softstate)) return 'openboot';
  if (/kmdb/i.test(softstate)) return 'kmdb';
  return 'solaris';
}

/** The primary domain's strands and crypto units, as far as the captures show them. */
export function primaryOf(primary: DomainFacts): { strands?: number; cryptoUnits?: number } {
  return {
    ...(primary.vcpus === null ? {} : { strands: primary.vcpus }),
    ...(primary.cryptoUnits === null ? {} : { cryptoUnits: primary.cryptoUnits }),
  };
}
