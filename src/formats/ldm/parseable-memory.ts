/**
 * The hot path of the parseable reader: the memory rows of `ldm
 * list-devices [-a] -p memory`, a million of them on a large fragmented
 * machine, read straight from the lines.
 *
 * Only the row exactly as `ldm` prints it is read here — `|pa=0x…|size=…`,
 * then `|bound=…` or the end, with at most 13 hex digits of address and 15
 * decimal digits of size (what a double holds exactly), trailing blanks and
 * control characters dropped as the general reader drops them. Anything
 * else (keys in another order, longer values, a leading blank, a wrapped
 * record) makes
 * {@link MemoryRowReader.readRows} stop and leaves the line to the general
 * reader (parseable.ts), which reads every form through values.ts and names
 * the errors; a property test holds both paths to the same facts.
 *
 * Why the care: a {@link MemoryRow} holds two bigints and a string, and at a
 * million rows the allocations and the garbage collector's copying of what
 * survives cost as much as the scanning. So each BOUND name is held once
 * (not once a row), and nothing but the row and its two bigints is
 * allocated: no substring, no regular expression, no object per field, no
 * builtin call per row. (Sharing the bigints of sizes met before was tried:
 * the lookup cost as much as a new bigint.)
 *
 * @module
 */
import type { MemoryRow } from './model.js';

const BAR = 0x7c; // |
const SPACE = 0x20;

/** Hex digits a double holds exactly (52 bits). */
const SHORT_HEX_DIGITS = 13;
/** Decimal digits a double holds exactly (10^15 < 2^53). */
const SHORT_DECIMAL_DIGITS = 15;
/** Slots of the BOUND name table (a power of two); past half full, names are no longer shared. */
const NAME_SLOTS = 1 << 12;

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  return -1;
}

/**
 * Whether `line` holds `word` at `at`, by char codes: `startsWith` is a
 * builtin call, and on a million rows it cost more than these few compares.
 */
function holds(line: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (line.charCodeAt(at + i) !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * Memory rows as {@link MemoryRow}s, with one string per BOUND name however
 * many rows name it. The general reader adds the rows it reads to
 * {@link MemoryRowReader.rows}, so the rows stay in the order printed.
 */
export class MemoryRowReader {
  /** The rows read, in the order printed. */
  readonly rows: MemoryRow[] = [];
  /** Open addressing on a hash of the name: its slot holds the name's one string. */
  private readonly names: (string | undefined)[] = new Array<string | undefined>(NAME_SLOTS).fill(undefined);
  private namesHeld = 0;

  /**
   * Read the rows `lines[from]`, `lines[from + 1]`, … while each is a row as
   * `ldm` prints it and the line after it starts with `|` (so it does not
   * continue a wrapped record). Returns the index of the first line not
   * read: `from` itself when that line is another form, which the caller
   * reads. Cost: the lines' length; allocates one row and two bigints a row.
   */
  readRows(lines: readonly string[], from: number): number {
    const last = lines.length - 1;
    let index = from;
    while (index < last) {
      const next = lines[index + 1]!;
      if (next.length === 0 || next.charCodeAt(0) !== BAR || !this.readRow(lines[index]!)) break;
      index++;
    }
    return index;
  }

  /**
   * One row as `ldm` prints it, trailing blanks and control characters (a
   * pasted `\r`) aside; false, having added nothing, for any other form.
   */
  private readRow(line: string): boolean {
    let length = line.length;
    while (length > 0 && line.charCodeAt(length - 1) <= SPACE) length--;
    if (length < 13 || !holds(line, 0, '|pa=0x')) return false;
    // Every loop stops at the line's end: reading past it would deoptimise the compiled loop.
    let position = 6;
    let pa = 0;
    for (; position < length; position++) {
      const digit = hexDigit(line.charCodeAt(position));
      if (digit < 0) break;
      pa = pa * 16 + digit;
    }
    if (position === 6 || position - 6 > SHORT_HEX_DIGITS || position + 6 > length || !holds(line, position, '|size=')) return false;
    position += 6;
    const sizeStart = position;
    let size = 0;
    for (; position < length; position++) {
      const code = line.charCodeAt(position);
      if (code < 0x30 || code > 0x39) break;
      size = size * 10 + (code - 0x30);
    }
    // A size of 0 is refused by the general reader, at its line.
    if (position === sizeStart || position - sizeStart > SHORT_DECIMAL_DIGITS || size === 0) return false;
    let bound: string | null = null;
    if (position < length) {
      if (position + 7 > length || !holds(line, position, '|bound=')) return false;
      const start = position + 7;
      let hash = 0;
      for (position = start; position < length; position++) {
        const code = line.charCodeAt(position);
        if (code === BAR) return false;
        hash = (Math.imul(hash, 31) + code) | 0;
      }
      bound = this.name(line, start, length, hash);
    }
    this.rows.push({ pa: BigInt(pa), size: BigInt(size), bound });
    return true;
  }

  /** `line[start, end)` (hash `hash`) as the one string held for it, or null when empty (a free row). */
  private name(line: string, start: number, end: number, hash: number): string | null {
    if (end === start) return null;
    const mask = NAME_SLOTS - 1;
    const length = end - start;
    let slot = hash & mask;
    for (let held = this.names[slot]; held !== undefined; held = this.names[slot]) {
      if (held.length === length && holds(line, start, held)) return held;
      slot = (slot + 1) & mask;
    }
    const name = line.slice(start, end);
    // A full table would probe forever: past half full, new names go unshared (still correct).
    if (this.namesHeld < NAME_SLOTS >> 1) {
      this.names[slot] = name;
      this.namesHeld++;
    }
    return name;
  }
}
