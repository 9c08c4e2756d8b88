/**
 * Zero slack with every size a multiple of the alignment: bin completion.
 *
 * When the free ranges long enough for the smallest item add up to exactly
 * the items' total (see `exact-fill.ts`) and every size is a multiple of the
 * alignment, no item can be padded, so every item of a range has the
 * range's start residue as its phase, and every range must be filled
 * exactly: per residue, a bin packing in which every bin is full — the
 * shape of Falkenauer's triplet sets, where every bin is three items summing
 * to the capacity.
 *
 * The search fills one range at a time with a set of unused items of its
 * residue summing exactly to its length (subset sums, largest items first,
 * one try per distinct size at each level). Ranges of one class (same
 * length and residue) are interchangeable, so their sets are taken in
 * order of their largest item; and while every range of a residue left is
 * of one class, the largest unused item of that residue must open the next
 * one (Korf's bin completion: it has to go somewhere, and every range
 * left is the same). Only a packing comes out of it, as from the chains.
 *
 * @module
 */
import { residue } from '../congruence.js';
import type { SearchBudget } from './completion.js';
import type { Items } from './items.js';
import { NodeClock } from './node-clock.js';


/** What the bin completion found: a packing, or why it stopped without one. */
export type FullBinsOutcome =
  | { readonly status: 'feasible'; readonly position: Float64Array; readonly nodes: number }
  | { readonly status: 'exhausted' | 'node-limit' | 'time-limit'; readonly nodes: number };

/**
 * Fill every range of `starts`/`lengths` exactly with `items` (each of the
 * range's residue), which hold exactly the ranges' total and have sizes
 * that are multiples of the alignment; the caller has checked both.
 *
 * Cost: exponential in the worst case; a node is one item placed.
 */
export function fillFullBins(
  items: Items,
  starts: readonly number[],
  lengths: readonly number[],
  alignment: number,
  budget: SearchBudget,
): FullBinsOutcome {
  return new BinCompletion(items, starts, lengths, alignment, budget).search();
}

/** The depth-first bin completion. */
class BinCompletion {
  /** Items by decreasing size (then index): the order every choice follows. */
  private readonly order: Int32Array;
  private readonly used: Uint8Array;
  /** Ranges ordered by residue, then length (longest first), then start: a class is contiguous. */
  private readonly ranges: Int32Array;
  /** For each position in `ranges`: whether every later range of its residue is of its class. */
  private readonly lastClassOfResidue: Uint8Array;
  private readonly position: Float64Array;
  private readonly clock: NodeClock;

  constructor(
    private readonly items: Items,
    private readonly starts: readonly number[],
    private readonly lengths: readonly number[],
    private readonly alignment: number,
    budget: SearchBudget,
  ) {
    this.clock = new NodeClock(budget);
    this.order = Int32Array.from({ length: items.count }, (_, i) => i).sort((a, b) => items.size[b]! - items.size[a]! || a - b);
    this.used = new Uint8Array(items.count);
    this.position = new Float64Array(items.count);
    const res = (r: number): number => residue(starts[r]!, alignment);
    this.ranges = Int32Array.from(starts, (_, r) => r).sort((a, b) => res(a) - res(b) || lengths[b]! - lengths[a]! || starts[a]! - starts[b]!);
    this.lastClassOfResidue = new Uint8Array(starts.length);
    for (let k = starts.length - 1; k >= 0; k--) {
      const next = k + 1 < starts.length ? this.ranges[k + 1]! : -1;
      const here = this.ranges[k]!;
      this.lastClassOfResidue[k] =
        next < 0 || res(next) !== res(here) ? 1 : lengths[next] === lengths[here] && this.lastClassOfResidue[k + 1] === 1 ? 1 : 0;
    }
  }

  search(): FullBinsOutcome {
    if (this.fill(0, -1)) return { status: 'feasible', position: this.position, nodes: this.clock.nodes };
    return { status: this.clock.stopped ?? 'exhausted', nodes: this.clock.nodes };
  }

  /**
   * Fill the `k`-th range (in `ranges` order) and every later one; `after` is
   * the order index of the largest item of the range before it when that
   * range is of the same class (its set must start later), else -1.
   */
  private fill(k: number, after: number): boolean {
    if (k === this.ranges.length) return true;
    const range = this.ranges[k]!;
    const phase = residue(this.starts[range]!, this.alignment);
    const forced = this.lastClassOfResidue[k] === 1;
    let lastSize = -1;
    for (let o = after + 1; o < this.order.length; o++) {
      const item = this.order[o]!;
      if (this.used[item] === 1 || this.items.phase[item] !== phase) continue;
      const size = this.items.size[item]!;
      if (size > this.lengths[range]! || size === lastSize) {
        if (forced) return false;
        continue;
      }
      lastSize = size;
      if (this.place(k, range, o, this.starts[range]!, this.lengths[range]!, o)) return true;
      if (forced || this.clock.stopped !== undefined) return false;
    }
    return false;
  }

  /** Put `order[o]` at `at` in range `ranges[k]`, then complete the range with smaller items, then go on. */
  private place(k: number, range: number, o: number, at: number, left: number, first: number): boolean {
    if (!this.clock.tick()) return false;
    const item = this.order[o]!;
    const size = this.items.size[item]!;
    this.used[item] = 1;
    this.position[item] = at;
    const done = this.complete(k, range, o + 1, at + size, left - size, first);
    this.used[item] = 0;
    return done;
  }

  /** Complete range `ranges[k]` from address `at` with `left` to fill, using items from order index `from` on. */
  private complete(k: number, range: number, from: number, at: number, left: number, first: number): boolean {
    if (left === 0) {
      const next = this.ranges[k + 1];
      const sameClass = next !== undefined && this.lengths[next] === this.lengths[range] && residue(this.starts[next]!, this.alignment) === residue(this.starts[range]!, this.alignment);
      return this.fill(k + 1, sameClass ? first : -1);
    }
    const phase = residue(this.starts[range]!, this.alignment);
    let lastSize = -1;
    for (let o = from; o < this.order.length; o++) {
      const item = this.order[o]!;
      if (this.used[item] === 1 || this.items.phase[item] !== phase) continue;
      const size = this.items.size[item]!;
      if (size > left || size === lastSize) continue;
      lastSize = size;
      if (this.place(k, range, o, at, left, first)) return true;
      if (this.clock.stopped !== undefined) return false;
    }
    return false;
  }
}
