/**
 * The `deep-fragmented` shape: small holes fill the low PA space and the only
 * ranges able to hold the domain's blocks sit at the top.
 *
 * This is the map a long-running machine ends up with after many small
 * allocations were freed low and a large one high — and the worst case of a
 * linear first-fit scan, which walks every hole for every block. Holes are
 * 1 to 3 units and blocks at least one unit longer (when `maxBlock` leaves
 * room for that), so no block fits a hole.
 *
 * The top ranges are built around a drawn placement: blocks are dealt into
 * groups of about {@link BLOCKS_PER_TOP_RANGE}, each group laid back to back
 * at the start of its range. Phases are read off that placement, so the
 * instance is feasible by construction.
 *
 * Each top range also gets slack: one alignment per block it holds, plus
 * the largest block and one alignment (plus a random part). That makes naive
 * first-fit succeed, so a benchmark times its whole walk rather than an
 * early failure. Proof: first-fit misses a range only when less than
 * `size + alignment ≤ maxBlock + alignment` is left in it; so if a block
 * found no range, the blocks already bound would fill more than
 * `Σ sizes + blocks · alignment` of the top ranges — more than they can
 * occupy, as each takes its size plus under one alignment of padding.
 *
 * @module
 */
import { InputError } from '../quantity.js';
import { randomGroups, unitsToGranules, type Drawn } from './layout.js';
import type { ResolvedOptions } from './options.js';
import type { SeededRandom } from '../random.js';
import { DEFAULT_MAX_BLOCK_UNITS } from './shape-random.js';
import { placedDomain } from './shape-tight.js';

/** Blocks per large range at the top of the map. */
export const BLOCKS_PER_TOP_RANGE = 16;
/** Longest hole, in units. */
const HOLE_MAX_UNITS = 3;
/** Longest gap between two top ranges, in units. */
const TOP_GAP_MAX_UNITS = 64;

/** Draw a `deep-fragmented` instance. Cost O(ranges + blocks). */
export function drawDeepFragmented(options: ResolvedOptions, random: SeededRandom): Drawn {
  const maxBlockUnits = options.maxBlockUnits ?? DEFAULT_MAX_BLOCK_UNITS;
  const holeMaxUnits = Math.max(1, Math.min(HOLE_MAX_UNITS, maxBlockUnits - 1));
  const minBlockUnits = Math.min(holeMaxUnits + 1, maxBlockUnits);
  const topCount = Math.min(Math.ceil(options.blocks / BLOCKS_PER_TOP_RANGE), options.ranges);
  const holeCount = options.ranges - topCount;

  const sizeUnits: number[] = [];
  for (let id = 0; id < options.blocks; id++) sizeUnits.push(random.logUniform(minBlockUnits, maxBlockUnits));
  const groups = randomGroups(sizeUnits.map((_, id) => id), topCount, random);
  const slackBase = maxBlockUnits + options.alignmentUnits;
  const topLengths = groups.map((group) =>
    group.reduce((sum, id) => sum + sizeUnits[id]!, 0) + group.length * options.alignmentUnits + slackBase + random.between(0, options.alignmentUnits));
  const topGaps = groups.map(() => random.logUniform(1, TOP_GAP_MAX_UNITS));
  const topUnits = topLengths.reduce((sum, length, k) => sum + length + topGaps[k]!, 0);

  const holeSpace = options.paSpaceUnits - topUnits;
  const slotUnits = holeCount === 0 ? 0 : Math.floor(holeSpace / holeCount);
  if (holeSpace < 0 || (holeCount > 0 && slotUnits < 2)) {
    throw new InputError('paSpace', `too small: the top ranges need ${topUnits} units and each hole two more`);
  }
  const start = new Float64Array(options.ranges);
  const size = new Float64Array(options.ranges);
  let cursor = 0;
  for (let i = 0; i < holeCount; i++) {
    const holeUnits = random.logUniform(1, Math.min(holeMaxUnits, slotUnits - 1));
    start[i] = cursor + random.logUniform(1, slotUnits - holeUnits);
    size[i] = holeUnits;
    cursor = start[i]! + holeUnits;
  }
  const placedUnits = new Array<number>(options.blocks);
  for (let k = 0; k < topCount; k++) {
    const i = holeCount + k;
    start[i] = cursor + topGaps[k]!;
    size[i] = topLengths[k]!;
    cursor = start[i]! + size[i]!;
    let at = start[i]!;
    for (const id of groups[k]!) {
      placedUnits[id] = at;
      at += sizeUnits[id]!;
    }
  }
  const free = unitsToGranules(start, size, options.unitGranules);
  const raOrder = random.shuffle(sizeUnits.map((_, id) => id));
  return placedDomain(raOrder, sizeUnits, placedUnits, options, free);
}
