/**
 * The zero-slack fill: when the free ranges that could take an item add up
 * to exactly the items' total, every such range must be filled to the last
 * granule, with no padding anywhere. Then the items in a range lie back to
 * back from its start, and each one's phase is forced by the one before:
 * the first must have the range's start residue, the next the residue after
 * it, and so on. So a range is a chain of items, and the search only ever
 * tries the items of one residue at each step — a branching that the
 * general search (`completion.ts`), which does not know the slack is zero,
 * cannot see.
 *
 * This is the shape of a domain whose target was carved around it (and of
 * the generator's `tight` shape): many ranges, each exactly one group of
 * blocks long.
 *
 * The search: the range with the fewest ways to begin first (a range with
 * none ends the branch at once, however far its turn would be); within a
 * range, the items of the residue reached, one per distinct size, one that
 * ends the range exactly first, then largest first. Pruned by a count per
 * residue: every range not yet begun needs an item of its start residue for
 * its first, so the unused items of each residue must be at least the
 * ranges still to begin there. Only a packing comes out of it
 * (checked by `verify` like every other); a search that ends without one
 * leaves the question to the stages after it.
 *
 * @module
 */
import type { FreeMap } from '../memory/free-map.js';
import { residue } from '../congruence.js';
import type { SearchBudget } from './completion.js';
import { fillFullBins } from './full-bins.js';
import type { Items } from './items.js';
import { CLOCK_EVERY, NodeClock } from './node-clock.js';

/**
 * Items the search (or bin completion) takes at most: it recurses once per item placed, and a
 * deeper stack than this risks the engine's limit (a crash, where a
 * question too large for this stage must only pass to the next).
 */
export const MAX_CHAIN_ITEMS = 4000;


/** What the zero-slack fill found. */
export type ExactFillOutcome =
  /** Not this stage's question: the free ranges that could take an item hold more than the items. */
  | { readonly status: 'not-applicable' }
  /** More items than the search goes deep (see {@link MAX_CHAIN_ITEMS}). */
  | { readonly status: 'size-limit' }
  /** A packing: `position[i]` is item i's new start. */
  | { readonly status: 'feasible'; readonly position: Float64Array; readonly nodes: number }
  /** No packing found: every chain was tried (`exhausted`), or a budget ran out. */
  | { readonly status: 'exhausted' | 'node-limit' | 'time-limit'; readonly nodes: number };

/**
 * Pack `items` into the ranges of `map` that are at least as long as the
 * smallest item, when those ranges hold exactly the items' total (else
 * `not-applicable`, at O(ranges) cost).
 *
 * When every size is a multiple of the alignment, every item of a chain
 * keeps the phase it starts with and the chains constrain nothing: what is
 * left is a bin packing where every bin is full, and bin completion
 * (`full-bins.ts`) searches it instead — the chain search, trying items of
 * one residue by the hundred, decided none of the 80 Falkenauer triplet
 * questions (all zero-slack) in 2 s each.
 *
 * Cost: exponential in the worst case; a node costs O(distinct sizes of one residue).
 *
 * @param items the items (whole blocks or pieces)
 * @param map the free ranges
 * @param alignment the congruence modulus
 * @param budget when to stop, and whom to tell the nodes explored (every {@link CLOCK_EVERY})
 */
export function zeroSlackFill(items: Items, map: FreeMap, alignment: number, budget: SearchBudget): ExactFillOutcome {
  let smallest = Infinity;
  let total = 0;
  let chained = false;
  for (let i = 0; i < items.count; i++) {
    smallest = Math.min(smallest, items.size[i]!);
    total += items.size[i]!;
    if (items.size[i]! % alignment !== 0) chained = true;
  }
  const starts: number[] = [];
  const lengths: number[] = [];
  let offered = 0;
  map.forEachRange((start, end) => {
    if (end - start < smallest) return;
    starts.push(start);
    lengths.push(end - start);
    offered += end - start;
  });
  if (offered !== total) return { status: 'not-applicable' };
  if (items.count > MAX_CHAIN_ITEMS) return { status: 'size-limit' };
  if (!chained) return fillFullBins(items, starts, lengths, alignment, budget);
  return new ChainSearch(items, starts, lengths, alignment, budget).search();
}/** The depth-first search over chains. */
class ChainSearch {
  /** Whether each range is begun. */
  private readonly begun: Uint8Array;
  /** Items of each residue: distinct sizes (descending) and, per size, the items left. */
  private readonly byPhase = new Map<number, { readonly sizes: number[]; readonly left: number[][] }>();
  /** Unused items of each residue, and ranges not yet begun that start there. */
  private readonly have = new Map<number, number>();
  private readonly need = new Map<number, number>();
  /** Residues where `have < need`. */
  private short = 0;
  private readonly position: Float64Array;
  private readonly clock: NodeClock;

  constructor(
    items: Items,
    private readonly starts: readonly number[],
    private readonly lengths: readonly number[],
    private readonly alignment: number,
    budget: SearchBudget,
  ) {
    this.clock = new NodeClock(budget);
    this.begun = new Uint8Array(starts.length);
    this.position = new Float64Array(items.count);
    const byDecreasingSize = Array.from({ length: items.count }, (_, i) => i).sort((a, b) => items.size[b]! - items.size[a]! || a - b);
    for (const i of byDecreasingSize) {
      const phase = items.phase[i]!;
      let bucket = this.byPhase.get(phase);
      if (bucket === undefined) this.byPhase.set(phase, (bucket = { sizes: [], left: [] }));
      const last = bucket.sizes.length - 1;
      if (last >= 0 && bucket.sizes[last] === items.size[i]) bucket.left[last]!.push(i);
      else {
        bucket.sizes.push(items.size[i]!);
        bucket.left.push([i]);
      }
      this.have.set(phase, (this.have.get(phase) ?? 0) + 1);
    }
    for (const start of starts) {
      const r = residue(start, alignment);
      this.need.set(r, (this.need.get(r) ?? 0) + 1);
    }
    for (const [r, needed] of this.need) if ((this.have.get(r) ?? 0) < needed) this.short++;
  }

  /** Search, within the budget. */
  search(): ExactFillOutcome {
    const found = this.short === 0 && this.fillRange(0);
    if (found) return { status: 'feasible', position: this.position, nodes: this.clock.nodes };
    return { status: this.clock.stopped ?? 'exhausted', nodes: this.clock.nodes };
  }

  /** Fill the `k`-th range to begin and every later one; true when all are filled. */
  private fillRange(k: number): boolean {
    if (k === this.starts.length) return true;
    const range = this.mostConstrained();
    if (range < 0) return false;
    const start = this.starts[range]!;
    this.begun[range] = 1;
    this.adjust(this.need, residue(start, this.alignment), -1);
    const filled = this.extend(k, start, this.lengths[range]!);
    this.adjust(this.need, residue(start, this.alignment), +1);
    this.begun[range] = 0;
    return filled;
  }

  /**
   * The range not yet begun with the fewest first items that could begin
   * it (the item ends it, or some item of the next residue fits what is
   * left); the longest on a tie. -1 when some range has none.
   */
  private mostConstrained(): number {
    let best = -1;
    let bestWays = Infinity;
    for (let range = 0; range < this.starts.length; range++) {
      if (this.begun[range] === 1) continue;
      const ways = this.ways(this.starts[range]!, this.lengths[range]!);
      if (ways === 0) return -1;
      if (ways < bestWays || (ways === bestWays && this.lengths[range]! > this.lengths[best]!)) {
        best = range;
        bestWays = ways;
      }
    }
    return best;
  }

  /**
   * Ways to begin a chain of `length` at `at`, by first and second item
   * (distinct sizes): a single item that ends it, a pair that ends it, or a
   * pair some third item could follow. Never 0 while a chain exists (two
   * picks of one last item may count, which only errs on the safe side).
   */
  private ways(at: number, length: number): number {
    const first = this.byPhase.get(residue(at, this.alignment));
    if (first === undefined) return 0;
    let ways = 0;
    for (let s = 0; s < first.sizes.length; s++) {
      const size = first.sizes[s]!;
      if (size > length || first.left[s]!.length === 0) continue;
      if (size === length) {
        ways++;
        continue;
      }
      const rest = length - size;
      const second = this.byPhase.get(residue(at + size, this.alignment));
      if (second === undefined) continue;
      for (let u = 0; u < second.sizes.length; u++) {
        const next = second.sizes[u]!;
        if (next > rest || second.left[u]!.length === 0) continue;
        if (next === rest || this.smallestLeft(residue(at + size + next, this.alignment)) <= rest - next) ways++;
      }
    }
    return ways;
  }

  /** The smallest unused item of residue `phase` (Infinity when none). */
  private smallestLeft(phase: number): number {
    const bucket = this.byPhase.get(phase);
    if (bucket === undefined) return Infinity;
    for (let s = bucket.sizes.length - 1; s >= 0; s--) if (bucket.left[s]!.length > 0) return bucket.sizes[s]!;
    return Infinity;
  }

  /** Continue range `order[k]` at address `at` with `left` granules to fill; true when it and every later range are filled. */
  private extend(k: number, at: number, left: number): boolean {
    if (left === 0) return this.fillRange(k + 1);
    if (this.clock.stopped !== undefined || !this.clock.tick()) return false;
    const phase = residue(at, this.alignment);
    const bucket = this.byPhase.get(phase);
    if (bucket === undefined) return false;
    // An item that ends the range exactly first, then the others largest first.
    const exact = bucket.sizes.indexOf(left);
    for (let n = -1; n < bucket.sizes.length; n++) {
      const s = n < 0 ? exact : n;
      if (s < 0 || (n >= 0 && s === exact)) continue;
      const size = bucket.sizes[s]!;
      if (size > left || bucket.left[s]!.length === 0) continue;
      if (size < left && this.smallestLeft(residue(at + size, this.alignment)) > left - size) continue;
      const item = bucket.left[s]!.pop()!;
      this.adjust(this.have, phase, -1);
      this.position[item] = at;
      if (this.short === 0 && this.extend(k, at + size, left - size)) return true;
      this.adjust(this.have, phase, +1);
      bucket.left[s]!.push(item);
      if (this.clock.stopped !== undefined) return false;
    }
    return false;
  }

  /** Change `counts[phase]` by `delta`, keeping {@link short} (residues where have < need) up to date. */
  private adjust(counts: Map<number, number>, phase: number, delta: number): void {
    const before = (this.have.get(phase) ?? 0) < (this.need.get(phase) ?? 0);
    counts.set(phase, (counts.get(phase) ?? 0) + delta);
    const after = (this.have.get(phase) ?? 0) < (this.need.get(phase) ?? 0);
    this.short += Number(after) - Number(before);
  }
}
