/**
 * Advice for a refused memory layout (`ldmfit check --advise`): the smallest
 * changes to the question that make the memory fit, each one verified by
 * running the memory rule again on the changed question — never a guess.
 *
 * Two kinds come from a request alone:
 *
 * - **split mode**: the same question under ovm-3.6 with a guest that lets
 *   its blocks be cut (Solaris 11.3 or later), at its effective largest page;
 * - **grow a free range**: for the block ldm would fail on (or, when memory
 *   is short in total, the shortfall), the free range that needs the least
 *   growth to hold it at its congruence, grown by that much (absorbing any
 *   free range it then reaches), and the whole layout solved again.
 *
 * Given the target's bound blocks with their owners (a fleet host's domains,
 * or the owner column of the target's captures), a third kind: the
 * domains in the way, moved off or shrunk (`in-the-way.ts`). The fourth
 * change the issue names, another target that fits, needs the other hosts:
 * `rankTargets` adds it from a fleet file; a request or a pair of captures
 * has one target only.
 *
 * @module
 */
import { firstCongruent, residue } from '../congruence.js';
import type { CheckOptions } from '../migration/check.js';
import type { Finding } from '../migration/finding.js';
import type { MigrationRequest } from '../migration/request.js';
import { formatGranulesHex, formatGranulesSize } from '../quantity.js';
import { adviseDomainsInTheWay, type BoundBlock } from './in-the-way.js';
import { memoryFits as fits } from './memory-fits.js';

/** One verified change that makes the memory fit. Quantities in bytes. */
export type Advice =
  | {
      /** Enable split mode. */
      readonly kind: 'split';
      /** What to do, for a person. */
      readonly message: string;
    }
  | {
      /** Grow one free range of the target. */
      readonly kind: 'grow-range';
      /** The free range's first byte. */
      readonly pa: bigint;
      /** Bytes it must grow by (at its end). */
      readonly growBy: bigint;
      /** What to do, for a person. */
      readonly message: string;
    }
  | {
      /** Move bound domains off the target (one, or a pair when no single one helps). */
      readonly kind: 'free-domain';
      /** The domains to move, fewest bytes first. */
      readonly domains: readonly string[];
      /** The bytes they hold on the target together. */
      readonly freedBytes: bigint;
      /** What to do, for a person. */
      readonly message: string;
    }
  | {
      /** Shrink a bound domain of the target instead of moving it (follows that domain's `free-domain`). */
      readonly kind: 'shrink-domain';
      /** The domain to shrink. */
      readonly domain: string;
      /** The first byte of the memory it gives up. */
      readonly pa: bigint;
      /** How many bytes it gives up, from `pa`. */
      readonly size: bigint;
      /** What to do, for a person. */
      readonly message: string;
    }
  | {
      /** Another host of the fleet takes the domain as it is (`rankTargets` only). */
      readonly kind: 'other-target';
      /** That host: the best-scored target that fits. */
      readonly host: string;
      /** What to do, for a person. */
      readonly message: string;
    };

/** {@link adviseMemory}'s options: the check's, and what the target holds. */
export interface AdviceOptions extends CheckOptions {
  /** The target's bound memory with its owners; given, the domains in the way are advised about too. */
  readonly boundBlocks?: readonly BoundBlock[];
}

/** Whether a check's findings hold a memory refusal (`MEMORY_LAYOUT` or `MEMORY_INSUFFICIENT`): what advice is about. O(findings). */
export function memoryRefused(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.code === 'MEMORY_LAYOUT' || f.code === 'MEMORY_INSUFFICIENT');
}

/** How many ranges, cheapest first, are tried for growth before giving up. */
const GROW_CANDIDATES = 3;

/**
 * The verified advice for a request whose memory does not fit (none when it
 * fits, or for a domain that is not active): split mode, a grown free range,
 * then, with `options.boundBlocks`, the domains in the way (see
 * `adviseDomainsInTheWay` for its cost). Cost without bound blocks: up to
 * five runs of the memory rule, within `options.solve` each.
 */
export function adviseMemory(request: MigrationRequest, options: AdviceOptions = {}): Advice[] {
  if (request.domain.state !== 'active' || fits(request, options)) return [];
  const advice: Advice[] = [];
  const g = request.granuleBytes;
  const split = request.profile === 'ovm-3.6' && request.domain.os.memorySplit;
  if (!split) {
    const asSplit: MigrationRequest = { ...request, profile: 'ovm-3.6', domain: { ...request.domain, os: { ...request.domain.os, memorySplit: true } } };
    if (fits(asSplit, options)) {
      advice.push({ kind: 'split', message: `enable split mode (the guest on Solaris 11.3 or later, the ovm-3.6 profile): blocks cut at ${formatGranulesSize(request.domain.effectiveLargestPage, g)} then fit (verified)` });
    }
  }
  const grown = growthCandidates(request).find((candidate) => fits(candidate.request, options));
  if (grown !== undefined) {
    const range = request.target.freeMemory[grown.index]!;
    advice.push({
      kind: 'grow-range',
      pa: BigInt(range.pa) * BigInt(g),
      growBy: BigInt(grown.growBy) * BigInt(g),
      message: `the free range at PA ${formatGranulesHex(range.pa, g)} (${formatGranulesSize(range.size, g)}) would have to grow by ${formatGranulesSize(grown.growBy, g)}: the memory then fits (verified)`,
    });
  }
  return options.boundBlocks === undefined ? advice : [...advice, ...adviseDomainsInTheWay(request, options.boundBlocks, options)];
}

/**
 * The requests with one free range grown, least growth first: enough for the
 * largest block to start at its congruence inside the range (when memory is
 * short in total, at least the shortfall as well).
 */
function growthCandidates(request: MigrationRequest): { index: number; growBy: number; request: MigrationRequest }[] {
  const { domain, target, alignment } = request;
  const block = [...domain.memory].sort((a, b) => b.size - a.size)[0]!;
  const need = domain.memory.reduce((sum, b) => sum + b.size, 0);
  const shortfall = Math.max(0, need - target.freeMemory.reduce((sum, r) => sum + r.size, 0));
  const phase = residue(block.pa, alignment);
  return target.freeMemory
    .map((range, index) => ({ index, growBy: Math.max(shortfall, firstCongruent(range.pa, phase, alignment) + block.size - (range.pa + range.size)) }))
    .filter((candidate) => candidate.growBy > 0)
    .sort((a, b) => a.growBy - b.growBy || a.index - b.index)
    .slice(0, GROW_CANDIDATES)
    .map((candidate) => ({ ...candidate, request: withGrownRange(request, candidate.index, candidate.growBy) }));
}

/** The request with free range `index` grown at its end, absorbing the free ranges it reaches. */
function withGrownRange(request: MigrationRequest, index: number, growBy: number): MigrationRequest {
  const range = request.target.freeMemory[index]!;
  let end = range.pa + range.size + growBy;
  const others = [];
  // Free ranges do not overlap, so in address order each one absorbed can only reach further ones.
  for (const other of [...request.target.freeMemory].sort((a, b) => a.pa - b.pa)) {
    if (other === range) continue;
    if (other.pa >= range.pa && other.pa <= end) end = Math.max(end, other.pa + other.size);
    else others.push(other);
  }
  return { ...request, target: { ...request.target, freeMemory: [...others, { pa: range.pa, size: end - range.pa }] } };
}
