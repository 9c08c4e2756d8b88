/**
 * The facts file of `ldmfit check --source … --target … --domain NAME --facts
 * FACTS.json`: what a migration request needs and `ldm` does not print (the
 * guest's OS and DR support, processor type and clock, power policy, the
 * largest page sizes, the machines' names). Every field is optional: a
 * missing one takes a conservative default with a warning (see
 * `questions.ts`). `schema/facts.schema.json` is {@link FACTS_SCHEMA}
 * printed; a test keeps the two equal.
 *
 * @module
 */
import type { FromSchema } from 'json-schema-to-ts';
import { schemaChecker } from '../schema-check.js';

/** A byte quantity, as in request files. */
const quantity = {
  description: 'A byte quantity: "0x8000000", "4294967296", "256M" (1K = 1024, optional trailing B), or a non-negative safe integer.',
  anyOf: [
    { type: 'string', pattern: '^(0[xX][0-9a-fA-F]+|[0-9]+[kKmMgGtTpP]?[bB]?)$' },
    { type: 'integer', minimum: 0, maximum: 9007199254740991 },
  ],
} as const;

const cpu = {
  description: 'The processor as psrinfo -pv shows it: type (SPARC-T5, …) and clock in MHz.',
  type: 'object',
  additionalProperties: false,
  properties: { type: { type: 'string', minLength: 1 }, mhz: { type: 'integer', minimum: 1 } },
} as const;

const machine = {
  name: { description: 'The machine\'s name, for messages.', type: 'string', minLength: 1 },
  cpu,
  largestPage: { ...quantity, description: 'Hardware largest page size (default 256M).' },
  powerPolicy: { description: 'Power management policy (assumed elastic when missing: the strict case).', enum: ['performance', 'elastic'] },
} as const;

/** The schema object (see {@link FACTS_SCHEMA}). */
const factsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'ldmfit facts',
  description: 'What a migration request needs and ldm does not print. Every field is optional; a missing one takes a conservative default, with a warning.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    profile: { description: 'Rule profile (default ldoms-1.3).', enum: ['ldoms-1.3', 'ovm-3.6'] },
    domain: {
      type: 'object',
      additionalProperties: false,
      properties: {
        os: {
          type: 'object',
          additionalProperties: false,
          properties: {
            release: { description: 'Guest OS release, informational.', type: 'string' },
            cpuDR: { description: 'The guest supports CPU dynamic reconfiguration (assumed not when missing).', type: 'boolean' },
            cryptoDR: { description: 'The guest supports crypto unit DR (assumed not when missing).', type: 'boolean' },
            memorySplit: { description: 'The guest lets the target split memory blocks: Solaris 11.3 or later (assumed not).', type: 'boolean' },
          },
        },
        cpuArch: { description: 'The cpu-arch property (default native).', enum: ['native', 'generic', 'migration-class1', 'sparc64-class1'] },
        effectiveLargestPage: { ...quantity, description: 'Where split mode may cut.' },
        boundProcesses: { description: 'Processes are bound to CPUs in the guest (assumed so when missing).', type: 'boolean' },
        processorSets: { description: 'The guest uses processor sets (assumed so when missing).', type: 'boolean' },
      },
    },
    source: { type: 'object', additionalProperties: false, properties: machine },
    target: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...machine,
        strandsPerCore: { description: 'Strands per core (default 8).', type: 'integer', minimum: 1 },
        freeCryptoUnits: { description: 'Free crypto units (assumed 0).', type: 'integer', minimum: 0 },
        freeNiu: { description: 'Free NIU hybrid I/O resources (assumed 0).', type: 'integer', minimum: 0 },
      },
    },
  },
} as const;

/** The facts file's JSON Schema (draft-07), as a read-only object literal. */
export const FACTS_SCHEMA: typeof factsSchema = factsSchema;

/** A facts file as written (every field optional), derived from {@link FACTS_SCHEMA}. */
export type MigrationFacts = FromSchema<typeof factsSchema>;

const checkFacts = schemaChecker(FACTS_SCHEMA);

/**
 * Check a parsed facts file against its schema.
 *
 * @throws {@link InputError} naming the first unknown field (with "did you
 *   mean") or the first other problem, by JSON path
 */
export function parseFacts(json: unknown): MigrationFacts {
  checkFacts(json);
  return json as MigrationFacts;
}
