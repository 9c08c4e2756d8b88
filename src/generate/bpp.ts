/**
 * One-dimensional bin packing (BPPLIB) as a placement question, so the exact
 * solver can be checked against instances with proven optima.
 *
 * A bin of capacity `C` becomes a free range of `C` granules; ranges are one
 * granule apart so they are never coalesced. Each item of weight `w` becomes
 * a block of `w` granules. The alignment is one granule, so congruence never
 * constrains anything and a range holds a set of blocks exactly when their
 * weights sum to at most `C`: the placement question with `bins` ranges is
 * feasible if and only if the items pack into `bins` bins. With the proven
 * optimum `m*`, `m*` bins must be feasible and `m* − 1` infeasible.
 *
 * @module
 */
import { rangeColumns, type Block, type PlacementInstance } from '../memory/instance.js';
import { InputError } from '../quantity.js';

/** Granule of BPP instances, the usual 8K, so files look like any other instance. */
const BPP_GRANULE_BYTES = 8192;

/**
 * The placement question "do these items fit in `bins` bins of `capacity`?".
 *
 * Blocks are laid back to back in RA in item order, from RA 0, with
 * `pa = ra`. Range `k` is `[k·(capacity+1), k·(capacity+1) + capacity)`.
 * Cost O(items + bins).
 *
 * @param weights item weights, positive integers at most `capacity`
 * @param capacity the bin capacity, a positive integer (granules)
 * @param bins number of bins, a non-negative integer
 * @param name domain name for messages (default `bpp`)
 * @throws {@link InputError} naming the argument for a non-integer, non-positive or oversized value
 */
export function bppInstance(weights: readonly number[], capacity: number, bins: number, name = 'bpp'): PlacementInstance {
  positiveInteger(capacity, 'capacity');
  if (!Number.isSafeInteger(bins) || bins < 0) throw new InputError('bins', 'must be a non-negative integer', String(bins));
  const blocks: Block[] = [];
  let ra = 0;
  weights.forEach((weight, i) => {
    positiveInteger(weight, `weights[${i}]`);
    if (weight > capacity) throw new InputError(`weights[${i}]`, `exceeds the capacity ${capacity}`, String(weight));
    blocks.push({ ra, pa: ra, size: weight });
    ra += weight;
  });
  const ranges = Array.from({ length: bins }, (_, k) => ({ pa: k * (capacity + 1), size: capacity }));
  return {
    granuleBytes: BPP_GRANULE_BYTES,
    alignment: 1,
    split: false,
    splitAlignment: 1,
    domainName: name,
    targetName: `${bins} bins of ${capacity}`,
    blocks,
    free: rangeColumns(ranges),
  };
}

function positiveInteger(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new InputError(field, 'must be a positive integer', String(value));
}
