/**
 * The JSON Schema of the fleet file (fleet.md), built from the request
 * schema's own parts: a host is a request's `target` plus `domains`, each a
 * request's `domain`. Built, not copied, so that a field added to the request
 * file is a field of the fleet file the same day.
 *
 * As with the request schema, `schema/fleet.schema.json` is this object
 * printed with two-space indentation (`test/fleet/fleet-schema.test.ts`
 * fails if they differ), and the schema checks structure only: quantities,
 * unique names and overlaps are checked in code by `parseFleet`.
 *
 * @module
 */
import type { FromSchema } from 'json-schema-to-ts';
import { REQUEST_SCHEMA } from '../migration/request-schema.js';

const { profile, domain } = REQUEST_SCHEMA.properties;
const target = REQUEST_SCHEMA.properties.target;

/** A host: a request's target with its domains. Named so that its type reads as a name in the API reference. */
const hostSchema = {
  ...target,
  properties: {
    ...target.properties,
    domains: {
      description: 'The host\'s domains, each as a request file\'s domain (memory PAs on this host).',
      type: 'array',
      items: domain,
    },
  },
} as const;

/** Kept apart from {@link FLEET_SCHEMA} so the export's type reads as a name in the API reference. */
const fleetSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'ldmfit fleet',
  description: 'Hosts with their free resources, services and domains: the input of ldmfit rank and evacuate. Unknown fields are errors.',
  type: 'object',
  additionalProperties: false,
  required: ['hosts'],
  properties: {
    profile,
    granule: {
      ...REQUEST_SCHEMA.properties.domain.properties.effectiveLargestPage,
      description: 'Granule of every placement question built from the fleet (default 8K; a power of two of at least 8K).',
    },
    hosts: {
      description: 'Every host: a request target (free resources, services) that is also a source, with its domains.',
      type: 'array',
      items: hostSchema,
    },
  },
} as const;

/** One host as the fleet file holds it. */
export type FleetHostFile = FromSchema<typeof hostSchema>;

/** One domain as the fleet file holds it: a request file's `domain`, its memory's PAs on its host. */
export type FleetDomainFile = FromSchema<typeof domain>;

/** A fleet file as written, as a TypeScript type derived from {@link FLEET_SCHEMA} by json-schema-to-ts. */
export type FleetFile = FromSchema<typeof fleetSchema>;

/**
 * The fleet schema (JSON Schema draft-07), read-only: print it with
 * `JSON.stringify(FLEET_SCHEMA, null, 2)` to get `schema/fleet.schema.json`.
 */
export const FLEET_SCHEMA: typeof fleetSchema = fleetSchema;
