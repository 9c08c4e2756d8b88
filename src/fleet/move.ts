/**
 * Moving a domain changes the fleet (fleet.md, "Moving a domain changes the
 * fleet"): the one function every later question builds on, so that rank,
 * evacuate and the tests that replay a plan all see the same fleet after a
 * move. Pure: it returns a new fleet and leaves the old one as it was.
 *
 * @module
 */
import type { PieceBytes } from '../memory/frame.js';
import { formatHex, parseBytes } from '../quantity.js';
import { findDomain, findHost, type Fleet, type FleetDomainFile, type FleetHostFile } from './fleet.js';
import { coalesce, takeRanges, type ByteRange } from './ranges.js';

/** What a move takes from the target: strands, whole cores (ldoms-1.3 only) and the crypto units the domain gets back. */
export interface MoveCost {
  /** Strands the domain takes. */
  readonly strands: number;
  /** Whole cores the 1.3 rule counts for it (`ceil(strands / strandsPerCore)`); 0 under other profiles. */
  readonly wholeCores: number;
  /** Crypto units it gets back on the target: at most what it holds, at most what is free there. */
  readonly cryptoUnits: number;
}

/** The free whole cores of a host, as the request parser defaults them. */
export function freeWholeCores(host: FleetHostFile): number {
  return host.cpu.freeWholeCores ?? Math.floor(host.cpu.freeStrands / (host.cpu.strandsPerCore ?? 8));
}

/** What moving `domain` onto `target` takes from it under `fleet`'s profile. O(1). */
export function moveCost(fleet: Fleet, domain: FleetDomainFile, target: FleetHostFile): MoveCost {
  return {
    strands: domain.strands,
    wholeCores: fleet.profile === 'ldoms-1.3' ? Math.ceil(domain.strands / (target.cpu.strandsPerCore ?? 8)) : 0,
    cryptoUnits: Math.min(domain.cryptoUnits ?? 0, target.freeCryptoUnits ?? 0),
  };
}

/**
 * The fleet after the domain named `domainName` moved to the host named
 * `targetName` with `placements` (the pieces of its memory on the target,
 * in bytes; `[]` for an inactive domain, whose memory changes nothing).
 *
 * The target's free memory loses exactly the pieces, its strands, whole
 * cores (ldoms-1.3) and crypto units what {@link moveCost} says; the source
 * gets back the domain's source ranges (coalesced with its free memory) and
 * everything the domain held; `freeNiu` is left alone (the NIU rule is
 * soft). The domain ends on the target, its blocks at their new PAs and its
 * crypto units what it got back. Free memory is written back as sorted,
 * coalesced hex ranges. Cost: O((r + p) log(r + p)) for r free ranges on the
 * two hosts and p pieces.
 *
 * @throws {@link InputError} for a name that names nothing, or a piece
 *   (`placements[k]`) that is not inside the target's free memory
 */
export function moveDomain(fleet: Fleet, domainName: string, targetName: string, placements: readonly PieceBytes[]): Fleet {
  const { host: source, domain } = findDomain(fleet, domainName);
  const target = findHost(fleet, targetName);
  const cost = moveCost(fleet, domain, target);
  const holdsMemory = domain.state !== 'inactive';
  const moved: FleetDomainFile = {
    ...domain,
    ...(domain.cryptoUnits === undefined ? {} : { cryptoUnits: cost.cryptoUnits }),
    ...(holdsMemory ? { memory: placements.map((piece) => ({ ra: formatHex(piece.ra), pa: formatHex(piece.pa), size: formatHex(piece.size) })) } : {}),
  };
  const taken = holdsMemory ? takeRanges(rangesOf(target.freeMemory), placements, 'placements') : undefined;
  const given = holdsMemory ? coalesce([...rangesOf(source.freeMemory), ...rangesOf(domain.memory)]) : undefined;
  const spcSource = source.cpu.strandsPerCore ?? 8;
  const hosts = fleet.hosts.map((host) => {
    if (host === target) {
      return {
        ...withCapacity(fleet, host, -cost.strands, -cost.wholeCores, -cost.cryptoUnits, taken),
        domains: [...(host.domains ?? []), moved],
      };
    }
    if (host === source) {
      const sourceCores = fleet.profile === 'ldoms-1.3' ? Math.ceil(domain.strands / spcSource) : 0;
      return {
        ...withCapacity(fleet, host, domain.strands, sourceCores, domain.cryptoUnits ?? 0, given),
        domains: host.domains!.filter((d) => d !== domain),
      };
    }
    return host;
  });
  return { ...fleet, hosts };
}

function withCapacity(fleet: Fleet, host: FleetHostFile, strands: number, cores: number, crypto: number, free: readonly ByteRange[] | undefined): FleetHostFile {
  // Under other profiles whole cores are not the rule's unit: a host that left them to their default keeps the default.
  const keepCores = fleet.profile !== 'ldoms-1.3';
  return {
    ...host,
    cpu: {
      ...host.cpu,
      freeStrands: host.cpu.freeStrands + strands,
      ...(keepCores ? {} : { freeWholeCores: freeWholeCores(host) + cores }),
    },
    freeCryptoUnits: (host.freeCryptoUnits ?? 0) + crypto,
    ...(free === undefined ? {} : { freeMemory: free.map((range) => ({ pa: formatHex(range.pa), size: formatHex(range.size) })) }),
  };
}

/** Ranges of the file (free memory, or a domain's blocks by their PA) in bytes. */
export function rangesOf(ranges: readonly { readonly pa: unknown; readonly size: unknown }[]): ByteRange[] {
  return ranges.map((range, k) => ({ pa: BigInt(parseBytes(range.pa, `[${k}].pa`)), size: BigInt(parseBytes(range.size, `[${k}].size`)) }));
}
