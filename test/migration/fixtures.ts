/**
 * Request files for the migration tests: a clean pass under ldoms-1.3 that
 * each test bends with a mutation, so a test names only what it changes.
 */
import { checkRequest, type CheckOptions, type CheckResult } from '../../src/migration/check.js';
import { parseRequest, type MigrationRequest } from '../../src/migration/request.js';

/** A JSON request as a test edits it. */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The clean pass: T2 to T2, 2G block into a 4G congruent free range, every service present. */
export function baseRequest(): Json {
  return {
    profile: 'ldoms-1.3',
    dryRun: true,
    domain: {
      name: 'ldg1',
      strands: 8,
      cryptoUnits: 1,
      memory: [{ ra: '0x8000000', pa: '0x208000000', size: '2G' }],
      vdisks: [{ name: 'vdisk0', volume: 'vol1', service: 'primary-vds0' }],
      vnets: [{ name: 'vnet0', switch: 'primary-vsw0', hybrid: false }],
      vcc: 'primary-vcc0',
    },
    source: {
      name: 'host-a',
      cpu: { type: 'UltraSPARC-T2', mhz: 1415 },
      primary: { strands: 8, cryptoUnits: 1 },
    },
    target: {
      name: 'host-b',
      cpu: { type: 'UltraSPARC-T2', mhz: 1415, strandsPerCore: 8, freeStrands: 16 },
      freeMemory: [{ pa: '0x108000000', size: '4G' }],
      freeCryptoUnits: 1,
      freeNiu: 0,
      services: { vds: { 'primary-vds0': ['vol1'] }, vsw: ['primary-vsw0'], vcc: ['primary-vcc0'] },
      primary: { strands: 8, cryptoUnits: 1 },
    },
  };
}

/** The base request with `edit` applied to a fresh copy. */
export function request(edit: (json: Json) => void = () => undefined): Json {
  const json = baseRequest();
  edit(json);
  return json;
}

/** Parse an edited base request. */
export function model(edit?: (json: Json) => void): MigrationRequest {
  return parseRequest(request(edit));
}

/** Check an edited base request. */
export function check(edit?: (json: Json) => void, options?: CheckOptions): CheckResult {
  return checkRequest(request(edit), options);
}

/** The codes of a result, in report order. */
export function codes(result: CheckResult): string[] {
  return result.findings.map((f) => f.code);
}
