/**
 * The placement question in the core's own units: a domain's blocks and a
 * target's free ranges, every address and size in granule units (plain
 * numbers, exact; see {@link quantity}).
 *
 * Blocks are few (a domain has tens, at most thousands) and are readable
 * objects. Free ranges can number a million, so they are two typed-array
 * columns with a count, never an object per range.
 *
 * @module
 */

import type { Frame } from './frame.js';

/** One source block: RA range `[ra, ra + size)` backed at `pa` on the source. Granule units. */
export interface Block {
  /** Real address the guest sees (granules). */
  readonly ra: number;
  /** Physical address on the source (granules); fixes the congruence class. */
  readonly pa: number;
  /** Length (granules), > 0. */
  readonly size: number;
}

/** One placed piece `[ra, ra + size)` → `[pa, pa + size)` on the target. Granule units. */
export interface Piece {
  /** Real address of the piece's first granule. */
  readonly ra: number;
  /** New physical address on the target. */
  readonly pa: number;
  /** Length (granules). */
  readonly size: number;
}

/**
 * Free physical ranges as columns: range `i` is `[start[i], start[i] + size[i])`.
 * Not necessarily sorted or coalesced when it comes from input; the
 * {@link FreeMap} built from it is.
 */
export interface RangeColumns {
  /** Number of ranges in use (the arrays may be longer). */
  readonly count: number;
  /** Start addresses (granules). */
  readonly start: Float64Array;
  /** Lengths (granules). */
  readonly size: Float64Array;
}

/** The whole placement question, as `ldmfit place` reads it (placement.md). */
export interface PlacementInstance {
  /** Granule in bytes (a power of two); every quantity is a multiple of it. */
  readonly granuleBytes: number;
  /** Largest page size in granules: pieces keep `pa ≡ source pa (mod alignment)`. */
  readonly alignment: number;
  /** Whether blocks may be cut (newer Solaris guests). */
  readonly split: boolean;
  /** Where cuts may fall, in granules: RAs that are multiples of this. */
  readonly splitAlignment: number;
  /** Source domain name, for messages (`ldg-src`). */
  readonly domainName: string;
  /** Target machine name, for messages. */
  readonly targetName: string;
  /** The source blocks, in input order. */
  readonly blocks: readonly Block[];
  /** The target's free ranges. */
  readonly free: RangeColumns;
  /**
   * Present when the question was *framed* (see {@link Frame}): its
   * units are then not plain granules from address 0, and this maps them
   * back to bytes. Absent: bytes = units × `granuleBytes`.
   */
  readonly frame?: Frame;
}

/**
 * Build {@link RangeColumns} from readable `{pa, size}` objects (granules).
 * Convenient for embedding programs and tests; costs O(n).
 */
export function rangeColumns(ranges: readonly { readonly pa: number; readonly size: number }[]): RangeColumns {
  const start = new Float64Array(ranges.length);
  const size = new Float64Array(ranges.length);
  for (let i = 0; i < ranges.length; i++) {
    start[i] = ranges[i]!.pa;
    size[i] = ranges[i]!.size;
  }
  return { count: ranges.length, start, size };
}
