/**
 * Seeded fleets for tests and benchmarks: one source host whose domains are
 * to be evacuated or ranked, and targets with fragmented free memory. The
 * same seed gives the same fleet, so a before/after bench compares the same
 * work.
 *
 * Shape: every host a SPARC-T4 with 256M pages and the same services.
 * Domains have one or two blocks of 256M to 2G whose source PAs sit at a
 * 128M offset half the time (so congruence matters); targets hold
 * `rangesPerTarget` free ranges, most of them small (8K-aligned, 8M to
 * 192M: the fragments a long-lived host accumulates) and a few large ones
 * (256M to 4G) where blocks may fit.
 *
 * @module
 */
import type { FleetDomainFile, FleetFile, FleetHostFile } from '../fleet/fleet-schema.js';
import { formatHex } from '../quantity.js';
import { SeededRandom } from '../random.js';

/** What {@link generateFleet} builds. */
export interface FleetGenerateOptions {
  /** PRNG seed. */
  readonly seed: number;
  /** Target hosts (besides the source host `src`). */
  readonly targets: number;
  /** Domains on the source host. */
  readonly domains: number;
  /** Free ranges per target. */
  readonly rangesPerTarget: number;
  /** Large ranges among them (default 4). */
  readonly largeRangesPerTarget?: number;
}

const M = 2 ** 20;
const services = { vds: { 'primary-vds0': ['vol1'] }, vsw: ['primary-vsw0'], vcc: ['primary-vcc0'] };

function baseHost(name: string, random: SeededRandom): Omit<FleetHostFile, 'freeMemory'> {
  return {
    name,
    cpu: { type: 'SPARC-T4', mhz: 2848, strandsPerCore: 8, freeStrands: 8 * random.between(2, 8) },
    largestPage: '256M',
    freeCryptoUnits: random.between(0, 4),
    services: structuredClone(services),
    primary: { strands: 8 * random.between(1, 4), cryptoUnits: random.between(0, 2) },
  };
}

/**
 * A fleet as its file holds it (see the module comment for its shape). O(targets × rangesPerTarget).
 * (`Readonly<…>` keeps typedoc from spelling the schema's type out property by property.)
 */
export function generateFleet(options: FleetGenerateOptions): Readonly<FleetFile> {
  const random = new SeededRandom(options.seed);
  const domains: FleetDomainFile[] = [];
  let sourcePa = 0x100000000;
  for (let d = 0; d < options.domains; d++) {
    const blocks = random.between(1, 2);
    const memory = [];
    let ra = 0x8000000;
    for (let b = 0; b < blocks; b++) {
      const size = 256 * M * random.between(1, 8);
      const pa = sourcePa + (random.below(2) === 0 ? 0 : 128 * M);
      memory.push({ ra: formatHex(ra), pa: formatHex(pa), size: formatHex(size) });
      ra += size + 256 * M;
      sourcePa = pa + size + 256 * M;
    }
    domains.push({
      name: `ldg${d}`,
      strands: random.between(1, 16),
      cryptoUnits: random.between(0, 1),
      memory,
      vdisks: [{ name: 'vdisk0', volume: 'vol1', service: 'primary-vds0' }],
      vnets: [{ name: 'vnet0', switch: 'primary-vsw0' }],
    });
  }
  const source = { ...baseHost('src', random), freeMemory: [{ pa: formatHex(sourcePa), size: '1G' }], domains };
  const hosts: FleetHostFile[] = [source];
  const large = options.largeRangesPerTarget ?? 4;
  for (let t = 0; t < options.targets; t++) {
    const freeMemory = [];
    let pa = 0x100000000;
    for (let r = 0; r < options.rangesPerTarget; r++) {
      const size = r < large ? 256 * M * random.between(1, 16) : 8192 * random.between(1024, 24576);
      pa += 8192 * random.between(1, 4096);
      freeMemory.push({ pa: formatHex(pa), size: formatHex(size) });
      pa += size;
    }
    hosts.push({ ...baseHost(`t${String(t).padStart(3, '0')}`, random), freeMemory });
  }
  return { profile: 'ldoms-1.3', hosts };
}
