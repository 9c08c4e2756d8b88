/**
 * A fleet file (fleet.md) from one set of `ldm` captures per host and a
 * fleet facts file: each host a request target built from its captures,
 * each domain but the primary a request domain, both by the parts
 * `check --source --target` uses (`request-parts.ts`). The result is the
 * fleet file's JSON object, for `parseFleet` to validate: every rule of the
 * fleet file (unique names, granule multiples, memory claimed twice) stays
 * in one place.
 *
 * The primary domain is the control domain: it never migrates, so it is the
 * host's `primary`, not one of its domains. An inactive domain holds no
 * memory; when the captures show only its size (`ldm list`,
 * `list-constraints`), it gets one block of that size at RA and PA
 * {@link INACTIVE_BLOCK_ADDRESS}, which no rule reads (an inactive domain's
 * PAs are never claimed or placed).
 *
 * @module
 */
import type { FleetDomainFile, FleetFile, FleetHostFile } from '../../fleet/fleet-schema.js';
import { InputError, formatHex } from '../../quantity.js';
import { closestField } from '../suggest.js';
import type { FleetFacts, HostFacts } from './fleet-facts.js';
import type { CaptureReading, DomainFacts } from './model.js';
import { type Assume, type DomainFactsFile, requestDomain, requestTarget, stateOf } from './request-parts.js';

/** One host's captures, read. */
export interface HostReading {
  /** The host's name (the HOST of `--capture HOST=FILE`). */
  readonly name: string;
  /** What its captures show. */
  readonly reading: CaptureReading;
  /** The capture files' names, for errors about what they do not show. */
  readonly files: readonly string[];
}

/** A fleet file built from captures and facts, with what had to be assumed. */
export interface FleetFileFromCaptures {
  /** The fleet file, as `JSON.parse` of one would return it (not yet validated). */
  readonly file: FleetFile;
  /** One line per assumed fact, naming it and the hosts or domains it was assumed for. */
  readonly warnings: readonly string[];
}

/** Where guests' real memory starts on sun4v: the RA (and PA) of an inactive domain's one block when the captures show none. */
export const INACTIVE_BLOCK_ADDRESS = 0x8000000n;

/**
 * Build the fleet file of `hosts` and `facts`.
 *
 * Cost: O(rows) over the captures' memory, CPU and crypto rows.
 *
 * @param facts a fleet facts file already checked against its schema
 * @throws {@link InputError} naming the facts' path when a host lacks its
 *   processor type or clock, or a host or domain entry names nothing
 *   captured ("did you mean"); naming a host's capture files when they show
 *   no memory rows, a domain another host's captures show too, a domain
 *   without its VCPU count, or an active or bound domain without its
 *   memory blocks
 */
export function fleetFileFromCaptures(hosts: readonly HostReading[], facts: FleetFacts): FleetFileFromCaptures {
  const assumptions = new Assumptions();
  rejectDomainOnTwoHosts(hosts);
  checkNames(Object.keys(facts.hosts ?? {}), hosts.map((host) => host.name), 'hosts', 'host');
  checkNames(Object.keys(facts.domains ?? {}), hosts.flatMap((host) => guests(host.reading).map((domain) => domain.name)), 'domains', 'domain');
  const file: FleetFile = {
    ...(facts.profile === undefined ? {} : { profile: facts.profile }),
    ...(facts.granule === undefined ? {} : { granule: facts.granule }),
    hosts: hosts.map((host) => hostFile(host, facts, assumptions)),
  };
  return { file, warnings: assumptions.warnings() };
}

/** Every entry of the facts' `hosts` or `domains` names something captured: a misspelt name must not silently drop its facts. */
function checkNames(given: readonly string[], known: readonly string[], section: string, what: string): void {
  for (const name of given) {
    if (known.includes(name)) continue;
    const suggestion = closestField(name, known);
    const hint = suggestion === undefined ? `the captures show ${known.join(', ')}` : `did you mean ${JSON.stringify(suggestion)}?`;
    throw new InputError(`${section}.${name}`, `names no ${what} of the captures; ${hint}`);
  }
}

/** A domain shown on two hosts (captured mid-migration, or two domains of one name) would be moved twice. */
function rejectDomainOnTwoHosts(hosts: readonly HostReading[]): void {
  const home = new Map<string, string>();
  for (const host of hosts) {
    for (const domain of guests(host.reading)) {
      const first = home.get(domain.name);
      if (first !== undefined) {
        throw new InputError('', `the captures show domain ${domain.name} on ${first} and on ${host.name}: a domain lives on one host (capture the hosts while no migration runs)`, '', host.files.join(', '));
      }
      home.set(domain.name, host.name);
    }
  }
}

/** The domains of a host that may migrate: all but the control domain. */
function guests(reading: CaptureReading): readonly DomainFacts[] {
  return reading.domains.filter((domain) => domain.name !== 'primary');
}

function hostFile(host: HostReading, facts: FleetFacts, assumptions: Assumptions): FleetHostFile {
  const { name, reading } = host;
  const own = overlay(facts.defaults?.host ?? {}, facts.hosts?.[name] ?? {}) as HostFacts;
  const cpu = { type: required(own.cpu?.type, name, 'type', 'processor type'), mhz: required(own.cpu?.mhz, name, 'mhz', 'clock') };
  if (reading.memory.length === 0) throw notShown(host, 'no memory rows', 'ldm list-devices -a memory');
  if (reading.cpus.length === 0) assumptions.note(`the captures of ${name} show no CPU rows: 0 free strands assumed (capture "ldm list-devices -a cpu" on ${name})`);
  const free = reading.memory.toArray().filter((row) => row.bound === null).map((row) => ({ pa: formatHex(row.pa), size: formatHex(row.size) }));
  const target = requestTarget(reading, { name, cpu }, free, own, assumptions.for('hosts', name));
  const primary = { ...target.primary, ...own.primary };
  return {
    ...target,
    ...(Object.keys(primary).length === 0 ? {} : { primary }),
    domains: guests(reading).map((domain) => domainFile(host, domain, facts, assumptions)),
  };
}

function required<T>(value: T | undefined, host: string, field: 'type' | 'mhz', what: string): T {
  if (value === undefined) throw new InputError(`hosts.${host}.cpu.${field}`, `is required (here or in defaults.host.cpu): ldm does not print the ${what}`);
  return value;
}

function domainFile(host: HostReading, domain: DomainFacts, facts: FleetFacts, assumptions: Assumptions): FleetDomainFile {
  const { name } = domain;
  const own = overlay(facts.defaults?.domain ?? {}, facts.domains?.[name] ?? {}) as DomainFactsFile;
  if (domain.vcpus === null) throw notShown(host, `no VCPU count of ${name}`, 'ldm list');
  return requestDomain(withBlocks(host, domain), domain.vcpus, own, assumptions.for('domains', name));
}

/** The domain with blocks to put in the file: its own, or for an inactive domain one of its size. */
function withBlocks(host: HostReading, domain: DomainFacts): DomainFacts {
  if (domain.blocks.length > 0) return domain;
  const state = stateOf(domain.state);
  if (state !== 'inactive') throw notShown(host, `no memory blocks of ${domain.name} (${state})`, `ldm list-bindings ${domain.name}`);
  if (domain.memory === null) throw notShown(host, `no memory size of ${domain.name}`, 'ldm list');
  return { ...domain, blocks: [{ ra: INACTIVE_BLOCK_ADDRESS, pa: INACTIVE_BLOCK_ADDRESS, size: domain.memory }] };
}

function notShown(host: HostReading, what: string, command: string): InputError {
  return new InputError('', `the captures of ${host.name} show ${what}; capture "${command}" on ${host.name}`, '', host.files.join(', '));
}

/**
 * `over` laid on `base`, object by object: a host's `cpu: { mhz }` keeps the
 * default's `cpu.type`. Arrays and values replace.
 */
function overlay(base: object, over: object): object {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = merged[key];
    merged[key] = isPlainObject(value) && isPlainObject(under) ? overlay(under, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The assumptions of a whole fleet, one warning per missing fact listing
 * the hosts or domains it was assumed for: the same fact missing on forty
 * domains is one line, not forty.
 */
class Assumptions {
  private readonly byFact = new Map<string, { subjects: string[]; text: (subjects: string) => string }>();
  private readonly notes: string[] = [];

  /** The {@link Assume} of one host (`hosts`) or domain (`domains`). */
  for(section: 'hosts' | 'domains', subject: string): Assume {
    return (value, fallback, fact, why) => {
      if (value !== undefined) return value;
      const key = `${section}\u0000${fact}\u0000${JSON.stringify(fallback)}`;
      let entry = this.byFact.get(key);
      if (entry === undefined) {
        const scope = section === 'hosts' ? 'host' : 'domain';
        entry = { subjects: [], text: (subjects) => `${fact} not given for ${section} ${subjects} (nor in defaults.${scope}): assumed ${JSON.stringify(fallback)} (${why})` };
        this.byFact.set(key, entry);
      }
      entry.subjects.push(subject);
      return fallback;
    };
  }

  /** A warning that is not about a fact. */
  note(warning: string): void {
    this.notes.push(warning);
  }

  /** Every warning: the notes, then one line per assumed fact, in the order first met. */
  warnings(): string[] {
    return [...this.notes, ...[...this.byFact.values()].map((entry) => entry.text(entry.subjects.join(', ')))];
  }
}
