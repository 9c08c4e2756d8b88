/**
 * The split-mode family of current hardware: seeded questions shaped like
 * Oracle VM Server for SPARC 3.6 on SPARC T5 and later, where the largest
 * page is 16G and Solaris 11.3+ guests let a block be split at 256M.
 *
 * - granule 8K, alignment 16G, `split: true`, `splitAlignment: 256M`;
 * - 2 to 6 blocks (unless asked) of 8G to 32G each, multiples of 256M; RAs
 *   from 2G upwards, consecutive with gaps of 0 to 2G between blocks as ldm
 *   lays a domain out; source PAs random multiples of 256M, increasing with
 *   gaps of 0 to 16G − 256M so that `pa mod 16G` is spread over every 256M
 *   class, and `pa ≡ ra (mod 256M)` as on real machines;
 * - a target fragmented into free ranges of 256M to 4G (multiples of 256M)
 *   at 256M-aligned PAs from 16T, each range separated from the next by a
 *   gap of 256M to 2G (so none coalesce), holding in total `slack` times the
 *   domain's memory, rounded up to 256M; slack drawn in [1.1, 4] unless
 *   asked.
 *
 * No free range is longer than the smallest block, so every block must be
 * cut: the question is never decided by fitting whole blocks. Some of the
 * family are feasible, some infeasible, none by construction.
 *
 * Everything is drawn from one {@link SeededRandom} in a fixed order: the
 * block count and the slack first (drawn even when given, so that giving
 * one does not change the rest), then the domain, then the map. The domain
 * therefore depends on `seed` and `blocks` only, and the same seed with
 * two slacks gives the same domain against two maps.
 *
 * @module
 */
import { rangeColumns, type Block, type PlacementInstance } from '../memory/instance.js';
import { InputError } from '../quantity.js';
import { SeededRandom } from '../random.js';

/** Options of {@link splitFamilyInstance}. Only `seed` is required. */
export interface SplitFamilyOptions {
  /** Any safe integer; the same seed (and options) gives the same instance. */
  readonly seed: number;
  /** Number of blocks, an integer from 1 to 64 (default: drawn from 2 to 6). */
  readonly blocks?: number;
  /**
   * Total free memory on the target as a multiple of the domain's memory, a
   * number above 0 and at most 16 (default: drawn from 1.10 to 4.00 in
   * steps of 0.01). Below 1 the question is infeasible by the totals.
   */
  readonly slack?: number;
}

/** Granule of the family, 8K, in bytes. */
const GRANULE_BYTES = 8192;
/** The split step, 256M, in granules: every size and address of the family is a multiple of it. */
const STEP = (256 * 1024 * 1024) / GRANULE_BYTES;
/** The largest page, 16G, in steps. */
const PAGE_STEPS = 64;
/** Block sizes, 8G to 32G, in steps. */
const BLOCK_STEPS = { low: 32, high: 128 } as const;
/** Free range lengths, 256M to 4G, in steps. */
const RANGE_STEPS = { low: 1, high: 16 } as const;
/** Gaps between free ranges, 256M to 2G, in steps (never 0: ranges must not coalesce). */
const RANGE_GAP_STEPS = { low: 1, high: 8 } as const;
/** Gaps between blocks in RA, 0 to 2G, in steps. */
const RA_GAP_STEPS = 8;
/** First RA of the domain, 2G, in steps. */
const FIRST_RA_STEPS = 8;
/** First source PA considered, 64G, in steps. */
const SOURCE_BASE_STEPS = 4 * PAGE_STEPS;
/** Where the target's free memory starts, 16T, in steps (a multiple of the largest page). */
const TARGET_BASE_STEPS = 1024 * PAGE_STEPS;
/** Drawn slack, in hundredths. */
const SLACK_HUNDREDTHS = { low: 110, high: 400 } as const;
/** Block count drawn when not given. */
const DRAWN_BLOCKS = { low: 2, high: 6 } as const;
/** Bounds on the options. */
const MAX_BLOCKS = 64;
const MAX_SLACK = 16;
/**
 * Allowance for rounding in `need × slack`: the product of at most
 * 64 · 128 steps and a slack ≤ 16 is off by far less than 10^-9 steps, so a
 * product that is an integer in exact arithmetic is not rounded up a step.
 */
const ROUNDING_SLOP = 1e-9;

/**
 * One question of the split family (see the module comment): a domain of
 * 8G–32G blocks against a target fragmented into 256M–4G free ranges with
 * `slack` times the domain's memory free, on SPARC T5 page sizes.
 *
 * Units are 8K granules. Blocks are in RA order; free ranges are sorted by
 * PA and never adjacent. The domain is named `ldg-t5-SEED`, the target
 * `t5-free-SEED-slack-S` with the slack as given or drawn.
 *
 * Cost O(blocks + ranges), where ranges ≈ slack · memory / 2G (a few
 * hundred at most for the defaults).
 *
 * @example
 * ```ts
 * const instance = splitFamilyInstance({ seed: 7, blocks: 4, slack: 1.1 });
 * const result = solvePlacement(instance); // feasible or infeasible, in milliseconds
 * ```
 * @param options the seed, and optionally the block count and the slack
 * @throws {@link InputError} naming `seed`, `blocks` or `slack` for a value out of range
 */
export function splitFamilyInstance(options: SplitFamilyOptions): PlacementInstance {
  const { seed } = options;
  if (!Number.isSafeInteger(seed)) throw new InputError('seed', 'must be a safe integer', String(seed));
  const random = new SeededRandom(seed);
  const drawnBlocks = random.between(DRAWN_BLOCKS.low, DRAWN_BLOCKS.high);
  const drawnSlack = random.between(SLACK_HUNDREDTHS.low, SLACK_HUNDREDTHS.high) / 100;
  const blockCount = options.blocks ?? drawnBlocks;
  if (!Number.isSafeInteger(blockCount) || blockCount < 1 || blockCount > MAX_BLOCKS) {
    throw new InputError('blocks', `must be an integer from 1 to ${MAX_BLOCKS}`, String(blockCount));
  }
  const slack = options.slack ?? drawnSlack;
  if (!Number.isFinite(slack) || slack <= 0 || slack > MAX_SLACK) {
    throw new InputError('slack', `must be a number above 0 and at most ${MAX_SLACK}`, String(slack));
  }
  const blocks = drawDomain(blockCount, random);
  const needSteps = blocks.reduce((sum, block) => sum + block.size, 0) / STEP;
  return {
    granuleBytes: GRANULE_BYTES,
    alignment: PAGE_STEPS * STEP,
    split: true,
    splitAlignment: STEP,
    domainName: `ldg-t5-${seed}`,
    targetName: `t5-free-${seed}-slack-${slack}`,
    blocks,
    free: drawFreeMap(Math.ceil(needSteps * slack - ROUNDING_SLOP), random),
  };
}

/** The domain's blocks in RA order, in granules: RAs laid out from 2G with small gaps, source PAs spread over the classes. */
function drawDomain(count: number, random: SeededRandom): Block[] {
  const blocks: Block[] = [];
  let raSteps = FIRST_RA_STEPS;
  let paSteps = SOURCE_BASE_STEPS;
  for (let i = 0; i < count; i++) {
    const sizeSteps = random.between(BLOCK_STEPS.low, BLOCK_STEPS.high);
    paSteps += random.below(PAGE_STEPS);
    blocks.push({ ra: raSteps * STEP, pa: paSteps * STEP, size: sizeSteps * STEP });
    raSteps += sizeSteps + random.between(0, RA_GAP_STEPS);
    paSteps += sizeSteps;
  }
  return blocks;
}

/**
 * Free ranges of 256M–4G separated by gaps of 256M–2G, from 16T, until they
 * hold `totalSteps` steps; the last range is cut short to hit the total
 * exactly. In granules.
 */
function drawFreeMap(totalSteps: number, random: SeededRandom): PlacementInstance['free'] {
  const ranges: { pa: number; size: number }[] = [];
  let cursor = TARGET_BASE_STEPS;
  for (let left = totalSteps; left > 0; ) {
    const lengthSteps = Math.min(left, random.between(RANGE_STEPS.low, RANGE_STEPS.high));
    ranges.push({ pa: cursor * STEP, size: lengthSteps * STEP });
    cursor += lengthSteps + random.between(RANGE_GAP_STEPS.low, RANGE_GAP_STEPS.high);
    left -= lengthSteps;
  }
  return rangeColumns(ranges);
}
