/**
 * The fast path of the instance reader: one pass over the file's bytes that
 * puts the free ranges straight into `Float64Array` columns, with no object,
 * string or closure per range.
 *
 * Why: for a million free ranges, `JSON.parse` builds a million `{pa, size}`
 * objects and as many strings, and collecting them costs about as much as
 * parsing; `ldmfit place` must cost at most twice a bare `JSON.parse`.
 *
 * The scanner never words an error. Whenever the file is anything but a
 * plain, valid instance of the common shape it gives up (returns
 * `undefined`), and the caller takes the `JSON.parse` path, which reports the
 * error if there is one. It gives up on: invalid JSON, a duplicate or unknown
 * key in the top object, in `target` or in a free range, an escape in a key
 * or a free range's value, a free range value that is not a plain quantity
 * string or a safe non-negative integer written as digits only, a decimal
 * above 2^53 bytes or of more than 15 digits, a granule above 4G, and any
 * value that would be an error (not a multiple of the granule, a zero size,
 * an end beyond 2^64, beyond 2^53 granules).
 *
 * Only the free ranges are read by hand. The other values (`granule`,
 * `alignment`, `split`, `splitAlignment`, `$schema`, the whole `domain`,
 * `target.name`) are few: the scanner finds the end of each, decodes just
 * those bytes and hands the text to `JSON.parse`, so they come back exactly
 * as `JSON.parse` would give them, and the caller checks them with the same
 * functions as the `JSON.parse` path.
 *
 * Why bytes: a file of ten million ranges (551 MB, as `ldmfit generate
 * --ranges 10000000` writes it) is longer than the longest string V8 can
 * hold, so it can never be decoded whole. Every character the scanner looks
 * at is ASCII (JSON's structure, digits, unit letters, field names), and in
 * UTF-8 no byte of a multi-byte character is below 0x80, so the scanner
 * reads bytes as it read characters.
 *
 * @module
 */
import type { RangeColumns } from '../memory/instance.js';
import { parsePowerOfTwo } from '../quantity.js';
import { CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './json-chars.js';
import { hasByteOrderMark, utf8Text } from './json-text.js';

/**
 * What the scanner read: the instance as `JSON.parse` would give it, except
 * that `target.free` is already {@link free}, in units of {@link granuleBytes}.
 */
export interface ScannedInstance {
  /** The top object; `document.target.free` is {@link free}. */
  readonly document: Readonly<Record<string, unknown>>;
  /** The free ranges in granule units, validated (multiples, sizes > 0, ends ≤ 2^64). */
  readonly free: RangeColumns;
  /**
   * The granule the free ranges are converted with: the file's `granule` when
   * it comes before `target`, else the assumed one. The caller must check it
   * against the file's granule.
   */
  readonly granuleBytes: number;
}

/**
 * Scan an instance file's bytes, UTF-8 (a byte-order mark is skipped).
 *
 * Cost: one pass over the bytes, plus decoding and `JSON.parse` of the few
 * values other than the free ranges; O(n) for n free ranges, with two
 * `Float64Array` columns grown by doubling.
 *
 * @param bytes the file's contents
 * @param assumedGranuleBytes the granule to convert the free ranges with when
 *   the file gives none before `target` (the default, or the file's own
 *   granule on a second scan)
 * @returns the scanned instance, or `undefined` when the scanner gives up
 *   (the caller must then use the `JSON.parse` path)
 */
export function scanInstance(bytes: Uint8Array, assumedGranuleBytes: number): ScannedInstance | undefined {
  if (!usableGranule(assumedGranuleBytes)) return undefined;
  try {
    return new InstanceScanner(bytes, assumedGranuleBytes).instance();
  } catch {
    // The scanner gave up, or JSON.parse or parsePowerOfTwo refused a value:
    // either way the JSON.parse path reads the file and words any error.
    return undefined;
  }
}

/** Thrown, and caught in {@link scanInstance}, to give up from any depth. */
const GIVE_UP = new Error('the instance scanner gives up');

const BACKSLASH = 0x5c;
const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;
const LOWER_A = 0x61;
const LOWER_B = 0x62;
const LOWER_E = 0x65;
const LOWER_P = 0x70;
const LOWER_S = 0x73;
const LOWER_X = 0x78;
/** `c | LOWER_CASE` is the lowercase of an ASCII letter. */
const LOWER_CASE = 0x20;

/** Top-level fields handed to `JSON.parse` whole. `target` is scanned. */
const PARSED_TOP_FIELDS: readonly string[] = ['$schema', 'granule', 'alignment', 'split', 'splitAlignment', 'domain'];

const TWO_POW_32 = 2 ** 32;
/** Hex digits a double holds exactly (13 × 4 = 52 bits); more take the two-word path. */
const EXACT_HEX_DIGITS = 13;
/** Decimal digits below 2^53 whatever they are; more and the scanner gives up. */
const EXACT_DECIMAL_DIGITS = 15;
/** Free-range capacity before the first doubling. */
const INITIAL_CAPACITY = 1024;

/**
 * Granules above 4G are left to the `JSON.parse` path, so that every
 * 64-bit quantity splits into two 32-bit words of which the granule divides
 * the high one's weight (see {@link wideHexGranules}).
 */
function usableGranule(granuleBytes: number): boolean {
  return granuleBytes <= TWO_POW_32;
}

/**
 * The cursor over one file's bytes. Methods give up by throwing:
 * {@link GIVE_UP}, or the error of `JSON.parse` or `parsePowerOfTwo` on a value.
 */
class InstanceScanner {
  private readonly bytes: Uint8Array;
  /** Index of the next byte to read. */
  private position: number;
  /** The granule for the free ranges: assumed, or the file's when it came first. */
  private granuleBytes: number;
  /** Set once `target.free` is read. */
  private free: RangeColumns | undefined;

  constructor(bytes: Uint8Array, assumedGranuleBytes: number) {
    this.bytes = bytes;
    this.position = hasByteOrderMark(bytes) ? 3 : 0;
    this.granuleBytes = assumedGranuleBytes;
  }

  /** The whole file: one object, then nothing but whitespace. */
  instance(): ScannedInstance {
    const document: Record<string, unknown> = {};
    this.members((key) => {
      if (Object.hasOwn(document, key)) giveUp();
      if (key === 'target') {
        document[key] = this.target();
      } else if (PARSED_TOP_FIELDS.includes(key)) {
        document[key] = this.parsedValue();
        if (key === 'granule' && this.free === undefined) this.granuleBytes = granuleFrom(document[key]);
      } else {
        giveUp();
      }
    });
    this.skipSpace();
    if (this.position !== this.bytes.length || this.free === undefined) giveUp();
    return { document, free: this.free, granuleBytes: this.granuleBytes };
  }

  /** `target`: `name` parsed, `free` scanned. */
  private target(): Record<string, unknown> {
    const target: Record<string, unknown> = {};
    this.members((key) => {
      if (Object.hasOwn(target, key)) giveUp();
      if (key === 'name') target[key] = this.parsedValue();
      else if (key === 'free') target[key] = this.free = this.freeRanges();
      else giveUp();
    });
    return target;
  }

  /**
   * An object whose values `member` reads, one call per key (the cursor is
   * on the value). Keys are compared as written: one with an escape matches
   * no field name, and the caller gives up on it.
   */
  private members(member: (key: string) => void): void {
    this.skipSpace();
    this.expect(OPEN_BRACE);
    this.skipSpace();
    if (this.bytes[this.position] === CLOSE_BRACE) {
      this.position++;
      return;
    }
    for (;;) {
      this.skipSpace();
      this.expect(QUOTE);
      const end = this.bytes.indexOf(QUOTE, this.position);
      if (end < 0) giveUp();
      const key = utf8Text(this.bytes.subarray(this.position, end));
      this.position = end + 1;
      this.skipSpace();
      this.expect(COLON);
      this.skipSpace();
      member(key);
      if (this.endOfMembers()) return;
    }
  }

  /** After a member: `}` (true) or `,` (false); anything else gives up. */
  private endOfMembers(): boolean {
    this.skipSpace();
    const c = this.bytes[this.position++];
    if (c === CLOSE_BRACE) return true;
    if (c !== COMMA) giveUp();
    return false;
  }

  /** Any JSON value, found by {@link skipValue}, decoded and handed to `JSON.parse` (which throws when it is not JSON). */
  private parsedValue(): unknown {
    const from = this.position;
    this.position = skipValue(this.bytes, from);
    return JSON.parse(utf8Text(this.bytes.subarray(from, this.position)));
  }

  /** `target.free`, read by {@link scanFreeRanges}. */
  private freeRanges(): RangeColumns {
    const scan = scanFreeRanges(this.bytes, this.position, this.granuleBytes);
    this.position = scan.end;
    return scan.columns;
  }

  private expect(code: number): void {
    if (this.bytes[this.position] !== code) giveUp();
    this.position++;
  }

  private skipSpace(): void {
    this.position = spaceEnd(this.bytes, this.position);
  }
}

/** The free ranges and the index after their closing bracket. */
interface FreeRangeScan {
  readonly columns: RangeColumns;
  readonly end: number;
}

/**
 * The index after the value just read by {@link quantityAt}: the quantity
 * readers return the value and leave its end here, so that the loop that
 * runs a million times allocates nothing to return two numbers.
 */
let valueEnd = 0;

/**
 * `target.free` from its `[` at `from`: the loop that runs a million times.
 * Each range is `{pa, size}` in either order, checked as the `JSON.parse`
 * path checks it.
 */
function scanFreeRanges(bytes: Uint8Array, from: number, granuleBytes: number): FreeRangeScan {
  // As in the JSON path: 2^64 in granules is exact, and `size > limit - pa`
  // never rounds the wrong way for safe-integer granule counts.
  const limit = 2 ** 64 / granuleBytes;
  let capacity = INITIAL_CAPACITY;
  let start: Float64Array = new Float64Array(capacity);
  let size: Float64Array = new Float64Array(capacity);
  let count = 0;
  if (bytes[from] !== OPEN_BRACKET) giveUp();
  let i = spaceEnd(bytes, from + 1);
  if (bytes[i] === CLOSE_BRACKET) {
    return { columns: { count, start: new Float64Array(0), size: new Float64Array(0) }, end: i + 1 };
  }
  for (;;) {
    if (bytes[i] !== OPEN_BRACE) giveUp();
    let pa = -1;
    let length = -1;
    let c: number;
    do {
      i = spaceEnd(bytes, i + 1);
      if (bytes[i] !== QUOTE) giveUp();
      const key = rangeKey(bytes, i + 1);
      i = spaceEnd(bytes, i + (key === PA_KEY ? 4 : 6));
      if (bytes[i] !== COLON) giveUp();
      const value = quantityAt(bytes, spaceEnd(bytes, i + 1), granuleBytes);
      if (key === PA_KEY) {
        if (pa >= 0) giveUp();
        pa = value;
      } else {
        if (length >= 0) giveUp();
        length = value;
      }
      i = spaceEnd(bytes, valueEnd);
      c = bytes[i];
    } while (c === COMMA);
    // A missing pa or size is still -1; a zero size is an error.
    if (c !== CLOSE_BRACE || pa < 0 || length <= 0 || length > limit - pa) giveUp();
    if (count === capacity) {
      capacity *= 2;
      start = grown(start, capacity);
      size = grown(size, capacity);
    }
    start[count] = pa;
    size[count] = length;
    count++;
    i = spaceEnd(bytes, i + 1);
    c = bytes[i];
    if (c === CLOSE_BRACKET) break;
    if (c !== COMMA) giveUp();
    i = spaceEnd(bytes, i + 1);
  }
  return { columns: { count, start: trimmed(start, count), size: trimmed(size, count) }, end: i + 1 };
}

const PA_KEY = 0;
const SIZE_KEY = 1;

/** Which key (`pa"` or `size"`) starts after the opening quote at `i`; anything else gives up. */
function rangeKey(bytes: Uint8Array, i: number): number {
  const first = bytes[i];
  if (first === LOWER_P) {
    if (bytes[i + 1] === LOWER_A && bytes[i + 2] === QUOTE) return PA_KEY;
  } else if (
    first === LOWER_S &&
    bytes[i + 1] === 0x69 && // i
    bytes[i + 2] === 0x7a && // z
    bytes[i + 3] === LOWER_E &&
    bytes[i + 4] === QUOTE
  ) {
    return SIZE_KEY;
  }
  return giveUp();
}

/** The index of the first non-whitespace character at or after `i` (JSON whitespace only). */
function spaceEnd(bytes: Uint8Array, i: number): number {
  let c = bytes[i];
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = bytes[++i];
  return i;
}

/**
 * A quantity at `i` in granule units: a string in hex, decimal or decimal
 * with a unit (the language of `parseBytes`), or a JSON integer. Its end goes
 * to {@link valueEnd}.
 */
function quantityAt(bytes: Uint8Array, i: number, granuleBytes: number): number {
  if (bytes[i] !== QUOTE) return integerQuantity(bytes, i, granuleBytes);
  // As parseBytes: hex needs a digit after the 0x; a bare "0x" is a (bad) decimal.
  if (bytes[i + 1] === ZERO && (bytes[i + 2] | LOWER_CASE) === LOWER_X && bytes[i + 3] !== QUOTE) {
    return hexQuantity(bytes, i + 3, granuleBytes);
  }
  return decimalQuantity(bytes, i + 1, granuleBytes);
}

/** `"0x…"` from its first digit at `from`. */
function hexQuantity(bytes: Uint8Array, from: number, granuleBytes: number): number {
  let i = from;
  let value = 0;
  for (let digit = hexDigit(bytes[i]); digit >= 0; digit = hexDigit(bytes[++i])) value = value * 16 + digit;
  if (bytes[i] !== QUOTE) giveUp();
  valueEnd = i + 1;
  if (i - from > EXACT_HEX_DIGITS) return wideHexGranules(bytes, from, i, granuleBytes);
  return granules(value, granuleBytes);
}

/** `"256M"`, `"4294967296"`, `"8192b"`: digits, an optional unit, an optional `B`. */
function decimalQuantity(bytes: Uint8Array, from: number, granuleBytes: number): number {
  let i = from;
  let value = 0;
  let c = bytes[i];
  for (; c >= ZERO && c <= NINE; c = bytes[++i]) value = value * 10 + (c - ZERO);
  const digits = i - from;
  if (digits === 0 || digits > EXACT_DECIMAL_DIGITS) giveUp();
  let shift = unitShift(c);
  if (shift < 0) shift = 0;
  else c = bytes[++i];
  if ((c | LOWER_CASE) === LOWER_B) c = bytes[++i];
  if (c !== QUOTE) giveUp();
  valueEnd = i + 1;
  const byteCount = value * 2 ** shift;
  if (byteCount > Number.MAX_SAFE_INTEGER) giveUp();
  return granules(byteCount, granuleBytes);
}

/**
 * A JSON number that is a plain integer: `0` or digits without a leading
 * zero, no sign, fraction or exponent. Once the digits pass 2^53 the
 * rounded value stays above it, so the safe-integer test is exact.
 */
function integerQuantity(bytes: Uint8Array, from: number, granuleBytes: number): number {
  let i = from;
  let c = bytes[i];
  if (!(c >= ZERO && c <= NINE)) giveUp();
  let value = c - ZERO;
  c = bytes[++i];
  if (value !== 0) {
    for (; c >= ZERO && c <= NINE; c = bytes[++i]) value = value * 10 + (c - ZERO);
  }
  if ((c >= ZERO && c <= NINE) || c === DOT || (c | LOWER_CASE) === LOWER_E || value > Number.MAX_SAFE_INTEGER) giveUp();
  valueEnd = i;
  return granules(value, granuleBytes);
}

function giveUp(): never {
  throw GIVE_UP;
}

/** The file's granule, when it is one the scanner can use (parsePowerOfTwo throws when it is none). */
function granuleFrom(value: unknown): number {
  const granuleBytes = parsePowerOfTwo(value, 'granule');
  if (!usableGranule(granuleBytes)) giveUp();
  return granuleBytes;
}

/**
 * A safe-integer byte count in granules; not a multiple gives up. Dividing by
 * a power of two is exact, so the quotient is whole exactly when the granule
 * divides the count (and `%` on doubles beyond 32 bits is a slow library call).
 */
function granules(bytes: number, granuleBytes: number): number {
  const units = bytes / granuleBytes;
  if (Math.floor(units) !== units) giveUp();
  return units;
}

/**
 * Hex digits `bytes[from, to)` of more than 13 digits, in granules, exactly:
 * the value is `high · 2^32 + low` with both words exact in doubles. At or
 * above 2^64 (`high ≥ 2^32`) it gives up. A granule of at most 2^32 divides
 * the high word's weight, so the quotient is `high · (2^32 / granule) +
 * low / granule`: both terms exact, and their sum exact whenever it is a safe
 * integer; above that the rounded sum stays above it and the scanner gives up.
 */
function wideHexGranules(bytes: Uint8Array, from: number, to: number, granuleBytes: number): number {
  let high = 0;
  let low = 0;
  for (let i = from; i < to; i++) {
    const shifted = low * 16 + hexDigit(bytes[i]);
    const carry = Math.floor(shifted / TWO_POW_32);
    low = shifted - carry * TWO_POW_32;
    high = high * 16 + carry;
  }
  if (high >= TWO_POW_32 || low % granuleBytes !== 0) giveUp();
  const units = high * (TWO_POW_32 / granuleBytes) + low / granuleBytes;
  if (units > Number.MAX_SAFE_INTEGER) giveUp();
  return units;
}

/**
 * The end of the JSON value starting at `from`: a string, an object or array
 * (brackets counted outside strings), or any other token up to a delimiter.
 * Only finds the end; `JSON.parse` of the slice validates it.
 */
function skipValue(bytes: Uint8Array, from: number): number {
  const first = bytes[from];
  if (first === QUOTE) return skipString(bytes, from);
  let i = from;
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    while (i < bytes.length && !isDelimiter(bytes[i])) i++;
    return i;
  }
  let depth = 0;
  while (i < bytes.length) {
    const c = bytes[i];
    if (c === QUOTE) {
      i = skipString(bytes, i);
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i + 1;
    i++;
  }
  return giveUp();
}

/** The end of the string whose opening quote is at `from`, escapes skipped. */
function skipString(bytes: Uint8Array, from: number): number {
  for (let i = from + 1; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i++;
  }
  return giveUp();
}

function isDelimiter(c: number): boolean {
  return c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The value of each hex digit character, -1 for every other code below 128. */
const HEX_DIGITS = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX_DIGITS['0123456789abcdef'.charCodeAt(digit)] = digit;
  HEX_DIGITS['0123456789ABCDEF'.charCodeAt(digit)] = digit;
}

/** The value of a hex digit's code, or -1 (also past the end of the bytes, where the code is undefined). */
function hexDigit(code: number): number {
  return code < 128 ? HEX_DIGITS[code]! : -1;
}

/** The shift of a binary unit letter (K, M, G, T, P; either case), or -1. */
function unitShift(code: number): number {
  switch (code | LOWER_CASE) {
    case 0x6b: return 10; // k
    case 0x6d: return 20; // m
    case 0x67: return 30; // g
    case 0x74: return 40; // t
    case LOWER_P: return 50;
    default: return -1;
  }
}

/** `column` grown to `capacity`, the first entries copied. */
function grown(column: Float64Array, capacity: number): Float64Array {
  const larger = new Float64Array(capacity);
  larger.set(column);
  return larger;
}

/** The first `count` entries, in an array of exactly that length (as the JSON path gives). */
function trimmed(column: Float64Array, count: number): Float64Array {
  return column.length === count ? column : column.slice(0, count);
}

