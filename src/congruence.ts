/**
 * The congruence arithmetic of the engine, written once: a residue, the
 * padding a piece pays to reach its phase (`(phase − start) mod alignment`),
 * and the congruent addresses on either side of a point. The range tree, the
 * free map, the solvers and the generators all call these; `verify` does
 * not: it checks in exact bytes with arithmetic of its own, so that a slip
 * here cannot hide in both.
 *
 * Values are integers held in doubles (granules, or a framed question's
 * units) and moduli positive integers, with `|value| + modulus ≤ 2^53`;
 * every question the engine takes stays within 2^52 (`SAFE_UNITS`), and a
 * power-of-two modulus (every alignment) is exact for any `|value| < 2^53`.
 *
 * Why `value − ⌊value / modulus⌋ · modulus` and not `%`: the tree's fit
 * queries run this at every node they visit, and on doubles (every column is
 * a Float64Array) V8 compiles `%` to a call into the C library's `fmod`,
 * where division, floor and a multiply stay inline. It is exact: the true
 * quotient q + f (f the fraction) is off q + 1 by at least 1/modulus, more
 * than half an ulp of any quotient below 2^53 / modulus, so rounding never
 * carries it across an integer (for a power-of-two modulus the division is
 * exact anyway); `q · modulus` lies within `modulus` of the value, so it is
 * an integer of at most 2^53 (a multiple of a power of two, when the
 * modulus is one, whatever its size), and so is the difference. And unlike
 * `%`, the result lies in `[0, modulus)` for negative values too, which the
 * padding needs.
 *
 * @module
 */

/** `value mod modulus`, in `[0, modulus)` whatever the sign of `value`. O(1), exact. */
export function residue(value: number, modulus: number): number {
  return value - Math.floor(value / modulus) * modulus;
}

/**
 * The padding a piece of phase `phase` pays at `start`: `(phase − start) mod
 * alignment`, the distance from `start` up to the first address congruent
 * to `phase`. O(1).
 */
export function paddingTo(start: number, phase: number, alignment: number): number {
  return residue(phase - start, alignment);
}

/**
 * The first address `p ≥ start` with `p ≡ phase (mod alignment)`. The gap
 * `p − start` is the padding a block of that phase pays at `start`
 * (`paddingTo`). O(1).
 */
export function firstCongruent(start: number, phase: number, alignment: number): number {
  return start + residue(phase - start, alignment);
}

/**
 * The last address `p ≤ point` with `p ≡ phase (mod alignment)`: the mirror
 * of {@link firstCongruent}, for placing a piece flush against the end of a
 * range. O(1).
 */
export function lastCongruent(point: number, phase: number, alignment: number): number {
  return point - residue(point - phase, alignment);
}

/**
 * The whole windows `[x, x + step)` with `x ≡ phase (mod step)` that lie
 * inside `[start, end)`: the first one's start and how many there are (the
 * first is where one would start when there are none). A split block's whole
 * step-windows of RA and a free range's whole slots are both this. O(1).
 */
export function wholeWindows(start: number, end: number, phase: number, step: number): { readonly first: number; readonly count: number } {
  const first = firstCongruent(start, phase, step);
  const last = lastCongruent(end, phase, step);
  return { first, count: last > first ? (last - first) / step : 0 };
}
