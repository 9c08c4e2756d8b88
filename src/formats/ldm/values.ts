/**
 * The values `ldm` prints, read exactly: human sizes (`512K`, `1536K`,
 * `32544M`, `28G`, and `256MB` in messages), parseable decimal byte counts,
 * and `0x` hex addresses. A value that does not parse is an
 * {@link InputError} naming the capture's file and line — never a zero.
 *
 * @module
 */
import { InputError, parseBytes } from '../../quantity.js';
import type { OutputText } from './model.js';

/** An input error at line `index` of an output (0-based in `text.lines`), named `file: line N`. */
export function lineError(text: OutputText, index: number, detail: string, value = ''): InputError {
  return new InputError(`line ${text.firstLine + index}`, detail, value, text.file);
}

/** A warning about line `index` of an output: `file:N: what`. */
export function lineWarning(text: OutputText, index: number, what: string): string {
  return `${text.file}:${text.firstLine + index}: ${what}`;
}

/**
 * A size as `ldm` prints it, in bytes: an integer with an optional binary
 * unit `K`, `M`, `G`, `T` or `P` (and an optional `B`: `256MB`), or a plain
 * decimal byte count (`-p` listings), or hex. Exact for every 64-bit value.
 *
 * @throws {@link InputError} at the output's line when it is not a size
 */
export function ldmSize(text: OutputText, index: number, value: string, what = 'size'): bigint {
  try {
    return BigInt(parseBytes(value, ''));
  } catch {
    throw lineError(text, index, `${what} is not a size`, value);
  }
}

/** One past the last byte address. */
const ADDRESS_END = 1n << 64n;

/**
 * A memory range (a `list-devices` row, a domain's block) once its fields
 * are read: a size of 0 or an end past 2^64 is a value that would change the
 * question (a free range of nothing, a block that wraps), so it is an error
 * at its line, never a row kept.
 *
 * @throws {@link InputError} at the output's line
 */
export function ldmRegion<T extends { readonly pa: bigint; readonly size: bigint; readonly ra?: bigint }>(text: OutputText, index: number, region: T): T {
  if (region.size === 0n) throw lineError(text, index, 'a memory range of size 0', '0');
  const start = region.ra !== undefined && region.ra > region.pa ? region.ra : region.pa;
  if (start + region.size > ADDRESS_END) throw lineError(text, index, 'the range ends past 2^64', `0x${start.toString(16)} + 0x${region.size.toString(16)}`);
  return region;
}

/**
 * An address as `ldm` prints it: `0x` hex (any case), in bytes.
 *
 * @throws {@link InputError} at the output's line when it is not hex
 */
export function ldmAddress(text: OutputText, index: number, value: string, what = 'address'): bigint {
  if (!/^0[xX][0-9a-fA-F]+$/.test(value)) throw lineError(text, index, `${what} is not a hex address`, value);
  try {
    return BigInt(parseBytes(value, ''));
  } catch {
    throw lineError(text, index, `${what} does not fit in 64 bits`, value);
  }
}

/**
 * A whole count (VCPU, cores, PID, percentages).
 *
 * @throws {@link InputError} at the output's line when it is not a whole number
 */
export function ldmCount(text: OutputText, index: number, value: string, what = 'count'): number {
  if (!/^\d{1,15}$/.test(value)) throw lineError(text, index, `${what} is not a whole number`, value);
  return Number(value);
}
