/**
 * Free memory of a fleet host in exact bytes: ranges `{pa, size}` as bigints,
 * coalesced, and the two changes a move makes to them (take the pieces of a
 * placement out, give a domain's source blocks back). Bigints because a
 * fleet file may name any 64-bit address and a host's sums may pass 2^53.
 *
 * @module
 */
import { InputError, formatHex } from '../quantity.js';

/** A range of physical memory in bytes. */
export interface ByteRange {
  /** First byte. */
  readonly pa: bigint;
  /** Length in bytes; > 0. */
  readonly size: bigint;
}

/**
 * Sort by address and merge ranges that touch (adjacent free ranges are
 * physically contiguous, placement.md). O(n log n); the input is not mutated.
 */
export function coalesce(ranges: readonly ByteRange[]): ByteRange[] {
  const sorted = [...ranges].sort((a, b) => (a.pa < b.pa ? -1 : a.pa > b.pa ? 1 : 0));
  const merged: { pa: bigint; size: bigint }[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.pa + last.size === range.pa) last.size += range.size;
    else merged.push({ pa: range.pa, size: range.size });
  }
  return merged;
}

/**
 * The free ranges once `pieces` are taken: each piece must lie inside one
 * coalesced range. O((n + p) log(n + p)).
 *
 * @throws {@link InputError} naming `field[k]` for a piece outside free memory
 */
export function takeRanges(free: readonly ByteRange[], pieces: readonly ByteRange[], field: string): ByteRange[] {
  const left = coalesce(free);
  const order = pieces.map((piece, index) => ({ piece, index })).sort((a, b) => (a.piece.pa < b.piece.pa ? -1 : 1));
  const out: ByteRange[] = [];
  let r = 0;
  let cursor = left[0]?.pa ?? 0n;
  for (const { piece, index } of order) {
    while (r < left.length && left[r]!.pa + left[r]!.size <= piece.pa) {
      emit(out, cursor, left[r]!.pa + left[r]!.size);
      r++;
      cursor = left[r]?.pa ?? 0n;
    }
    const range = left[r];
    if (range === undefined || piece.pa < cursor || piece.pa + piece.size > range.pa + range.size) {
      throw new InputError(`${field}[${index}]`, 'is not inside free memory', `${formatHex(piece.pa)} + ${formatHex(piece.size)}`);
    }
    emit(out, cursor, piece.pa);
    cursor = piece.pa + piece.size;
  }
  for (; r < left.length; r++) {
    emit(out, cursor, left[r]!.pa + left[r]!.size);
    cursor = left[r + 1]?.pa ?? 0n;
  }
  return out;
}

function emit(out: ByteRange[], from: bigint, to: bigint): void {
  if (to > from) out.push({ pa: from, size: to - from });
}

/** Total bytes of the ranges. O(n). */
export function totalBytes(ranges: readonly ByteRange[]): bigint {
  return ranges.reduce((sum, range) => sum + range.size, 0n);
}

/** The largest range's size (0 for none). O(n); the ranges should be coalesced. */
export function largestBytes(ranges: readonly ByteRange[]): bigint {
  return ranges.reduce((largest, range) => (range.size > largest ? range.size : largest), 0n);
}
