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
 * The other two changes the issue names — moving or shrinking the target's
 * bound domains, another target — need the target's domains and the other
 * hosts, which a request does not hold: `ldmfit rank` answers them from a
 * fleet file.
 *
 * @module
 */
import { firstCongruent, residue } from '../congruence.js';
import type { CheckOptions } from '../migration/check.js';
import type { MigrationRequest } from '../migration/request.js';
import { checkMemory } from '../migration/rules/memory.js';
import { formatGranulesHex, formatGranulesSize } from '../quantity.js';
import { solvePlacement } from '../solve/place.js';

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
    };

/** How many ranges, cheapest first, are tried for growth before giving up. */
const GROW_CANDIDATES = 3;

/**
 * The verified advice for a request whose memory does not fit (none when it
 * fits, or for a domain that is not active). Cost: up to four runs of the
 * memory rule, within `options.solve` each.
 */
export function adviseMemory(request: MigrationRequest, options: CheckOptions = {}): Advice[] {
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
  return advice;
}

function fits(request: MigrationRequest, options: CheckOptions): boolean {
  const memory = checkMemory(request, options.solver ?? solvePlacement, options.solve);
  return memory.findings.length === 0 && !memory.undecided;
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
