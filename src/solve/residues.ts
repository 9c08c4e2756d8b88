/**
 * Counting by residue: a proof of infeasibility that needs no search and no
 * pieces, however many a block would be cut into.
 *
 * Every placed piece keeps its source congruence, so the byte at source PA
 * `q` of a block lands on a target byte `≡ q (mod alignment)`. Bytes of the
 * domain are distinct and land on distinct free bytes. Hence, for every
 * residue `r` modulo the alignment, the domain's memory needs as many free
 * bytes `≡ r` as it has bytes `≡ r`. A block of size z starting at source
 * PA p has `⌊z / A⌋` bytes at every residue and one more on the arc
 * `[p, p + z mod A)`; a free range counts the same way. Comparing the two
 * counts residue by residue is a necessary condition in both modes, and in
 * split mode, when every block and range is aligned to the split grid, it
 * is the whole question: finest pieces of one residue class are
 * interchangeable and fill the matching slots of any range.
 *
 * The counts are piecewise constant in `r` with steps at the arc ends, so
 * one sweep over the sorted ends finds where the need exceeds the offer
 * most. O((m + n) log(m + n)) for m blocks and n free ranges, typed-array
 * sorts only.
 *
 * @module
 */
import type { FreeMap } from '../memory/free-map.js';
import type { Block } from '../memory/instance.js';

/** Where the need exceeds the offer: every residue in `[from, to)` (units, modulo the alignment). */
export interface ResidueShortage {
  /** First residue of the arc (units). */
  readonly from: number;
  /** One past the last residue of the arc (units, at most the alignment). */
  readonly to: number;
  /** How many bytes the domain has at each of these residues (as many granules, in units). */
  readonly need: number;
  /** How many free bytes the target has at each of them. */
  readonly offer: number;
}

/** Arc ends of a family of intervals, in residues: starts and ends as sorted columns, plus the uniform part. */
export interface ArcEnds {
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly uniform: number;
}

/**
 * Collects how often intervals `[p, p + z)` cover each residue modulo a
 * modulus: `⌊z / modulus⌋` everywhere plus the arc `[p, p + z mod modulus)`,
 * a wrapping arc cut in two. O(1) an interval; {@link ArcCollector.finish}
 * sorts.
 */
export class ArcCollector {
  private starts: number[] = [];
  private ends: number[] = [];
  private uniform = 0;

  /** @param alignment the modulus */
  constructor(private readonly alignment: number) {}

  /** Count `[position, position + size)`. */
  add(position: number, size: number): void {
    const A = this.alignment;
    this.uniform += Math.floor(size / A);
    const rest = size % A;
    if (rest === 0) return;
    const from = position % A;
    const to = from + rest;
    this.starts.push(from);
    if (to <= A) {
      this.ends.push(to);
      return;
    }
    this.ends.push(A);
    this.starts.push(0);
    this.ends.push(to - A);
  }

  /** The collected arcs, sorted. */
  finish(): ArcEnds {
    return { starts: Float64Array.from(this.starts).sort(), ends: Float64Array.from(this.ends).sort(), uniform: this.uniform };
  }
}

/**
 * The residue arc where the blocks need the most more bytes than the free
 * ranges hold, or undefined when every residue is covered often enough.
 * The first such arc in residue order is returned, so the answer is stable.
 *
 * @param blocks the source blocks (`pa` fixes each one's residues)
 * @param map the target's free memory
 * @param alignment the congruence modulus (units)
 */
export function residueShortage(blocks: readonly Block[], map: FreeMap, alignment: number): ResidueShortage | undefined {
  const demand = new ArcCollector(alignment);
  for (const block of blocks) demand.add(block.pa, block.size);
  const supply = new ArcCollector(alignment);
  map.forEachRange((start, end) => supply.add(start, end - start));
  return worstArc(demand.finish(), supply.finish(), alignment);
}

/**
 * The sweep over the residues `[0, modulus)`: counts between consecutive arc
 * ends, and the first arc where `demand` exceeds `supply` the most
 * (undefined when it never does). O(number of arc ends).
 */
export function worstArc(demand: ArcEnds, supply: ArcEnds, alignment: number): ResidueShortage | undefined {
  let need = demand.uniform;
  let offer = supply.uniform;
  const cursors = [0, 0, 0, 0];
  const lists = [demand.starts, demand.ends, supply.starts, supply.ends];
  const steps = [1, -1, 1, -1];
  let worst: ResidueShortage | undefined;
  let position = 0;
  for (;;) {
    // Apply every arc end at `position`.
    for (let list = 0; list < 4; list++) {
      const values = lists[list]!;
      while (cursors[list]! < values.length && values[cursors[list]!] === position) {
        if (list < 2) need += steps[list]!;
        else offer += steps[list]!;
        cursors[list]!++;
      }
    }
    let next = alignment;
    for (let list = 0; list < 4; list++) {
      const values = lists[list]!;
      if (cursors[list]! < values.length) next = Math.min(next, values[cursors[list]!]!);
    }
    if (need > offer && (worst === undefined || need - offer > worst.need - worst.offer)) {
      worst = { from: position, to: next, need, offer };
    }
    if (next >= alignment) return worst;
    position = next;
  }
}
