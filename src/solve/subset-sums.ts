/**
 * Subset sums as a bitset, for the fill check of the exact search: which
 * totals can some subset of the unplaced items reach?
 *
 * @module
 */

/** Greatest common divisor of two non-negative integers (gcd(0, b) = b). O(log). */
export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Add one item of `shift` units to the subset sums `bits` (bit k set when
 * some subset totals k): `bits |= bits << shift`, in place, dropping sums
 * past the end of the array. O(words).
 */
export function addToSums(bits: Uint32Array, shift: number): void {
  const words = shift >>> 5;
  const offset = shift & 31;
  for (let i = bits.length - 1; i >= words; i--) {
    const low = bits[i - words]!;
    const carry = offset === 0 || i - words - 1 < 0 ? 0 : bits[i - words - 1]! >>> (32 - offset);
    bits[i] = bits[i]! | (offset === 0 ? low : (low << offset) | carry);
  }
}

/**
 * Whether some subset total lies in `[from, to]` (any bit set there).
 * Skips empty 32-bit words whole. O(to − from).
 */
export function anySumBetween(bits: Uint32Array, from: number, to: number): boolean {
  for (let bit = Math.max(0, from); bit <= to; bit++) {
    if ((bit & 31) === 0 && bit + 31 <= to && bits[bit >>> 5] === 0) {
      bit += 31;
      continue;
    }
    if ((bits[bit >>> 5]! >>> (bit & 31)) & 1) return true;
  }
  return false;
}
