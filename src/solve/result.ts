/**
 * What the placement solver answers, in granule units. Reports (text, JSON,
 * SVG) turn this into bytes and ldm wording; the solver never formats.
 *
 * @module
 */
import type { Piece } from '../memory/instance.js';

/** The three verdicts of placement.md. */
export type PlacementStatus = 'feasible' | 'infeasible' | 'unknown';

/** Which strategy decides the question. */
export type Strategy = 'auto' | 'search' | 'lp';

/** Default budget of the exact search, in milliseconds: `ldmfit place` never hangs. */
export const DEFAULT_TIME_LIMIT_MS = 5000;

/** Caller's limits and choices. */
export interface SolveOptions {
  /** Wall-clock budget for the exact search in milliseconds (default 5000). */
  readonly timeLimitMs?: number;
  /** Budget in search nodes (default unlimited). */
  readonly nodeLimit?: number;
  /** `auto` (greedy, then exact search), `search` (same), or `lp` (the MIP). Default `auto`. */
  readonly strategy?: Strategy;
  /** Called now and then during a long search with the nodes it has explored so far. */
  readonly onProgress?: (nodes: number) => void;
}

/**
 * Why an instance is infeasible: a proof a person can check.
 * `kind` says which argument proves it.
 */
export type Certificate =
  /** Total block size exceeds total free size. */
  | {
      /** Which argument: the totals. */
      readonly kind: 'total';
      /** Sum of all block sizes, in granules. */
      readonly needGranules: number;
      /** Sum of all free range lengths on the target, in granules. */
      readonly offerGranules: number;
    }
  /**
   * A single block (in split mode, one finest piece of it) fits in no free
   * range at all, even alone, with its congruence.
   */
  | {
      /** Which argument: one block alone does not fit. */
      readonly kind: 'block';
      /** Index of that block in the instance's `blocks`. */
      readonly block: number;
      /** The item that fits nowhere: the block itself, or one finest piece of it (granules). */
      readonly item: {
        /** Its RA (granules). */
        readonly ra: number;
        /** Its length (granules). */
        readonly size: number;
        /** The residue its new PA must have (granules). */
        readonly phase: number;
      };
      /**
       * The free range with the most room from its first address congruent
       * to the item's phase (`start`, `length`, that first address `at`,
       * granules), or undefined when there is no free range at all.
       */
      readonly bestRange:
        | {
            /** The range's start (granules). */
            readonly start: number;
            /** Its length (granules). */
            readonly length: number;
            /** Its first address congruent to the item's phase (granules). */
            readonly at: number;
          }
        | undefined;
    }
  /**
   * The blocks of at least `thresholdGranules` need `needGranules`, but the
   * ranges able to hold one of them offer only `offerGranules` usable.
   */
  | {
      /** Which argument: large blocks against the ranges long enough for them. */
      readonly kind: 'threshold';
      /** The size cut, in granules: a block size, the smallest block counted. */
      readonly thresholdGranules: number;
      /** Sum of the sizes of blocks at least `thresholdGranules`, in granules. */
      readonly needGranules: number;
      /** Sum of the lengths of free ranges at least `thresholdGranules` long, in granules. */
      readonly offerGranules: number;
    }
  /**
   * The usable ranges all have length `rangeGranules`, and the blocks need at
   * least `needRanges` of them (Martello–Toth bound) where `offerRanges` exist.
   */
  | {
      /** Which argument: bin counting over equal ranges. */
      readonly kind: 'count';
      /** The common length of every free range long enough for the smallest block, in granules. */
      readonly rangeGranules: number;
      /** Lower bound (Martello–Toth L2) on how many such ranges the blocks need; a count, not granules. */
      readonly needRanges: number;
      /** How many such ranges the target has; a count. */
      readonly offerRanges: number;
    }
  /**
   * Counting by residue: the domain's memory has `need` bytes at each
   * residue in `[fromGranules, toGranules)` modulo the alignment, and the
   * free ranges only `offer` (counts of granules at each such residue).
   */
  | {
      /** Which argument: bytes needed and offered at the same residues modulo the alignment. */
      readonly kind: 'residue';
      /** First residue of the arc, in granules modulo the alignment. */
      readonly fromGranules: number;
      /** One past its last residue, in granules (at most the alignment). */
      readonly toGranules: number;
      /** How many granules of the domain's memory sit at each of these residues; a count. */
      readonly need: number;
      /** How many free granules the target has at each of them; a count. */
      readonly offer: number;
    }
  /**
   * Split mode on one grid: the whole split windows of the domain at the
   * slot class starting at PA ≡ `fromGranules` (and the `classes − 1`
   * classes after it) number `need` each, and the free ranges hold only
   * `offer` whole slots of each.
   */
  | {
      /** Which argument: whole pieces against whole slots of their class. */
      readonly kind: 'slots';
      /** The split step (slot length), in granules. */
      readonly slotGranules: number;
      /** Residue modulo the alignment where the first short class's slots start, in granules. */
      readonly fromGranules: number;
      /** How many consecutive classes are short by as much; a count. */
      readonly classes: number;
      /** Whole pieces of each such class; a count. */
      readonly need: number;
      /** Whole free slots of each such class; a count. */
      readonly offer: number;
    }
  /**
   * Split mode on one grid: the `pieces` partial pieces of the class at
   * PA ≡ `fromGranules` fit neither in the `wholeSlots` whole slots its full
   * pieces leave over nor in its `partialSlots` partial slots (exhaustive
   * search over `nodes` nodes).
   */
  | {
      /** Which argument: the partial pieces of one class, searched exhaustively. */
      readonly kind: 'partial-slots';
      /** The split step (slot length), in granules. */
      readonly slotGranules: number;
      /** Residue modulo the alignment where the class's slots start, in granules. */
      readonly fromGranules: number;
      /** How many partial pieces the class has; a count. */
      readonly pieces: number;
      /** Whole slots of the class left after its full pieces; a count. */
      readonly wholeSlots: number;
      /** Partial free slots of the class at the ends of free ranges; a count. */
      readonly partialSlots: number;
      /** Search nodes the proof took. */
      readonly nodes: number;
    }
  /**
   * Weights that no range can carry: each listed item (a block, or a finest
   * piece in split mode; unlisted items weigh 0) has an integer `weight`;
   * every free range of a class holds items of total weight at most the
   * class's `capacity` (the best set by the fit rule, recomputed by a
   * knapsack); and the items weigh `total`, more than the `offer` of all
   * ranges together (Σ ranges × capacity). The weights come from the dual of
   * the pattern LP (`colgen.ts`), but the proof needs nothing from the LP.
   */
  | {
      /** Which argument: LP dual weights against what each range can carry. */
      readonly kind: 'dual-weights';
      /** The items of positive weight, by RA (granules). */
      readonly items: readonly {
        /** The item's RA (granules). */
        readonly ra: number;
        /** Its length (granules). */
        readonly size: number;
        /** Its weight, a positive integer. */
        readonly weight: number;
      }[];
      /** Every class of free ranges that can carry some weight. */
      readonly classes: readonly {
        /** The ranges' common length (granules). */
        readonly length: number;
        /** Their common start residue modulo the alignment (granules). */
        readonly residue: number;
        /** How many free ranges the class has; a count. */
        readonly ranges: number;
        /** The most weight one of them can hold. */
        readonly capacity: number;
      }[];
      /** Σ of the items' weights. */
      readonly total: number;
      /** Σ over the classes of ranges × capacity: at most `total − 1`. */
      readonly offer: number;
    }
  /** Only the complete search proves it (`nodes` explored). */
  | {
      /** Which argument: nothing short of the full search. */
      readonly kind: 'exhaustive';
      /** Work the proof took: search nodes for the exact search, branch-and-bound nodes over all MIP rounds for the `lp` strategy. */
      readonly nodes: number;
    };

/** The solver's answer. */
export interface PlacementResult {
  /** The verdict. */
  readonly status: PlacementStatus;
  /** When feasible: the pieces, sorted by RA. Empty otherwise. */
  readonly pieces: readonly Piece[];
  /**
   * When infeasible: index (in the instance's `blocks`) of the block named in
   * the ldm message — the first block, in ldm's binding order, that cannot
   * be bound. When unknown: the block the search could not settle.
   */
  readonly failedBlock?: number;
  /** When infeasible: the proof. */
  readonly certificate?: Certificate;
  /** Counters for reports and benchmarks. */
  readonly stats: SolveStats;
}

/**
 * Which budget ended an `unknown` answer: the wall clock (`timeLimitMs`), the
 * search nodes (`nodeLimit`), the work one LP node may do before it counts as
 * not converging, or the size of model the strategy will build at all.
 */
export type StopReason = 'time-limit' | 'node-limit' | 'work-limit' | 'size-limit';

/** What the solver did. */
export interface SolveStats {
  /**
   * `greedy` when the fast path placed every block, `packer` when the LP
   * stage's fill packer or the repair packer did (`nodes`: the repair's
   * steps), `bounds` when a bound proved it infeasible (the LP's dual
   * weights included), else `slots`, `search` or `lp`.
   */
  readonly decidedBy: 'bounds' | 'greedy' | 'slots' | 'packer' | 'search' | 'lp';
  /** Search nodes (0 when greedy decided). */
  readonly nodes: number;
  /** Wall time in milliseconds. */
  readonly elapsedMs: number;
  /** For an `unknown` answer: which budget ran out. */
  readonly stoppedBy?: StopReason;
}
