/**
 * The placement answer in bytes: what the library gives an embedding
 * program, and what every report reads. The engine's {@link PlacementResult}
 * is in its own units (granules, possibly framed); this is the same answer
 * with every address and size a `bigint` of bytes, the certificate's
 * numbers included, and the facts reports used to recompute on their own
 * (the largest free range left, the budget, why a search stopped).
 *
 * A discriminated union on `status`: the compiler tells a caller which
 * fields exist.
 *
 * @module
 */
import { FreeMap } from '../memory/free-map.js';
import { alignmentBytes, blockBytes, paBytes, type PieceBytes, piecesBytes, raBytes, residueBytes, sizeBytes } from '../memory/frame.js';
import type { PlacementInstance } from '../memory/instance.js';
import type { Certificate, PlacementResult, SolveOptions, SolveStats, StopReason } from './result.js';
import { DEFAULT_TIME_LIMIT_MS } from './result.js';

/** A source block as the question gave it, in bytes, with its index in the question's `domain.memory`. */
export interface BlockRef {
  /** Index of the block in the question's `domain.memory`. */
  readonly index: number;
  /** Real address of its first byte. */
  readonly ra: bigint;
  /** Physical address on the source. */
  readonly pa: bigint;
  /** Length in bytes. */
  readonly size: bigint;
}

/** A free range of the target, in bytes. */
export interface RangeBytes {
  /** First byte. */
  readonly pa: bigint;
  /** Length in bytes. */
  readonly size: bigint;
}

/** The domain needs more memory than the target has free. */
export interface TotalCertificate {
  /** Which argument. */
  readonly kind: 'total';
  /** The domain's memory. */
  readonly need: bigint;
  /** The target's free memory. */
  readonly offer: bigint;
}

/**
 * One block (or, in split mode, one finest piece of it) fits in no free
 * range even alone: it must start at a PA ≡ `residue` (mod `alignment`), and
 * the range with the most room from its first such address holds too little.
 */
export interface BlockCertificate {
  /** Which argument. */
  readonly kind: 'block';
  /** The block. */
  readonly block: BlockRef;
  /** What fits nowhere: the block itself, or the finest piece of it at `ra`. */
  readonly item: {
    /** Its RA. */
    readonly ra: bigint;
    /** Its length. */
    readonly size: bigint;
  };
  /** The residue its new PA must have. */
  readonly residue: bigint;
  /** The modulus (the largest page size). */
  readonly alignment: bigint;
  /** The free range with the most room from its first address ≡ `residue`; undefined when nothing is free. */
  readonly bestRange: RangeBytes | undefined;
  /** That first congruent address. */
  readonly bestRangeAt: bigint | undefined;
  /** The room from there to the range's end (0 when the address is past it). */
  readonly bestRangeRoom: bigint;
}

/** The blocks of at least `threshold` bytes need `need`; the ranges able to hold one of them offer only `offer`. */
export interface ThresholdCertificate {
  /** Which argument. */
  readonly kind: 'threshold';
  /** The size cut. */
  readonly threshold: bigint;
  /** Total size of the blocks at least that large. */
  readonly need: bigint;
  /** Total length of the free ranges at least that long. */
  readonly offer: bigint;
}

/** Every usable free range is `rangeSize` long, and the blocks need more of them than exist. */
export interface CountCertificate {
  /** Which argument. */
  readonly kind: 'count';
  /** The common length of the usable ranges. */
  readonly rangeSize: bigint;
  /** A lower bound on how many the blocks need (Martello–Toth L2). */
  readonly needRanges: number;
  /** How many the target has. */
  readonly offerRanges: number;
}

/** Every PA ≡ `from` … `to − 1` (mod `alignment`) is covered `need` times by the domain's memory and only `offer` times by the free ranges. */
export interface ResidueCertificate {
  /** Which argument. */
  readonly kind: 'residue';
  /** First residue of the arc. */
  readonly from: bigint;
  /** One past its last residue. */
  readonly to: bigint;
  /** The modulus. */
  readonly alignment: bigint;
  /** Bytes of the domain at each residue of the arc; a count. */
  readonly need: number;
  /** Free bytes of the target at each residue of the arc; a count. */
  readonly offer: number;
}

/** Split mode: `need` whole windows of `slotSize` at PA ≡ `at` (mod `alignment`), where the free ranges hold only `offer` whole. */
export interface SlotsCertificate {
  /** Which argument. */
  readonly kind: 'slots';
  /** The window (split step) length. */
  readonly slotSize: bigint;
  /** Residue where the first short window starts. */
  readonly at: bigint;
  /** The modulus. */
  readonly alignment: bigint;
  /** How many consecutive window positions are short by as much. */
  readonly classes: number;
  /** Whole windows the domain needs at each. */
  readonly need: number;
  /** Whole free windows at each. */
  readonly offer: number;
}

/** Split mode: the partial pieces of one window class fit neither the whole windows left nor the partial ones. */
export interface PartialSlotsCertificate {
  /** Which argument. */
  readonly kind: 'partial-slots';
  /** The window (split step) length. */
  readonly slotSize: bigint;
  /** Residue where the class's windows start. */
  readonly at: bigint;
  /** The modulus. */
  readonly alignment: bigint;
  /** Partial pieces of the class. */
  readonly pieces: number;
  /** Whole windows left after the class's whole pieces. */
  readonly wholeSlots: number;
  /** Partial free windows of the class at range ends. */
  readonly partialSlots: number;
  /** Search nodes the proof took. */
  readonly nodes: number;
}

/**
 * Weights that no range can carry: the listed items (blocks, or finest
 * pieces in split mode; the rest weigh 0) weigh `total` together, every
 * free range of a class holds at most its `capacity` (the heaviest set of
 * items that fits one such range, recomputed by a knapsack), and all the
 * ranges together carry only `offer < total`. The weights are the dual
 * values of the pattern LP, scaled and rounded to integers.
 */
export interface DualWeightsCertificate {
  /** Which argument. */
  readonly kind: 'dual-weights';
  /** The modulus (the largest page size). */
  readonly alignment: bigint;
  /** The items of positive weight, by RA. */
  readonly items: readonly {
    /** The item's RA. */
    readonly ra: bigint;
    /** Its length. */
    readonly size: bigint;
    /** Its weight, a positive integer. */
    readonly weight: number;
  }[];
  /** Each class of free ranges (equal length and start residue) that can carry some weight. */
  readonly classes: readonly {
    /** The ranges' common length. */
    readonly size: bigint;
    /** Their common start PA modulo `alignment`. */
    readonly residue: bigint;
    /** How many free ranges the class has. */
    readonly ranges: number;
    /** The most weight one of them can hold. */
    readonly capacity: number;
  }[];
  /** The items' total weight. */
  readonly total: number;
  /** What all free ranges together can carry (Σ ranges × capacity): less than `total`. */
  readonly offer: number;
}

/** The complete search tried everything. */
export interface ExhaustiveCertificate {
  /** Which argument. */
  readonly kind: 'exhaustive';
  /** Search nodes (or LP nodes) the proof took. */
  readonly nodes: number;
}

/** Why the question is infeasible, every number in bytes (counts are plain numbers): a proof a person can check. */
export type CertificateBytes =
  | TotalCertificate
  | BlockCertificate
  | ThresholdCertificate
  | CountCertificate
  | ResidueCertificate
  | SlotsCertificate
  | PartialSlotsCertificate
  | DualWeightsCertificate
  | ExhaustiveCertificate;

/** The budget the solver worked with (`nodeLimit` undefined: none; `timeLimitMs` Infinity: none). */
export interface Budget {
  /** Wall-clock budget in milliseconds. */
  readonly timeLimitMs: number;
  /** Search-node budget, when one was given. */
  readonly nodeLimit: number | undefined;
}

/** What every answer says besides its verdict. */
interface AnswerCommon {
  /** The source domain's name. */
  readonly domainName: string;
  /** The target's name. */
  readonly targetName: string;
  /** How many blocks the domain has. */
  readonly blockCount: number;
  /** What the solver did: which stage decided, search nodes, wall time. */
  readonly stats: SolveStats;
  /** The budget it had. */
  readonly budget: Budget;
}

/** A placement exists: `placements` is one, sorted by RA. */
export interface FeasibleAnswer extends AnswerCommon {
  /** The verdict. */
  readonly status: 'feasible';
  /** The pieces, in bytes, sorted by RA. */
  readonly placements: readonly PieceBytes[];
  /** The longest free range of the target once the pieces are placed (0 when none is left). */
  readonly largestFreeLeft: bigint;
}

/** No placement exists, proven. */
export interface InfeasibleAnswer extends AnswerCommon {
  /** The verdict. */
  readonly status: 'infeasible';
  /** The block ldm would name: binding in RA order, the first that cannot be bound. */
  readonly failedBlock: BlockRef | undefined;
  /** The proof. */
  readonly certificate: CertificateBytes;
}

/** A budget ran out before a verdict. */
export interface UnknownAnswer extends AnswerCommon {
  /** The verdict. */
  readonly status: 'unknown';
  /** Which budget ran out. */
  readonly stoppedBy: StopReason;
}

/** The answer to a placement question, in bytes. */
export type PlacementAnswer = FeasibleAnswer | InfeasibleAnswer | UnknownAnswer;

/**
 * Turn the engine's result into the answer in bytes. `map` is the target's
 * free map as the solver saw it (left unchanged; used to find the largest
 * free range left): built from the instance when not given.
 *
 * Cost: O(p log n) for p pieces, plus O(n) when the map must be built.
 */
export function placementAnswer(
  instance: PlacementInstance,
  result: PlacementResult,
  options: SolveOptions = {},
  map?: FreeMap,
): PlacementAnswer {
  const common: AnswerCommon = {
    domainName: instance.domainName,
    targetName: instance.targetName,
    blockCount: instance.blocks.length,
    stats: result.stats,
    budget: { timeLimitMs: options.timeLimitMs ?? (options.nodeLimit === undefined ? DEFAULT_TIME_LIMIT_MS : Infinity), nodeLimit: options.nodeLimit },
  };
  switch (result.status) {
    case 'feasible': {
      const pieces = [...result.pieces].sort((a, b) => a.ra - b.ra);
      return { ...common, status: 'feasible', placements: piecesBytes(instance, pieces), largestFreeLeft: sizeBytes(instance, largestLeft(instance, pieces, map)) };
    }
    case 'infeasible':
      return {
        ...common,
        status: 'infeasible',
        failedBlock: result.failedBlock === undefined || result.failedBlock < 0 ? undefined : blockRef(instance, result.failedBlock),
        certificate: certificateBytes(instance, result.certificate ?? { kind: 'exhaustive', nodes: result.stats.nodes }),
      };
    case 'unknown':
      return { ...common, status: 'unknown', stoppedBy: result.stats.stoppedBy ?? 'time-limit' };
  }
}

/** The longest free range once `pieces` are placed (granules); the map is rolled back. */
function largestLeft(instance: PlacementInstance, pieces: readonly { readonly pa: number; readonly size: number }[], given?: FreeMap): number {
  const map = given ?? FreeMap.fromColumns(instance.free);
  const mark = map.checkpoint();
  try {
    for (const piece of pieces) map.reserve(piece.pa, piece.size);
    return map.largest;
  } finally {
    map.rollback(mark);
  }
}

function blockRef(instance: PlacementInstance, index: number): BlockRef {
  return { index, ...blockBytes(instance, index) };
}

/** An engine certificate with every granule count and residue in bytes. */
export function certificateBytes(instance: PlacementInstance, certificate: Certificate): CertificateBytes {
  const bytes = (units: number): bigint => sizeBytes(instance, units);
  const alignment = alignmentBytes(instance);
  switch (certificate.kind) {
    case 'total':
      return { kind: 'total', need: bytes(certificate.needGranules), offer: bytes(certificate.offerGranules) };
    case 'block': {
      const best = certificate.bestRange;
      return {
        kind: 'block',
        block: blockRef(instance, certificate.block),
        item: { ra: raBytes(instance, certificate.item.ra), size: bytes(certificate.item.size) },
        residue: residueBytes(instance, certificate.item.phase),
        alignment,
        bestRange: best === undefined ? undefined : { pa: paBytes(instance, best.start), size: bytes(best.length) },
        bestRangeAt: best === undefined ? undefined : paBytes(instance, best.start) + bytes(best.at - best.start),
        bestRangeRoom: best === undefined ? 0n : bytes(Math.max(0, best.start + best.length - best.at)),
      };
    }
    case 'threshold':
      return { kind: 'threshold', threshold: bytes(certificate.thresholdGranules), need: bytes(certificate.needGranules), offer: bytes(certificate.offerGranules) };
    case 'count':
      return { kind: 'count', rangeSize: bytes(certificate.rangeGranules), needRanges: certificate.needRanges, offerRanges: certificate.offerRanges };
    case 'residue': {
      const from = residueBytes(instance, certificate.fromGranules);
      return { kind: 'residue', from, to: from + bytes(certificate.toGranules - certificate.fromGranules), alignment, need: certificate.need, offer: certificate.offer };
    }
    case 'slots':
      return {
        kind: 'slots',
        slotSize: bytes(certificate.slotGranules),
        at: residueBytes(instance, certificate.fromGranules),
        alignment,
        classes: certificate.classes,
        need: certificate.need,
        offer: certificate.offer,
      };
    case 'partial-slots':
      return {
        kind: 'partial-slots',
        slotSize: bytes(certificate.slotGranules),
        at: residueBytes(instance, certificate.fromGranules),
        alignment,
        pieces: certificate.pieces,
        wholeSlots: certificate.wholeSlots,
        partialSlots: certificate.partialSlots,
        nodes: certificate.nodes,
      };
    case 'dual-weights':
      return {
        kind: 'dual-weights',
        alignment,
        items: certificate.items.map((item) => ({ ra: raBytes(instance, item.ra), size: bytes(item.size), weight: item.weight })),
        classes: certificate.classes.map((c) => ({ size: bytes(c.length), residue: residueBytes(instance, c.residue), ranges: c.ranges, capacity: c.capacity })),
        total: certificate.total,
        offer: certificate.offer,
      };
    case 'exhaustive':
      return { kind: 'exhaustive', nodes: certificate.nodes };
  }
}
