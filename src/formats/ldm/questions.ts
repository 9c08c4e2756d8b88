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
import type { CaptureReading, DomainFacts } from './model.js';
import { type Assume, flagsOf, primaryOf, requestDomain, requestTarget } from './request-parts.js';

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
  };
  if (target.cpus.length === 0) warnings.push('the target captures show no CPU rows: 0 free strands assumed (capture "ldm list-devices cpu" on the target)');
  const within = (prefix: string): Assume => (value, fallback, fact, why) => assume(value, fallback, `${prefix}.${fact}`, why);
  const sourcePrimary = source.domains.find((candidate) => candidate.name === 'primary');
  const request: MigrationRequestFile = {
    profile: facts.profile ?? 'ldoms-1.3',
    domain: requestDomain(domain, strands, facts.domain ?? {}, within('domain')),
    source: {
      name: facts.source?.name ?? 'source',
      cpu: sourceCpu,
      ...(facts.source?.largestPage === undefined ? {} : { largestPage: facts.source.largestPage }),
      powerPolicy: assume(facts.source?.powerPolicy, 'elastic', 'source.powerPolicy', 'elastic mode refuses migration under ldoms-1.3'),
      delayedReconfig: flagsOf(sourcePrimary?.flags ?? null).delayed || flagsOf(domain.flags).delayed,
      ...(sourcePrimary === undefined ? {} : { primary: primaryOf(sourcePrimary) }),
    },
    target: requestTarget(target, { name: facts.target?.name ?? 'target', cpu: targetCpu }, free, facts.target ?? {}, within('target')),
  };
  return { question: request, warnings };
}
