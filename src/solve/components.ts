/**
 * Split mode when the blocks sit on different split grids: the residue
 * circle cut into independent components.
 *
 * A finest piece covers a fixed arc `[phase, phase + size)` of residues
 * modulo the alignment A (its size is at most the split step, so at most A).
 * Two pieces whose arcs do not overlap can never collide, wherever they go.
 * So the pieces fall into *components*, maximal groups chained by
 * overlapping arcs, each covering an arc `[L, R)` of the circle, and the
 * components are independent: each is decided on its own, on the *laps* of
 * the target that copy its arc (`x ≡ L (mod A)`, `[x, x + R − L)` intersected
 * with a free range). Inside a range, every copy but the first and the last
 * is whole, and whole copies are interchangeable: a pool. The pieces that
 * fill a whole copy are counted against the pool; the rest are placed by the
 * lap search (`laps.ts`).
 *
 * When the arcs cover the whole circle without a gap between components
 * (blocks larger than A on different grids), there is no component to cut
 * out. The circle is then opened at the residue inside the fewest arcs, and
 * every lap of every range is an explicit machine, linked to the next lap of
 * its range so that the pieces crossing the opening can continue there.
 *
 * Both forms are exact; the answer is a placement, a certificate, or
 * `unknown` when the budget runs out. `undefined` means the question is out
 * of this model's reach (too many laps to list), and the caller searches as
 * before.
 *
 * @module
 */
import { firstCongruent, lastCongruent, residue } from '../congruence.js';
import type { FreeMap } from '../memory/free-map.js';
import type { Items } from './items.js';
import { type Lap, type LapBudget, type LapJob, searchLaps } from './laps.js';
import { itemPiece, type OwnedPiece } from './pieces.js';
import { ArcCollector } from './residues.js';
import type { Certificate } from './result.js';

/** What the component model concluded. */
export type ComponentOutcome =
  | { readonly status: 'feasible'; readonly pieces: OwnedPiece[]; readonly nodes: number }
  | { readonly status: 'infeasible'; readonly certificate: Certificate; readonly nodes: number }
  | { readonly status: 'unknown'; readonly nodes: number };

/** Most explicit laps the circular form lists; beyond, the caller's search takes over. */
const MAX_LAPS = 1 << 14;

/** A component: the arc `[from, from + width)` of residues (from the circle's opening) and its items. */
interface Component {
  readonly from: number;
  readonly width: number;
  readonly items: number[];
}

/** A lap with its origin (target PA of offset 0). */
interface PlacedLap extends Lap {
  readonly origin: number;
}

/**
 * Decide a split question by components (see the module comment).
 *
 * Cost: O(p log p) for p pieces to find the components, O(n) per component
 * for its laps in n free ranges, plus the lap searches (bounded by `budget`).
 *
 * @param items the finest pieces (split mode)
 * @param map the target's free memory
 * @param alignment A (units)
 * @param budget node and time limits
 */
export function solveByComponents(items: Items, map: FreeMap, alignment: number, budget: LapBudget): ComponentOutcome | undefined {
  const ranges: { start: number; end: number }[] = [];
  map.forEachRange((start, end) => ranges.push({ start, end }));
  const opening = leastCovered(items, alignment);
  const relative = Float64Array.from(items.phase.subarray(0, items.count), (phase) => residue(phase - opening.residue, alignment));
  if (opening.inside > 0) return circular(items, relative, ranges, alignment, opening.residue, budget);
  const components = componentsOf(items, relative);
  const pieces: OwnedPiece[] = [];
  let nodes = 0;
  for (const component of components) {
    const outcome = solveComponent(items, relative, component, ranges, alignment, (opening.residue + component.from) % alignment, budget, nodes);
    nodes = outcome.nodes;
    if (outcome.status !== 'feasible') return outcome;
    pieces.push(...outcome.pieces);
  }
  return { status: 'feasible', pieces, nodes };
}

/**
 * The residue strictly inside the fewest item arcs, and how many: 0 means
 * the circle can be opened there without cutting a piece. The first such
 * residue, for a stable answer. O(p log p).
 */
function leastCovered(items: Items, alignment: number): { readonly residue: number; readonly inside: number } {
  // Interior points of [phase, phase + size): [phase + 1, phase + size), as arcs.
  // Pieces are at most the split step, so no interior wraps the whole circle.
  const interiors = new ArcCollector(alignment);
  for (let i = 0; i < items.count; i++) {
    if (items.size[i]! > 1) interiors.add(items.phase[i]! + 1, items.size[i]! - 1);
  }
  const { starts, ends, uniform } = interiors.finish();
  let best = { residue: 0, inside: Infinity };
  let depth = uniform;
  let s = 0;
  let e = 0;
  let position = 0;
  for (;;) {
    while (e < ends.length && ends[e] === position) (depth--, e++);
    while (s < starts.length && starts[s] === position) (depth++, s++);
    if (depth < best.inside) best = { residue: position, inside: depth };
    const next = Math.min(s < starts.length ? starts[s]! : alignment, e < ends.length ? ends[e]! : alignment);
    if (next >= alignment || best.inside === 0) return best;
    position = next;
  }
}

/** Items chained by overlapping arcs (relative to the opening, none crossing it), in order. */
function componentsOf(items: Items, relative: Float64Array): Component[] {
  const order = Array.from({ length: items.count }, (_, i) => i).sort((a, b) => relative[a]! - relative[b]! || a - b);
  const components: Component[] = [];
  let current: { from: number; to: number; items: number[] } | undefined;
  for (const i of order) {
    const start = relative[i]!;
    const stop = start + items.size[i]!;
    if (current !== undefined && start < current.to) {
      current.to = Math.max(current.to, stop);
      current.items.push(i);
      continue;
    }
    if (current !== undefined) components.push({ from: current.from, width: current.to - current.from, items: current.items });
    current = { from: start, to: stop, items: [i] };
  }
  if (current !== undefined) components.push({ from: current.from, width: current.to - current.from, items: current.items });
  return components;
}

/** One component on its laps: whole copies counted, the rest searched. */
function solveComponent(
  items: Items,
  relative: Float64Array,
  component: Component,
  ranges: readonly { start: number; end: number }[],
  alignment: number,
  residue: number,
  budget: LapBudget,
  nodesSoFar: number,
): ComponentOutcome {
  const width = component.width;
  const laps: PlacedLap[] = [];
  let pool = 0;
  for (const { start, end } of ranges) {
    const first = firstCongruent(start, residue, alignment);
    const head = first - alignment;
    if (head + width > start) laps.push({ origin: head, from: start - head, to: Math.min(width, end - head), next: -1 });
    const whole = first + width <= end ? Math.floor((end - width - first) / alignment) + 1 : 0;
    pool += whole;
    const tail = first + whole * alignment;
    if (tail < end) laps.push({ origin: tail, from: 0, to: Math.min(width, end - tail), next: -1 });
  }
  const whole = component.items.filter((i) => relative[i] === component.from && items.size[i] === width);
  if (whole.length > pool) {
    const certificate: Certificate = { kind: 'slots', slotGranules: width, fromGranules: residue, classes: 1, need: whole.length, offer: pool };
    return { status: 'infeasible', certificate, nodes: nodesSoFar };
  }
  const rest = component.items.filter((i) => !(relative[i] === component.from && items.size[i] === width));
  const jobs: LapJob[] = rest.map((i) => ({ start: relative[i]! - component.from, size: items.size[i]! }));
  const outcome = searchLaps(jobs, laps, pool - whole.length, width, budget, nodesSoFar);
  if (outcome.status === 'unknown') return outcome;
  if (outcome.status === 'infeasible') {
    const certificate: Certificate = {
      kind: 'partial-slots',
      slotGranules: width,
      fromGranules: residue,
      pieces: rest.length,
      wholeSlots: pool - whole.length,
      partialSlots: laps.length,
      nodes: outcome.nodes,
    };
    return { status: 'infeasible', certificate, nodes: outcome.nodes };
  }
  const origins = wholeOrigins(ranges, residue, width, alignment, whole.length + outcome.assignment.opened);
  const pieces: OwnedPiece[] = whole.map((i, k) => itemPiece(items, i, origins[k]!));
  rest.forEach((i, j) => {
    const lap = outcome.assignment.lap[j]!;
    const origin = lap < laps.length ? laps[lap]!.origin : origins[whole.length + lap - laps.length]!;
    pieces.push(itemPiece(items, i, origin + jobs[j]!.start));
  });
  return { status: 'feasible', pieces, nodes: outcome.nodes };
}

/** Origins of `count` whole copies of the arc at `residue`, from the longest ranges first. */
function wholeOrigins(ranges: readonly { start: number; end: number }[], residue: number, width: number, alignment: number, count: number): number[] {
  const origins: number[] = [];
  const longestFirst = [...ranges].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  for (const { start, end } of longestFirst) {
    for (let x = firstCongruent(start, residue, alignment); x + width <= end && origins.length < count; x += alignment) origins.push(x);
    if (origins.length >= count) break;
  }
  return origins;
}

/** No gap on the circle: every lap explicit, linked within its range, the opening at `residue`. */
function circular(
  items: Items,
  relative: Float64Array,
  ranges: readonly { start: number; end: number }[],
  alignment: number,
  residue: number,
  budget: LapBudget,
): ComponentOutcome | undefined {
  const laps: PlacedLap[] = [];
  for (const { start, end } of ranges) {
    const first = lastCongruent(start, residue, alignment);
    const count = Math.ceil((end - first) / alignment);
    if (laps.length + count > MAX_LAPS) return undefined;
    for (let k = 0; k < count; k++) {
      const origin = first + k * alignment;
      laps.push({ origin, from: Math.max(0, start - origin), to: Math.min(alignment, end - origin), next: k + 1 < count ? laps.length + 1 : -1 });
    }
  }
  const jobs: LapJob[] = Array.from(relative, (start, i) => ({ start, size: items.size[i]! }));
  const outcome = searchLaps(jobs, laps, 0, alignment, budget);
  if (outcome.status === 'unknown') return outcome;
  if (outcome.status === 'infeasible') return { status: 'infeasible', certificate: { kind: 'exhaustive', nodes: outcome.nodes }, nodes: outcome.nodes };
  const pieces = jobs.map((job, i) => itemPiece(items, i, laps[outcome.assignment.lap[i]!]!.origin + job.start));
  return { status: 'feasible', pieces, nodes: outcome.nodes };
}
