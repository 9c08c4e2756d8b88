/**
 * Split pieces at fixed offsets onto *laps*: the exact search under the
 * split-mode models (`slots.ts`, `components.ts`).
 *
 * In split mode a piece's position modulo the alignment is fixed, so
 * placing it means choosing *which* copy of its residue window it takes: a
 * lap. A lap is one period `[x, x + period)` of the target whose free part
 * is one interval `[from, to)` (relative to x); a job (a piece) is an
 * interval `[start, start + size)` relative to the period. Pieces on one lap
 * must not overlap and must lie in its free part; a job may *cross* into the
 * next lap of the same free range (`start + size > period`) when the lap is
 * linked to one. That is interval scheduling with machine windows (the
 * k-track assignment problem: hard in general, but the instances here have
 * few jobs per period, because whole pieces are counted away first).
 *
 * The search takes jobs by start, left to right, and gives each a lap whose
 * last job ends at or before its start — taking jobs in that order, that is
 * the only overlap to check; a crossing job also needs the next lap free up
 * to its end, which is final by then (every job starting earlier is
 * placed). Laps in the same state are interchangeable, so only the first of
 * each is tried; a pool of identical whole laps (free from 0 to the period,
 * not linked) is opened one at a time.
 *
 * @module
 */

/** A piece to place: `[start, start + size)` relative to the period's origin. */
export interface LapJob {
  /** Offset of its first granule in the period (0 ≤ start < period). */
  readonly start: number;
  /** Length (granules), at most the period. */
  readonly size: number;
}

/** One lap: free in `[from, to)` (relative to the lap's origin), and the lap after it in the same range, if any. */
export interface Lap {
  /** First free offset. */
  readonly from: number;
  /** End of the free part (at most the period). */
  readonly to: number;
  /** Index of the next lap of the same free range (a crossing job continues there), or -1. */
  readonly next: number;
}

/** Limits of the search. */
export interface LapBudget {
  /** Stop after this many nodes (counted across calls through `nodes`). */
  readonly nodeLimit: number;
  /** `performance.now()` after which to stop. */
  readonly deadline: number;
  /** Told the nodes explored now and then. */
  readonly onProgress?: (nodes: number) => void;
}

/**
 * Where each job went: `lap[j]` is an index into the laps given, or
 * `laps.length + k` for the k-th whole lap opened from the pool; `opened`
 * says how many pool laps were used.
 */
export interface LapAssignment {
  /** The lap of each job, in the order the jobs were given. */
  readonly lap: Int32Array;
  /** How many laps of the pool were opened. */
  readonly opened: number;
}

/** The outcome of {@link searchLaps}, with the nodes it spent. */
export type LapOutcome =
  | { readonly status: 'feasible'; readonly assignment: LapAssignment; readonly nodes: number }
  | { readonly status: 'infeasible'; readonly nodes: number }
  | { readonly status: 'unknown'; readonly nodes: number };

/** How often (in nodes) the clock is read. */
const CLOCK_EVERY = 1024;

/**
 * Place every job on a lap, exactly (see the module comment).
 *
 * Cost: exponential in the number of jobs in the worst case; each node
 * tries each lap state once, O(L) for L laps.
 *
 * @param jobs the pieces, any order
 * @param laps the explicit laps
 * @param pool how many identical whole laps (`[0, period)`, unlinked) are available besides
 * @param period the lap length (granules)
 * @param budget node and time limits
 * @param nodesSoFar nodes already spent against `budget.nodeLimit` by the caller
 */
export function searchLaps(
  jobs: readonly LapJob[],
  laps: readonly Lap[],
  pool: number,
  period: number,
  budget: LapBudget,
  nodesSoFar = 0,
): LapOutcome {
  const search = new LapSearch(jobs, laps, pool, period, budget, nodesSoFar);
  const outcome = search.run();
  if (outcome === false) return { status: 'infeasible', nodes: search.nodes };
  if (outcome === 'unknown') return { status: 'unknown', nodes: search.nodes };
  return { status: 'feasible', assignment: search.assignment(), nodes: search.nodes };
}

class LapSearch {
  private readonly order: number[];
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly next: number[] = [];
  /** The lap whose `next` is this one, or -1. */
  private readonly previous: number[];
  /** End of the last job on each lap (its `from` while empty). */
  private readonly busyUntil: number[] = [];
  /** Start of the first job on each lap (its `to` while empty). */
  private readonly firstStart: number[] = [];
  private readonly choice: Int32Array;
  private opened = 0;

  constructor(
    private readonly jobs: readonly LapJob[],
    laps: readonly Lap[],
    private readonly pool: number,
    private readonly period: number,
    private readonly budget: LapBudget,
    public nodes: number,
  ) {
    this.order = jobs.map((_, j) => j).sort((a, b) => jobs[a]!.start - jobs[b]!.start || jobs[b]!.size - jobs[a]!.size || a - b);
    for (const lap of laps) this.addLap(lap.from, lap.to, lap.next);
    this.previous = laps.map(() => -1);
    laps.forEach((lap, index) => {
      if (lap.next >= 0) this.previous[lap.next] = index;
    });
    this.choice = new Int32Array(jobs.length);
  }

  assignment(): LapAssignment {
    return { lap: this.choice, opened: this.opened };
  }

  private addLap(from: number, to: number, next: number): void {
    this.from.push(from);
    this.to.push(to);
    this.next.push(next);
    this.busyUntil.push(from);
    this.firstStart.push(to);
  }

  private removeLap(): void {
    this.from.pop();
    this.to.pop();
    this.next.pop();
    this.busyUntil.pop();
    this.firstStart.pop();
  }

  /** Iterative depth-first search; true, false (exhausted) or 'unknown' (budget). */
  run(): boolean | 'unknown' {
    const count = this.order.length;
    // Per depth: the next lap index to try, the states tried, and what to undo.
    const nextLap = new Int32Array(count + 1);
    const tried: Set<string>[] = Array.from({ length: count + 1 }, () => new Set<string>());
    const undoBusy = new Float64Array(count);
    const undoFirst = new Float64Array(count);
    const undoNextFirst = new Float64Array(count);
    const undoNextBusy = new Float64Array(count);
    const openedHere = new Uint8Array(count);
    let depth = 0;
    while (depth >= 0) {
      if (depth === count) return true;
      const fresh = nextLap[depth] === 0 && tried[depth]!.size === 0;
      if (fresh) {
        this.nodes++;
        if (this.nodes >= this.budget.nodeLimit) return 'unknown';
        if (this.nodes % CLOCK_EVERY === 0) {
          this.budget.onProgress?.(this.nodes);
          if (performance.now() > this.budget.deadline) return 'unknown';
        }
      }
      const placed = (!fresh || !this.overloaded(depth)) && this.tryNext(depth, nextLap, tried[depth]!, undoBusy, undoFirst, undoNextFirst, undoNextBusy, openedHere);
      if (placed) {
        depth++;
        nextLap[depth] = 0;
        tried[depth]!.clear();
        continue;
      }
      // Exhausted at this depth: undo the choice one level up and move on.
      nextLap[depth] = 0;
      tried[depth]!.clear();
      depth--;
      if (depth >= 0) this.undo(depth, undoBusy, undoFirst, undoNextFirst, undoNextBusy, openedHere);
    }
    return false;
  }

  /** Put the job at `depth` on the next untried lap state; false when none is left. */
  private tryNext(
    depth: number,
    nextLap: Int32Array,
    tried: Set<string>,
    undoBusy: Float64Array,
    undoFirst: Float64Array,
    undoNextFirst: Float64Array,
    undoNextBusy: Float64Array,
    openedHere: Uint8Array,
  ): boolean {
    const job = this.jobs[this.order[depth]!]!;
    const stop = job.start + job.size;
    const crossing = stop > this.period;
    for (let lap = nextLap[depth]!; lap <= this.from.length; lap++) {
      const fresh = lap === this.from.length;
      if (fresh && (this.opened >= this.pool || crossing)) break;
      if (fresh) {
        this.addLap(0, this.period, -1);
        this.opened++;
      }
      const after = this.next[lap]!;
      const fits = this.busyUntil[lap]! <= job.start && this.from[lap]! <= job.start &&
        (crossing
          ? this.to[lap] === this.period && after >= 0 && this.from[after] === 0 && stop - this.period <= Math.min(this.to[after]!, this.firstStart[after]!)
          : stop <= this.to[lap]!);
      // Two laps are interchangeable only if the laps linked to them are too: a crossing job may still
      // come into this lap from the one before, or go from this lap into the one after.
      const before = lap < this.previous.length ? this.previous[lap]! : -1;
      const key = `${this.from[lap]},${this.to[lap]},${this.busyUntil[lap]}` +
        `|${after < 0 ? '' : `${this.to[after]},${this.firstStart[after]},${this.busyUntil[after]}`}` +
        `|${before < 0 ? '' : `${this.to[before]},${this.busyUntil[before]}`}`;
      if (fits && !tried.has(key)) {
        tried.add(key);
        nextLap[depth] = lap + 1;
        undoBusy[depth] = this.busyUntil[lap]!;
        undoFirst[depth] = this.firstStart[lap]!;
        this.busyUntil[lap] = crossing ? this.period : stop;
        this.firstStart[lap] = Math.min(this.firstStart[lap]!, job.start);
        if (crossing) {
          undoNextFirst[depth] = this.firstStart[after]!;
          undoNextBusy[depth] = this.busyUntil[after]!;
          this.firstStart[after] = 0;
          this.busyUntil[after] = Math.max(this.busyUntil[after]!, stop - this.period);
        }
        openedHere[depth] = fresh ? 1 : 0;
        this.choice[this.order[depth]!] = lap;
        return true;
      }
      if (fresh) {
        this.removeLap();
        this.opened--;
      }
    }
    return false;
  }

  /**
   * The counting bound on what is left: at every offset q from the next
   * job's start on, the jobs still to place that cover q need as many laps
   * free at q (free part containing q, last job ending at or before q),
   * the pool counting fully. Jobs are placed left to right, so a lap's
   * last end only grows: the bound holds for every completion. O((J + L)
   * log(J + L)).
   */
  private overloaded(depth: number): boolean {
    const from = this.jobs[this.order[depth]!]!.start;
    const events: number[] = [];
    for (let d = depth; d < this.order.length; d++) {
      const job = this.jobs[this.order[d]!]!;
      events.push(job.start, 1, Math.min(job.start + job.size, this.period), -1);
    }
    for (let lap = 0; lap < this.from.length; lap++) {
      const free = Math.max(this.busyUntil[lap]!, this.from[lap]!, from);
      if (free < this.to[lap]!) events.push(free, -1, this.to[lap]!, 1);
    }
    const order = Array.from({ length: events.length / 2 }, (_, k) => k).sort(
      (a, b) => events[2 * a]! - events[2 * b]! || events[2 * a + 1]! - events[2 * b + 1]!,
    );
    let excess = -(this.pool - this.opened);
    for (let k = 0; k < order.length; k++) {
      const e = order[k]!;
      excess += events[2 * e + 1]!;
      const here = events[2 * e]!;
      const next = k + 1 < order.length ? events[2 * order[k + 1]!]! : Infinity;
      if (next > here && excess > 0) return true;
    }
    return false;
  }

  private undo(
    depth: number,
    undoBusy: Float64Array,
    undoFirst: Float64Array,
    undoNextFirst: Float64Array,
    undoNextBusy: Float64Array,
    openedHere: Uint8Array,
  ): void {
    const job = this.jobs[this.order[depth]!]!;
    const lap = this.choice[this.order[depth]!]!;
    if (job.start + job.size > this.period) {
      const after = this.next[lap]!;
      this.firstStart[after] = undoNextFirst[depth]!;
      this.busyUntil[after] = undoNextBusy[depth]!;
    }
    this.busyUntil[lap] = undoBusy[depth]!;
    this.firstStart[lap] = undoFirst[depth]!;
    if (openedHere[depth]) {
      this.removeLap();
      this.opened--;
    }
  }
}
