/**
 * An instance file (docs/placement.md, "Instance file") read into exact
 * BigInt bytes, for the test oracles only. Written from placement.md alone:
 * it shares no code and no arithmetic with `src/`, so a rounding or parsing
 * bug in the product cannot hide in the oracle too.
 *
 * @module
 */

/** 2^64: a range or block may end exactly here (its last byte is 2^64 - 1). */
export const TWO_POW_64 = 1n << 64n;

/** One source block, in bytes. `pa` is its source PA (`ra` when the file omits it). */
export interface OracleBlock {
  readonly ra: bigint;
  readonly pa: bigint;
  readonly size: bigint;
}

/** One coalesced free range of the target, `[start, end)` in bytes. */
export interface OracleRange {
  readonly start: bigint;
  readonly end: bigint;
}

/** A placement question with every default applied, in bytes. */
export interface OracleQuestion {
  readonly granule: bigint;
  readonly alignment: bigint;
  readonly split: boolean;
  readonly splitAlignment: bigint;
  /** The source blocks in file order. */
  readonly blocks: readonly OracleBlock[];
  /** The free ranges sorted by start, adjacent ones coalesced. */
  readonly free: readonly OracleRange[];
}

const UNIT_SHIFT: Readonly<Record<string, bigint>> = { k: 10n, m: 20n, g: 30n, t: 40n, p: 50n };

/**
 * A quantity as placement.md "Quantities" allows it: a hex string, a decimal
 * string, a decimal with a binary unit (K M G T P, 1K = 1024,
 * case-insensitive, optionally followed by B), or a safe non-negative JSON
 * integer. Values of 2^64 or more are errors.
 *
 * @throws Error naming `field` for anything else
 */
export function quantity(value: unknown, field: string): bigint {
  const bytes = quantityOrUndefined(value);
  if (bytes === undefined || bytes >= TWO_POW_64) {
    throw new Error(`${field}: not a 64-bit quantity: ${JSON.stringify(value)}`);
  }
  return bytes;
}

function quantityOrUndefined(value: unknown): bigint | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : undefined;
  if (typeof value !== 'string') return undefined;
  if (/^0x[0-9a-f]+$/i.test(value)) return BigInt(value.toLowerCase());
  const decimal = /^([0-9]+)(?:([kmgtp])b?)?$/i.exec(value);
  if (decimal === null) return undefined;
  const unit = decimal[2] === undefined ? 0n : UNIT_SHIFT[decimal[2].toLowerCase()]!;
  return BigInt(decimal[1]!) << unit;
}

const isPowerOfTwo = (value: bigint): boolean => value > 0n && (value & (value - 1n)) === 0n;

type Json = Readonly<Record<string, unknown>>;

/**
 * Read an instance file's parsed JSON, apply the defaults (granule 8K,
 * alignment 256M, split false, splitAlignment = alignment, pa = ra) and
 * check every rule of placement.md "Inputs".
 *
 * @throws Error naming the field for input the contract calls an error
 */
export function readQuestion(file: Json): OracleQuestion {
  const granule = powerOfTwo(file['granule'] ?? '8K', 'granule');
  const alignmentText = file['alignment'] ?? '256M';
  const alignment = powerOfTwo(alignmentText, 'alignment');
  if (alignment < granule) throw new Error('alignment: smaller than the granule');
  const splitAlignment = powerOfTwo(file['splitAlignment'] ?? alignmentText, 'splitAlignment');
  if (splitAlignment < granule || splitAlignment > alignment) {
    throw new Error('splitAlignment: outside [granule, alignment]');
  }
  const split = file['split'] ?? false;
  if (typeof split !== 'boolean') throw new Error('split: not a boolean');
  const inGranules = (value: unknown, field: string): bigint => {
    const bytes = quantity(value, field);
    if (bytes % granule !== 0n) throw new Error(`${field}: not a multiple of the granule`);
    return bytes;
  };
  const blocks = ((file['domain'] as Json)['memory'] as Json[]).map((entry, i): OracleBlock => {
    const field = `domain.memory[${i}]`;
    const ra = inGranules(entry['ra'], `${field}.ra`);
    const pa = entry['pa'] === undefined ? ra : inGranules(entry['pa'], `${field}.pa`);
    const size = positiveSize(inGranules(entry['size'], `${field}.size`), field);
    if (ra + size > TWO_POW_64 || pa + size > TWO_POW_64) throw new Error(`${field}: ends beyond 2^64`);
    return { ra, pa, size };
  });
  const ranges = ((file['target'] as Json)['free'] as Json[]).map((entry, i): OracleRange => {
    const field = `target.free[${i}]`;
    const start = inGranules(entry['pa'], `${field}.pa`);
    const end = start + positiveSize(inGranules(entry['size'], `${field}.size`), field);
    if (end > TWO_POW_64) throw new Error(`${field}: ends beyond 2^64`);
    return { start, end };
  });
  checkDisjoint(blocks.map((block) => ({ start: block.ra, end: block.ra + block.size })), 'domain.memory (RA)');
  checkDisjoint(ranges, 'target.free');
  return { granule, alignment, split, splitAlignment, blocks, free: coalesced(ranges) };
}

function powerOfTwo(value: unknown, field: string): bigint {
  const bytes = quantity(value, field);
  if (!isPowerOfTwo(bytes)) throw new Error(`${field}: not a power of two`);
  return bytes;
}

function positiveSize(size: bigint, field: string): bigint {
  if (size === 0n) throw new Error(`${field}.size: must be greater than 0`);
  return size;
}

/** A comparator for sorting BigInt values in ascending order. */
export const ascending = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

const byStart = (a: OracleRange, b: OracleRange): number => ascending(a.start, b.start);

function checkDisjoint(spans: readonly OracleRange[], what: string): void {
  const sorted = [...spans].sort(byStart);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i - 1]!.end > sorted[i]!.start) throw new Error(`${what}: two entries overlap`);
  }
}

/** Sort by start and merge ranges that touch: adjacent free ranges are physically contiguous. */
function coalesced(ranges: readonly OracleRange[]): OracleRange[] {
  const merged: OracleRange[] = [];
  for (const range of [...ranges].sort(byStart)) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.end === range.start) merged[merged.length - 1] = { start: last.start, end: range.end };
    else merged.push(range);
  }
  return merged;
}

/** The smallest address ≥ `from` that is ≡ `residue` (mod `alignment`). */
export function firstCongruentAtOrAfter(from: bigint, residue: bigint, alignment: bigint): bigint {
  const gap = (((residue - from) % alignment) + alignment) % alignment;
  return from + gap;
}
