/**
 * Split mode decided by counting slots: the exact model for the common case
 * where every block sits on one split grid.
 *
 * In split mode a block is cut only at RAs that are multiples of the split
 * step S, and each piece keeps `pa ≡ source pa (mod A)`. When every block
 * has the same offset `δ = (source pa − ra) mod S` (always so on real
 * machines, where blocks are bound congruent to at least the split step),
 * every finest piece lies inside one *slot* `[x, x + S)` of the target with
 * `x ≡ δ (mod S)`, at the offset its RA has in its S-window, and slots of
 * the same *class* `((x − δ) mod A) / S` are interchangeable for it. So:
 *
 * - a *full* piece (a whole S-window of RA) needs a slot that is entirely
 *   free, of its class: per class, the full pieces must not outnumber such
 *   slots — a count, whatever the number of pieces (a 16G block cut every
 *   8K is 2^21 pieces, counted in O(1) by class runs);
 * - the few *partial* pieces (a block's first and last piece when its ends
 *   are off the grid: at most two a block) go into the whole slots of their
 *   class that the full pieces leave over, or into the partial slots at the
 *   ends of free ranges; pieces sharing a slot must not overlap. That is a
 *   small exact search per class, over a handful of pieces.
 *
 * Both parts are exact, so the model decides: a placement (built slot by
 * slot and checked like every answer), or a certificate naming the class
 * that runs short. Slots of different classes never overlap, which is why
 * the classes are independent.
 *
 * @module
 */
import { residue, wholeWindows } from '../congruence.js';
import type { FreeMap } from '../memory/free-map.js';
import type { Block } from '../memory/instance.js';
import { cutBlock, sourcePa } from './items.js';
import { type LapAssignment, type LapBudget, searchLaps } from './laps.js';
import type { OwnedPiece } from './pieces.js';
import { ArcCollector, worstArc } from './residues.js';
import type { Certificate } from './result.js';

/** What the slot model concluded. */
export type SlotOutcome =
  /** A placement, piece by piece (the caller merges and checks it). */
  | { readonly status: 'feasible'; readonly pieces: OwnedPiece[]; readonly nodes: number }
  /** Proven: the certificate names the class that runs short. */
  | { readonly status: 'infeasible'; readonly certificate: Certificate; readonly nodes: number }
  /** The node or time budget ran out in the search for the partial pieces. */
  | { readonly status: 'unknown'; readonly nodes: number };


/** A piece that is not a whole S-window: where it must go inside a slot of its class. */
interface PartialPiece {
  readonly block: number;
  readonly ra: number;
  readonly size: number;
  /** Offset inside the slot (its RA modulo S). */
  readonly offset: number;
  readonly slotClass: number;
}

/** The free part of one slot at the end of a free range. */
interface PartialWindow {
  /** Start of the slot (PA, units). */
  readonly slot: number;
  /** Free offsets `[from, to)` inside the slot. */
  readonly from: number;
  readonly to: number;
}

/**
 * The common split-grid offset `δ` of every block, or -1 when two blocks
 * differ (the slot model does not apply). O(m).
 */
export function commonGrid(blocks: readonly Block[], step: number): number {
  let grid = -1;
  for (const block of blocks) {
    const offset = residue(block.pa - block.ra, step);
    if (grid >= 0 && offset !== grid) return -1;
    grid = offset;
  }
  return grid;
}

/**
 * Decide a split question on one grid (see the module comment).
 *
 * Cost: O((m + n) log(m + n)) for the class counts of m blocks and n free
 * ranges; O(n · c) for the partial windows and the slots of the c classes
 * used; the partial-piece search is exponential in the pieces of one class
 * (at most two a block), bounded by `budget`.
 *
 * @param blocks the source blocks (units; `pa` is used modulo the alignment)
 * @param map the target's free memory
 * @param alignment A, the congruence modulus (units)
 * @param step S, the split step (units, divides A)
 * @param grid δ from {@link commonGrid}, at least 0
 * @param budget limits of the partial-piece search
 */
export function solveBySlots(
  blocks: readonly Block[],
  map: FreeMap,
  alignment: number,
  step: number,
  grid: number,
  budget: LapBudget,
): SlotOutcome {
  const model = new SlotModel(blocks, map, alignment, step, grid);
  const shortage = model.wholeSlotShortage();
  if (shortage !== undefined) return { status: 'infeasible', certificate: shortage, nodes: 0 };
  return model.placePartials(budget);
}

class SlotModel {
  /** A / S: how many slot classes there are. */
  private readonly classes: number;
  private readonly partials: PartialPiece[] = [];
  /** Full pieces: per block, its first full window's RA and count. */
  private readonly fullRuns: { readonly block: number; readonly ra: number; readonly count: number; readonly slotClass: number }[] = [];
  /** Free ranges as `[start, end)`, in address order. */
  private readonly ranges: { readonly start: number; readonly end: number }[] = [];
  private nodes = 0;

  constructor(
    blocks: readonly Block[],
    map: FreeMap,
    private readonly alignment: number,
    private readonly step: number,
    private readonly grid: number,
  ) {
    this.classes = alignment / step;
    blocks.forEach((block, index) => this.cut(block, index));
    map.forEachRange((start, end) => this.ranges.push({ start, end }));
  }

  /** The slot class of source or target PA `pa` (on or off the grid: the slot holding it). */
  private classOf(pa: number): number {
    return Math.floor(residue(pa - this.grid, this.alignment) / this.step);
  }

  /** A block's pieces (see {@link cutBlock}): a run of full ones, and partial ones at its ends. */
  private cut(block: Block, index: number): void {
    const end = block.ra + block.size;
    const { fullFrom, fullTo, fullCount } = cutBlock(block.ra, block.size, this.step);
    const partial = (ra: number, stop: number): void => {
      this.partials.push({ block: index, ra, size: stop - ra, offset: ra % this.step, slotClass: this.classOf(sourcePa(block, ra)) });
    };
    if (fullFrom > block.ra) partial(block.ra, fullFrom);
    if (fullCount > 0) this.fullRuns.push({ block: index, ra: fullFrom, count: fullCount, slotClass: this.classOf(sourcePa(block, fullFrom)) });
    if (fullTo < end) partial(fullTo, end);
  }

  /** The whole slots of range `[start, end)`: the first's PA and how many. */
  private wholeSlots(start: number, end: number): { readonly first: number; readonly count: number } {
    return wholeWindows(start, end, this.grid, this.step);
  }

  /**
   * Full pieces against whole slots, class by class (a sweep over class
   * runs, as the residue count sweeps residues): the first class short of
   * whole slots, as a certificate.
   */
  wholeSlotShortage(): Certificate | undefined {
    const demand = new ArcCollector(this.classes);
    for (const run of this.fullRuns) demand.add(run.slotClass, run.count);
    const supply = new ArcCollector(this.classes);
    for (const range of this.ranges) {
      const whole = this.wholeSlots(range.start, range.end);
      if (whole.count > 0) supply.add(this.classOf(whole.first), whole.count);
    }
    const worst = worstArc(demand.finish(), supply.finish(), this.classes);
    if (worst === undefined) return undefined;
    return {
      kind: 'slots',
      slotGranules: this.step,
      fromGranules: (this.grid + worst.from * this.step) % this.alignment,
      classes: worst.to - worst.from,
      need: worst.need,
      offer: worst.offer,
    };
  }

  /** How many full pieces, and how many whole slots, class `slotClass` has. O(m + n). */
  private wholeCounts(slotClass: number): { readonly need: number; readonly offer: number } {
    const K = this.classes;
    // Whether the class is in the run's remainder: the classes first, first + 1, … (count mod K of them).
    const hits = (first: number, count: number): number => (residue(slotClass - first, K) < count % K ? 1 : 0);
    let need = 0;
    for (const run of this.fullRuns) need += Math.floor(run.count / K) + hits(run.slotClass, run.count);
    let offer = 0;
    for (const range of this.ranges) {
      const whole = this.wholeSlots(range.start, range.end);
      if (whole.count > 0) offer += Math.floor(whole.count / K) + hits(this.classOf(whole.first), whole.count);
    }
    return { need, offer };
  }

  /** The partial slots of every free range whose class is in `wanted`, by class. O(n). */
  private partialWindows(wanted: ReadonlySet<number>): Map<number, PartialWindow[]> {
    const S = this.step;
    const windows = new Map<number, PartialWindow[]>();
    const add = (slot: number, from: number, to: number): void => {
      const slotClass = this.classOf(slot);
      if (!wanted.has(slotClass)) return;
      const list = windows.get(slotClass);
      if (list === undefined) windows.set(slotClass, [{ slot, from, to }]);
      else list.push({ slot, from, to });
    };
    for (const { start, end } of this.ranges) {
      const whole = this.wholeSlots(start, end);
      const headSlot = whole.first - S;
      if (whole.first >= end) {
        add(headSlot, start - headSlot, end - headSlot);
        continue;
      }
      if (start < whole.first) add(headSlot, start - headSlot, S);
      const tail = whole.first + whole.count * S;
      if (tail < end) add(tail, 0, end - tail);
    }
    return windows;
  }

  /**
   * Place the partial pieces class by class, then lay every piece out on
   * real slots. Unknown when a class's search ran out of budget.
   */
  placePartials(budget: LapBudget): SlotOutcome {
    const byClass = new Map<number, PartialPiece[]>();
    for (const piece of this.partials) {
      const list = byClass.get(piece.slotClass);
      if (list === undefined) byClass.set(piece.slotClass, [piece]);
      else list.push(piece);
    }
    const windows = this.partialWindows(new Set(byClass.keys()));
    const plans = new Map<number, ClassPlan>();
    for (const [slotClass, pieces] of [...byClass].sort((a, b) => a[0] - b[0])) {
      const { need, offer } = this.wholeCounts(slotClass);
      const classWindows = windows.get(slotClass) ?? [];
      const laps = classWindows.map((window) => ({ from: window.from, to: window.to, next: -1 }));
      const outcome = searchLaps(pieces.map((piece) => ({ start: piece.offset, size: piece.size })), laps, offer - need, this.step, budget, this.nodes);
      this.nodes = outcome.nodes;
      if (outcome.status === 'unknown') return { status: 'unknown', nodes: this.nodes };
      if (outcome.status === 'infeasible') {
        return {
          status: 'infeasible',
          certificate: {
            kind: 'partial-slots',
            slotGranules: this.step,
            fromGranules: (this.grid + slotClass * this.step) % this.alignment,
            pieces: pieces.length,
            wholeSlots: offer - need,
            partialSlots: classWindows.length,
            nodes: this.nodes,
          },
          nodes: this.nodes,
        };
      }
      const plan: ClassPlan = { pieces, windows: classWindows, assignment: outcome.assignment };
      plans.set(slotClass, plan);
    }
    return { status: 'feasible', pieces: this.layOut(plans), nodes: this.nodes };
  }

  /**
   * Real positions: whole slots taken from the longest free ranges first
   * (their slots are consecutive, so a block's consecutive full pieces tend
   * to land side by side and merge), each class's slots in address order.
   */
  private layOut(plans: ReadonlyMap<number, ClassPlan>): OwnedPiece[] {
    const K = this.classes;
    const S = this.step;
    // Whole slots each class needs: its full pieces and the spare slots its partial pieces opened.
    const needs = new Map<number, number>();
    const want = (slotClass: number, count: number): void => {
      if (count > 0) needs.set(slotClass, (needs.get(slotClass) ?? 0) + count);
    };
    for (const run of this.fullRuns) {
      for (let k = 0; k < Math.min(run.count, K); k++) want((run.slotClass + k) % K, Math.floor(run.count / K) + (k < run.count % K ? 1 : 0));
    }
    for (const [slotClass, plan] of plans) want(slotClass, plan.assignment.opened);
    const slots = new Map<number, number[]>();
    const ranges = [...this.ranges].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    for (const { start, end } of ranges) {
      if (needs.size === 0) break;
      const whole = this.wholeSlots(start, end);
      if (whole.count === 0) continue;
      const firstClass = this.classOf(whole.first);
      for (const [slotClass, count] of [...needs]) {
        const taken = slots.get(slotClass) ?? [];
        for (let j = residue(slotClass - firstClass, K); j < whole.count && taken.length < count; j += K) taken.push(whole.first + j * S);
        slots.set(slotClass, taken);
        if (taken.length >= count) needs.delete(slotClass);
      }
    }
    return this.assign(plans, slots);
  }

  /** Full pieces block by block onto their class's slots in order; partial pieces as planned. */
  private assign(plans: ReadonlyMap<number, ClassPlan>, slots: ReadonlyMap<number, number[]>): OwnedPiece[] {
    const K = this.classes;
    const S = this.step;
    const next = new Map<number, number>();
    const take = (slotClass: number): number => {
      const used = next.get(slotClass) ?? 0;
      next.set(slotClass, used + 1);
      return slots.get(slotClass)![used]!;
    };
    const pieces: OwnedPiece[] = [];
    for (const run of this.fullRuns) {
      for (let k = 0; k < run.count; k++) {
        pieces.push({ ra: run.ra + k * S, pa: take((run.slotClass + k) % K), size: S, block: run.block });
      }
    }
    for (const [slotClass, plan] of plans) {
      const opened = Array.from({ length: plan.assignment.opened }, () => take(slotClass));
      plan.pieces.forEach((piece, i) => {
        const lap = plan.assignment.lap[i]!;
        const base = lap < plan.windows.length ? plan.windows[lap]!.slot : opened[lap - plan.windows.length]!;
        pieces.push({ ra: piece.ra, pa: base + piece.offset, size: piece.size, block: piece.block });
      });
    }
    return pieces;
  }
}

/** Where the partial pieces of one class go: `assignment.lap[i]` for `pieces[i]`, an index into `windows` or past it into the opened spare slots. */
interface ClassPlan {
  readonly pieces: readonly PartialPiece[];
  readonly windows: readonly PartialWindow[];
  readonly assignment: LapAssignment;
}
