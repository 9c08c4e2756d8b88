/**
 * An exact reference solver for small placement questions, in BigInt bytes,
 * written from docs/placement.md alone (it shares nothing with `src/`). It
 * is meant to be obviously right, not fast: the differential fuzz test
 * compares the product's verdicts with it.
 *
 * The model. An *item* is what must be placed whole: a block when `split`
 * is false; in split mode, a *finest piece*, the block cut at every RA
 * multiple of `splitAlignment`. Cutting only at those RAs and placing the
 * finest pieces independently loses nothing: any allowed piece is a run of
 * finest pieces placed back to back, and any placement of finest pieces is
 * itself an allowed placement (every cut is at a multiple). Each item must
 * lie in one coalesced free range, at a PA ≡ its source PA (mod alignment),
 * without overlapping another.
 *
 * Why the search is exact, in two steps:
 * 1. One range. A set S of items fits in a range iff some order of S fits
 *    when each item goes at the first congruent address at or after the end
 *    of the previous one ("earliest placement"). Given any valid placement
 *    of S, take its items in address order: by induction each earliest
 *    position is at or before the valid one (the cursor is at or before it,
 *    and the valid position is itself congruent), so every item still ends
 *    inside the range. Earliest placement is monotone in the cursor (a
 *    lower cursor never gives a higher end), so the lowest end cursor for S
 *    is the minimum, over the item j placed last, of placing j after the
 *    lowest end cursor for S \ {j}: a DP over subsets.
 * 2. All ranges. A question is feasible iff its items can be partitioned
 *    into sets S_1 … S_n (some empty) with S_i fitting range i: a DP over
 *    (range index, items still unplaced), with every subset tried.
 *
 * Cost: O(r · 2^k · k) BigInt steps for the per-range tables and O(r · 3^k)
 * subset steps for r ranges and k items, hence the limit on k.
 *
 * @module
 */
import { ascending, firstCongruentAtOrAfter, readQuestion, type OracleQuestion, type OracleRange } from './question.js';

/** The most items (blocks, or finest pieces in split mode) the oracle accepts. */
export const MAX_ITEMS = 16;

/** One placed piece, in bytes. */
export interface OraclePiece {
  readonly ra: bigint;
  readonly pa: bigint;
  readonly size: bigint;
}

/** What must be placed whole, with the residue its PA must have modulo the alignment. */
export interface OracleItem {
  readonly ra: bigint;
  readonly size: bigint;
  readonly residue: bigint;
}

/** The oracle's answer: feasible with a witness placement sorted by RA, or infeasible. */
export type OracleVerdict =
  | { readonly feasible: true; readonly placement: readonly OraclePiece[] }
  | { readonly feasible: false };

/**
 * The items of a question: its blocks, or in split mode its finest pieces.
 * A finest piece runs from one RA multiple of `splitAlignment` (or the
 * block's start) to the next (or the block's end); its source PA is the
 * block's `pa` plus its offset in the block.
 */
export function oracleItems(question: OracleQuestion): OracleItem[] {
  const { alignment, split, splitAlignment } = question;
  const items: OracleItem[] = [];
  for (const block of question.blocks) {
    const end = block.ra + block.size;
    let ra = block.ra;
    while (ra < end) {
      const nextCut = split ? (ra / splitAlignment + 1n) * splitAlignment : end;
      const stop = nextCut < end ? nextCut : end;
      items.push({ ra, size: stop - ra, residue: (block.pa + (ra - block.ra)) % alignment });
      ra = stop;
    }
  }
  return items;
}

/**
 * Decide a placement question exactly.
 *
 * @param file the instance file's parsed JSON (placement.md "Instance file")
 * @throws Error for input placement.md calls invalid, or more than
 *   {@link MAX_ITEMS} items
 */
export function bruteForce(file: Readonly<Record<string, unknown>>): OracleVerdict {
  const question = readQuestion(file);
  const items = oracleItems(question);
  if (items.length > MAX_ITEMS) throw new Error(`brute force: ${items.length} items, more than ${MAX_ITEMS}`);
  const tables = question.free.map((range) => lowestEnds(range, items, question.alignment));
  const chosen = partition(tables, (1 << items.length) - 1);
  if (chosen === undefined) return { feasible: false };
  const placement = chosen.flatMap((set, i) => placeSet(question.free[i]!, set, tables[i]!, items, question.alignment));
  return { feasible: true, placement: placement.sort((a, b) => ascending(a.ra, b.ra)) };
}

/** Per subset of items (a bit mask): the lowest end cursor of an earliest placement in `range`, and the item placed last. */
interface RangeTable {
  readonly end: (bigint | undefined)[];
  readonly last: number[];
}

/** Step 1 of the module comment: the subset DP for one range. */
function lowestEnds(range: OracleRange, items: readonly OracleItem[], alignment: bigint): RangeTable {
  const subsets = 1 << items.length;
  const end = new Array<bigint | undefined>(subsets).fill(undefined);
  const last = new Array<number>(subsets).fill(-1);
  end[0] = range.start;
  for (let set = 1; set < subsets; set++) {
    for (let j = 0; j < items.length; j++) {
      const bit = 1 << j;
      const before = (set & bit) === 0 ? undefined : end[set ^ bit];
      if (before === undefined) continue;
      const stop = firstCongruentAtOrAfter(before, items[j]!.residue, alignment) + items[j]!.size;
      if (stop <= range.end && (end[set] === undefined || stop < end[set]!)) {
        end[set] = stop;
        last[set] = j;
      }
    }
  }
  return { end, last };
}

/**
 * Step 2 of the module comment: the set of items for each range, or
 * undefined when no partition fits. `failed[i]` remembers the unplaced sets
 * that range i onwards cannot take, so each (range, set) is tried once.
 */
function partition(tables: readonly RangeTable[], all: number): number[] | undefined {
  const failed = tables.map(() => new Set<number>());
  const chosen: number[] = [];
  const solve = (i: number, unplaced: number): boolean => {
    if (unplaced === 0) return true;
    if (i === tables.length || failed[i]!.has(unplaced)) return false;
    if (i === tables.length - 1) {
      // The last range must take every item still unplaced.
      if (tables[i]!.end[unplaced] === undefined) return false;
      chosen[i] = unplaced;
      return true;
    }
    for (let set = unplaced; ; set = (set - 1) & unplaced) {
      if (tables[i]!.end[set] !== undefined && solve(i + 1, unplaced ^ set)) {
        chosen[i] = set;
        return true;
      }
      if (set === 0) break;
    }
    failed[i]!.add(unplaced);
    return false;
  };
  if (!solve(0, all)) return undefined;
  return tables.map((_, i) => chosen[i] ?? 0);
}

/** The earliest placement of `set` in `range`, in the order the table recorded. */
function placeSet(range: OracleRange, set: number, table: RangeTable, items: readonly OracleItem[], alignment: bigint): OraclePiece[] {
  const order: number[] = [];
  for (let rest = set; rest !== 0; rest ^= 1 << table.last[rest]!) order.unshift(table.last[rest]!);
  let cursor = range.start;
  return order.map((j) => {
    const item = items[j]!;
    const pa = firstCongruentAtOrAfter(cursor, item.residue, alignment);
    cursor = pa + item.size;
    return { ra: item.ra, pa, size: item.size };
  });
}
