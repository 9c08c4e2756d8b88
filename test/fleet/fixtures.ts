/**
 * Fleet files for the fleet tests: three T2 hosts, `host-a` with two active
 * domains, each test bending a fresh copy with an edit so it names only what
 * it changes.
 */
import { parseFleet, type Fleet } from '../../src/fleet/fleet.js';

/** A JSON fleet as a test edits it. */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const services = { vds: { 'primary-vds0': ['vol1'] }, vsw: ['primary-vsw0'], vcc: ['primary-vcc0'] };

/** A host with the given free memory and no domains. */
export function host(name: string, freeMemory: { pa: string; size: string }[], extra: Json = {}): Json {
  return {
    name,
    cpu: { type: 'UltraSPARC-T2', mhz: 1415, strandsPerCore: 8, freeStrands: 32 },
    freeMemory,
    freeCryptoUnits: 2,
    services: structuredClone(services),
    primary: { strands: 8, cryptoUnits: 1 },
    ...extra,
  };
}

/** An active domain with one block per `[ra, pa, size]`. */
export function domain(name: string, blocks: [string, string, string][], extra: Json = {}): Json {
  return {
    name,
    strands: 8,
    cryptoUnits: 1,
    memory: blocks.map(([ra, pa, size]) => ({ ra, pa, size })),
    vdisks: [{ name: 'vdisk0', volume: 'vol1', service: 'primary-vds0' }],
    vnets: [{ name: 'vnet0', switch: 'primary-vsw0' }],
    vcc: 'primary-vcc0',
    ...extra,
  };
}

/**
 * host-a: ldg1 (2G at 0x208000000) and ldg2 (1G at 0x308000000), 1G free.
 * host-b: two separate 1G ranges (the seed's trap for a 2G block).
 * host-c: one 8G range.
 */
export function baseFleet(): Json {
  return {
    profile: 'ldoms-1.3',
    hosts: [
      {
        ...host('host-a', [{ pa: '0x408000000', size: '1G' }]),
        domains: [domain('ldg1', [['0x8000000', '0x208000000', '2G']]), domain('ldg2', [['0x8000000', '0x308000000', '1G']])],
      },
      host('host-b', [{ pa: '0x108000000', size: '1G' }, { pa: '0x188000000', size: '1G' }]),
      host('host-c', [{ pa: '0x800000000', size: '8G' }]),
    ],
  };
}

/** The base fleet with `edit` applied to a fresh copy. */
export function fleetJson(edit: (json: Json) => void = () => undefined): Json {
  const json = structuredClone(baseFleet());
  edit(json);
  return json;
}

/** Parse an edited base fleet. */
export function fleet(edit?: (json: Json) => void): Fleet {
  return parseFleet(fleetJson(edit));
}
