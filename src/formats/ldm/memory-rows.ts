/**
 * The memory rows of `list-devices [-a] memory` as columns: a million of them
 * on a large fragmented machine, where one `{ pa, size, bound }` object and
 * two bigints a row cost more than reading the file (the objects all
 * survive, so the garbage collector copies every one). Here a row is two
 * 64-bit quantities held as 32-bit words in typed arrays and an index into a
 * table of BOUND names: 20 bytes a row, nothing for the collector to trace.
 * A {@link MemoryRow} object (with its bigints) is made only when a row is
 * asked for, at the edges: `row(i)`, iteration, `toArray()`.
 *
 * Built by a {@link MemoryRowsBuilder}; the readers' fast paths write words,
 * the general paths whole rows. Both give the same columns for the same
 * rows: names are numbered in order of first appearance, so two readings of
 * the same rows compare equal field by field.
 *
 * @module
 */
import type { MemoryRow } from './model.js';

/** 2^32: a quantity is `high * WORD + low`. */
const WORD = 4294967296;
/** High words below this make `high * WORD + low` an exact double (< 2^53). */
const EXACT_HIGH = 0x200000;
/** The BOUND index of a free row. */
const FREE = -1;
/** Rows summed as doubles before the sum is folded into a bigint: 2^20 low words stay below 2^52, exact. */
const SUM_CHUNK = 1 << 20;

/** A quantity from its two words, exact for every 64-bit value. */
function quantity(low: number, high: number): bigint {
  return high < EXACT_HIGH ? BigInt(high * WORD + low) : (BigInt(high) << 32n) | BigInt(low);
}

/**
 * Memory rows in the order they were read (a reader's) or in PA order
 * without duplicates (a merged reading's). Immutable once built.
 *
 * Column layout: row `i`'s PA is `paWords[2i]` (low 32 bits) and
 * `paWords[2i + 1]` (high 32 bits), its size likewise in `sizeWords`, and
 * its BOUND is `names[boundIndexes[i]]`, or free when the index is -1.
 */
export class MemoryRows implements Iterable<MemoryRow> {
  /** No rows. */
  static readonly EMPTY: MemoryRows = new MemoryRows(0, new Uint32Array(0), new Uint32Array(0), new Int32Array(0), []);

  /**
   * Columns as a {@link MemoryRowsBuilder} hands them over (see the class
   * comment for the layout); the arrays are held, not copied.
   */
  constructor(
    /** How many rows. */
    readonly length: number,
    /** PA words: low, high, per row. */
    readonly paWords: Uint32Array,
    /** Size words: low, high, per row. */
    readonly sizeWords: Uint32Array,
    /** Index into {@link MemoryRows.names} per row, or -1 for a free row. */
    readonly boundIndexes: Int32Array,
    /** The BOUND names, in order of first appearance. */
    readonly names: readonly string[],
  ) {}

  /** Rows from objects, in the order given (what tests and the human and XML readers start from). O(rows). */
  static from(rows: Iterable<MemoryRow>): MemoryRows {
    const builder = new MemoryRowsBuilder();
    for (const row of rows) builder.push(row);
    return builder.finish();
  }

  /** Row `index`'s first byte. */
  pa(index: number): bigint {
    return quantity(this.paWords[2 * index]!, this.paWords[2 * index + 1]!);
  }

  /** Row `index`'s length in bytes. */
  size(index: number): bigint {
    return quantity(this.sizeWords[2 * index]!, this.sizeWords[2 * index + 1]!);
  }

  /** Row `index`'s BOUND column, or null when it is free. */
  bound(index: number): string | null {
    const name = this.boundIndexes[index]!;
    return name === FREE ? null : this.names[name]!;
  }

  /** Row `index` as an object (two bigints made). */
  row(index: number): MemoryRow {
    return { pa: this.pa(index), size: this.size(index), bound: this.bound(index) };
  }

  /** The rows as objects, in order. */
  *[Symbol.iterator](): Iterator<MemoryRow> {
    for (let index = 0; index < this.length; index++) yield this.row(index);
  }

  /** Every row as an object: for consumers that want `MemoryRow[]` (O(rows) objects and bigints). */
  toArray(): MemoryRow[] {
    const rows = new Array<MemoryRow>(this.length);
    for (let index = 0; index < this.length; index++) rows[index] = this.row(index);
    return rows;
  }

  /** How many rows are free. O(rows), no allocation. */
  freeCount(): number {
    let free = 0;
    for (let index = 0; index < this.length; index++) if (this.boundIndexes[index] === FREE) free++;
    return free;
  }

  /**
   * The bytes of the free rows (`free` true) or of the bound ones, exact.
   * O(rows): the words are summed as doubles a chunk at a time (2^20 words
   * of 32 bits stay below 2^52) and each chunk's sums folded into a bigint.
   */
  totalSize(free: boolean): bigint {
    let total = 0n;
    for (let chunk = 0; chunk < this.length; chunk += SUM_CHUNK) {
      const end = Math.min(this.length, chunk + SUM_CHUNK);
      let low = 0;
      let high = 0;
      for (let index = chunk; index < end; index++) {
        if ((this.boundIndexes[index] === FREE) !== free) continue;
        low += this.sizeWords[2 * index]!;
        high += this.sizeWords[2 * index + 1]!;
      }
      total += (BigInt(high) << 32n) + BigInt(low);
    }
    return total;
  }

  /** The largest free row's size, or 0 when none is free. O(rows). */
  largestFree(): bigint {
    let widest = -1;
    for (let index = 0; index < this.length; index++) {
      if (this.boundIndexes[index] !== FREE) continue;
      if (widest < 0 || compareWords(this.sizeWords, index, this.sizeWords, widest) > 0) widest = index;
    }
    return widest < 0 ? 0n : this.size(widest);
  }
}

/** Compare the quantity at `a[2i]…` with the one at `b[2j]…`: negative, 0 or positive. */
export function compareWords(a: Uint32Array, i: number, b: Uint32Array, j: number): number {
  return a[2 * i + 1]! - b[2 * j + 1]! || a[2 * i]! - b[2 * j]!;
}

/** Rows a builder holds before it first grows. */
const FIRST_CAPACITY = 64;

/**
 * Builds {@link MemoryRows}: rows added one at a time (as words or as
 * objects) or a whole set at once, columns doubled as they fill. Names are
 * numbered as they first appear. Done with once {@link MemoryRowsBuilder.finish}
 * is called.
 */
export class MemoryRowsBuilder {
  private paWords = new Uint32Array(2 * FIRST_CAPACITY);
  private sizeWords = new Uint32Array(2 * FIRST_CAPACITY);
  private boundIndexes = new Int32Array(FIRST_CAPACITY);
  private count = 0;
  private readonly names: string[] = [];
  private readonly nameIndexes = new Map<string, number>();
  /**
   * Rows appended to an empty builder, held as they are until anything else
   * is added: a reading that is one run of rows read from the bytes (a
   * `list-devices -a -p memory` output) is then never copied.
   */
  private adopted: MemoryRows | null = null;

  /** How many rows so far. */
  get length(): number {
    return this.count;
  }

  /** The index of BOUND name `name` (numbered on first sight), or -1 for null (a free row). */
  nameIndex(name: string | null): number {
    if (name === null) return FREE;
    if (this.adopted !== null) this.copyAdopted();
    let index = this.nameIndexes.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(name);
      this.nameIndexes.set(name, index);
    }
    return index;
  }

  /**
   * Add a row by its words: PA `paHigh * 2^32 + paLow`, size likewise, BOUND
   * an index from {@link MemoryRowsBuilder.nameIndex}. Amortised O(1), no
   * allocation but when the columns double.
   */
  pushWords(paLow: number, paHigh: number, sizeLow: number, sizeHigh: number, boundIndex: number): void {
    if (this.adopted !== null) this.copyAdopted();
    if (this.count === this.boundIndexes.length) this.grow(2 * this.count);
    const at = this.count++;
    this.paWords[2 * at] = paLow;
    this.paWords[2 * at + 1] = paHigh;
    this.sizeWords[2 * at] = sizeLow;
    this.sizeWords[2 * at + 1] = sizeHigh;
    this.boundIndexes[at] = boundIndex;
  }

  /** Add a row given as an object (64-bit values, exact). */
  push(row: MemoryRow): void {
    const boundIndex = this.nameIndex(row.bound);
    this.pushWords(Number(row.pa & 0xffffffffn), Number(row.pa >> 32n), Number(row.size & 0xffffffffn), Number(row.size >> 32n), boundIndex);
  }

  /** Add row `index` of `rows`. */
  pushRow(rows: MemoryRows, index: number): void {
    const bound = rows.boundIndexes[index]!;
    const boundIndex = bound === FREE ? FREE : this.nameIndex(rows.names[bound]!);
    this.pushWords(rows.paWords[2 * index]!, rows.paWords[2 * index + 1]!, rows.sizeWords[2 * index]!, rows.sizeWords[2 * index + 1]!, boundIndex);
  }

  /**
   * Add all of `rows`, in order: to an empty builder, held as they are (no
   * copy until something else is added); else the columns copied whole and
   * the names renumbered once per name (not once per row). O(rows) copied
   * words at most.
   */
  append(rows: MemoryRows): void {
    if (this.count === 0 && this.names.length === 0) {
      this.adopted = rows;
      this.count = rows.length;
      return;
    }
    if (this.adopted !== null) this.copyAdopted();
    this.copy(rows);
  }

  /** Append copies of `rows`' columns, names renumbered. */
  private copy(rows: MemoryRows): void {
    const at = this.count;
    if (at + rows.length > this.boundIndexes.length) this.grow(Math.max(2 * this.boundIndexes.length, at + rows.length));
    this.paWords.set(rows.paWords.subarray(0, 2 * rows.length), 2 * at);
    this.sizeWords.set(rows.sizeWords.subarray(0, 2 * rows.length), 2 * at);
    // The rows' names are in their order of first appearance, so numbering them in that order keeps ours so too.
    const renumbered = Int32Array.from(rows.names, (name) => this.nameIndex(name));
    for (let index = 0; index < rows.length; index++) {
      const bound = rows.boundIndexes[index]!;
      this.boundIndexes[at + index] = bound === FREE ? FREE : renumbered[bound]!;
    }
    this.count += rows.length;
  }

  /** Make the adopted rows our own columns before anything is added to them. */
  private copyAdopted(): void {
    const rows = this.adopted!;
    this.adopted = null;
    this.count = 0;
    this.copy(rows);
  }

  /** The rows built: views of the columns (not copies), so the builder must not be used after. */
  finish(): MemoryRows {
    if (this.adopted !== null) return this.adopted;
    const count = this.count;
    return new MemoryRows(count, this.paWords.subarray(0, 2 * count), this.sizeWords.subarray(0, 2 * count), this.boundIndexes.subarray(0, count), this.names);
  }

  private grow(capacity: number): void {
    const paWords = new Uint32Array(2 * capacity);
    paWords.set(this.paWords);
    this.paWords = paWords;
    const sizeWords = new Uint32Array(2 * capacity);
    sizeWords.set(this.sizeWords);
    this.sizeWords = sizeWords;
    const boundIndexes = new Int32Array(capacity);
    boundIndexes.set(this.boundIndexes);
    this.boundIndexes = boundIndexes;
  }
}

/**
 * The memory rows of several outputs as one reading shows them: in PA order
 * (then size), duplicates (same PA and size) removed, a duplicate keeping
 * the first row that names a BOUND, else the first row.
 *
 * When the rows, taken in order, are already strictly increasing — one
 * output, or outputs of disjoint ranges in order, the usual case — they are
 * taken as they are: O(rows), no sort, no key per row (the single set
 * itself is returned). Otherwise a stable sort of row numbers by the
 * columns, O(rows log rows).
 */
export function mergeMemoryRows(all: readonly MemoryRows[]): MemoryRows {
  const sets = all.filter((rows) => rows.length > 0);
  if (sets.length === 0) return MemoryRows.EMPTY;
  if (inOrder(sets)) {
    if (sets.length === 1) return sets[0]!;
    const builder = new MemoryRowsBuilder();
    for (const rows of sets) builder.append(rows);
    return builder.finish();
  }
  const rows = new MemoryRowsBuilder();
  for (const set of sets) rows.append(set);
  return deduplicated(rows.finish());
}

/** Whether the sets' rows, one set after the other, have strictly increasing (PA, size). */
function inOrder(sets: readonly MemoryRows[]): boolean {
  let previous: MemoryRows | null = null;
  let previousIndex = 0;
  for (const rows of sets) {
    for (let index = 0; index < rows.length; index++) {
      if (previous !== null && compareRows(previous, previousIndex, rows, index) >= 0) return false;
      previous = rows;
      previousIndex = index;
    }
  }
  return true;
}

/** (PA, size) order of two rows. */
function compareRows(a: MemoryRows, i: number, b: MemoryRows, j: number): number {
  return compareWords(a.paWords, i, b.paWords, j) || compareWords(a.sizeWords, i, b.sizeWords, j);
}

/** `rows` sorted by (PA, size), stable, each run of equal (PA, size) kept as its first bound row, else its first row. */
function deduplicated(rows: MemoryRows): MemoryRows {
  const order = Array.from({ length: rows.length }, (_, index) => index);
  order.sort((i, j) => compareRows(rows, i, rows, j) || i - j);
  const kept = new MemoryRowsBuilder();
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && compareRows(rows, order[start]!, rows, order[end]!) === 0) end++;
    let chosen = order[start]!;
    for (let at = start; at < end; at++) {
      if (rows.boundIndexes[order[at]!] !== FREE) {
        chosen = order[at]!;
        break;
      }
    }
    kept.pushRow(rows, chosen);
    start = end;
  }
  return kept.finish();
}
