/**
 * Questions from captures (ldm-formats.md, "Questions from captures"): the
 * placement question and the migration request that `ldmfit place` and
 * `ldmfit check` answer, built from what the `ldm` outputs of the source and
 * the target show, plus a small facts file for what `ldm` does not print.
 * A fact that is missing takes a conservative default — one that can only
 * turn a yes into a refusal, never a refusal into a yes — and a warning names
 * it.
 *
 * @module
 */
import type { MemoryBlock, PlacementQuestion } from '../question.js';
import type { MigrationRequestFile } from '../../migration/request-schema.js';
import { InputError, formatHex } from '../../quantity.js';
import { type FACTS_SCHEMA, type MigrationFacts, parseFacts } from './facts.js';
import type { CaptureReading, CpuRow, DomainFacts } from './model.js';

/** Settings of a placement question that captures do not show (placement.md defaults when absent). */
export interface QuestionSettings {
  /** Granule (default 8K). */
  readonly granule?: string;
  /** Largest page size (default 256M). */
  readonly alignment?: string;
  /** Whether blocks may be cut. */
  readonly split?: boolean;
  /** Where cuts may fall. */
  readonly splitAlignment?: string;
  /** The target's name, for messages (default `target`). */
  readonly targetName?: string;
}

/** A placement question built from captures, with what had to be assumed. */
export interface PlacementFromCaptures {
  /** The question, as a placement file would hold it. */
  readonly question: PlacementQuestion;
  /** One line per assumption or oddity, naming the missing fact. */
  readonly warnings: readonly string[];
}

/** A migration request built from captures and facts, with what had to be assumed. */
export interface RequestFromCaptures {
  /** The request, as a request file would hold it. */
  // Readonly<…> also keeps typedoc from spelling the schema's type out property by property.
  readonly question: Readonly<MigrationRequestFile>;
  /** One line per assumption, naming the missing fact and the value taken. */
  readonly warnings: readonly string[];
}

/**
 * The placement question of domain `name`: its memory blocks from the
 * source captures (`ldm list -o memory NAME`, `list -l`, `list-bindings`,
 * `list -l -p`), the free memory from the target captures (`ldm
 * list-devices [-a] memory`, rows with no owner).
 *
 * @throws {@link InputError} when the source shows no blocks of the domain
 *   or the target no free memory, saying which `ldm` command to capture
 */
export function placementFromCaptures(
  source: CaptureReading,
  target: CaptureReading,
  name: string,
  settings: QuestionSettings = {},
): PlacementFromCaptures {
  const domain = sourceDomain(source, name);
  const memory: MemoryBlock[] = domain.blocks.map((block) => ({ ra: formatHex(block.ra), pa: formatHex(block.pa), size: formatHex(block.size) }));
  const free = freeMemory(target);
  return {
    question: {
      ...(settings.granule === undefined ? {} : { granule: settings.granule }),
      ...(settings.alignment === undefined ? {} : { alignment: settings.alignment }),
      ...(settings.split === undefined ? {} : { split: settings.split }),
      ...(settings.splitAlignment === undefined ? {} : { splitAlignment: settings.splitAlignment }),
      domain: { name, memory },
      target: { name: settings.targetName ?? 'target', free },
    },
    warnings: [],
  };
}

/** The domain as the source captures show it, with its blocks. */
function sourceDomain(source: CaptureReading, name: string): DomainFacts {
  const domain = source.domains.find((candidate) => candidate.name === name);
  if (domain === undefined) {
    const seen = source.domains.map((candidate) => candidate.name);
    const known = seen.length === 0 ? 'no domain at all' : `only ${seen.join(', ')}`;
    throw new InputError('--domain', `the source captures show ${known}; capture "ldm list -o memory ${name}" on the source`, name);
  }
  if (domain.blocks.length === 0) {
    throw new InputError('--domain', `the source captures show no memory blocks of ${name}; capture "ldm list -o memory ${name}" on the source`, name);
  }
  return domain;
}

/** The target's free rows, as file ranges (hex strings). */
function freeMemory(target: CaptureReading): { pa: string; size: string }[] {
  const free = target.memory.toArray().filter((row) => row.bound === null);
  if (free.length === 0) {
    throw new InputError('--target', 'the target captures show no free memory; capture "ldm list-devices memory" on the target');
  }
  return free.map((row) => ({ pa: formatHex(row.pa), size: formatHex(row.size) }));
}

/**
 * The migration request for domain `name` from captures and facts. From the
 * captures: the domain's blocks, strands, crypto units, physical I/O,
 * virtual disks and networks, console, state, soft state and flags (`d`
 * delayed reconfiguration, `s`/`t` migrating); the target's free memory, free
 * strands (`list-devices cpu` rows 100% free), services, and its primary
 * domain's strands and crypto units. From the facts: the rest, each missing
 * one defaulted conservatively with a warning.
 *
 * @param facts what `ldm` does not print, as a facts file holds it; checked
 *   against {@link FACTS_SCHEMA} first (a program's typo is caught as a
 *   file's would be)
 * @throws {@link InputError} as {@link placementFromCaptures}, or naming the
 *   facts' first field that breaks the schema (with "did you mean")
 */
export function requestFromCaptures(
  source: CaptureReading,
  target: CaptureReading,
  name: string,
  facts: MigrationFacts = {},
): RequestFromCaptures {
  parseFacts(facts);
  const warnings: string[] = [];
  const assume = <T>(value: T | undefined, fallback: T, fact: string, why: string): T => {
    if (value !== undefined) return value;
    warnings.push(`${fact} not given: assumed ${JSON.stringify(fallback)} (${why})`);
    return fallback;
  };
  const domain = sourceDomain(source, name);
  const free = freeMemory(target);
  const strands = domain.vcpus ?? assume<number>(undefined, 1, `the VCPU count of ${name}`, 'not in the source captures; capture "ldm list"');
  const sourceCpu = {
    type: assume(facts.source?.cpu?.type, 'unknown-source-cpu', 'source.cpu.type', 'an unknown type matches no target'),
    mhz: assume(facts.source?.cpu?.mhz, 1, 'source.cpu.mhz', 'an unknown clock matches no target'),
  };
  const targetCpu = {
    type: assume(facts.target?.cpu?.type, 'unknown-target-cpu', 'target.cpu.type', 'an unknown type matches no source'),
    mhz: assume(facts.target?.cpu?.mhz, 2, 'target.cpu.mhz', 'an unknown clock matches no source'),
    freeStrands: target.cpus.filter(isFree).length,
    ...(facts.target?.strandsPerCore === undefined ? {} : { strandsPerCore: facts.target.strandsPerCore }),
    freeWholeCores: wholeFreeCores(target.cpus, facts.target?.strandsPerCore ?? DEFAULT_STRANDS_PER_CORE),
  };
  if (target.cpus.length === 0) warnings.push('the target captures show no CPU rows: 0 free strands assumed (capture "ldm list-devices cpu" on the target)');
  const flags = flagsOf(domain.flags);
  const targetPrimary = target.domains.find((candidate) => candidate.name === 'primary');
  const sourcePrimary = source.domains.find((candidate) => candidate.name === 'primary');
  const os = facts.domain?.os ?? {};
  const request: MigrationRequestFile = {
    profile: facts.profile ?? 'ldoms-1.3',
    domain: {
      name,
      state: stateOf(domain.state),
      strands,
      memory: domain.blocks.map((block) => ({ ra: formatHex(block.ra), pa: formatHex(block.pa), size: formatHex(block.size) })),
      os: {
        ...(os.release === undefined ? {} : { release: os.release }),
        cpuDR: assume(os.cpuDR, false, 'domain.os.cpuDR', 'a guest without CPU DR cannot shrink to one strand'),
        cryptoDR: assume(os.cryptoDR, false, 'domain.os.cryptoDR', 'a guest without crypto DR cannot give up its crypto units'),
        memorySplit: assume(os.memorySplit, false, 'domain.os.memorySplit', 'blocks are not split unless the guest allows it'),
      },
      runState: runStateOf(domain.softstate),
      migrating: flags.migrating,
      cryptoUnits: domain.cryptoUnits ?? 0,
      physicalIO: [...domain.physicalIo],
      vdisks: domain.vdisks.filter((disk) => disk.volume !== null && disk.service !== null).map((disk) => ({ name: disk.name, volume: disk.volume!, service: disk.service! })),
      vnets: domain.vnets.filter((net) => net.switch !== null).map((net) => ({ name: net.name, switch: net.switch!, hybrid: net.hybrid })),
      ...(domain.console === null ? {} : { vcc: domain.console }),
      ...(facts.domain?.cpuArch === undefined ? {} : { cpuArch: facts.domain.cpuArch }),
      ...(facts.domain?.effectiveLargestPage === undefined ? {} : { effectiveLargestPage: facts.domain.effectiveLargestPage }),
      boundProcesses: assume(facts.domain?.boundProcesses, true, 'domain.boundProcesses', 'bound processes would block a CPU shrink'),
      processorSets: assume(facts.domain?.processorSets, true, 'domain.processorSets', 'processor sets would block a CPU shrink'),
    },
    source: {
      name: facts.source?.name ?? 'source',
      cpu: sourceCpu,
      ...(facts.source?.largestPage === undefined ? {} : { largestPage: facts.source.largestPage }),
      powerPolicy: assume(facts.source?.powerPolicy, 'elastic', 'source.powerPolicy', 'elastic mode refuses migration under ldoms-1.3'),
      delayedReconfig: flagsOf(sourcePrimary?.flags ?? null).delayed || flags.delayed,
      ...(sourcePrimary === undefined ? {} : { primary: primaryOf(sourcePrimary) }),
    },
    target: {
      name: facts.target?.name ?? 'target',
      cpu: targetCpu,
      ...(facts.target?.largestPage === undefined ? {} : { largestPage: facts.target.largestPage }),
      freeMemory: free,
      // The facts file wins (it says what the person knows); else the target's crypto rows, when captured.
      freeCryptoUnits:
        facts.target?.freeCryptoUnits ??
        (target.crypto.length > 0
          ? target.crypto.filter((unit) => unit.bound === null).length
          : assume(undefined, 0, 'target.freeCryptoUnits', 'no crypto unit to give back; capture "ldm list-devices -a crypto" on the target')),
      freeNiu: assume(facts.target?.freeNiu, 0, 'target.freeNiu', 'no NIU for hybrid I/O'),
      services: {
        vds: Object.fromEntries([...target.services.vds].map(([service, volumes]) => [service, [...volumes]])),
        vsw: [...target.services.vsw],
        vcc: [...target.services.vcc],
      },
      powerPolicy: assume(facts.target?.powerPolicy, 'elastic', 'target.powerPolicy', 'elastic mode refuses migration under ldoms-1.3'),
      delayedReconfig: flagsOf(targetPrimary?.flags ?? null).delayed,
      ...(targetPrimary === undefined ? {} : { primary: primaryOf(targetPrimary) }),
    },
  };
  return { question: request, warnings };
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
function flagsOf(flags: string | null): { readonly migrating: boolean; readonly delayed: boolean } {
  if (flags === null) return { migrating: false, delayed: false };
  if (/^[-a-z]{5,6}$/.test(flags) && flags.includes('-')) return { migrating: /[st]/.test(flags), delayed: flags.includes('d') };
  const words = flags.split(/[,\s]+/);
  return {
    migrating: words.some((word) => /^(source|target|migrating)$/.test(word)),
    delayed: words.some((word) => word.startsWith('delayed')),
  };
}

/** The state a request takes from ldm's STATE column. */
function stateOf(state: string | null): 'active' | 'bound' | 'inactive' {
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

function primaryOf(primary: DomainFacts): { strands?: number; cryptoUnits?: number } {
  return {
    ...(primary.vcpus === null ? {} : { strands: primary.vcpus }),
    ...(primary.cryptoUnits === null ? {} : { cryptoUnits: primary.cryptoUnits }),
  };
}
