/**
 * The fleet model: a validated fleet file (fleet.md) and the request any
 * migration in it poses. The fleet stays in the file's own shape, because a
 * host *is* a request's target and a domain *is* a request's domain: the
 * question "may D go from S to T" is then a request file assembled from
 * three parts of the fleet, and every rule of migration.md applies to it
 * unchanged, through the same `parseRequest` that `ldmfit check` uses.
 *
 * Validation reuses that parser too: each host is parsed once as the source
 * and target of a placeholder domain, each domain once against its host with
 * no free memory, and an error's path is moved from the request's
 * (`target.freeMemory[2].size`) to the fleet's (`hosts[0].freeMemory[2].size`).
 * What only a fleet can get wrong is checked here: unique names, the
 * granule, and memory claimed twice on a host.
 *
 * @module
 */
import { schemaChecker } from '../formats/schema-check.js';
import { closestField } from '../formats/suggest.js';
import { DEFAULT_LARGEST_PAGE, parseRequest, type RuleProfile } from '../migration/request.js';
import type { MigrationRequestFile } from '../migration/request-schema.js';
import { InputError, parseBytes, parsePowerOfTwo, shown } from '../quantity.js';
import { FLEET_SCHEMA, type FleetDomainFile, type FleetFile, type FleetHostFile } from './fleet-schema.js';

export type { FleetDomainFile, FleetHostFile };

/**
 * A validated fleet: the file's hosts as written, with the defaults that
 * apply to all of them. (`Host` is a type parameter only so that the API
 * reference names the host's file shape instead of spelling it out.)
 */
export interface Fleet<Host = FleetHostFile> {
  /** The rule profile of every question (default `ldoms-1.3`). */
  readonly profile: RuleProfile;
  /** Granule of every memory quantity, in bytes (default 8K). */
  readonly granuleBytes: number;
  /** The hosts, in file order. */
  readonly hosts: readonly Host[];
}

/** Where a domain lives. (Type parameters only so that the API reference names the file shapes instead of spelling them out.) */
export interface DomainLocation<Host = FleetHostFile, Domain = FleetDomainFile> {
  /** Its host. */
  readonly host: Host;
  /** The domain itself. */
  readonly domain: Domain;
}

const checkFleetStructure = schemaChecker(FLEET_SCHEMA);

/** The sun4v base page: no memory quantity of a migration is finer. */
const MIN_GRANULE = 8192;

/**
 * Validate a parsed fleet file.
 *
 * Cost: O(R log R) for R ranges and blocks in the fleet. Does not mutate
 * `json`; the fleet returned shares its objects, so do not mutate those either.
 *
 * @param json the fleet file as `JSON.parse` returned it
 * @throws {@link InputError} naming the JSON path: unknown field (with the
 *   field it may have meant), wrong type, bad quantity, a quantity that is not
 *   a multiple of the granule, a duplicate host or domain name, a domain's
 *   memory overlapping its host's free memory or another domain's memory
 */
export function parseFleet(json: unknown): Fleet {
  checkFleetStructure(json);
  const file = json as FleetFile;
  const fleet: Fleet = {
    profile: file.profile ?? 'ldoms-1.3',
    granuleBytes: parsePowerOfTwo(file.granule ?? '8K', 'granule', MIN_GRANULE),
    hosts: file.hosts,
  };
  rejectDuplicates(fleet.hosts.map((host, i) => ({ name: host.name, field: `hosts[${i}].name` })), 'host');
  rejectDuplicates(fleet.hosts.flatMap((host, i) => (host.domains ?? []).map((domain, j) => ({ name: domain.name, field: `hosts[${i}].domains[${j}].name` }))), 'domain');
  fleet.hosts.forEach((host, i) => checkHost(fleet, host, i));
  return fleet;
}

function rejectDuplicates(names: readonly { name: string; field: string }[], what: string): void {
  const seen = new Map<string, string>();
  for (const { name, field } of names) {
    const first = seen.get(name);
    if (first !== undefined) throw new InputError(field, `repeats the ${what} name of ${first}`, name);
    seen.set(name, field);
  }
}

/** A domain that cannot be wrong, to parse a host that has none of its own. */
const PLACEHOLDER_DOMAIN: FleetDomainFile = { name: 'placeholder', strands: 1, memory: [{ ra: 0, pa: 0, size: MIN_GRANULE }] };

function checkHost(fleet: Fleet, host: FleetHostFile, i: number): void {
  const at = `hosts[${i}]`;
  relocated({ domain: at, source: at, target: at }, () => parseRequest(requestFile(fleet, PLACEHOLDER_DOMAIN, host, host)));
  const emptyHost = { ...host, freeMemory: [] };
  const domains = host.domains ?? [];
  domains.forEach((domain, j) => {
    relocated({ domain: `${at}.domains[${j}]`, source: at, target: at }, () => parseRequest(requestFile(fleet, domain, host, emptyHost)));
  });
  const claims: { pa: bigint; end: bigint; field: string }[] = [];
  const claim = (pa: unknown, size: unknown, field: string): void => {
    const start = multipleOfGranule(pa, `${field}.pa`, fleet.granuleBytes);
    claims.push({ pa: start, end: start + multipleOfGranule(size, `${field}.size`, fleet.granuleBytes), field });
  };
  host.freeMemory.forEach((range, k) => claim(range.pa, range.size, `${at}.freeMemory[${k}]`));
  domains.forEach((domain, j) => {
    domain.memory.forEach((block, k) => {
      const field = `${at}.domains[${j}].memory[${k}]`;
      multipleOfGranule(block.ra, `${field}.ra`, fleet.granuleBytes);
      // An inactive domain holds no memory: its blocks say what it will need, not where it is.
      if (domain.state !== 'inactive') claim(block.pa, block.size, field);
    });
  });
  claims.sort((a, b) => (a.pa < b.pa ? -1 : a.pa > b.pa ? 1 : 0));
  for (let k = 1; k < claims.length; k++) {
    if (claims[k]!.pa < claims[k - 1]!.end) throw new InputError(claims[k]!.field, `overlaps ${claims[k - 1]!.field} in PA`);
  }
}

function multipleOfGranule(value: unknown, field: string, granuleBytes: number): bigint {
  const bytes = BigInt(parseBytes(value, field));
  if (bytes % BigInt(granuleBytes) !== 0n) throw new InputError(field, `must be a multiple of the granule (${granuleBytes} bytes)`, shown(value));
  return bytes;
}

/** Run `parse`, moving an input error's path from the request's top-level keys to the fleet's. */
function relocated(paths: Readonly<Record<'domain' | 'source' | 'target', string>>, parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    /* c8 ignore next -- not an input error: a bug, passed on as it is */
    if (!(error instanceof InputError)) throw error;
    // The detail may name a second field ("overlaps target.freeMemory[0]"): that one moves too.
    const move = (text: string): string => text.replace(/\b(domain|source|target)(?=\.[A-Za-z])/g, (head) => paths[head as keyof typeof paths]);
    throw new InputError(move(error.field), move(error.detail), error.text);
  }
}

/** The request file that asks whether `domain` may go from `source` to `target`. */
function requestFile(fleet: Fleet, domain: FleetDomainFile, source: FleetHostFile, target: FleetHostFile): MigrationRequestFile {
  const { domains: _domains, ...targetFields } = target;
  const { name, cpu, largestPage, powerPolicy, delayedReconfig, primary } = source;
  return {
    profile: fleet.profile,
    dryRun: true,
    domain,
    source: dropUndefined({ name, cpu: { type: cpu.type, mhz: cpu.mhz }, largestPage, powerPolicy, delayedReconfig, primary }),
    target: targetFields,
  } as MigrationRequestFile;
}

/**
 * The domain as a request for this pair states it. A fleet checks a
 * domain's `effectiveLargestPage` against its own host only (when it is
 * read, so the value is a valid page here); on a target
 * whose pages are smaller, the guest can be cut at the smaller page only,
 * and that is a fact of the pair, not an input error (a request file would
 * refuse it, naming a request path the fleet file does not have). So the
 * field is left out there, and the request takes the smaller page, as it
 * does by default.
 */
function domainForPair(domain: FleetDomainFile, source: FleetHostFile, target: FleetHostFile): FleetDomainFile {
  if (domain.effectiveLargestPage === undefined) return domain;
  const page = (host: FleetHostFile): number => parsePowerOfTwo(host.largestPage ?? DEFAULT_LARGEST_PAGE, `${host.name}.largestPage`);
  if (parsePowerOfTwo(domain.effectiveLargestPage, 'effectiveLargestPage') <= Math.min(page(source), page(target))) return domain;
  const { effectiveLargestPage: _page, ...rest } = domain;
  return rest;
}

function dropUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

/**
 * The request file that asks whether the domain named `domainName` may
 * migrate from its host to the host named `targetName`: the input of
 * `check` for that pair. O(1) beyond the look-ups.
 *
 * @throws {@link InputError} when either name names nothing (see {@link findDomain}, {@link findHost})
 */
export function migrationRequest(fleet: Fleet, domainName: string, targetName: string): MigrationRequestFile {
  const { host, domain } = findDomain(fleet, domainName);
  const target = findHost(fleet, targetName);
  return requestFile(fleet, domainForPair(domain, host, target), host, target);
}

/**
 * The host named `name`. O(hosts).
 *
 * @param option how the caller named it, for the error (`--host`)
 * @throws {@link InputError} naming `option` when no host has that name
 */
export function findHost(fleet: Fleet, name: string, option = '--host'): FleetHostFile {
  const host = fleet.hosts.find((candidate) => candidate.name === name);
  if (host === undefined) throw notFound(option, 'host', name, fleet.hosts.map((h) => h.name));
  return host;
}

/**
 * The domain named `name` and its host. O(domains).
 *
 * @param option how the caller named it, for the error (`--domain`)
 * @throws {@link InputError} naming `option` when no domain has that name
 */
export function findDomain(fleet: Fleet, name: string, option = '--domain'): DomainLocation {
  for (const host of fleet.hosts) {
    const domain = host.domains?.find((candidate) => candidate.name === name);
    if (domain !== undefined) return { host, domain };
  }
  throw notFound(option, 'domain', name, fleet.hosts.flatMap((h) => (h.domains ?? []).map((d) => d.name)));
}

function notFound(option: string, what: string, name: string, known: readonly string[]): InputError {
  const suggestion = closestField(name, known);
  return new InputError(option, `names no ${what} of the fleet${suggestion === undefined ? '' : `; did you mean ${JSON.stringify(suggestion)}?`}`, name);
}
