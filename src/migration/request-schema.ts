/**
 * The JSON Schema of the `ldmfit check` request file (migration.md), as the
 * object the validator compiles.
 *
 * Why a TypeScript module and not only `schema/request.schema.json`: the
 * compiled library must find the schema wherever it is installed, and a JSON
 * file beside `src/` is not beside `dist/src/`. The shipped
 * `schema/request.schema.json` is this object printed with two-space
 * indentation; `test/migration/schema.test.ts` fails if the two ever differ,
 * so there is one schema in two places, never two schemas.
 *
 * The schema checks structure only: field names, types, enums. Quantities
 * get a pattern so that editors flag typos, but their exact meaning (64-bit
 * range, granule multiples, powers of two) and every cross-field rule is
 * checked in code by {@link parseRequest}.
 *
 * @module
 */
import type { FromSchema } from 'json-schema-to-ts';

/** A quantity as placement.md defines it: hex, decimal, or decimal with a binary unit; or a safe integer. */
const quantity = {
  description: 'A byte quantity: "0x8000000", "4294967296", "256M" (1K = 1024, optional trailing B), or a non-negative safe integer.',
  anyOf: [
    { type: 'string', pattern: '^(0[xX][0-9a-fA-F]+|[0-9]+[kKmMgGtTpP]?[bB]?)$' },
    { type: 'integer', minimum: 0, maximum: 9007199254740991 },
  ],
} as const;

const name = { type: 'string', minLength: 1 } as const;
const count = { type: 'integer', minimum: 0 } as const;
const powerPolicy = {
  description: 'The machine\'s power management policy; `elastic` refuses migration under ldoms-1.3.',
  enum: ['performance', 'elastic'],
} as const;
const primary = {
  description: 'The primary (control) domain of the machine; its vCPUs and crypto units set the transfer speed.',
  type: 'object',
  additionalProperties: false,
  properties: { strands: count, cryptoUnits: count },
} as const;

/**
 * The schema object itself. Kept apart from {@link REQUEST_SCHEMA} only so
 * that the export's type reads `typeof requestSchema` in the API reference
 * instead of the whole literal spelled out a property at a time (hence its
 * entry in `intentionallyNotExported` in `typedoc.json`); the type callers
 * get is the same read-only literal either way.
 */
const requestSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'ldmfit check request',
  description: 'One live-migration question: a logical domain, its source machine and a target machine. Unknown fields are errors.',
  type: 'object',
  additionalProperties: false,
  required: ['domain', 'source', 'target'],
  properties: {
    profile: { description: 'Rule profile (default ldoms-1.3).', enum: ['ldoms-1.3', 'ovm-3.6'] },
    dryRun: { description: 'Word the report as `ldm migrate-domain -n` (default true).', type: 'boolean' },
    domain: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'strands', 'memory'],
      properties: {
        name,
        state: { description: 'Domain state (default active).', enum: ['active', 'bound', 'inactive'] },
        os: {
          type: 'object',
          additionalProperties: false,
          properties: {
            release: { description: 'Guest OS release, informational.', type: 'string' },
            cpuDR: { description: 'The guest supports CPU dynamic reconfiguration (default true).', type: 'boolean' },
            cryptoDR: { description: 'The guest supports crypto unit dynamic reconfiguration (default true).', type: 'boolean' },
            memorySplit: { description: 'The guest lets the target split memory blocks: Solaris 11.3 or later (default false). Used under ovm-3.6 only.', type: 'boolean' },
          },
        },
        runState: { description: 'What the guest runs (default solaris).', enum: ['solaris', 'openboot', 'kmdb'] },
        migrating: { description: 'Already the source or target of a migration (flag s or t in ldm list); default false.', type: 'boolean' },
        cpuArch: { description: 'The cpu-arch property (default native); classes apply under ovm-3.6.', enum: ['native', 'generic', 'migration-class1', 'sparc64-class1'] },
        effectiveLargestPage: { ...quantity, description: 'Where split mode may cut (default: the smaller largestPage of the two machines).' },
        strands: { description: 'Virtual CPUs (strands) bound to the domain.', type: 'integer', minimum: 1 },
        cryptoUnits: { ...count, description: 'Crypto units bound to the domain (default 0).' },
        boundProcesses: { description: 'Processes are bound to CPUs in the guest (default false).', type: 'boolean' },
        processorSets: { description: 'The guest uses processor sets (default false).', type: 'boolean' },
        memory: {
          description: 'The domain\'s memory blocks: real address, physical address on the source, size.',
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['ra', 'pa', 'size'],
            properties: { ra: quantity, pa: quantity, size: quantity },
          },
        },
        mblockmap: {
          description: 'ovm-3.6 named resources: the target PA chosen for each source block, named by its source PA. Every block appears exactly once.',
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['pa', 'targetPa'],
            properties: { pa: quantity, targetPa: quantity },
          },
        },
        physicalIO: { description: 'Physical I/O devices the domain owns (pci@780, /SYS/MB/PCIE1).', type: 'array', items: name },
        vdisks: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'volume', 'service'],
            properties: { name, volume: name, service: name },
          },
        },
        vnets: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'switch'],
            properties: { name, switch: name, hybrid: { description: 'NIU hybrid I/O requested (default false).', type: 'boolean' } },
          },
        },
        vcc: { ...name, description: 'The console concentrator service the domain\'s console uses.' },
      },
    },
    source: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'cpu'],
      properties: {
        name,
        cpu: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'mhz'],
          properties: { type: name, mhz: { type: 'integer', minimum: 1 } },
        },
        largestPage: { ...quantity, description: 'Hardware largest page size (default 256M).' },
        powerPolicy,
        delayedReconfig: { description: 'A delayed reconfiguration is pending (default false).', type: 'boolean' },
        primary,
      },
    },
    target: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'cpu', 'freeMemory'],
      properties: {
        name,
        cpu: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'mhz', 'freeStrands'],
          properties: {
            type: name,
            mhz: { type: 'integer', minimum: 1 },
            strandsPerCore: { description: 'Strands per core (default 8).', type: 'integer', minimum: 1 },
            freeStrands: count,
            freeWholeCores: { ...count, description: 'Cores with every strand free (default: freeStrands / strandsPerCore, rounded down).' },
          },
        },
        largestPage: { ...quantity, description: 'Hardware largest page size (default 256M).' },
        freeMemory: {
          description: 'Free physical memory ranges (ldm list-devices memory).',
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['pa', 'size'],
            properties: { pa: quantity, size: quantity },
          },
        },
        freeCryptoUnits: { ...count, description: 'Free crypto units (default 0).' },
        freeNiu: { ...count, description: 'Free NIU hybrid I/O resources (default 0).' },
        services: {
          type: 'object',
          additionalProperties: false,
          properties: {
            vds: {
              description: 'Virtual disk services by name, each with its exported volume names.',
              type: 'object',
              additionalProperties: { type: 'array', items: name },
            },
            vsw: { description: 'Virtual switch names.', type: 'array', items: name },
            vcc: { description: 'Console concentrator names.', type: 'array', items: name },
          },
        },
        powerPolicy,
        delayedReconfig: { description: 'A delayed reconfiguration is pending (default false).', type: 'boolean' },
        primary,
      },
    },
  },
} as const;

/**
 * A request file as written, as a TypeScript type derived from
 * {@link REQUEST_SCHEMA} itself (by json-schema-to-ts), so the type and the
 * schema cannot drift apart: a program that builds a request in code gets a
 * compile error for a misspelt field. Quantities are strings or safe
 * integers, as in the file.
 */
export type MigrationRequestFile = FromSchema<typeof requestSchema>;

/**
 * The request schema (JSON Schema draft-07), as a read-only object literal:
 * hand it to any draft-07 validator, or print it with
 * `JSON.stringify(REQUEST_SCHEMA, null, 2)` to get exactly
 * `schema/request.schema.json`. Do not mutate it: `parseRequest` (`ldmfit/migration`)
 * compiles this same object on first use.
 */
export const REQUEST_SCHEMA: typeof requestSchema = requestSchema;
