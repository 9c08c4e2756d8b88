/**
 * Classes of interchangeable free ranges: equal length and equal start
 * residue modulo the alignment. Two such ranges are translates of each other
 * by a multiple of the alignment, so every congruent position in one has its
 * twin at the same offset in the other, and a set of items fits one exactly
 * when it fits the other. The exact search tries one range of a class for
 * an item, and the MIP states a no-good cut once for a whole class; both
 * keep no more ranges of a class than can be used.
 *
 * @module
 */
import type { FreeMap } from '../memory/free-map.js';

/** One class of interchangeable free ranges. */
export interface RangeClass {
  /** The common length (units). */
  readonly length: number;
  /** The common start residue modulo the alignment. */
  readonly residue: number;
  /** The starts of the class's ranges, ascending. */
  readonly starts: number[];
}

/**
 * The free ranges of `map` grouped into classes, in the order of each
 * class's lowest range. O(n), keyed by residue and then by length in nested
 * maps, so a million ranges build no key strings.
 */
export function rangeClasses(map: FreeMap, alignment: number): RangeClass[] {
  const byResidue = new Map<number, Map<number, RangeClass>>();
  const classes: RangeClass[] = [];
  map.forEachRange((start, end) => {
    const residue = start % alignment;
    const length = end - start;
    let byLength = byResidue.get(residue);
    if (byLength === undefined) byResidue.set(residue, (byLength = new Map()));
    const found = byLength.get(length);
    if (found !== undefined) found.starts.push(start);
    else {
      const created = { length, residue, starts: [start] };
      byLength.set(length, created);
      classes.push(created);
    }
  });
  return classes;
}
