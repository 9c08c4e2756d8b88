/**
 * The `random` shape: a map fragmented by a long life and a domain bound the
 * usual way (`pa ≡ ra`).
 *
 * The PA space is cut into one slot per range of `L` units; a slot holds a
 * gap then a range, both log-uniform, so the map never leaves the PA space
 * and no two ranges touch (every gap is at least one unit). Log-uniform
 * lengths give as many 4M–8M holes as 512M–1G ranges: most ranges are
 * small, and a few are large enough for any block.
 *
 * @module
 */
import { InputError } from '../quantity.js';
import { contiguousRas, sourceBlocks, unitsToGranules, type Drawn } from './layout.js';
import type { ResolvedOptions } from './options.js';
import type { SeededRandom } from '../random.js';

/** Default largest block in units when the map leaves room for it. */
export const DEFAULT_MAX_BLOCK_UNITS = 64;

/** Draw a `random` instance. Cost O(ranges + blocks). */
export function drawRandom(options: ResolvedOptions, random: SeededRandom): Drawn {
  const slotUnits = Math.floor(options.paSpaceUnits / options.ranges);
  if (slotUnits < 2) {
    throw new InputError('paSpace', `too small for ${options.ranges} ranges: each needs at least two units (a range and a gap)`);
  }
  const start = new Float64Array(options.ranges);
  const size = new Float64Array(options.ranges);
  let cursor = 0;
  for (let i = 0; i < options.ranges; i++) {
    const rangeUnits = random.logUniform(1, slotUnits - 1);
    const gapUnits = random.logUniform(1, slotUnits - rangeUnits);
    start[i] = cursor + gapUnits;
    size[i] = rangeUnits;
    cursor += gapUnits + rangeUnits;
  }
  const free = unitsToGranules(start, size, options.unitGranules);

  // Large ranges are about as common as small ones per octave, so blocks up
  // to half a slot (less the padding a phase can cost) usually find a home.
  const maxBlockUnits = options.maxBlockUnits ?? Math.min(DEFAULT_MAX_BLOCK_UNITS, Math.max(1, Math.floor((slotUnits - 1) / 2)));
  const sizes: number[] = [];
  for (let i = 0; i < options.blocks; i++) sizes.push(random.logUniform(1, maxBlockUnits) * options.unitGranules);
  const ras = contiguousRas(sizes, options.alignment);
  const phases = ras.map((ra) => ra % options.alignment);
  return { blocks: sourceBlocks(ras, sizes, phases, options.alignment), free, placement: undefined };
}
