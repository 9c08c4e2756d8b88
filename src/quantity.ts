/**
 * Exact 64-bit byte quantities: parsing from the forms users and `ldm` write,
 * formatting the way `ldm` prints, and conversion to granule units.
 *
 * The hot core never sees bytes: it works in *granule units* held in plain
 * numbers. With the default 8K granule every 64-bit address is below 2^51
 * granules, well inside the safe-integer range, so the core can add, compare
 * and take residues with ordinary arithmetic. With a granule of 4K the top is
 * 2^52 granules and still exact; with smaller granules an address at or
 * above 2^53 granules cannot be represented and is rejected as an input error
 * naming the field (see {@link toGranules}).
 *
 * @module
 */

/** 2^64, one past the largest byte address. */
export const ADDRESS_LIMIT = 1n << 64n;

/** The binary unit suffixes `ldm` prints, in increasing order. */
const UNITS = ['K', 'M', 'G', 'T', 'P', 'E'] as const;

/**
 * Bad input: a value that is not a quantity, does not fit 64 bits, is not a
 * multiple of the granule, and so on. Carries where the value came from so
 * the command line can print one line naming the file and the field.
 */
export class InputError extends Error {
  /** The field path (`target.free[3].size`) or `line L column C` of a file. */
  readonly field: string;
  /** The offending text as the user wrote it (may be empty). */
  readonly text: string;
  /** What is wrong, without the location. */
  readonly detail: string;
  /** The file the value came from, once known. */
  readonly file: string | undefined;

  /**
   * @param field where the value sits (a JSON path such as `domain.memory[0].ra`)
   * @param detail what is wrong with it, in a few words
   * @param text the offending text, quoted in the message when not empty
   * @param file the input file, when known
   */
  constructor(field: string, detail: string, text = '', file?: string) {
    super(InputError.compose(field, detail, text, file));
    this.name = 'InputError';
    this.field = field;
    this.text = text;
    this.detail = detail;
    this.file = file;
  }

  /** The same error, located in `file`. Used by the edges that read files. */
  inFile(file: string): InputError {
    return new InputError(this.field, this.detail, this.text, file);
  }

  private static compose(field: string, detail: string, text: string, file: string | undefined): string {
    const place = file === undefined ? field : field === '' ? file : `${file}: ${field}`;
    return text === '' ? `${place}: ${detail}` : `${place}: ${detail} (got ${quotedExcerpt(text)})`;
  }
}

/**
 * A value of at most this many characters is quoted whole in an error line;
 * a longer one is cut to its first {@link SHOWN_HEAD} characters. The line
 * must stay readable whatever the file holds (a 10-million-character string
 * once came back whole), and the start of a value is what identifies it.
 */
const SHOWN_WHOLE = 64;
/** How many characters of a longer value an error line shows. */
const SHOWN_HEAD = 40;

/** `text` quoted for an error line: whole when short, else its length and its start. */
function quotedExcerpt(text: string): string {
  if (text.length <= SHOWN_WHOLE) return JSON.stringify(text);
  return `${text.length} characters: ${JSON.stringify(excerpt(text))}`;
}

/**
 * The user's text as an error message may repeat it: whole when at most 64
 * characters, else its first 40 and `…`. For text that goes into a message
 * other than as {@link InputError}'s `text` (which is cut anyway), such as
 * an unknown field's name in its path.
 */
export function excerpt(text: string): string {
  if (text.length <= SHOWN_WHOLE) return text;
  // Never end on the first half of a surrogate pair: that would print as a lone escape.
  const last = text.charCodeAt(SHOWN_HEAD - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? SHOWN_HEAD - 1 : SHOWN_HEAD) + '…';
}

/**
 * Any JSON value (what `JSON.parse` returns, or what an embedding program
 * passes) rendered for an error message: a string as it is, anything else as
 * JSON text. An object or array is rendered only up to 64 characters and then
 * cut with `…`: a file may nest arrays 100,000 deep, where `JSON.stringify`
 * overflows the call stack, or hold millions of elements the message would
 * not show anyway.
 *
 * Cost: O(1) for an array or object of any size or depth.
 *
 * @param value the offending value
 */
export function shown(value: unknown): string {
  if (typeof value === 'string') return value;
  const text = jsonPrefix(value, SHOWN_WHOLE);
  return text.length > SHOWN_WHOLE ? excerpt(text) : text;
}

/**
 * The JSON text of `value`, or a prefix of it longer than `budget` characters.
 * Every level of nesting writes a bracket before it descends and writing stops
 * once the text passes the budget, so the recursion is at most `budget + 1`
 * deep whatever the value's depth.
 */
function jsonPrefix(value: unknown, budget: number): string {
  let text = '';
  const quoted = (string: string): string => JSON.stringify(string.length > budget ? string.slice(0, budget) : string);
  const write = (part: unknown): void => {
    if (Array.isArray(part)) {
      text += '[';
      for (let i = 0; i < part.length && text.length <= budget; i++) {
        if (i > 0) text += ',';
        write(part[i]);
      }
      text += ']';
    } else if (typeof part === 'object' && part !== null) {
      text += '{';
      let separator = '';
      for (const key in part) {
        if (text.length > budget) break;
        text += `${separator}${quoted(key)}:`;
        separator = ',';
        write((part as Record<string, unknown>)[key]);
      }
      text += '}';
    } else if (typeof part === 'string') {
      text += quoted(part);
    } else {
      // JSON.stringify has no text for a bigint and none for undefined: String has both.
      text += typeof part === 'bigint' ? part.toString() : String(JSON.stringify(part));
    }
  };
  write(value);
  return text;
}

/** Significant digits beyond which a decimal may exceed 2^53 and must take the BigInt path. */
const SAFE_DECIMAL_DIGITS = 15;
/** Significant hex digits beyond which a value may exceed 2^53. */
const SAFE_HEX_DIGITS = 13;
/**
 * Significant digits beyond which a value is at least 2^64 whatever its digits:
 * 21 decimal digits are at least 10^20 > 2^64, 17 hex digits at least 16^16.
 * Such a value is refused without converting it, since `BigInt` of a
 * 10-million-digit string takes seconds.
 */
const MAX_DECIMAL_DIGITS = 20;
const MAX_HEX_DIGITS = 16;

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

function unitShift(code: number): number {
  switch (code | 0x20) {
    case 107: return 10; // k
    case 109: return 20; // m
    case 103: return 30; // g
    case 116: return 40; // t
    case 112: return 50; // p
    default: return -1;
  }
}

/**
 * Parse a quantity to a byte count, exactly.
 *
 * Accepts a string in hex (`0x108000000`), decimal (`4294967296`) or decimal
 * with a binary unit (`4K`, `256m`, `2G`, `1TB`; 1K = 1024; an optional
 * trailing `B`), a JSON number that is a non-negative safe integer, or a
 * bigint below 2^64 (from a program building a question in code).
 * Returns a plain number when the value is a safe integer (the common case:
 * no BigInt is allocated) and a bigint above that.
 *
 * Cost: O(length of the text).
 *
 * @param value the raw value from JSON or the command line
 * @param field where it came from, for the error
 * @throws {@link InputError} naming `field` for anything that is not an
 *   unsigned 64-bit quantity
 */
export function parseBytes(value: unknown, field: string): number | bigint {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return value;
    throw new InputError(field, 'a number must be a non-negative safe integer; write larger values as a string', shown(value));
  }
  if (typeof value === 'bigint') {
    // A program's own bigint: exact by nature, only the 64-bit range to check.
    if (value < 0n || value >= ADDRESS_LIMIT) throw new InputError(field, 'does not fit in 64 bits', shown(value));
    return normalise(value);
  }
  if (typeof value !== 'string') {
    throw new InputError(field, 'expected a quantity string such as "0x8000000", "4294967296" or "2G"', shown(value));
  }
  const parsed = value.length > 2 && value.charCodeAt(0) === 48 && (value.charCodeAt(1) | 0x20) === 120
    ? parseHex(value)
    : parseDecimal(value);
  if (parsed === undefined) {
    throw new InputError(field, 'not a quantity: use hex (0x...), decimal, or a size like 256M', value);
  }
  // parseHex and parseDecimal return ADDRESS_LIMIT itself for values too long to convert.
  if (typeof parsed === 'bigint' && parsed >= ADDRESS_LIMIT) {
    throw new InputError(field, 'does not fit in 64 bits', value);
  }
  return parsed;
}

function parseHex(text: string): number | bigint | undefined {
  let result = 0;
  for (let i = 2; i < text.length; i++) {
    const d = hexDigit(text.charCodeAt(i));
    if (d < 0) return undefined;
    result = result * 16 + d;
  }
  const first = firstSignificant(text, 2, text.length);
  const digits = text.length - first;
  if (digits <= SAFE_HEX_DIGITS) return result;
  if (digits > MAX_HEX_DIGITS) return ADDRESS_LIMIT;
  return normalise(BigInt('0x' + text.slice(first)));
}

function parseDecimal(text: string): number | bigint | undefined {
  let end = text.length;
  if (end > 0 && (text.charCodeAt(end - 1) | 0x20) === 98) end--; // optional trailing B
  let shift = 0;
  if (end > 0) {
    const s = unitShift(text.charCodeAt(end - 1));
    if (s >= 0) {
      shift = s;
      end--;
    }
  }
  if (end === 0) return undefined;
  let value = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    value = value * 10 + (c - 48);
  }
  const first = firstSignificant(text, 0, end);
  const digits = end - first;
  if (digits <= SAFE_DECIMAL_DIGITS) {
    // Below 10^15 the digits are exact; a power-of-two unit keeps it exact up to 2^53.
    const scaled = value * 2 ** shift;
    if (scaled <= Number.MAX_SAFE_INTEGER) return scaled;
  }
  if (digits > MAX_DECIMAL_DIGITS) return ADDRESS_LIMIT;
  return normalise(BigInt(text.slice(first, end)) << BigInt(shift));
}

/**
 * The index of the first digit other than `0` in `text[from, to)`, or `to`.
 * Leading zeros are valid and carry no magnitude, so only the digits after
 * them count towards the 64-bit limit.
 */
function firstSignificant(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && text.charCodeAt(i) === 48) i++;
  return i;
}

/** A bigint that happens to be a safe integer comes back as a number. */
function normalise(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/**
 * Parse a quantity that must be a power of two (granule, alignment, page
 * size) and return it in bytes as a number. Such values are at most 2^63 and
 * therefore exact as doubles.
 *
 * @param value raw value
 * @param field where it came from
 * @param minimum smallest allowed value in bytes (default 1)
 * @throws {@link InputError} when not a power of two or below `minimum`
 */
export function parsePowerOfTwo(value: unknown, field: string, minimum = 1): number {
  const bytes = parseBytes(value, field);
  const big = BigInt(bytes);
  if (big === 0n || (big & (big - 1n)) !== 0n) {
    throw new InputError(field, 'must be a power of two', shown(value));
  }
  if (big < BigInt(minimum)) {
    throw new InputError(field, `must be at least ${formatSize(minimum)}`, shown(value));
  }
  return Number(big);
}

/**
 * Convert a byte count to granule units.
 *
 * Fast path: a safe-integer byte count is divided directly (a power-of-two
 * granule makes the quotient exact). A bigint byte count is divided as a
 * bigint. The result must itself be a safe integer, which always holds for
 * granules of 4K and more; with smaller granules the top of the 64-bit space
 * is out of reach and gives an error naming the field.
 *
 * @param bytes byte count from {@link parseBytes}
 * @param granuleBytes the granule, a power of two
 * @param field where the value came from
 * @param text the user's text, for the error message
 * @throws {@link InputError} when not a multiple of the granule, or too large
 */
export function toGranules(bytes: number | bigint, granuleBytes: number, field: string, text = ''): number {
  if (typeof bytes === 'number') {
    if (bytes % granuleBytes !== 0) {
      throw new InputError(field, `must be a multiple of the granule ${formatSize(granuleBytes)}`, text || String(bytes));
    }
    return bytes / granuleBytes;
  }
  const granule = BigInt(granuleBytes);
  if (bytes % granule !== 0n) {
    throw new InputError(field, `must be a multiple of the granule ${formatSize(granuleBytes)}`, text || bytes.toString());
  }
  const units = bytes / granule;
  if (units > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InputError(field, `is beyond 2^53 granules; use a granule of at least 4K`, text || bytes.toString());
  }
  return Number(units);
}

/**
 * Parse a quantity straight to granule units: {@link parseBytes} then
 * {@link toGranules}. The common path allocates nothing.
 *
 * @param value raw value from JSON or the command line
 * @param granuleBytes the granule, a power of two
 * @param field where it came from
 */
export function parseGranules(value: unknown, granuleBytes: number, field: string): number {
  const bytes = parseBytes(value, field);
  return toGranules(bytes, granuleBytes, field, typeof value === 'string' ? value : shown(value));
}

/** A granule count back in bytes, as a bigint (always exact). */
export function granulesToBytes(units: number, granuleBytes: number): bigint {
  const bytes = units * granuleBytes;
  return Number.isSafeInteger(bytes) ? BigInt(bytes) : BigInt(units) * BigInt(granuleBytes);
}

/**
 * Format a byte count as a lowercase hex string, `0x` first (`0x80000000`).
 * This is the output form of every address and size in JSON results.
 */
export function formatHex(bytes: number | bigint): string {
  return '0x' + bytes.toString(16);
}

/** Format a granule count as lowercase hex bytes, exact for any 64-bit value. */
export function formatGranulesHex(units: number, granuleBytes: number): string {
  const bytes = units * granuleBytes;
  if (Number.isSafeInteger(bytes)) return '0x' + bytes.toString(16);
  return '0x' + (BigInt(units) * BigInt(granuleBytes)).toString(16);
}

/**
 * Format a size the way `ldm` prints it: the largest binary unit that
 * divides it exactly (`512K`, `1536K`, `5632M`, `2G`, `16G`). Sizes that are
 * not a multiple of 1K print as a plain byte count.
 */
export function formatSize(bytes: number | bigint): string {
  let value = BigInt(bytes);
  if (value === 0n) return '0';
  let unit = -1;
  while (unit < UNITS.length - 1 && value % 1024n === 0n) {
    value /= 1024n;
    unit++;
  }
  return unit < 0 ? value.toString() : value.toString() + UNITS[unit];
}

/** {@link formatSize} of a granule count. */
export function formatGranulesSize(units: number, granuleBytes: number): string {
  return formatSize(granulesToBytes(units, granuleBytes));
}
