/**
 * Complete search by *range completion* (Korf's bin completion, carried over
 * to ranges of different lengths and to congruence classes).
 *
 * Every node takes the largest item not yet placed, chooses the range that
 * will hold it, and decides that range's **whole** content at once; the
 * range is then closed. So at every node each range is either closed (its
 * content final) or still empty. That is what makes the bounds strong: the
 * room a closed range wastes is known exactly.
 *
 * Rules, each with the reason it loses no solution:
 *
 * - **The largest item first.** It is in some range in any solution; trying
 *   every open range for it, with every content containing it, covers them all.
 * - **Maximal contents only.** If a solution closes range r with content S and
 *   some unplaced item j would still fit beside S, moving j into r keeps a
 *   solution (its old range only loses an item, and a set that packs still
 *   packs without one of its items: keep the others where they were). Repeat
 *   until S is maximal.
 * - **Identical items** (equal size and phase) are a multiset: a content that
 *   skips one copy never takes a later copy, so each multiset is listed once.
 * - **Equivalent open ranges** (equal length and start residue modulo the
 *   alignment) are all empty and accept exactly the same contents, because
 *   shifting a range by a multiple of the alignment shifts every congruent
 *   position with it: only the first of each class is tried.
 * - **Waste bound.** Items can only go in open ranges at least as long as the
 *   smallest unplaced item, so the unplaced total must not exceed their total
 *   length. When range r is closed with content S, that gives a least fill
 *   `Σ S ≥ need − (open − length(r))`, which prunes contents early.
 * - **Count bound.** When those open ranges all have one length, the
 *   unplaced items need at least L2 of them (Martello–Toth, congruence
 *   ignored, which only makes packing easier); fewer open ranges, no solution.
 *
 * The search is iterative (explicit stacks), so thousands of items cannot
 * overflow the call stack; a node or time budget turns it into `unknown`.
 *
 * @module
 */
import { firstCongruent, paddingTo } from '../congruence.js';
import { countAtMost, countBelow } from '../sorted.js';
import { rangesNeededL2 } from './bounds.js';
import { packSet } from './in-range.js';
import { addToSums, anySumBetween, gcd } from './subset-sums.js';
import { decreasingOrder, type Items } from './items.js';
import { ArcCollector, worstArc } from './residues.js';

/** The ranges the search may use (already reduced), as columns. */
export interface SearchRanges {
  /** Number of ranges. */
  readonly count: number;
  /** Range starts (granules). */
  readonly start: Float64Array;
  /** Range lengths (granules). */
  readonly length: Float64Array;
  /**
   * Class of each range (see `range-classes.ts`): ranges of one class accept
   * exactly the same contents, and must be adjacent.
   */
  readonly rangeClass: Int32Array;
}

/** When the search must stop. */
export interface SearchBudget {
  /** Stop after this many nodes. */
  readonly nodeLimit: number;
  /** Stop when `performance.now()` passes this. */
  readonly deadline: number;
  /** Told the nodes explored, every {@link CLOCK_EVERY} nodes. */
  readonly onProgress?: (nodes: number) => void;
}

/** What the search found. */
export type SearchOutcome =
  /** `range[i]` and `position[i]` for every item i. */
  | { readonly status: 'feasible'; readonly range: Int32Array; readonly position: Float64Array; readonly nodes: number }
  /** Every assignment was ruled out: a proof. */
  | { readonly status: 'infeasible'; readonly nodes: number }
  /** The node or time budget ran out. */
  | { readonly status: 'unknown'; readonly nodes: number };

/** A range level is preferred when some range can be opened by at most this many items. */
const FORCED_RANGE_OPTIONS = 5;

/** Longest range (in units of the sizes' divisor) the fill check's bitset may cover. */
const FILL_CHECK_MAX_UNITS = 1 << 16;
/** Most bitset word updates one fill check may cost (items × words). */
const FILL_CHECK_MAX_WORK = 1 << 20;

/** How often (in nodes) the clock is read. */
const CLOCK_EVERY = 1024;

/**
 * Decide exactly whether `items` can be placed in `ranges` by range completion.
 *
 * Cost: exponential in the worst case; each node lists candidate ranges in
 * O(R) and each step of a content enumeration costs O(1) (closed form) or a
 * small DP (general sizes).
 *
 * @param items the items, any order
 * @param ranges candidate ranges, with their classes; ranges of one class must be adjacent
 * @param alignment congruence modulus (granules)
 * @param budget node and time limits
 */
export function completionSearch(
  items: Items,
  ranges: SearchRanges,
  alignment: number,
  budget: SearchBudget,
): SearchOutcome {
  let nodes = 0;
  for (const limit of DISCREPANCY_LIMITS) {
    const search = new RangeCompletion(items, ranges, alignment, { ...budget, nodeLimit: budget.nodeLimit - nodes }, limit);
    const outcome = search.run();
    nodes += outcome.nodes;
    if (outcome.status !== 'infeasible' || !search.wasCut) return { ...outcome, nodes };
  }
  const outcome = new RangeCompletion(items, ranges, alignment, { ...budget, nodeLimit: budget.nodeLimit - nodes }, Infinity).run();
  return { ...outcome, nodes: nodes + outcome.nodes };
}

/**
 * Limited discrepancy search: depth-first search trusts its first choices
 * most and revisits them last, so one early mistake can cost the whole
 * budget. Runs that allow at most k levels to depart from their first option
 * (a *discrepancy*) revisit early choices cheaply; a run that was never cut
 * by its limit is complete, and a last run without limit follows. Measured on the
 * Falkenauer sets with a 2 s budget: limits 0, 1, ∞ decided 67 of 80
 * instances, plain depth-first 65, and 0, 1, 2, 3, ∞ 61.
 */
const DISCREPANCY_LIMITS = [0, 1] as const;

/**
 * One node of the outer search: a range for the largest unplaced item, and
 * the enumeration of that range's contents. What the enumeration keeps
 * depends on which of the two it is ({@link ClosedFormLevel},
 * {@link SequenceLevel}); a search uses one kind throughout.
 */
interface LevelBase {
  /** Depth (in sorted order) of the item this level places (the largest unplaced), or -1 for a level that fills one forced range. */
  readonly item: number;
  /** Candidate ranges, best fit first. */
  readonly candidates: number[];
  /** Next candidate to try. */
  nextCandidate: number;
  /** Total length of the open ranges that can take the smallest unplaced item. */
  readonly openUseful: number;
  /** The range being filled, or -1 before the first candidate. */
  range: number;
  /** Least total the content must reach (waste bound). */
  minFill: number;
  /** Whether the current content is applied (items marked placed, range closed). */
  applied: boolean;
  /** Whether the enumeration in `range` has not produced its first content yet. */
  fresh: boolean;
  /** Total size of the current content. */
  sum: number;
  /** Options (range, content) applied so far at this level; all but the first are discrepancies. */
  tried: number;
}

/**
 * A level of the closed-form enumeration (every size a multiple of the
 * alignment): an include/exclude walk over the unplaced items in depth
 * order, a set fitting when its total plus its largest padding at the range
 * start fits (see `in-range.ts`, fact 2).
 */
interface ClosedFormLevel extends LevelBase {
  readonly kind: 'closed-form';
  /** Depths included besides `item`, in increasing depth. */
  readonly chosen: number[];
  /** Next depth the forward scan decides. */
  scan: number;
  /** Size and phase of the copy last skipped: later copies are skipped too. */
  blockedSize: number;
  blockedPhase: number;
  /** The largest padding at the range start in the content. */
  maxPad: number;
  /** The padding before each inclusion, for undo. */
  readonly undoPad: number[];
}

/**
 * A level of the general-size enumeration: a walk over left-to-right
 * orders of items at their earliest congruent positions (see
 * {@link RangeCompletion.nextSequence}).
 */
interface SequenceLevel extends LevelBase {
  readonly kind: 'sequence';
  /** The items in left-to-right order (earliest congruent positions). */
  readonly sequence: number[];
  /** Where each item of `sequence` starts. */
  readonly sequencePositions: number[];
  /** Candidate extensions at each node of the sequence walk. */
  readonly frames: { readonly candidates: number[]; next: number }[];
  /** Contents already yielded in this range (a set reached in two orders is tried once). */
  seen: Set<string>;
}

type Level = ClosedFormLevel | SequenceLevel;

class RangeCompletion {
  private readonly m: number;
  private readonly R: number;
  private readonly order: Int32Array;
  private readonly size: Float64Array;
  private readonly phase: Float64Array;
  private readonly allMultiples: boolean;
  private readonly rangeEnd: Float64Array;
  private readonly rangeClass: Int32Array;
  private readonly placed: Uint8Array;
  private readonly closed: Uint8Array;
  private readonly holder: Int32Array;
  private readonly position: Float64Array;
  /** `suffix[d]`: total size of unplaced items at depth ≥ d (kept current on apply/unapply). */
  private readonly suffix: Float64Array;
  /** Unplaced sizes, largest first, for the L2 bound. */
  private readonly scratch: Float64Array;
  /** Room to gather residues before sorting them. */
  private readonly residueScratch: Float64Array;
  /** The greatest common divisor of the item sizes: subset sums are its multiples. */
  private readonly sizeDivisor: number;
  /**
   * Items in the sequence of some level (general sizes). One array serves
   * every level: a level's items are marked placed before any deeper level
   * walks, so two live sequences never share an item.
   */
  private readonly inSequence: Uint8Array;
  private need: number;
  private unplacedCount: number;
  private nodes = 0;
  /** Set when the budget ran out: every enumeration then unwinds without a verdict. */
  private stopped = false;
  /** Discrepancies taken by the levels on the stack. */
  private discrepancies = 0;
  /** Set when the discrepancy limit hid an option: exhaustion is then no proof. */
  private cut = false;
  private readonly levels: Level[] = [];

  constructor(
    items: Items,
    private readonly ranges: SearchRanges,
    private readonly alignment: number,
    private readonly budget: SearchBudget,
    private readonly discrepancyLimit: number,
  ) {
    const m = (this.m = items.count);
    const R = (this.R = ranges.count);
    this.order = decreasingOrder(items);
    this.size = Float64Array.from(this.order, (i) => items.size[i]!);
    this.phase = Float64Array.from(this.order, (i) => items.phase[i]!);
    this.allMultiples = this.size.every((s) => s % alignment === 0);
    this.rangeEnd = Float64Array.from(ranges.start.subarray(0, R), (s, r) => s + ranges.length[r]!);
    this.rangeClass = ranges.rangeClass;
    this.placed = new Uint8Array(m);
    this.closed = new Uint8Array(R);
    this.holder = new Int32Array(m).fill(-1);
    this.position = new Float64Array(m);
    this.suffix = new Float64Array(m + 1);
    this.scratch = new Float64Array(m);
    this.residueScratch = new Float64Array(m);
    this.sizeDivisor = this.size.reduce((g, size) => gcd(g, size), 0);
    this.inSequence = new Uint8Array(m);
    this.refreshSuffix();
    this.need = this.suffix[0]!;
    this.unplacedCount = m;
  }

  run(): SearchOutcome {
    if (this.m === 0) return this.success();
    if (!this.openLevel()) return this.exhausted();
    for (;;) {
      const level = this.levels[this.levels.length - 1]!;
      const moved = this.advance(level);
      if (this.stopped) return { status: 'unknown', nodes: this.nodes };
      if (moved) {
        if (this.unplacedCount === 0) return this.success();
        this.openLevel();
        continue;
      }
      if (this.levels.pop()!.tried > 1) this.discrepancies--;
      if (this.levels.length === 0) return this.exhausted();
    }
  }

  /** Whether the discrepancy limit cut any option (then an exhausted run proves nothing). */
  get wasCut(): boolean {
    return this.cut;
  }

  /** Count a node; false (and `stopped` set) once the node or time budget is spent. */
  private tick(): boolean {
    this.nodes++;
    if (this.nodes >= this.budget.nodeLimit) this.stopped = true;
    else if (this.nodes % CLOCK_EVERY === 0) {
      this.budget.onProgress?.(this.nodes);
      if (performance.now() > this.budget.deadline) this.stopped = true;
    }
    return !this.stopped;
  }

  private exhausted(): SearchOutcome {
    return { status: 'infeasible', nodes: this.nodes };
  }

  private refreshSuffix(): void {
    for (let d = this.m - 1; d >= 0; d--) this.suffix[d] = this.suffix[d + 1]! + (this.placed[d] ? 0 : this.size[d]!);
  }

  /**
   * Push a level for the largest unplaced item with its candidate ranges.
   * False, pushing nothing, when the waste bound fails or no open range can
   * take the item: the caller then tries the next content one level up.
   */
  private openLevel(): boolean {
    this.nodes++;
    let item = 0;
    while (this.placed[item]) item++;
    let smallest = this.m - 1;
    while (this.placed[smallest]) smallest--;
    const smallestSize = this.size[smallest]!;
    // The open ranges that can still take an item: every bound below ranges over them.
    const useful: number[] = [];
    let open = 0;
    let commonLength = -1;
    for (let r = 0; r < this.R; r++) {
      const length = this.ranges.length[r]!;
      if (this.closed[r] || length < smallestSize) continue;
      useful.push(r);
      open += length;
      commonLength = commonLength === -1 || commonLength === length ? length : -2;
    }
    if (open < this.need) return false;
    if (commonLength > 0 && this.rangesNeeded(commonLength) > useful.length) return false;
    const slack = open - this.need;
    const starts = this.unplacedResidues(false);
    if (this.leastWaste(useful, starts) > slack) return false;
    if (!this.everyRangeFillable(useful, slack)) return false;
    if (this.residuesShort(useful)) return false;
    const forced = this.allMultiples ? -1 : this.forcedRange(useful, slack, starts);
    const candidates = forced >= 0 ? [forced] : this.rangesFor(item);
    if (candidates.length === 0) return false;
    const base: LevelBase = {
      item: forced >= 0 ? -1 : item,
      candidates,
      nextCandidate: 0,
      openUseful: open,
      range: -1,
      minFill: 0,
      applied: false,
      fresh: false,
      tried: 0,
      sum: 0,
    };
    this.levels.push(
      this.allMultiples
        ? { ...base, kind: 'closed-form', chosen: [], scan: 0, blockedSize: -1, blockedPhase: -1, maxPad: 0, undoPad: [] }
        : { ...base, kind: 'sequence', sequence: [], sequencePositions: [], frames: [], seen: new Set() },
    );
    return true;
  }

  /**
   * A lower bound on the room the open ranges must waste, whatever goes
   * where. A range that receives items wastes at least the padding before
   * its first item and the room after its last: the first starts on some
   * unplaced item's phase, so at least the distance from the range start to
   * the nearest such phase; the last ends on some item's end residue
   * `(phase + size) mod alignment`, so at least the distance back from the
   * range end to the nearest one. A range left empty wastes its length. The
   * two gaps are disjoint, so each range wastes at least the smaller of its
   * length and their sum, and the ranges' waste adds up. Useful when the
   * slack is small: a wrong choice that took the only item able to start
   * some range shows at once. O(m log m + R log m).
   *
   * @param useful the open ranges long enough for the smallest unplaced item
   * @param starts the unplaced items' phases, sorted
   */
  private leastWaste(useful: readonly number[], starts: Float64Array): number {
    const A = this.alignment;
    const ends = this.unplacedResidues(true);
    let waste = 0;
    for (const r of useful) {
      const length = this.ranges.length[r]!;
      const head = distanceUp(starts, this.ranges.start[r]! % A, A);
      const tail = distanceDown(ends, this.rangeEnd[r]! % A, A);
      waste += Math.min(length, head + tail);
    }
    return waste;
  }

  /**
   * The fill check: a range longer than the slack must receive items, and
   * it may waste at most the slack, so some subset of the unplaced items
   * must have a total between `length − slack` and `length`. Phases are
   * ignored (padding only makes fills harder), so a failure is a proof.
   * Decided for all ranges at once by one subset-sum bitset over the item
   * sizes divided by their common divisor; skipped when that bitset would
   * be large. O(m · L / 32) for L the longest range in those units.
   */
  private everyRangeFillable(useful: readonly number[], slack: number): boolean {
    const unit = this.sizeDivisor;
    let longest = 0;
    for (const r of useful) {
      const length = this.ranges.length[r]!;
      if (length > slack) longest = Math.max(longest, Math.floor(length / unit));
    }
    if (longest === 0) return true;
    const words = (longest >>> 5) + 1;
    if (longest > FILL_CHECK_MAX_UNITS || words * this.unplacedCount > FILL_CHECK_MAX_WORK) return true;
    const reachable = new Uint32Array(words);
    reachable[0] = 1;
    for (let d = 0; d < this.m; d++) if (!this.placed[d]) addToSums(reachable, this.size[d]! / unit);
    for (const r of useful) {
      const length = this.ranges.length[r]!;
      if (length <= slack) continue;
      if (!anySumBetween(reachable, Math.ceil((length - slack) / unit), Math.floor(length / unit))) return false;
    }
    return true;
  }

  /**
   * The residue count (see `residues.ts`) on what is left: the unplaced
   * items need their residues' bytes in the open ranges that can still take
   * an item. Strong in split mode, where many small pieces compete for few
   * residues. O((m + R) log(m + R)).
   */
  private residuesShort(useful: readonly number[]): boolean {
    const demand = new ArcCollector(this.alignment);
    for (let d = 0; d < this.m; d++) if (!this.placed[d]) demand.add(this.phase[d]!, this.size[d]!);
    const supply = new ArcCollector(this.alignment);
    for (const r of useful) supply.add(this.ranges.start[r]!, this.ranges.length[r]!);
    return worstArc(demand.finish(), supply.finish(), this.alignment) !== undefined;
  }

  /** The unplaced items' start phases (or end residues), sorted. O(m log m). */
  private unplacedResidues(ends: boolean): Float64Array {
    const residues = this.residueScratch;
    let count = 0;
    for (let d = 0; d < this.m; d++) {
      if (this.placed[d]) continue;
      residues[count++] = ends ? (this.phase[d]! + this.size[d]!) % this.alignment : this.phase[d]!;
    }
    // A typed-array sort is numeric and native: no comparator calls.
    return residues.slice(0, count).sort();
  }

  /** Open ranges where `item` fits alone, one per class of equivalent ranges, best fit first. */
  private rangesFor(item: number): number[] {
    const size = this.size[item]!;
    const phase = this.phase[item]!;
    const candidates: number[] = [];
    let lastClass = -1;
    for (let r = 0; r < this.R; r++) {
      if (this.closed[r] || this.rangeClass[r] === lastClass) continue;
      lastClass = this.rangeClass[r]!;
      if (paddingTo(this.ranges.start[r]!, phase, this.alignment) + size <= this.ranges.length[r]!) candidates.push(r);
    }
    return candidates.sort((a, b) => this.ranges.length[a]! - this.ranges.length[b]! || a - b);
  }

  /**
   * A range that must be filled and that at most one unplaced item can start
   * (general sizes, small slack), or -1. A range longer than the slack cannot
   * stay empty, and its first item pays its padding out of the slack, so
   * only items whose phase lies within `slack` above the range start can
   * open it. Branching on such a range's contents first is the "fewest
   * options first" rule of exact cover: it meets dead ends at once instead of
   * deep in the search. Any range is a complete branching choice (it gets
   * some content in every solution). O(R log m).
   */
  private forcedRange(useful: readonly number[], slack: number, starts: Float64Array): number {
    const A = this.alignment;
    if (slack >= A) return -1;
    let best = -1;
    let bestCount = Infinity;
    for (const r of useful) {
      if (this.ranges.length[r]! <= slack) continue;
      const from = this.ranges.start[r]! % A;
      const to = from + slack;
      const count = to < A
        ? countAtMost(starts, to) - countAtMost(starts, from - 1)
        : starts.length - countAtMost(starts, from - 1) + countAtMost(starts, to - A);
      if (count < bestCount) {
        bestCount = count;
        best = r;
        if (count <= 1) break;
      }
    }
    return bestCount <= FORCED_RANGE_OPTIONS ? best : -1;
  }

  /**
   * When every open range has the same length, how many the unplaced items
   * need at least (Martello–Toth L2, see {@link rangesNeededL2}). O(m log m).
   */
  private rangesNeeded(capacity: number): number {
    let count = 0;
    for (let d = 0; d < this.m; d++) if (!this.placed[d]) this.scratch[count++] = this.size[d]!;
    return rangesNeededL2(this.scratch, count, capacity);
  }

  /**
   * Move `level` to its next (range, content) and apply it. False when every
   * candidate range and content has been tried; the level is then unapplied.
   */
  private advance(level: Level): boolean {
    if (level.applied) {
      this.unapply(level);
      if (this.discrepancies >= this.discrepancyLimit) {
        this.cut = true;
        return false;
      }
    }
    for (;;) {
      if (level.range >= 0 && this.nextContent(level)) {
        this.apply(level);
        if (++level.tried === 2) this.discrepancies++;
        return true;
      }
      if (level.nextCandidate === level.candidates.length) return false;
      this.startRange(level, level.candidates[level.nextCandidate++]!);
    }
  }

  private startRange(level: Level, range: number): void {
    level.range = range;
    level.minFill = this.need - (level.openUseful - this.ranges.length[range]!);
    level.fresh = true;
    if (level.kind === 'sequence') {
      // The sequence walk sets `sum` itself when it starts.
      level.sequence.length = 0;
      level.sequencePositions.length = 0;
      level.frames.length = 0;
      level.seen = new Set();
      return;
    }
    // Only sequence levels fill a forced range (item -1): a closed-form level always has its item.
    level.chosen.length = 0;
    level.undoPad.length = 0;
    level.scan = level.item + 1;
    level.blockedSize = -1;
    level.blockedPhase = -1;
    level.sum = this.size[level.item]!;
    level.maxPad = paddingTo(this.ranges.start[range]!, this.phase[level.item]!, this.alignment);
  }

  /**
   * The next maximal content of `level.range` holding `level.item`. Sizes
   * all multiples of the alignment: include-first depth-first order over the
   * unplaced items, fits decided by the closed form. Otherwise the walk over
   * orders of {@link nextSequence}. False when the enumeration is over.
   */
  private nextContent(level: Level): boolean {
    if (level.kind === 'sequence') return this.nextSequence(level);
    if (!level.fresh && !this.backtrack(level)) return false;
    level.fresh = false;
    for (;;) {
      if (!this.tick()) return false;
      this.scanForward(level);
      if (level.sum >= level.minFill && this.isMaximal(level)) return true;
      if (!this.backtrack(level)) return false;
    }
  }

  /** Flip the last inclusion to an exclusion. False when nothing is left to flip. */
  private backtrack(level: ClosedFormLevel): boolean {
    const depth = level.chosen.pop();
    if (depth === undefined) return false;
    level.sum -= this.size[depth]!;
    level.maxPad = level.undoPad.pop()!;
    level.scan = depth + 1;
    level.blockedSize = this.size[depth]!;
    level.blockedPhase = this.phase[depth]!;
    return true;
  }

  /** Include every unplaced item from `scan` on that still fits, skipping blocked copies. */
  private scanForward(level: ClosedFormLevel): void {
    const length = this.ranges.length[level.range]!;
    for (let d = level.scan; d < this.m; d++) {
      if (this.placed[d]) continue;
      if (length - level.sum < this.size[this.m - 1]!) break;
      // Waste bound: even taking every unplaced item from here on cannot reach the least fill.
      if (level.sum + this.suffix[d]! < level.minFill) break;
      if (this.size[d] === level.blockedSize && this.phase[d] === level.blockedPhase) continue;
      if (this.include(level, d)) continue;
      level.blockedSize = this.size[d]!;
      level.blockedPhase = this.phase[d]!;
    }
    level.scan = this.m;
  }

  /** Add depth d to the content if the set still packs (closed form); record undo state. */
  private include(level: ClosedFormLevel, d: number): boolean {
    const pad = Math.max(level.maxPad, paddingTo(this.ranges.start[level.range]!, this.phase[d]!, this.alignment));
    if (level.sum + this.size[d]! + pad > this.ranges.length[level.range]!) return false;
    level.undoPad.push(level.maxPad);
    level.sum += this.size[d]!;
    level.maxPad = pad;
    level.chosen.push(d);
    return true;
  }

  /**
   * Whether no unplaced item outside the content could join it (the
   * maximality rule), by the closed form. Checks the smallest items first
   * and stops once they are too big for the room left.
   */
  private isMaximal(level: ClosedFormLevel): boolean {
    const range = level.range;
    const room = this.ranges.length[range]! - level.sum;
    let c = level.chosen.length - 1;
    for (let d = this.m - 1; d > level.item; d--) {
      if (this.size[d]! > room) return true;
      if (c >= 0 && level.chosen[c] === d) {
        c--;
        continue;
      }
      if (this.placed[d]) continue;
      const pad = Math.max(level.maxPad, paddingTo(this.ranges.start[range]!, this.phase[d]!, this.alignment));
      if (level.sum + this.size[d]! + pad <= this.ranges.length[range]!) return false;
    }
    return true;
  }

  /** The depths of the current content: item and chosen (closed form), or the sequence. */
  private content(level: Level): readonly number[] {
    return level.kind === 'closed-form' ? [level.item, ...level.chosen] : level.sequence;
  }

  private apply(level: Level): void {
    const range = level.range;
    const members = this.content(level);
    this.closed[range] = 1;
    members.forEach((d, i) => {
      this.placed[d] = 1;
      this.holder[d] = range;
      if (level.kind === 'sequence') this.position[d] = level.sequencePositions[i]!;
    });
    this.need -= level.sum;
    this.unplacedCount -= members.length;
    this.refreshSuffix();
    level.applied = true;
  }

  private unapply(level: Level): void {
    const members = this.content(level);
    this.closed[level.range] = 0;
    for (const d of members) this.placed[d] = 0;
    this.need += level.sum;
    this.unplacedCount += members.length;
    this.refreshSuffix();
    level.applied = false;
  }

  /**
   * General sizes: the next content by a walk over left-to-right *orders*.
   * By the earliest-position fact, a set fits iff some order packed at
   * earliest congruent positions fits, and the padding that order leaves is
   * `end − start − Σ size`; a content that reaches the least fill leaves at
   * most `length − minFill` of padding, and padding only grows along an
   * order. So walking orders while the padding stays within that allowance,
   * and yielding the dead ends (nothing more can be appended) that hold the
   * level's item and reach the least fill, lists every maximal content —
   * each set once, by remembering the sets already yielded.
   */
  private nextSequence(level: SequenceLevel): boolean {
    const start = this.ranges.start[level.range]!;
    const end = this.rangeEnd[level.range]!;
    const allowance = this.ranges.length[level.range]! - level.minFill;
    if (level.fresh) {
      level.fresh = false;
      level.sum = 0;
      level.frames.push({ candidates: this.extensions(level, start, 0, allowance, end), next: 0 });
    }
    for (;;) {
      const frame = level.frames[level.frames.length - 1];
      if (frame === undefined) return false;
      if (frame.next === frame.candidates.length) {
        level.frames.pop();
        const last = level.sequence.pop();
        if (last === undefined) continue;
        level.sequencePositions.pop();
        this.inSequence[last] = 0;
        level.sum -= this.size[last]!;
        continue;
      }
      if (!this.tick()) return false;
      const d = frame.candidates[frame.next++]!;
      const cursor = level.sequence.length === 0 ? start : level.sequencePositions[level.sequencePositions.length - 1]! + this.size[level.sequence[level.sequence.length - 1]!]!;
      const at = firstCongruent(cursor, this.phase[d]!, this.alignment);
      level.sequence.push(d);
      level.sequencePositions.push(at);
      this.inSequence[d] = 1;
      level.sum += this.size[d]!;
      const after = at + this.size[d]!;
      const padding = after - start - level.sum;
      const next = this.extensions(level, after, padding, allowance, end);
      level.frames.push({ candidates: next, next: 0 });
      if (next.length > 0 || level.sum < level.minFill || !this.holdsItem(level)) continue;
      if (this.appendable(after, end)) continue;
      const key = level.sequence.slice().sort((a, b) => a - b).join(',');
      if (level.seen.has(key)) continue;
      level.seen.add(key);
      return true;
    }
  }

  /**
   * The items that can follow at `cursor` with the padding still within the
   * allowance: one copy per class of identical items, least padding first.
   * None when the level's item is not in yet and no longer has room.
   */
  private extensions(level: SequenceLevel, cursor: number, padding: number, allowance: number, end: number): number[] {
    // The level's item may still come later, but only if there is room for it at all.
    if (!this.holdsItem(level) && cursor + this.size[level.item]! > end) return [];
    const found: { d: number; pad: number }[] = [];
    let lastSize = -1;
    let lastPhase = -1;
    for (let d = 0; d < this.m; d++) {
      if (this.placed[d] || this.inSequence[d]) continue;
      const size = this.size[d]!;
      const phase = this.phase[d]!;
      if (size === lastSize && phase === lastPhase) continue;
      lastSize = size;
      lastPhase = phase;
      const at = firstCongruent(cursor, phase, this.alignment);
      if (at + size > end || padding + (at - cursor) > allowance) continue;
      found.push({ d, pad: at - cursor });
    }
    found.sort((a, b) => a.pad - b.pad || a.d - b.d);
    return found.map((entry) => entry.d);
  }

  /** Whether the sequence holds the level's item (always, for a range level). */
  private holdsItem(level: SequenceLevel): boolean {
    return level.item < 0 || this.inSequence[level.item] === 1;
  }

  /** Whether any unplaced item outside the sequence could still be appended at `cursor`. */
  private appendable(cursor: number, end: number): boolean {
    for (let d = this.m - 1; d >= 0; d--) {
      if (this.placed[d] || this.inSequence[d]) continue;
      if (cursor + this.size[d]! > end) return false;
      if (firstCongruent(cursor, this.phase[d]!, this.alignment) + this.size[d]! <= end) return true;
    }
    return false;
  }

  private success(): SearchOutcome {
    if (this.allMultiples) this.layOutClosedForm();
    const range = new Int32Array(this.m);
    const position = new Float64Array(this.m);
    for (let d = 0; d < this.m; d++) {
      range[this.order[d]!] = this.holder[d]!;
      position[this.order[d]!] = this.position[d]!;
    }
    return { status: 'feasible', range, position, nodes: this.nodes };
  }

  /** Positions for the closed-form case: each closed range's items in padding order. */
  private layOutClosedForm(): void {
    const members: number[][] = Array.from({ length: this.R }, () => []);
    for (let d = 0; d < this.m; d++) members[this.holder[d]!]!.push(d);
    members.forEach((depths, r) => {
      if (depths.length === 0) return;
      const outcome = packSet(this.ranges.start[r]!, this.rangeEnd[r]!, depths, this.size, this.phase, this.alignment);
      /* c8 ignore next -- the closed form admitted this set, so it packs */
      if (!outcome.fits) throw new Error('internal: closed-form set failed to pack');
      depths.forEach((depth, i) => (this.position[depth] = outcome.positions[i]!));
    });
  }
}

/** Smallest `(p − from) mod modulus` over the sorted residues `values` (non-empty). O(log n). */
function distanceUp(values: Float64Array, from: number, modulus: number): number {
  const above = countBelow(values, from);
  return above < values.length ? values[above]! - from : values[0]! + modulus - from;
}

/** Smallest `(to − q) mod modulus` over the sorted residues `values` (non-empty). O(log n). */
function distanceDown(values: Float64Array, to: number, modulus: number): number {
  const below = countAtMost(values, to);
  return below > 0 ? to - values[below - 1]! : to + modulus - values[values.length - 1]!;
}
