/**
 * Complete branch and bound over item → range assignments.
 *
 * Items are taken largest first; each is tried in every range where the
 * range's current set plus the item still packs (see {@link packSet}), in
 * best-fit order (least room left first). The search is iterative (an
 * explicit stack), so domains with thousands of blocks cannot overflow the
 * call stack, and it stops at a node or time budget with `unknown` —
 * never with a guess.
 *
 * Pruning rules, each with the reason it loses no solution:
 *
 * - **Identical items** (equal size and phase) are interchangeable: any
 *   solution can permute them so that their range indices never decrease in
 *   the search order. So item d, identical to item d−1, only tries ranges
 *   with index ≥ the range of d−1.
 * - **Equivalent empty ranges** (equal length and start residue modulo the
 *   alignment) accept exactly the same future sets, because shifting a range
 *   by a multiple of the alignment shifts every congruent position with it.
 *   Among them only the lowest-index allowed one is tried: in a solution that
 *   uses a higher one, r2, while the lower one, r1, receives none of the
 *   current group of identical items, swap everything future items put in r1
 *   and r2; the swap keeps feasibility and keeps identical items in
 *   non-decreasing index order, and now the item sits in r1.
 * - **Capacity**: a range can take at most its *slack* more granules (its
 *   length minus what is placed and, when every size is a multiple of the
 *   alignment, minus the padding already forced, which never shrinks). A
 *   range whose slack is below the smallest remaining item takes nothing.
 *   If the remaining items need more than the sum of useful slack, no
 *   completion exists.
 *
 * @module
 */
import { firstCongruent } from '../memory/instance.js';
import { packSet, paddingAt } from './in-range.js';
import type { Items } from './items.js';

/** The ranges the search may use (already reduced), as columns. */
export interface SearchRanges {
  /** Number of ranges. */
  readonly count: number;
  /** Range starts (granules). */
  readonly start: Float64Array;
  /** Range lengths (granules). */
  readonly length: Float64Array;
}

/** When the search must stop. */
export interface SearchBudget {
  /** Stop after this many nodes. */
  readonly nodeLimit: number;
  /** Stop when `performance.now()` passes this. */
  readonly deadline: number;
}

/** What the search found. */
export type SearchOutcome =
  /** `range[i]` and `position[i]` for every item i. */
  | { readonly status: 'feasible'; readonly range: Int32Array; readonly position: Float64Array; readonly nodes: number }
  /** Every assignment was ruled out: a proof. */
  | { readonly status: 'infeasible'; readonly nodes: number }
  /** Budget ran out (`budget`) or an in-range check was inconclusive (`incomplete`). */
  | { readonly status: 'unknown'; readonly nodes: number; readonly reason: 'budget' | 'incomplete' };

/** How often (in nodes) the clock is read. */
const CLOCK_EVERY = 1024;

/**
 * Decide exactly whether `items` can be placed in `ranges`.
 *
 * Cost: exponential in the worst case (the problem is strongly NP-hard);
 * each node costs O(R) for R ranges to list candidates and to bound.
 *
 * @param items the items, any order
 * @param ranges the candidate ranges; their order breaks ties (put
 *   equivalent ranges next to each other for the empty-range rule)
 * @param alignment congruence modulus (granules)
 * @param budget node and time limits
 */
export function searchPlacement(
  items: Items,
  ranges: SearchRanges,
  alignment: number,
  budget: SearchBudget,
): SearchOutcome {
  return new Search(items, ranges, alignment, budget).run();
}

class Search {
  private readonly m: number;
  private readonly R: number;
  /** Item order: largest first, then phase, then RA. `order[d]` is the item at depth d. */
  private readonly order: Int32Array;
  private readonly size: Float64Array;
  private readonly phase: Float64Array;
  private readonly identicalToPrevious: Uint8Array;
  /** `need[d]`: total size of items at depth ≥ d. */
  private readonly need: Float64Array;
  private readonly allMultiples: boolean;
  private readonly rangeClass: Int32Array;
  private readonly rangeEnd: Float64Array;
  // Range state.
  private readonly sum: Float64Array;
  private readonly maxPad: Float64Array;
  private readonly cursor: Float64Array;
  private readonly members: Int32Array;
  private readonly head: Int32Array;
  private readonly nextMember: Int32Array;
  // Per-depth state.
  private readonly placed: Int32Array;
  private readonly position: Float64Array;
  private readonly savedSum: Float64Array;
  private readonly savedPad: Float64Array;
  private readonly savedCursor: Float64Array;
  private readonly logMark: Int32Array;
  private readonly candidateFrom: Int32Array;
  private readonly candidateNext: Int32Array;
  private readonly candidateTo: Int32Array;
  private candidates = new Int32Array(1024);
  private candidateSlack = new Float64Array(1024);
  /** Undo log of positions overwritten by a subset-DP repack: (depth, old position) pairs. */
  private log: Float64Array = new Float64Array(256);
  private logLength = 0;
  private incomplete = false;
  private nodes = 0;

  constructor(
    items: Items,
    private readonly ranges: SearchRanges,
    private readonly alignment: number,
    private readonly budget: SearchBudget,
  ) {
    const m = (this.m = items.count);
    const R = (this.R = ranges.count);
    this.order = Int32Array.from({ length: m }, (_, i) => i).sort(
      (a, b) => items.size[b]! - items.size[a]! || items.phase[a]! - items.phase[b]! || items.ra[a]! - items.ra[b]!,
    );
    this.size = Float64Array.from(this.order, (i) => items.size[i]!);
    this.phase = Float64Array.from(this.order, (i) => items.phase[i]!);
    this.identicalToPrevious = Uint8Array.from(this.order, (_, d) =>
      d > 0 && this.size[d] === this.size[d - 1] && this.phase[d] === this.phase[d - 1] ? 1 : 0,
    );
    this.need = new Float64Array(m + 1);
    for (let d = m - 1; d >= 0; d--) this.need[d] = this.need[d + 1]! + this.size[d]!;
    this.allMultiples = this.size.every((s) => s % alignment === 0);
    this.rangeEnd = Float64Array.from(ranges.start.subarray(0, R), (s, r) => s + ranges.length[r]!);
    this.rangeClass = new Int32Array(R);
    for (let r = 1; r < R; r++) {
      const same =
        ranges.length[r] === ranges.length[r - 1] &&
        ranges.start[r]! % alignment === ranges.start[r - 1]! % alignment;
      this.rangeClass[r] = same ? this.rangeClass[r - 1]! : this.rangeClass[r - 1]! + 1;
    }
    this.sum = new Float64Array(R);
    this.maxPad = new Float64Array(R);
    this.cursor = Float64Array.from(ranges.start.subarray(0, R));
    this.members = new Int32Array(R);
    this.head = new Int32Array(R).fill(-1);
    this.nextMember = new Int32Array(m).fill(-1);
    this.placed = new Int32Array(m).fill(-1);
    this.position = new Float64Array(m);
    this.savedSum = new Float64Array(m);
    this.savedPad = new Float64Array(m);
    this.savedCursor = new Float64Array(m);
    this.logMark = new Int32Array(m);
    this.candidateFrom = new Int32Array(m);
    this.candidateNext = new Int32Array(m);
    this.candidateTo = new Int32Array(m);
  }

  run(): SearchOutcome {
    if (this.m === 0) return this.success();
    let d = 0;
    this.listCandidates(0, 0);
    for (;;) {
      if (this.placed[d]! >= 0) this.unplace(d);
      if (this.candidateNext[d] === this.candidateTo[d]) {
        if (d === 0) return this.exhausted();
        d--;
        continue;
      }
      const r = this.candidates[this.candidateNext[d]!++]!;
      this.nodes++;
      if (!this.place(d, r)) continue;
      if (this.nodes % CLOCK_EVERY === 0 && this.outOfBudget()) {
        return { status: 'unknown', nodes: this.nodes, reason: 'budget' };
      }
      if (this.nodes >= this.budget.nodeLimit) return { status: 'unknown', nodes: this.nodes, reason: 'budget' };
      if (d === this.m - 1) return this.success();
      if (!this.remainingCanFit(d + 1)) continue;
      this.listCandidates(d + 1, this.candidateTo[d]!);
      d++;
    }
  }

  private outOfBudget(): boolean {
    return performance.now() > this.budget.deadline;
  }

  private exhausted(): SearchOutcome {
    return this.incomplete
      ? { status: 'unknown', nodes: this.nodes, reason: 'incomplete' }
      : { status: 'infeasible', nodes: this.nodes };
  }

  /** Room left in range r for more items (see the capacity rule). */
  private slack(r: number): number {
    const room = this.ranges.length[r]! - this.sum[r]!;
    return this.allMultiples ? room - this.maxPad[r]! : room;
  }

  /** The capacity rule for the items at depth ≥ d. O(R). */
  private remainingCanFit(d: number): boolean {
    const smallest = this.size[this.m - 1]!;
    let useful = 0;
    for (let r = 0; r < this.R; r++) {
      const slack = this.slack(r);
      if (slack >= smallest) useful += slack;
    }
    return useful >= this.need[d]!;
  }

  /**
   * Where item d could go: every range that still packs with it, after the
   * two symmetry rules, sorted best fit first. Written at `candidates[from..]`.
   */
  private listCandidates(d: number, from: number): void {
    const size = this.size[d]!;
    const phase = this.phase[d]!;
    const firstRange = this.identicalToPrevious[d] ? this.placed[d - 1]! : 0;
    let count = from;
    let lastEmptyClass = -1;
    for (let r = firstRange; r < this.R; r++) {
      const empty = this.members[r] === 0;
      if (empty) {
        if (this.rangeClass[r] === lastEmptyClass) continue;
        lastEmptyClass = this.rangeClass[r]!;
      }
      if (this.slack(r) < size) continue;
      const left = this.roomAfter(r, size, phase);
      if (left < 0) continue;
      if (count === this.candidates.length) this.growCandidates();
      this.candidates[count] = r;
      this.candidateSlack[count] = left;
      count++;
    }
    this.sortCandidates(from, count);
    this.candidateFrom[d] = from;
    this.candidateNext[d] = from;
    this.candidateTo[d] = count;
  }

  /**
   * Room left in r if the item were added, or −1 if it cannot be (cheap
   * sufficient checks only; the exact repack happens in {@link place}).
   */
  private roomAfter(r: number, size: number, phase: number): number {
    const length = this.ranges.length[r]!;
    if (this.allMultiples) {
      const pad = Math.max(this.maxPad[r]!, paddingAt(this.ranges.start[r]!, phase, this.alignment));
      const left = length - this.sum[r]! - size - pad;
      return left >= 0 ? left : -1;
    }
    const appended = firstCongruent(this.cursor[r]!, phase, this.alignment) + size;
    if (appended <= this.rangeEnd[r]!) return this.rangeEnd[r]! - appended;
    // Appending fails but a reorder may still fit: place() repacks exactly. Ranked last.
    return 0;
  }

  private sortCandidates(from: number, to: number): void {
    if (to - from < 2) return;
    const index = Array.from({ length: to - from }, (_, i) => from + i);
    index.sort((a, b) => this.candidateSlack[a]! - this.candidateSlack[b]! || this.candidates[a]! - this.candidates[b]!);
    const ranges = index.map((i) => this.candidates[i]!);
    const slacks = index.map((i) => this.candidateSlack[i]!);
    this.candidates.set(ranges, from);
    this.candidateSlack.set(slacks, from);
  }

  private growCandidates(): void {
    const ranges = new Int32Array(this.candidates.length * 2);
    ranges.set(this.candidates);
    this.candidates = ranges;
    const slack = new Float64Array(this.candidateSlack.length * 2);
    slack.set(this.candidateSlack);
    this.candidateSlack = slack;
  }

  /** Put item d in range r. False when the exact repack finds no order (still recorded, for undo). */
  private place(d: number, r: number): boolean {
    const size = this.size[d]!;
    const phase = this.phase[d]!;
    this.placed[d] = r;
    this.savedSum[d] = this.sum[r]!;
    this.savedPad[d] = this.maxPad[r]!;
    this.savedCursor[d] = this.cursor[r]!;
    this.logMark[d] = this.logLength;
    this.nextMember[d] = this.head[r]!;
    this.head[r] = d;
    this.members[r]!++;
    this.sum[r]! += size;
    this.maxPad[r] = Math.max(this.maxPad[r]!, paddingAt(this.ranges.start[r]!, phase, this.alignment));
    if (this.allMultiples) return true;
    const at = firstCongruent(this.cursor[r]!, phase, this.alignment);
    if (at + size <= this.rangeEnd[r]!) {
      this.position[d] = at;
      this.cursor[r] = at + size;
      return true;
    }
    return this.repack(r);
  }

  /** Exact repack of range r's members (general sizes): some order fits, or not. */
  private repack(r: number): boolean {
    const depths: number[] = [];
    for (let m = this.head[r]!; m >= 0; m = this.nextMember[m]!) depths.push(m);
    const outcome = packSet(this.ranges.start[r]!, this.rangeEnd[r]!, depths, this.size, this.phase, this.alignment);
    if (!outcome.fits) {
      if (!outcome.proven) this.incomplete = true;
      return false;
    }
    depths.forEach((depth, i) => {
      this.logPosition(depth);
      this.position[depth] = outcome.positions[i]!;
    });
    this.cursor[r] = outcome.end;
    return true;
  }

  private logPosition(depth: number): void {
    if (this.logLength + 2 > this.log.length) {
      const grown = new Float64Array(this.log.length * 2);
      grown.set(this.log);
      this.log = grown;
    }
    this.log[this.logLength++] = depth;
    this.log[this.logLength++] = this.position[depth]!;
  }

  private unplace(d: number): void {
    const r = this.placed[d]!;
    this.head[r] = this.nextMember[d]!;
    this.members[r]!--;
    this.sum[r] = this.savedSum[d]!;
    this.maxPad[r] = this.savedPad[d]!;
    this.cursor[r] = this.savedCursor[d]!;
    while (this.logLength > this.logMark[d]!) {
      const old = this.log[--this.logLength]!;
      const depth = this.log[--this.logLength]!;
      this.position[depth] = old;
    }
    this.placed[d] = -1;
  }

  private success(): SearchOutcome {
    const range = new Int32Array(this.m);
    const position = new Float64Array(this.m);
    if (this.allMultiples) this.layOutMultiples();
    for (let d = 0; d < this.m; d++) {
      range[this.order[d]!] = this.placed[d]!;
      position[this.order[d]!] = this.position[d]!;
    }
    return { status: 'feasible', range, position, nodes: this.nodes };
  }

  /** Positions for the closed-form case: each range's members by padding order. */
  private layOutMultiples(): void {
    for (let r = 0; r < this.R; r++) {
      const depths: number[] = [];
      for (let m = this.head[r]!; m >= 0; m = this.nextMember[m]!) depths.push(m);
      if (depths.length === 0) continue;
      const outcome = packSet(this.ranges.start[r]!, this.rangeEnd[r]!, depths, this.size, this.phase, this.alignment);
      /* c8 ignore next -- the closed form admitted this set, so it packs */
      if (!outcome.fits) throw new Error('internal: closed-form set failed to pack');
      depths.forEach((depth, i) => (this.position[depth] = outcome.positions[i]!));
    }
  }
}
