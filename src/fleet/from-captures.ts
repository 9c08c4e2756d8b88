/**
 * A fleet from `ldm` captures, one set per host, and a fleet facts file:
 * what `ldmfit rank|evacuate --capture HOST=FILE … --facts FLEETFACTS.json`
 * reads instead of a fleet file. The captures are read by the `ldm`
 * readers, turned into the fleet file's JSON object
 * (`formats/ldm/fleet-file.ts`), and that object goes through
 * {@link parseFleet} like any fleet file, so every rule of the fleet file
 * holds and is checked in one place.
 *
 * An error names where the wrong value came from: a capture's file and
 * line (the readers'), the facts' JSON path (the caller adds the facts
 * file's name), or, for what the fleet parser finds wrong in what the
 * captures show (memory claimed twice, a domain on two hosts), the host's
 * capture files and the host and domain by name.
 *
 * @module
 */
import { type FleetFacts, parseFleetFacts } from '../formats/ldm/fleet-facts.js';
import { fleetFileFromCaptures, type HostReading } from '../formats/ldm/fleet-file.js';
import { type CaptureFile, readLdmCaptures } from '../formats/ldm/read.js';
import { InputError } from '../quantity.js';
import { type Fleet, parseFleet } from './fleet.js';
import type { FleetFile } from './fleet-schema.js';

/** One host's captures: its name (`ldm` does not print it) and the files holding its `ldm` outputs. */
export interface HostCaptures {
  /** The host's name, as the fleet's answers will name it. */
  readonly name: string;
  /** Its capture files, in the order given (several outputs a file, or one output a file, or both). */
  readonly files: readonly CaptureFile[];
}

/** A fleet built from captures, with the fleet file it was checked as and what had to be assumed. */
export interface FleetFromCaptures {
  /** The validated fleet, for {@link rankTargets} and {@link planEvacuation}. */
  readonly fleet: Fleet;
  /** The same fleet as a fleet file's JSON object (save it to run the fleet commands on it later). */
  // Readonly<…> keeps typedoc from spelling the schema's type out property by property.
  readonly file: Readonly<FleetFile>;
  /** The readers' warnings (skipped sections, `file:line: …`), then one line per fact assumed. */
  readonly warnings: readonly string[];
}

/**
 * Build a fleet from one set of captures per host and the facts `ldm` does
 * not print (fleet facts file, `schema/fleet-facts.schema.json`).
 *
 * From the captures, per host: free memory (`list-devices -a memory` rows
 * with no owner), free strands and the cores wholly free among them
 * (`list-devices -a cpu`), free crypto units (`list-devices -a crypto`),
 * services (`list-services`), the primary's strands, crypto units and
 * delayed reconfiguration; per domain but the primary: state, flags,
 * VCPU count, crypto units, memory blocks (`list-bindings`, `list -l`,
 * `list -o memory`, parseable or XML), physical I/O, virtual disks,
 * networks and console. From the facts: each host's processor (required),
 * the rest with conservative defaults and a warning each.
 *
 * Cost: linear in the captures' size, then {@link parseFleet}'s O(R log R).
 * Mutates nothing.
 *
 * @param hosts each host's name and capture files (names unique: one entry a host)
 * @param facts the fleet facts, as a fleet facts file holds them; checked
 *   against its schema first, so a program's typo is caught as a file's
 *   would be
 * @throws {@link InputError} naming a capture's `file: line N` (a value
 *   that does not parse), the facts' JSON path (a misspelt field with the
 *   one it may have meant, a host without its processor facts, an entry
 *   naming no captured host or domain), a host named twice in `hosts`, or
 *   a host's capture files (no memory rows, a domain another host shows
 *   too, a domain without its VCPU count or, active or bound, without its
 *   memory blocks; any fleet file rule they break)
 */
export function fleetFromCaptures(hosts: readonly HostCaptures[], facts: FleetFacts = {}): FleetFromCaptures {
  const checkedFacts = parseFleetFacts(facts);
  const repeated = hosts.findIndex((host, i) => hosts.findIndex((other) => other.name === host.name) !== i);
  if (repeated >= 0) throw new InputError(`hosts[${repeated}].name`, 'repeats a host name: give all of a host\'s capture files in one entry', hosts[repeated]!.name);
  const readings: HostReading[] = hosts.map((host) => ({ name: host.name, reading: readLdmCaptures(host.files), files: host.files.map((file) => file.name) }));
  const built = fleetFileFromCaptures(readings, checkedFacts);
  let fleet: Fleet;
  try {
    fleet = parseFleet(built.file);
  } catch (error) {
    /* c8 ignore next -- not an input error: a bug, passed on as it is */
    if (!(error instanceof InputError)) throw error;
    throw blame(error, built.file, readings, checkedFacts);
  }
  return { fleet, file: built.file, warnings: [...readings.flatMap((host) => host.reading.warnings), ...built.warnings] };
}

/** A fleet file path (`hosts[1].domains[0].memory[0].pa`) taken apart. */
const FLEET_PATH = /^hosts\[(\d+)\](?:\.domains\[(\d+)\])?\.(.+)$/;

/**
 * The fleet parser's error, moved to what gave the value: the facts when
 * they hold it (their path, for the caller to name the facts file), else the
 * host's capture files, with hosts and domains named instead of numbered.
 */
function blame(error: InputError, file: FleetFile, readings: readonly HostReading[], facts: FleetFacts): InputError {
  const match = FLEET_PATH.exec(error.field);
  // A top-level field (granule, profile) comes from the facts alone; the parser names no host or domain as a whole.
  if (match === null) return error;
  const host = file.hosts[Number(match[1])]!;
  const domain = match[2] === undefined ? undefined : host.domains![Number(match[2])]!;
  const rest = match[3]!.split(/[.[\]]+/).filter((part) => part !== '');
  const factsPath = domain === undefined ? hostFactsPath(facts, host.name, rest) : domainFactsPath(facts, domain.name, rest);
  if (factsPath !== undefined) return new InputError(factsPath, error.detail, error.text);
  const files = readings.find((reading) => reading.name === host.name)!.files.join(', ');
  return new InputError(readable(error.field, file), readable(error.detail, file), error.text, files);
}

/**
 * Where the facts give a host's field, if they do. (Only quantities can be
 * wrong past the facts' schema, and a host's facts hold them at the fleet
 * file's paths: `largestPage`.)
 */
function hostFactsPath(facts: FleetFacts, host: string, rest: readonly string[]): string | undefined {
  if (lookup(facts.hosts?.[host], rest) !== undefined) return [`hosts.${host}`, ...rest].join('.');
  if (lookup(facts.defaults?.host, rest) !== undefined) return ['defaults.host', ...rest].join('.');
  return undefined;
}

/** Where the facts give a domain's field, if they do. */
function domainFactsPath(facts: FleetFacts, domain: string, rest: readonly string[]): string | undefined {
  if (lookup(facts.domains?.[domain], rest) !== undefined) return [`domains.${domain}`, ...rest].join('.');
  if (lookup(facts.defaults?.domain, rest) !== undefined) return ['defaults.domain', ...rest].join('.');
  return undefined;
}

function lookup(value: unknown, path: readonly string[]): unknown {
  for (const part of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

/** A fleet path in words a person who never saw the built file follows: `domain ldg4 memory[0]`, `host host-b freeMemory[1]`. */
function readable(text: string, file: FleetFile): string {
  return text.replace(/hosts\[(\d+)\](?:\.domains\[(\d+)\])?\./g, (_all, hostIndex: string, domainIndex: string | undefined) => {
    const host = file.hosts[Number(hostIndex)]!;
    return domainIndex === undefined ? `host ${host.name} ` : `domain ${host.domains![Number(domainIndex)]!.name} `;
  });
}
