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
 * Why the care: at a million rows every allocation a row counts. Rows go
 * to {@link MemoryRows} columns as 32-bit words (no object, no bigint), each
 * BOUND name is looked up by a hash of its characters and numbered once
 * (no substring a row), and nothing else is allocated: no regular
 * expression, no object per field, no builtin call per row.
 *
 * {@link MemoryRowScanner} reads the same rows from a capture's bytes, before
 * any line string is made (capture.ts hands it the file's bytes): the
 * split into lines and the strings cost as much as the rest together.
 *
 * @module
 */
import { type MemoryRows, MemoryRowsBuilder } from './memory-rows.js';

const BAR = 0x7c; // |
const SPACE = 0x20;

/** Hex digits a double holds exactly (52 bits). */
const SHORT_HEX_DIGITS = 13;
/** Decimal digits a double holds exactly (10^15 < 2^53). */
const SHORT_DECIMAL_DIGITS = 15;
/** Slots of the BOUND name table (a power of two); past half full, new names are numbered through the builder's map. */
const NAME_SLOTS = 1 << 12;
/** 2^32: the high word of a value is `(value - low) / WORD`. */
const WORD = 4294967296;

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
 * Memory rows into {@link MemoryRows} columns, with each BOUND name looked up
 * by its characters, not sliced a row. The general reader adds the rows it
 * reads to {@link MemoryRowReader.rows} too, so the rows stay in the order
 * printed.
 */
export class MemoryRowReader {
  /** The rows read, in the order printed. */
  readonly rows = new MemoryRowsBuilder();
  /** Open addressing on a hash of the name: its slot holds the name's string and its number in {@link MemoryRowReader.rows}. */
  private readonly names: (string | undefined)[] = new Array<string | undefined>(NAME_SLOTS).fill(undefined);
  private readonly nameIndexes = new Int32Array(NAME_SLOTS);
  private namesHeld = 0;

  /**
   * Read the rows `lines[from]`, `lines[from + 1]`, … while each is a row as
   * `ldm` prints it and the line after it starts with `|` (so it does not
   * continue a wrapped record). Returns the index of the first line not
   * read: `from` itself when that line is another form, which the caller
   * reads. Cost: the lines' length; allocates nothing but when the columns
   * grow or a name is first seen.
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
    let bound = -1;
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
    pushRow(this.rows, pa, size, bound);
    return true;
  }

  /** The number of name `line[start, end)` (hash `hash`), or -1 when empty (a free row). */
  private name(line: string, start: number, end: number, hash: number): number {
    if (end === start) return -1;
    const mask = NAME_SLOTS - 1;
    const length = end - start;
    let slot = hash & mask;
    for (let held = this.names[slot]; held !== undefined; held = this.names[slot]) {
      if (held.length === length && holds(line, start, held)) return this.nameIndexes[slot]!;
      slot = (slot + 1) & mask;
    }
    const name = line.slice(start, end);
    const index = this.rows.nameIndex(name);
    // A full table would probe forever: past half full, new names are numbered by the builder's map alone (still one number a name).
    if (this.namesHeld < NAME_SLOTS >> 1) {
      this.names[slot] = name;
      this.nameIndexes[slot] = index;
      this.namesHeld++;
    }
    return index;
  }
}

/** Add a row whose PA and size are exact doubles below 2^53 (the fast paths' limits keep them so). */
function pushRow(rows: MemoryRowsBuilder, pa: number, size: number, bound: number): void {
  // `>>> 0` is the value modulo 2^32 for any integer double: the low word.
  const paLow = pa >>> 0;
  const sizeLow = size >>> 0;
  rows.pushWords(paLow, (pa - paLow) / WORD, sizeLow, (size - sizeLow) / WORD, bound);
}

/** Bytes of a capture line. */
const LINE_FEED = 0x0a;
/** `|pa=0x` */
const ROW_START = [0x7c, 0x70, 0x61, 0x3d, 0x30, 0x78];
/** `|size=` */
const SIZE_KEY = [0x7c, 0x73, 0x69, 0x7a, 0x65, 0x3d];
/** `|bound=` */
const BOUND_KEY = [0x7c, 0x62, 0x6f, 0x75, 0x6e, 0x64, 0x3d];

/**
 * Each byte's hex digit, or -1 (a table: one load instead of three
 * comparisons a digit, on every byte of every address).
 */
const HEX_DIGITS = Int8Array.from({ length: 256 }, (_, code) => hexDigit(code));

/**
 * 1 for a byte that may be in a BOUND name the scanner reads: printable
 * ASCII but `|` and the prompt characters `#$%>`. With those out, a row
 * line can never be taken for a command line (`host# ldm …`), so the
 * capture reader may take it as a row without asking; names with any other
 * byte go the way of text.
 */
const NAME_BYTES = Uint8Array.from({ length: 256 }, (_, code) => (code > SPACE && code < 0x7f && !'|#$%>'.includes(String.fromCharCode(code)) ? 1 : 0));

/** A run of memory rows the scanner read: the rows, and where the first line it did not take starts. */
export interface ScannedRun {
  /** The rows, one per line. */
  readonly rows: MemoryRows;
  /** Byte offset of the first line after the run. */
  readonly end: number;
}

/**
 * Memory rows read from a capture's bytes, a run of lines at a time, before
 * any line string is made. Reads the same form as
 * {@link MemoryRowReader} (1–13 hex digits of PA, 1–15 decimal digits of a
 * size that is not 0, `|bound=` and a name or nothing, trailing blanks and
 * control characters) with BOUND names of printable ASCII but `|#$%>`; any
 * other line is text, which the caller decodes and reads as today.
 */
export class MemoryRowScanner {
  /** The row last parsed: its words (as doubles) and where its name is. */
  private pa = 0;
  private size = 0;
  private nameStart = 0;
  private nameEnd = 0;
  private hash = 0;
  /** Offset of the line after the row last parsed, or -1 when it ended the bytes. */
  private next = -1;
  /** The name table (as {@link MemoryRowReader}'s), with each slot's number valid for the run stamped beside it. */
  private readonly names: (string | undefined)[] = new Array<string | undefined>(NAME_SLOTS).fill(undefined);
  private readonly nameRuns = new Int32Array(NAME_SLOTS);
  private readonly nameIndexes = new Int32Array(NAME_SLOTS);
  private namesHeld = 0;
  private run = 0;
  private readonly decoder = new TextDecoder();

  private readonly bytes: Uint8Array;

  /** A scanner over `bytes` (held, not copied). */
  constructor(bytes: Uint8Array) {
    // A plain Uint8Array view, whatever the caller passes (node's readFile gives a Buffer): the hot loop then sees one kind of array.
    this.bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * The rows of the lines from offset `start` (a line's start) on, as long
   * as each is a row. The last row of a stretch is taken only when the line
   * after it cannot continue its record (there is none, it is blank, or it
   * starts with `|`); else it is left to the caller, which reads it as
   * text. Null when not even one row is taken. Cost: the run's bytes;
   * allocates the columns and a string per new name.
   */
  scanRun(start: number): ScannedRun | null {
    if (!this.parse(start)) return null;
    const rows = new MemoryRowsBuilder();
    this.run++;
    let at = start;
    for (;;) {
      const pa = this.pa;
      const size = this.size;
      const nameStart = this.nameStart;
      const nameEnd = this.nameEnd;
      const hash = this.hash;
      const next = this.next;
      const more = next >= 0 && this.parse(next);
      if (!more && !this.endsRecord(next)) break;
      // Numbered only once taken, so the names stay in the order of the rows that are.
      pushRow(rows, pa, size, this.name(rows, nameStart, nameEnd, hash));
      at = next < 0 ? this.bytes.length : next;
      if (!more) break;
    }
    return rows.length === 0 ? null : { rows: rows.finish(), end: at };
  }

  /**
   * Whether the line at `start` (-1: none, the row ended the bytes) cannot
   * continue the record before it: none, blank (bytes up to 0x20 only), or
   * starting with `|`. Such a line is not noise either, so it is the next
   * line the reader sees, if the output goes on.
   */
  private endsRecord(start: number): boolean {
    const bytes = this.bytes;
    if (start < 0 || bytes[start] === BAR) return true;
    for (let position = start; position < bytes.length; position++) {
      const code = bytes[position]!;
      if (code === LINE_FEED) return true;
      if (code > SPACE) return false;
    }
    return true;
  }

  /** Parse the row line at `start` into the fields above; false for any other line. */
  private parse(start: number): boolean {
    const bytes = this.bytes;
    const length = bytes.length;
    if (start + 13 > length || !this.holds(start, ROW_START)) return false;
    let position = start + 6;
    let pa = 0;
    for (; position < length; position++) {
      const digit = HEX_DIGITS[bytes[position]!]!;
      if (digit < 0) break;
      pa = pa * 16 + digit;
    }
    const hexDigits = position - start - 6;
    if (hexDigits === 0 || hexDigits > SHORT_HEX_DIGITS || position + 6 > length || !this.holds(position, SIZE_KEY)) return false;
    position += 6;
    const sizeStart = position;
    let size = 0;
    for (; position < length; position++) {
      const code = bytes[position]!;
      if (code < 0x30 || code > 0x39) break;
      size = size * 10 + (code - 0x30);
    }
    if (position === sizeStart || position - sizeStart > SHORT_DECIMAL_DIGITS || size === 0) return false;
    let nameStart = position;
    let hash = 0;
    if (position < length && bytes[position] === BAR) {
      if (position + 7 > length || !this.holds(position, BOUND_KEY)) return false;
      position += 7;
      nameStart = position;
      for (; position < length; position++) {
        const code = bytes[position]!;
        if (NAME_BYTES[code] === 0) break;
        hash = (Math.imul(hash, 31) + code) | 0;
      }
    }
    const nameEnd = position;
    // Only blanks and control characters to the line's end, as the reader of strings trims them.
    for (; position < length; position++) {
      const code = bytes[position]!;
      if (code === LINE_FEED) break;
      if (code > SPACE) return false;
    }
    this.pa = pa;
    this.size = size;
    this.nameStart = nameStart;
    this.nameEnd = nameEnd;
    this.hash = hash;
    this.next = position < length ? position + 1 : -1;
    return true;
  }

  private holds(at: number, word: readonly number[]): boolean {
    for (let i = 0; i < word.length; i++) if (this.bytes[at + i] !== word[i]) return false;
    return true;
  }

  /** The number in `rows` of the name at `bytes[start, end)`, or -1 when empty (a free row). */
  private name(rows: MemoryRowsBuilder, start: number, end: number, hash: number): number {
    if (end === start) return -1;
    const bytes = this.bytes;
    const mask = NAME_SLOTS - 1;
    const length = end - start;
    let slot = hash & mask;
    let held = this.names[slot];
    for (; held !== undefined; held = this.names[slot]) {
      if (held.length === length && this.holdsName(start, held)) break;
      slot = (slot + 1) & mask;
    }
    if (held !== undefined && this.nameRuns[slot] === this.run) return this.nameIndexes[slot]!;
    const name = held ?? this.decoder.decode(bytes.subarray(start, end));
    const index = rows.nameIndex(name);
    if (held !== undefined || this.namesHeld < NAME_SLOTS >> 1) {
      if (held === undefined) this.namesHeld++;
      this.names[slot] = name;
      this.nameRuns[slot] = this.run;
      this.nameIndexes[slot] = index;
    }
    return index;
  }

  private holdsName(at: number, name: string): boolean {
    for (let i = 0; i < name.length; i++) if (this.bytes[at + i] !== name.charCodeAt(i)) return false;
    return true;
  }
}
