/**
 * The fleet facts file of `ldmfit rank|evacuate --capture HOST=FILE …
 * --facts FLEETFACTS.json`: what a fleet needs and `ldm` does not print,
 * per host and per domain, with defaults for all of them. A host's facts
 * are the facts file's `target` without its name (the name is the HOST of
 * `--capture`), plus the primary domain's strands and crypto units; a
 * domain's are the facts file's `domain`. Built from {@link FACTS_SCHEMA}'s
 * own parts, so a fact added there is a fact here the same day.
 *
 * Every host needs its processor type and clock (here or in
 * `defaults.host`): an unknown processor matches no other, so a fleet
 * without them would refuse every live migration and rank nothing. Every
 * other fact is optional and, when missing, takes the conservative default
 * `check --facts` takes, with a warning.
 *
 * `schema/fleet-facts.schema.json` is {@link FLEET_FACTS_SCHEMA} printed; a
 * test keeps the two equal.
 *
 * @module
 */
import type { FromSchema } from 'json-schema-to-ts';
import { REQUEST_SCHEMA } from '../../migration/request-schema.js';
import { schemaChecker } from '../schema-check.js';
import { FACTS_SCHEMA } from './facts.js';

const { name: _machineName, ...targetFacts } = FACTS_SCHEMA.properties.target.properties;

/** What ldm does not print about one host. */
const hostFacts = {
  description: 'What ldm does not print about one host: its processor (required, here or in defaults.host), largest page, power policy, spare NIU, and what to take instead of the captures for crypto units and the primary.',
  type: 'object',
  additionalProperties: false,
  properties: {
    ...targetFacts,
    primary: { ...REQUEST_SCHEMA.properties.target.properties.primary, description: 'The primary domain\'s vCPUs and crypto units (these win over what the captures show; they set the transfer speed).' },
  },
} as const;

/** What ldm does not print about one domain: a facts file's `domain`. */
const domainFacts = {
  ...FACTS_SCHEMA.properties.domain,
  description: 'What ldm does not print about one domain: its guest OS and CPU use.',
} as const;

/** The schema object (see {@link FLEET_FACTS_SCHEMA}). */
const fleetFactsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'ldmfit fleet facts',
  description: 'What a fleet built from ldm captures needs and ldm does not print, per host and per domain, with defaults. Each host needs cpu.type and cpu.mhz (in its entry or in defaults.host); any other missing fact takes a conservative default, with a warning. Unknown fields are errors.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    profile: FACTS_SCHEMA.properties.profile,
    granule: {
      ...FACTS_SCHEMA.properties.domain.properties.effectiveLargestPage,
      description: 'Granule of every placement question built from the fleet (default 8K).',
    },
    defaults: {
      description: 'Facts for every host and domain that its own entry does not give.',
      type: 'object',
      additionalProperties: false,
      properties: { host: hostFacts, domain: domainFacts },
    },
    hosts: {
      description: 'Facts by host name (the HOST of --capture HOST=FILE); each names a captured host.',
      type: 'object',
      additionalProperties: hostFacts,
    },
    domains: {
      description: 'Facts by domain name; each names a domain the captures show.',
      type: 'object',
      additionalProperties: domainFacts,
    },
  },
} as const;

/** The fleet facts file's JSON Schema (draft-07), as a read-only object literal. */
export const FLEET_FACTS_SCHEMA: typeof fleetFactsSchema = fleetFactsSchema;

/** A fleet facts file as written, derived from {@link FLEET_FACTS_SCHEMA}. */
export type FleetFacts = FromSchema<typeof fleetFactsSchema>;

/** The facts about one host, as `hosts.NAME` and `defaults.host` hold them. */
export type HostFacts = FromSchema<typeof hostFacts>;

const checkFleetFacts = schemaChecker(FLEET_FACTS_SCHEMA);

/**
 * Check a parsed fleet facts file against its schema.
 *
 * @throws {@link InputError} naming the first unknown field by its JSON path
 *   (with "did you mean"), or the first other problem
 */
export function parseFleetFacts(json: unknown): FleetFacts {
  checkFleetFacts(json);
  return json as FleetFacts;
}
