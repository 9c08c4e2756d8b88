/**
 * The placement question as an instance file writes it (placement.md,
 * "Instance file"), as TypeScript types: a program that builds a question in
 * code gets a compile error for a misspelt field instead of a run-time one.
 * `schema/instance.schema.json` describes the same shape for other languages.
 *
 * @module
 */

/**
 * A byte quantity as files and programs write it: a string in hex
 * (`"0x108000000"`), decimal (`"4294967296"`) or decimal with a binary unit
 * (`"4K"`, `"256M"`, `"2G"`; 1K = 1024); a non-negative safe integer; or, in
 * code, a bigint (any value below 2^64).
 */
export type Quantity = string | number | bigint;

/** One source block of the domain: `ldm list -o memory DOMAIN`, columns RA, PA and SIZE. */
export interface MemoryBlock {
  /** Real address the guest sees. */
  readonly ra: Quantity;
  /** Physical address on the source (fixes the congruence class); `ra` when omitted. */
  readonly pa?: Quantity;
  /** Length. */
  readonly size: Quantity;
}

/** One free range of the target: `ldm list-devices memory` on the target, columns PA and SIZE. */
export interface FreeRange {
  /** First byte. */
  readonly pa: Quantity;
  /** Length. */
  readonly size: Quantity;
}

/** A placement question: can `domain`'s memory be rebuilt in `target`'s free ranges? */
export interface PlacementQuestion {
  /** JSON Schema reference for editors; carries no constraint. */
  readonly $schema?: string;
  /** Every address and size is a multiple of this power of two (default `8K`). */
  readonly granule?: Quantity;
  /** The largest page size: each piece keeps its PA modulo this (default `256M`). */
  readonly alignment?: Quantity;
  /** Whether blocks may be cut (Solaris 11.3 guests and later; default false). */
  readonly split?: boolean;
  /** Where cuts may fall: RAs that are multiples of this (default the alignment). */
  readonly splitAlignment?: Quantity;
  /** The source domain. */
  readonly domain: {
    /** Its name, for messages. */
    readonly name?: string;
    /** Its memory blocks. */
    readonly memory: readonly MemoryBlock[];
  };
  /** The target machine. */
  readonly target: {
    /** Its name, for messages. */
    readonly name?: string;
    /** Its free memory. */
    readonly free: readonly FreeRange[];
  };
}
