/**
 * A seeded pseudo-random generator for benchmarks, so that a run before a
 * change and a run after it measure exactly the same work.
 *
 * mulberry32: 32 bits of state, one multiply-xorshift round per draw. Far
 * from cryptographic and plenty for drawing benchmark inputs.
 *
 * @module
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * A generator seeded with `seed` (any 32-bit integer); the same seed gives
 * the same sequence on every platform.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in `[low, high)` drawn from `random`. */
export function integerBetween(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low));
}
