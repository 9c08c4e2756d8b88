/**
 * The repair packer: when the fill packer (`fill-packer.ts`) leaves items
 * over, a tabu search over partial packings tries to take them in, in the
 * spirit of the consistent neighbourhood search for bin packing
 * (Buljubašić and Vasquez): every range always holds a set that fits, the
 * items left over wait in a pool, and a move swaps at most two items of
 * one range for one or two items of the pool, keeping the range's set
 * within its fit rule. The aim is a pool of total size 0.
 *
 * Why partial packings and not overfull ranges: a move is checked against
 * one range's rule only, the rule is exact (every size a multiple of the
 * alignment, see `pricing.ts`), and the moment the pool is empty the fills
 * are a placement — nothing to repair afterwards.
 *
 * Each step takes the move that shrinks the pool's total size the most (or
 * grows it the least), ties going to the move that leaves smaller items in
 * the pool (the sum of squared sizes: large items are the hard ones), then
 * to a seeded coin. An item that leaves a range may not go back into it for
 * a few steps (the tabu tenure), unless that would make the pool smaller
 * than it has ever been.
 *
 * When the pool has not shrunk for a while the search is stuck on slack
 * spread thin: a few units free in many ranges, none enough for a pool
 * item. Then the free room is gathered (moves between two ranges that make
 * the fuller one fuller), and, once the pool is down to a few items, a few
 * ranges (the emptiest, then chosen by the coin) are re-solved with the
 * pool by the exact search (`completion.ts`) on a small node budget — the
 * endgame a swap of two items cannot reach.
 *
 * Seeded, so the same question walks the same steps; the clock only
 * decides how far.
 *
 * @module
 */
import { paddingTo } from '../congruence.js';
import { SeededRandom } from '../random.js';
import { completionSearch } from './completion.js';
import type { Fill, UsefulClass } from './fill-packer.js';
import { allMultiples, type ItemTypes } from './pricing.js';

/**
 * Items × ranges the search may track (its tabu table has one entry each);
 * beyond, it does not start. A question that large is one the greedy or
 * the LP stage decides, or no local search would in the time given.
 */
export const MAX_TABU_CELLS = 1 << 22;

/** Pool items whose pairs a step considers, largest first: beyond, the pairs cost more than they find. */
const PAIR_POOL = 64;

/** Candidates a step reads past the best fitting size before it settles (tabu or padding may refuse the first). */
const SCAN = 24;

/** Tabu tenure: an item may not re-enter the range it left for this many steps, plus a seeded 0 … TENURE_SPREAD − 1. */
const TENURE = 4;
const TENURE_SPREAD = 8;

/** Steps without a new smallest pool before the slack is gathered (see {@link TabuSearch.consolidate}). */
const CONSOLIDATE_AFTER = 50;

/** Pool items at most for which a stalled search re-solves a few ranges exactly (see {@link TabuSearch.reoptimize}). */
const ENDGAME_POOL = 4;

/** Items one exact re-solve takes at most (the pool's and those of the ranges chosen). */
const ENDGAME_ITEMS = 30;

/** Search nodes one exact re-solve may take. */
const ENDGAME_NODES = 4000;

/** Exact re-solves, each on other ranges, a stalled search tries before it walks on. */
const ENDGAME_TRIES = 8;

/** Seed of the search's coin: fixed, so the same question always walks the same steps. */
const REPAIR_SEED = 0x9e3779b9;

/** Limits of one repair. */
export interface RepairBudget {
  /** When to give up (`performance.now()` time). */
  readonly deadline: number;
  /** Steps it may take (a run with a step limit is deterministic whatever the load). */
  readonly stepLimit?: number;
  /** Told the steps taken, every {@link PROGRESS_EVERY}. */
  readonly onProgress?: ((steps: number) => void) | undefined;
}

/** How often (in steps) progress is told. */
const PROGRESS_EVERY = 256;

/** What a repair ended with: fills that hold every item, or how far it got. */
export type RepairOutcome =
  | { readonly status: 'packed'; readonly fills: Fill[]; readonly steps: number }
  | { readonly status: 'open'; readonly stoppedBy: 'time-limit' | 'node-limit' | 'work-limit' | 'size-limit'; readonly steps: number; readonly left: number };

/**
 * Repair `fills` (one per range used, from the fill packer) into fills that
 * hold every item of `types`, by the tabu search of this module.
 *
 * Cost: per step, O(ranges × (1 + k + k²) × log p) for k items a range and
 * p pool pairs; memory O(items × ranges) for the tabu table.
 *
 * @param types the item types (sizes a multiple of `alignment`, or the search does not start)
 * @param classes the range classes, with their counts
 * @param fills where to start: sets the ranges hold, at most as many of a class as it has ranges
 * @param alignment the congruence modulus
 * @param budget when to stop
 */
export function repairFills(
  types: ItemTypes,
  classes: readonly UsefulClass[],
  fills: readonly Fill[],
  alignment: number,
  budget: RepairBudget,
): RepairOutcome {
  const itemCount = types.demand.reduce((sum, d) => sum + d, 0);
  const rangeCount = classes.reduce((sum, c) => sum + Math.min(c.ranges, itemCount), 0);
  if (!allMultiples(types, alignment) || itemCount * rangeCount > MAX_TABU_CELLS) {
    return { status: 'open', stoppedBy: 'size-limit', steps: 0, left: itemCount };
  }
  const search = new TabuSearch(types, classes, alignment, itemCount, fills);
  const stepLimit = budget.stepLimit ?? Infinity;
  let steps = 0;
  while (search.poolSize > 0) {
    if (steps >= stepLimit) return { status: 'open', stoppedBy: 'node-limit', steps, left: search.poolCount };
    // The clock is read every 16 steps: a step is cheap next to performance.now() on small questions.
    if ((steps & 15) === 0 && performance.now() >= budget.deadline) return { status: 'open', stoppedBy: 'time-limit', steps, left: search.poolCount };
    steps++;
    if (steps % PROGRESS_EVERY === 0) budget.onProgress?.(steps);
    if (search.stale > CONSOLIDATE_AFTER) {
      search.consolidate();
      if (search.poolCount <= ENDGAME_POOL && Array.from({ length: ENDGAME_TRIES }).some(() => search.reoptimize(alignment, budget.deadline))) break;
    }
    // No move at all: every pool item is too large for what any range could make room for.
    if (!search.step()) return { status: 'open', stoppedBy: 'work-limit', steps, left: search.poolCount };
  }
  return { status: 'packed', fills: search.fills(), steps };
}

/** A move: swap `out` (items of range `range`) for `inn` (pool items). */
interface Move {
  readonly range: number;
  readonly out: readonly number[];
  readonly inn: readonly number[];
  readonly delta: number;
  readonly squares: number;
  readonly coin: number;
}

/** The state of the search: the ranges' sets, the pool, the tabu table. */
class TabuSearch {
  private readonly size: Float64Array;
  private readonly typeOf: Int32Array;
  private readonly rangeClass: Int32Array;
  /** Where each range starts. */
  private readonly start: Float64Array;
  private readonly length: Float64Array;
  /** Padding of type t in class k, at t × classes + k; null when every one is 0 (plain bin packing). */
  private readonly pads: Float64Array | null;
  private readonly members: number[][];
  private readonly load: Float64Array;
  private readonly tabuUntil: Int32Array;
  private pool: number[] = [];
  /** Total size of the pool. */
  poolSize = 0;
  private best = Infinity;
  /** Steps since the pool was last smaller than ever. */
  stale = 0;
  private iteration = 0;
  private readonly random = new SeededRandom(REPAIR_SEED);

  constructor(
    private readonly types: ItemTypes,
    private readonly classes: readonly UsefulClass[],
    alignment: number,
    itemCount: number,
    fills: readonly Fill[],
  ) {
    this.size = new Float64Array(itemCount);
    this.typeOf = new Int32Array(itemCount);
    const byType: number[][] = [];
    let next = 0;
    for (let t = 0; t < types.count; t++) {
      byType.push([]);
      for (let c = 0; c < types.demand[t]!; c++) {
        this.size[next] = types.size[t]!;
        this.typeOf[next] = t;
        byType[t]!.push(next++);
      }
    }
    const rangeClass: number[] = [];
    const start: number[] = [];
    const firstOfClass: number[] = [];
    classes.forEach((shape, k) => {
      firstOfClass.push(rangeClass.length);
      for (let r = 0; r < Math.min(shape.ranges, itemCount); r++) {
        rangeClass.push(k);
        start.push(shape.starts[r]!);
      }
    });
    this.rangeClass = Int32Array.from(rangeClass);
    this.start = Float64Array.from(start);
    this.length = Float64Array.from(rangeClass, (k) => classes[k]!.length);
    const pads = new Float64Array(types.count * classes.length);
    for (let t = 0; t < types.count; t++) {
      classes.forEach((shape, k) => (pads[t * classes.length + k] = paddingTo(shape.residue, types.phase[t]!, alignment)));
    }
    this.pads = pads.some((pad) => pad > 0) ? pads : null;
    this.members = rangeClass.map(() => []);
    this.load = new Float64Array(rangeClass.length);
    this.tabuUntil = new Int32Array(itemCount * rangeClass.length);
    const used = new Int32Array(classes.length);
    for (const fill of fills) {
      const range = firstOfClass[fill.rangeClass]! + used[fill.rangeClass]!++;
      fill.counts.forEach((count, t) => {
        for (let c = 0; c < count; c++) this.enter(byType[t]!.pop()!, range);
      });
    }
    for (const items of byType) for (const item of items) this.pool.push(item);
    this.poolSize = this.pool.reduce((sum, item) => sum + this.size[item]!, 0);
  }

  /** Items in the pool. */
  get poolCount(): number {
    return this.pool.length;
  }

  /** The ranges' sets as fills (non-empty ranges only). */
  fills(): Fill[] {
    const fills: Fill[] = [];
    this.members.forEach((items, range) => {
      if (items.length === 0) return;
      const counts = new Int32Array(this.types.count);
      for (const item of items) counts[this.typeOf[item]!]!++;
      fills.push({ rangeClass: this.rangeClass[range]!, counts });
    });
    return fills;
  }

  /** One step: the best admissible move, applied. False when no move exists at all. */
  step(): boolean {
    this.iteration++;
    // Pool largest first, and its pairs by sum, largest first (among the PAIR_POOL largest items).
    const pool = this.pool.slice().sort((a, b) => this.size[b]! - this.size[a]! || a - b);
    const pairs = this.pairsOf(pool.slice(0, PAIR_POOL));
    let best: Move | undefined;
    const consider = (move: Move): void => {
      if (best === undefined || move.delta < best.delta || (move.delta === best.delta && (move.squares < best.squares || (move.squares === best.squares && move.coin < best.coin)))) {
        best = move;
      }
    };
    for (let range = 0; range < this.members.length; range++) {
      const items = this.members[range]!;
      this.tryOut(range, [], pool, pairs, consider);
      for (let a = 0; a < items.length; a++) {
        this.tryOut(range, [items[a]!], pool, pairs, consider);
        for (let b = a + 1; b < items.length; b++) this.tryOut(range, [items[a]!, items[b]!], pool, pairs, consider);
      }
    }
    if (best === undefined) return false;
    this.apply(best);
    return true;
  }

  /** Pairs of `pool` (sorted by size, largest first) by sum, largest first. */
  private pairsOf(pool: readonly number[]): { readonly a: Int32Array; readonly b: Int32Array; readonly sum: Float64Array } {
    const count = (pool.length * (pool.length - 1)) / 2;
    const order = new Int32Array(count);
    const a = new Int32Array(count);
    const b = new Int32Array(count);
    const sum = new Float64Array(count);
    let k = 0;
    for (let i = 0; i < pool.length; i++) {
      for (let j = i + 1; j < pool.length; j++) {
        a[k] = pool[i]!;
        b[k] = pool[j]!;
        sum[k] = this.size[pool[i]!]! + this.size[pool[j]!]!;
        order[k] = k;
        k++;
      }
    }
    order.sort((x, y) => sum[y]! - sum[x]! || x - y);
    return { a: order.map((o) => a[o]!), b: order.map((o) => b[o]!), sum: Float64Array.from(order, (o) => sum[o]!) };
  }

  /**
   * The best one-item and two-item sets of the pool that fit `range` once
   * `out` has left it, offered to `consider`.
   */
  private tryOut(
    range: number,
    out: readonly number[],
    pool: readonly number[],
    pairs: { readonly a: Int32Array; readonly b: Int32Array; readonly sum: Float64Array },
    consider: (move: Move) => void,
  ): void {
    let outSize = 0;
    let outSquares = 0;
    for (const item of out) {
      outSize += this.size[item]!;
      outSquares += this.size[item]! * this.size[item]!;
    }
    const basePad = this.pads === null ? 0 : this.maxPad(range, out);
    const room = this.length[range]! - (this.load[range]! - outSize) - basePad;
    if (room <= 0) return;
    const admissible = (item: number, delta: number): boolean =>
      (this.tabuUntil[item * this.members.length + range]! <= this.iteration || this.poolSize + delta < this.best) && this.fitsPad(item, range, basePad, room);
    // One item: the largest that fits.
    let seen = 0;
    for (let k = firstAtMost(pool, this.size, room); k < pool.length && seen < SCAN; k++, seen++) {
      const item = pool[k]!;
      const delta = outSize - this.size[item]!;
      if (out.length > 0 && delta >= 0 && this.sameSizes(out, [item])) continue;
      if (!admissible(item, delta)) continue;
      consider({ range, out, inn: [item], delta, squares: outSquares - this.size[item]! * this.size[item]!, coin: this.coin() });
      break;
    }
    // Two items: the pair of largest sum that fits.
    seen = 0;
    for (let k = firstSumAtMost(pairs.sum, room); k < pairs.sum.length && seen < SCAN; k++, seen++) {
      const first = pairs.a[k]!;
      const second = pairs.b[k]!;
      const delta = outSize - pairs.sum[k]!;
      if (out.length === 2 && delta >= 0 && this.sameSizes(out, [first, second])) continue;
      if (!admissible(first, delta) || !admissible(second, delta)) continue;
      if (this.pads !== null && Math.max(this.pad(first, range), this.pad(second, range), basePad) + pairs.sum[k]! > this.length[range]! - (this.load[range]! - outSize)) continue;
      const squares = outSquares - this.size[first]! * this.size[first]! - this.size[second]! * this.size[second]!;
      consider({ range, out, inn: [first, second], delta, squares, coin: this.coin() });
      break;
    }
  }

  /** Whether `item` still fits `range` with its own padding counted (the room already has `basePad` off). */
  private fitsPad(item: number, range: number, basePad: number, room: number): boolean {
    return this.pads === null || this.size[item]! + Math.max(0, this.pad(item, range) - basePad) <= room;
  }

  private pad(item: number, range: number): number {
    return this.pads![this.typeOf[item]! * this.classes.length + this.rangeClass[range]!]!;
  }

  /** The largest padding of `range`'s items other than `out` (the fit rule: Σ size + max pad ≤ length). */
  private maxPad(range: number, out: readonly number[]): number {
    let pad = 0;
    for (const item of this.members[range]!) if (!out.includes(item)) pad = Math.max(pad, this.pad(item, range));
    return pad;
  }

  /** Whether two sets have the same sizes (a swap between them changes nothing worth a step). */
  private sameSizes(x: readonly number[], y: readonly number[]): boolean {
    if (x.length !== y.length) return false;
    const sx = x.map((i) => this.typeOf[i]!).sort((p, q) => p - q);
    const sy = y.map((i) => this.typeOf[i]!).sort((p, q) => p - q);
    return sx.every((t, k) => t === sy[k]);
  }

  private apply(move: Move): void {
    const tenure = TENURE + (this.coin() % TENURE_SPREAD);
    for (const item of move.out) {
      this.leave(item, move.range);
      this.tabuUntil[item * this.members.length + move.range] = this.iteration + tenure;
      this.pool.push(item);
      this.poolSize += this.size[item]!;
    }
    for (const item of move.inn) {
      this.pool.splice(this.pool.indexOf(item), 1);
      this.poolSize -= this.size[item]!;
      this.enter(item, move.range);
    }
    if (this.poolSize < this.best) {
      this.best = this.poolSize;
      this.stale = 0;
    } else this.stale++;
  }

  /**
   * Gather the free room of the ranges into fewer ranges: move one item, or
   * swap one or two for one or two, between two ranges whenever that makes
   * the fuller one fuller (Σ load² grows), until no such move is left. The
   * pool does not change; a pool item may fit the room gathered.
   */
  consolidate(): void {
    this.stale = 0;
    for (let improved = true; improved; ) {
      improved = false;
      for (let x = 0; x < this.members.length; x++) {
        for (let y = 0; y < this.members.length; y++) {
          if (x !== y && this.load[x]! >= this.load[y]! && this.members[y]!.length > 0 && this.gather(x, y)) improved = true;
        }
      }
    }
  }

  /** One move from range `from` into the fuller range `into` that fills `into` more and keeps both within their rules. */
  private gather(into: number, from: number): boolean {
    const a = this.members[into]!;
    const b = this.members[from]!;
    const subsets = (items: readonly number[]): number[][] => {
      const out: number[][] = [[]];
      for (let i = 0; i < items.length; i++) {
        out.push([items[i]!]);
        for (let j = i + 1; j < items.length; j++) out.push([items[i]!, items[j]!]);
      }
      return out;
    };
    for (const give of subsets(b)) {
      if (give.length === 0) continue;
      const giveSize = give.reduce((sum, i) => sum + this.size[i]!, 0);
      for (const take of subsets(a)) {
        const takeSize = take.reduce((sum, i) => sum + this.size[i]!, 0);
        if (giveSize <= takeSize) continue;
        if (!this.fitsAfter(into, take, give) || !this.fitsAfter(from, give, take)) continue;
        for (const item of take) this.leave(item, into);
        for (const item of give) this.leave(item, from);
        for (const item of give) this.enter(item, into);
        for (const item of take) this.enter(item, from);
        return true;
      }
    }
    return false;
  }

  /**
   * The endgame: put the pool and the items of a few ranges back into those
   * ranges by the exact search (`completion.ts`), within a small node
   * budget. The ranges: the emptiest first (where room is), then chosen by
   * the seeded coin, as many as {@link ENDGAME_ITEMS} items allow. True when
   * it placed them all (the pool is then empty).
   */
  reoptimize(alignment: number, deadline: number): boolean {
    const emptiest = this.members.map((_, range) => range).sort((a, b) => this.load[a]! - this.length[a]! - (this.load[b]! - this.length[b]!) || a - b);
    const chosen: number[] = [];
    let count = this.pool.length;
    const take = (range: number): void => {
      if (chosen.includes(range) || count + this.members[range]!.length > ENDGAME_ITEMS) return;
      chosen.push(range);
      count += this.members[range]!.length;
    };
    for (const range of emptiest.slice(0, 2)) take(range);
    for (let tries = 0; tries < 4 * this.members.length && count < ENDGAME_ITEMS; tries++) take(this.coin() % this.members.length);
    chosen.sort((a, b) => this.rangeClass[a]! - this.rangeClass[b]! || a - b);
    const items = [...this.pool, ...chosen.flatMap((range) => this.members[range]!)];
    const outcome = completionSearch(
      {
        count: items.length,
        size: Float64Array.from(items, (item) => this.size[item]!),
        phase: Float64Array.from(items, (item) => this.types.phase[this.typeOf[item]!]!),
        ra: new Float64Array(items.length),
        block: Int32Array.from(items),
      },
      {
        count: chosen.length,
        start: Float64Array.from(chosen, (range) => this.start[range]!),
        length: Float64Array.from(chosen, (range) => this.length[range]!),
        rangeClass: Int32Array.from(chosen, (range) => this.rangeClass[range]!),
      },
      alignment,
      { nodeLimit: ENDGAME_NODES, deadline },
    );
    if (outcome.status !== 'feasible') return false;
    for (const range of chosen) for (const item of this.members[range]!.slice()) this.leave(item, range);
    items.forEach((item, k) => this.enter(item, chosen[outcome.range[k]!]!));
    this.pool = [];
    this.poolSize = 0;
    return true;
  }

  /** Whether `range` keeps to its rule with `out` gone and `inn` added. */
  private fitsAfter(range: number, out: readonly number[], inn: readonly number[]): boolean {
    let load = this.load[range]!;
    for (const item of out) load -= this.size[item]!;
    for (const item of inn) load += this.size[item]!;
    let pad = this.pads === null ? 0 : this.maxPad(range, out);
    if (this.pads !== null) for (const item of inn) pad = Math.max(pad, this.pad(item, range));
    return load + pad <= this.length[range]!;
  }

  private enter(item: number, range: number): void {
    this.members[range]!.push(item);
    this.load[range]! += this.size[item]!;
  }

  private leave(item: number, range: number): void {
    const items = this.members[range]!;
    items.splice(items.indexOf(item), 1);
    this.load[range]! -= this.size[item]!;
  }

  /** A seeded pseudo-random 31-bit number. */
  private coin(): number {
    return this.random.uint32() >>> 1;
  }
}

/** First index of `items` (sorted by size, largest first) whose size is at most `limit`. O(log n). */
function firstAtMost(items: readonly number[], size: Float64Array, limit: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (size[items[mid]!]! > limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index of `sums` (descending) at most `limit`. O(log n). */
function firstSumAtMost(sums: Float64Array, limit: number): number {
  let lo = 0;
  let hi = sums.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sums[mid]! > limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
