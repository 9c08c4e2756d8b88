/**
 * Advice about the target's bound domains that stand in the way of a refused
 * memory layout (issue 11): which domain, moved off the target, frees a
 * range that fits, and how little of it would have to go instead.
 *
 * Every candidate is verified the way all advice is ({@link memoryFits}):
 * the domain's blocks are added to the target's free memory (coalesced with
 * the free ranges they touch, since adjacent free memory is physically
 * contiguous) and the memory rule is run again on that changed question.
 *
 * - **Move one domain**: the target's domains by the bytes they hold on it,
 *   fewest first (ties by name); the first {@link MOVE_ADVICE_LIMIT} whose
 *   removal makes the memory fit are advised. A domain whose removal does
 *   not help is never advised.
 * - **Move two**: only when no single domain helps. Pairs by the bytes they
 *   hold together, fewest first (ties by names); pairs that free too little
 *   in total are skipped without solving; at most {@link PAIR_TRIES} pairs
 *   are solved, and the first that fits is advised. Bounded, so not
 *   exhaustive: a pair past the budget, or three domains, is not looked for.
 * - **Shrink instead**: for each domain advised alone, the smallest part of
 *   it that would do as well, when that part can be found cheaply: memory
 *   at one end of one of its blocks where that block touches free memory
 *   (the freed part then grows that free range), less than all the domain
 *   holds. ldm's memory DR works on 256M-aligned addresses and sizes, so
 *   the part is whole 256M steps from a block end that lies on a 256M
 *   boundary (an end off the boundary is not tried). Fitting only gains from
 *   more free memory, so the smallest number of steps at an end is found by
 *   bisection. A part in the middle of a block, or parts of several blocks
 *   at once, are not tried. Memory DR is capacity-based (`ldm
 *   remove-memory` takes a size, the guest picks what goes), so the advice
 *   names the range that has to be given up, not a command that frees it.
 *
 * Which blocks are bound comes from the caller: a fleet host's domains
 * (`rank --advise`), or the owner column of the target's `ldm
 * list-devices -a memory` (`check --advise` from captures). Memory of the
 * control domain (`primary`) and of the hypervisor (`_sys_`) never moves and
 * is never advised.
 *
 * @module
 */
import type { MigrationRequest } from '../migration/request.js';
import type { CheckOptions } from '../migration/check.js';
import { formatGranulesHex, formatGranulesSize, formatHex, formatSize } from '../quantity.js';
import type { Advice } from './advice.js';
import { memoryFits } from './memory-fits.js';

/** A block of the target's memory bound to a domain, in bytes. */
export interface BoundBlock {
  /** The domain that holds it (the BOUND column of `ldm list-devices -a memory`). */
  readonly owner: string;
  /** First byte. */
  readonly pa: bigint;
  /** Length in bytes, > 0. */
  readonly size: bigint;
}

/** How many single domains are advised at most (the cheapest that work). */
export const MOVE_ADVICE_LIMIT = 3;

/** How many pairs of domains are solved at most when no single one helps. */
export const PAIR_TRIES = 8;

/** ldm's memory DR enforces 256M alignment on the address and size of what it adds or removes: the step of a shrink. */
const SHRINK_STEP_BYTES = 256 * 1024 * 1024;

/** Owners whose memory cannot move: the control domain, and the hypervisor's own. */
const IMMOVABLE = new Set(['primary', '_sys_']);

/** A range of the target in granules. */
interface GranuleRange {
  readonly pa: number;
  readonly size: number;
}

/** The bound memory of one movable domain on the target. */
interface Holder {
  readonly name: string;
  /** Its blocks in granules (the whole granules inside each block). */
  readonly ranges: readonly GranuleRange[];
  /** What it holds, in bytes, as given. */
  readonly bytes: bigint;
  /** Its lowest block's first byte. */
  readonly firstPa: bigint;
  /** How many blocks. */
  readonly blocks: number;
}

/**
 * The verified advice about the target's domains in the way, for a request
 * whose memory does not fit (`adviseMemory` calls it only then; on a request
 * that fits, every domain would look as if it helped).
 *
 * Cost: at most one run of the memory rule per movable domain, plus
 * {@link PAIR_TRIES}, plus for each domain advised about 2 + log2(its
 * largest block / 256M) per block end that touches free memory; each run
 * within `options.solve`. Pure.
 *
 * @param bound the target's bound blocks with their owners (any order)
 */
export function adviseDomainsInTheWay(request: MigrationRequest, bound: readonly BoundBlock[], options: CheckOptions = {}): Advice[] {
  const holders = holdersOf(bound, request.granuleBytes);
  const advice: Advice[] = [];
  for (const holder of holders) {
    if (advice.filter((a) => a.kind === 'free-domain').length === MOVE_ADVICE_LIMIT) break;
    if (!memoryFits(withFreed(request, holder.ranges), options)) continue;
    advice.push(moveAdvice(request, [holder]));
    const shrink = smallestShrink(request, holder, options);
    if (shrink !== undefined) advice.push(shrinkAdvice(request, holder, shrink));
  }
  if (advice.length > 0) return advice;
  const pair = fittingPair(request, holders, options);
  return pair === undefined ? [] : [moveAdvice(request, pair)];
}

/** The movable owners, fewest bytes first, ties by name. */
function holdersOf(bound: readonly BoundBlock[], granuleBytes: number): Holder[] {
  const byOwner = new Map<string, BoundBlock[]>();
  for (const block of bound) {
    if (IMMOVABLE.has(block.owner)) continue;
    byOwner.set(block.owner, [...(byOwner.get(block.owner) ?? []), block]);
  }
  const g = BigInt(granuleBytes);
  return [...byOwner].map(([name, blocks]): Holder => {
    // In address order, so that the shrinks of later blocks lie at higher addresses (smallestShrink keeps the first of equals).
    const sorted = [...blocks].sort((a, b) => (a.pa < b.pa ? -1 : 1));
    // Only whole granules inside a block can be offered as free granules: rounding inward never frees what the domain does not hold.
    const ranges = sorted
      .map((block) => ({ pa: Number((block.pa + g - 1n) / g), end: Number((block.pa + block.size) / g) }))
      .filter((range) => range.end > range.pa)
      .map((range) => ({ pa: range.pa, size: range.end - range.pa }));
    return { name, ranges, bytes: blocks.reduce((sum, block) => sum + block.size, 0n), firstPa: sorted[0]!.pa, blocks: blocks.length };
  }).sort((a, b) => (a.bytes < b.bytes ? -1 : a.bytes > b.bytes ? 1 : a.name < b.name ? -1 : 1));
}

/** The request with `freed` added to the target's free memory, sorted and coalesced. O(r log r). */
function withFreed(request: MigrationRequest, freed: readonly GranuleRange[]): MigrationRequest {
  const merged: { pa: number; size: number }[] = [];
  for (const range of [...request.target.freeMemory, ...freed].sort((a, b) => a.pa - b.pa)) {
    const last = merged[merged.length - 1];
    // The placement solver coalesces touching ranges itself but refuses overlapping ones, and captures may disagree with
    // themselves (a bound row over a free one): overlapping ranges are merged here rather than counted twice or refused.
    if (last !== undefined && last.pa + last.size >= range.pa) last.size = Math.max(last.size, range.pa + range.size - last.pa);
    else merged.push({ pa: range.pa, size: range.size });
  }
  return { ...request, target: { ...request.target, freeMemory: merged } };
}

/** The cheapest pair of holders whose removal together makes the memory fit, within {@link PAIR_TRIES} solves. */
function fittingPair(request: MigrationRequest, holders: readonly Holder[], options: CheckOptions): [Holder, Holder] | undefined {
  const need = granules(request.domain.memory);
  const offer = granules(request.target.freeMemory);
  const pairs: [Holder, Holder][] = [];
  for (let i = 0; i < holders.length; i++) for (let j = i + 1; j < holders.length; j++) pairs.push([holders[i]!, holders[j]!]);
  const bytes = (pair: readonly Holder[]): bigint => pair[0]!.bytes + pair[1]!.bytes;
  // Holders are sorted by bytes then name, so equal totals keep the first holder's, then the second's, name order.
  pairs.sort((a, b) => (bytes(a) < bytes(b) ? -1 : bytes(a) > bytes(b) ? 1 : 0));
  let tries = 0;
  for (const pair of pairs) {
    if (tries === PAIR_TRIES) return undefined;
    const freed = [...pair[0].ranges, ...pair[1].ranges];
    if (offer + granules(freed) < need) continue;
    tries++;
    if (memoryFits(withFreed(request, freed), options)) return pair;
  }
  return undefined;
}

function granules(ranges: readonly { readonly size: number }[]): number {
  return ranges.reduce((sum, range) => sum + range.size, 0);
}

/**
 * The smallest verified shrink of `holder`: for each end of its blocks that
 * touches free memory and lies on a 256M boundary, the fewest 256M steps
 * freed there that make the
 * memory fit (bisection: freeing more at an end only adds free memory, so
 * fitting is monotone in the steps), less than all it holds; the smallest
 * over the ends, ties by address.
 */
function smallestShrink(request: MigrationRequest, holder: Holder, options: CheckOptions): GranuleRange | undefined {
  const step = Math.max(1, SHRINK_STEP_BYTES / request.granuleBytes);
  const total = granules(holder.ranges);
  const freeEnds = new Set(request.target.freeMemory.map((range) => range.pa + range.size));
  const freeStarts = new Set(request.target.freeMemory.map((range) => range.pa));
  let best: GranuleRange | undefined;
  for (const block of holder.ranges) {
    const most = Math.min(Math.floor(block.size / step), Math.floor((total - 1) / step));
    const end = block.pa + block.size;
    const ends: ((steps: number) => GranuleRange)[] = [];
    if (freeEnds.has(block.pa) && block.pa % step === 0) ends.push((steps) => ({ pa: block.pa, size: steps * step }));
    if (freeStarts.has(end) && end % step === 0) ends.push((steps) => ({ pa: end - steps * step, size: steps * step }));
    for (const part of ends) {
      const found = fewestSteps(most, (steps) => memoryFits(withFreed(request, [part(steps)]), options));
      if (found === undefined) continue;
      const range = part(found);
      if (best === undefined || range.size < best.size) best = range;
    }
  }
  return best;
}

/** The fewest steps in 1..most for which `fitsWith` holds, given that it is monotone; undefined when even `most` fails. */
function fewestSteps(most: number, fitsWith: (steps: number) => boolean): number | undefined {
  if (most < 1 || !fitsWith(most)) return undefined;
  let low = 1;
  let high = most;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (fitsWith(middle)) high = middle;
    else low = middle + 1;
  }
  return high;
}

/** Where a holder's memory is, for a person: `2G bound at 0x…`, or `4G bound in 2 blocks from 0x…`. */
function whereBound(holder: Holder): string {
  const size = formatSize(holder.bytes);
  return holder.blocks === 1 ? `${size} bound at ${formatHex(holder.firstPa)}` : `${size} bound in ${holder.blocks} blocks from ${formatHex(holder.firstPa)}`;
}

function moveAdvice(request: MigrationRequest, holders: readonly Holder[]): Advice {
  const host = request.target.name;
  const domains = holders.map((holder) => holder.name);
  const freedBytes = holders.reduce((sum, holder) => sum + holder.bytes, 0n);
  const message = holders.length === 1
    ? `move domain ${domains[0]!} (${whereBound(holders[0]!)}) off ${host}: the memory then fits (verified)`
    : `move domains ${domains.join(' and ')} (${holders.map(whereBound).join('; ')}) off ${host}: no single domain frees enough, together the memory then fits (verified)`;
  return { kind: 'free-domain', domains, freedBytes, message };
}

function shrinkAdvice(request: MigrationRequest, holder: Holder, part: GranuleRange): Advice {
  const g = request.granuleBytes;
  const end = formatGranulesHex(part.pa + part.size, g);
  return {
    kind: 'shrink-domain',
    domain: holder.name,
    pa: BigInt(part.pa) * BigInt(g),
    size: BigInt(part.size) * BigInt(g),
    message: `or shrink domain ${holder.name} on ${request.target.name} by ${formatGranulesSize(part.size, g)}, freeing PA ${formatGranulesHex(part.pa, g)} to ${end} (next to free memory): the memory then fits (verified)`,
  };
}
