/**
 * A small seeded pseudo-random generator for the instance generator and the
 * benchmarks. Determinism is the whole point: the same seed must give the
 * same instance, byte for byte, on every machine and Node version, so that a
 * before/after benchmark compares the same work.
 *
 * That rules out `Math.random` and also `Math.log`/`Math.exp`/`Math.pow`,
 * whose last bits are not fixed by the language spec. Everything here uses
 * 32-bit integer operations (`Math.imul`, shifts) and exact double
 * arithmetic only.
 *
 * @module
 */

/** 2^32, to combine two 32-bit draws. */
const TWO_POW_32 = 4294967296;
/** 2^53, the resolution of {@link SeededRandom.fraction}. */
const TWO_POW_53 = 9007199254740992;

/**
 * xoshiro128** (Blackman and Vigna), seeded by a splitmix32 expansion of one
 * integer seed. Period 2^128 − 1; fast and well distributed in all 32 bits,
 * which is all a generator of test maps needs. Not for cryptography.
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * @param seed any integer; only its low 32 bits and the bits above them
   *   folded in (so `1` and `2^32 + 1` differ) select the stream
   */
  constructor(seed: number) {
    // Fold a seed up to 2^53 into 32 bits without losing the high part.
    let state = (seed >>> 0) ^ Math.imul(Math.floor(seed / TWO_POW_32) >>> 0, 0x9e3779b1);
    const next = (): number => {
      // splitmix32: a different mixing of successive Weyl steps for each word,
      // so that nearby seeds give unrelated states (and never all zero).
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** The next unsigned 32-bit integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  fraction(): number {
    const high = this.uint32() >>> 5; // 27 bits
    const low = this.uint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / TWO_POW_53;
  }

  /**
   * A uniform integer in `[0, bound)`, for `bound` up to 2^53. The bias of
   * scaling a 53-bit fraction is below 2^-53 · bound, invisible for maps.
   */
  below(bound: number): number {
    return Math.floor(this.fraction() * bound);
  }

  /** A uniform integer in `[low, high]` (inclusive). */
  between(low: number, high: number): number {
    return low + this.below(high - low + 1);
  }

  /**
   * An integer in `[low, high]` that is roughly log-uniform: first a binary
   * order of magnitude is chosen uniformly, then a value inside it. Small
   * values are as common as large ones per octave — the shape of a free map
   * that has been fragmented for a long time. Integer-only, so it is exact on
   * every platform (no `Math.log`).
   *
   * @param low at least 1
   * @param high at least `low`
   */
  logUniform(low: number, high: number): number {
    const octaves = bitLength(high) - bitLength(low) + 1;
    const octave = bitLength(low) - 1 + this.below(octaves);
    const floor = Math.max(low, powerOfTwo(octave));
    const ceiling = Math.min(high, powerOfTwo(octave + 1) - 1);
    return this.between(floor, ceiling);
  }

  /** Shuffle `items` in place (Fisher–Yates) and return it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const held = items[i]!;
      items[i] = items[j]!;
      items[j] = held;
    }
    return items;
  }
}

function rotl(value: number, shift: number): number {
  return (value << shift) | (value >>> (32 - shift));
}

/** 2^exponent by doubling: exact, where `**` is only specified approximately. */
function powerOfTwo(exponent: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i++) result *= 2;
  return result;
}

/** Number of binary digits of a positive safe integer (1 → 1, 8 → 4). */
function bitLength(value: number): number {
  let bits = 0;
  for (let v = value; v >= 1; v = Math.floor(v / 2)) bits++;
  return bits;
}
