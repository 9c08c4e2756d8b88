/**
 * The `tight` shape: feasible by construction, and a trap for first-fit.
 *
 * A placement is drawn first and the map is built around it:
 *
 * 1. `blocks − 1` *regular* blocks (2 to `maxBlock` units) are split into
 *    groups; each group gets one range exactly as long as its blocks laid
 *    back to back. Every block's phase is then read off where it lies
 *    (`pa mod alignment`), so the drawn placement has no padding at all: the
 *    useful free space equals the domain's size.
 * 2. One *trap* block `T` gets a range of its own, exactly its size, longer
 *    than every group's range and at least `alignment` longer than any
 *    regular block. That range is the lowest useful range in PA.
 * 3. The remaining ranges are *crumbs*, shorter than every block. Groups and
 *    crumbs are shuffled above the trap's range, which is the lowest range of
 *    the map; gaps are log-uniform.
 * 4. RAs follow a random order of the blocks in which `T` is never first.
 *
 * Why naive first-fit (blocks in RA order, lowest fitting range) always
 * fails: the first block `b` is regular, so `s_b + alignment ≤ s_T`; it fits
 * in `T`'s range wherever its phase puts it, and that range is the lowest of
 * the map, so first-fit puts `b` there. Once `b` is inside, both leftovers of
 * `T`'s range are shorter than `s_T` (one is below `alignment < s_T`, the
 * other at most `s_T − s_b`), and every other range is shorter than `s_T`
 * from the start; first-fit never lengthens a range, so `T` can never be
 * bound. A solver that binds large blocks first, or searches, succeeds.
 *
 * @module
 */
import { InputError } from '../quantity.js';
import type { Piece } from '../memory/instance.js';
import { contiguousRas, randomGroups, sourceBlocks, unitsToGranules, type Drawn } from './layout.js';
import type { ResolvedOptions } from './options.js';
import type { SeededRandom } from '../random.js';
import { DEFAULT_MAX_BLOCK_UNITS } from './shape-random.js';

/** Draw a `tight` instance. Cost O(ranges + blocks). */
export function drawTight(options: ResolvedOptions, random: SeededRandom): Drawn {
  const maxBlockUnits = options.maxBlockUnits ?? DEFAULT_MAX_BLOCK_UNITS;
  if (maxBlockUnits < 2) {
    throw new InputError('maxBlock', 'must be at least two units for the tight shape (crumbs are one unit shorter than the smallest block)');
  }
  const regularCount = options.blocks - 1;
  const trapId = regularCount;
  const sizeUnits: number[] = [];
  for (let id = 0; id < regularCount; id++) sizeUnits.push(random.logUniform(2, maxBlockUnits));
  const groupCount = Math.min(Math.ceil(regularCount / 2), options.ranges - 1);
  const groups = randomGroups(sizeUnits.map((_, id) => id), groupCount, random);
  const spans = groups.map((group) => group.reduce((sum, id) => sum + sizeUnits[id]!, 0));
  const trapUnits = Math.max(largest(spans) + 1, largest(sizeUnits) + options.alignmentUnits);
  sizeUnits.push(trapUnits);

  // Range k < groupCount holds group k; k === groupCount is the trap; the rest are crumbs.
  const crumbMax = -largest(sizeUnits.map((units) => -units)) - 1;
  const lengthUnits = [...spans, trapUnits];
  for (let k = lengthUnits.length; k < options.ranges; k++) lengthUnits.push(random.logUniform(1, crumbMax));
  const order = [groupCount, ...random.shuffle(lengthUnits.map((_, k) => k).filter((k) => k !== groupCount))];

  const usedUnits = lengthUnits.reduce((sum, length) => sum + length, 0);
  const gapMax = Math.floor((options.paSpaceUnits - usedUnits) / options.ranges);
  if (gapMax < 1) {
    throw new InputError('paSpace', `too small: the tight map needs ${usedUnits + options.ranges} units`);
  }
  const start = new Float64Array(options.ranges);
  const size = new Float64Array(options.ranges);
  const placedUnits = new Array<number>(options.blocks);
  let cursor = 0;
  for (let i = 0; i < order.length; i++) {
    const k = order[i]!;
    start[i] = cursor + random.logUniform(1, gapMax);
    size[i] = lengthUnits[k]!;
    cursor = start[i]! + size[i]!;
    if (k === groupCount) placedUnits[trapId] = start[i]!;
    if (k < groupCount) {
      let at = start[i]!;
      for (const id of groups[k]!) {
        placedUnits[id] = at;
        at += sizeUnits[id]!;
      }
    }
  }
  const free = unitsToGranules(start, size, options.unitGranules);
  return withRandomRas(sizeUnits, placedUnits, trapId, options, random, free);
}

/** The largest value of a non-empty list (a loop: spreading a million arguments overflows the stack). */
function largest(values: readonly number[]): number {
  let result = values[0]!;
  for (const value of values) if (value > result) result = value;
  return result;
}

/** Give the blocks RAs in a random order with the trap not first, and phases from where they were placed. */
function withRandomRas(
  sizeUnits: readonly number[],
  placedUnits: readonly number[],
  trapId: number,
  options: ResolvedOptions,
  random: SeededRandom,
  free: Drawn['free'],
): Drawn {
  const raOrder = random.shuffle(sizeUnits.map((_, id) => id));
  if (raOrder[0] === trapId) [raOrder[0], raOrder[1]] = [raOrder[1]!, raOrder[0]];
  return placedDomain(raOrder, sizeUnits, placedUnits, options, free);
}

/**
 * The domain and its placement, given the RA order of the blocks and where
 * each was placed (units). Shared with the deep-fragmented shape.
 */
export function placedDomain(
  raOrder: readonly number[],
  sizeUnits: readonly number[],
  placedUnits: readonly number[],
  options: ResolvedOptions,
  free: Drawn['free'],
): Drawn {
  const unit = options.unitGranules;
  const sizes = raOrder.map((id) => sizeUnits[id]! * unit);
  const placedPas = raOrder.map((id) => placedUnits[id]! * unit);
  const ras = contiguousRas(sizes, options.alignment);
  const blocks = sourceBlocks(ras, sizes, placedPas.map((pa) => pa % options.alignment), options.alignment);
  const placement: Piece[] = blocks.map((block, i) => ({ ra: block.ra, pa: placedPas[i]!, size: block.size }));
  return { blocks, free, placement };
}
