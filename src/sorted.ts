/**
 * Order, written once: binary search over sorted numeric columns, and the
 * comparator for sorting bigints and strings. The exact search's residue
 * bounds, the L2 bound, the frame's map back to bytes, the real map and
 * `verify`'s range filter all ask the same question, "how many of these
 * sorted values come before this limit?", in one of three forms.
 *
 * Plain loops over `ArrayLike<number>` with no callbacks, so that a caller's
 * hot loop (verify runs one search per free range) stays inlined and
 * allocation-free.
 *
 * @module
 */

/** How many of the first `count` values of the ascending `values` are below `limit`; O(log n). */
export function countBelow(values: ArrayLike<number>, limit: number, count = values.length): number {
  return prefixLength(values, limit, count, false, false);
}

/** How many of the first `count` values of the ascending `values` are at most `limit`; O(log n). */
export function countAtMost(values: ArrayLike<number>, limit: number, count = values.length): number {
  return prefixLength(values, limit, count, true, false);
}

/** How many of the first `count` values of the descending `values` are above `limit`; O(log n). */
export function countAbove(values: ArrayLike<number>, limit: number, count = values.length): number {
  return prefixLength(values, limit, count, false, true);
}

/**
 * The length of the prefix of `values[0 … count)` that comes before `limit`
 * in the column's order (ascending, or `descending`); `inclusive` counts the
 * values equal to `limit` as before it. The one binary search.
 */
function prefixLength(values: ArrayLike<number>, limit: number, count: number, inclusive: boolean, descending: boolean): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const value = values[mid]!;
    const before = value === limit ? inclusive : descending ? value > limit : value < limit;
    if (before) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The sort order of two bigints, or of two strings by UTF-16 code unit (what
 * `<` compares; `localeCompare` would depend on the locale): negative, zero
 * or positive, for `Array.prototype.sort`. O(1) for bigints.
 */
export function ascending<T extends bigint | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
