/**
 * A domain's memory as the guest sees it: blocks RA → PA, ordered by RA.
 * Granule units.
 *
 * @module
 */
import { InputError } from '../quantity.js';
import { countAtMost } from '../sorted.js';
import type { Block } from './instance.js';

/**
 * A domain's blocks in RA order, checked for RA overlaps, with RA → PA
 * translation.
 *
 * A sorted array and binary search rather than the range tree: a domain
 * has tens to thousands of blocks and the map never changes after it is
 * built, so a balanced tree would buy nothing but bookkeeping, while the
 * array keeps the blocks readable and contiguous.
 */
export class RealMap {
  /** The blocks, ascending by RA. */
  private readonly sorted: readonly Block[];
  /** Their RAs, the column the lookups search. */
  private readonly starts: Float64Array;
  /** Input index of each sorted block, for error messages and reports. */
  private readonly inputIndex: readonly number[];
  private readonly total: number;

  private constructor(sorted: readonly Block[], inputIndex: readonly number[], total: number) {
    this.sorted = sorted;
    this.starts = Float64Array.from(sorted, (block) => block.ra);
    this.inputIndex = inputIndex;
    this.total = total;
  }

  /**
   * Check and sort a domain's blocks. Cost: O(n log n).
   *
   * @param blocks the blocks in input order
   * @param fieldPrefix the field they came from; block `i` is `${fieldPrefix}[i]`
   * @throws {@link InputError} when a size is not > 0 (field
   *   `domain.memory[i].size`) or two blocks overlap in RA (field
   *   `domain.memory[j]`, detail `overlaps domain.memory[i]`, i < j)
   */
  static fromBlocks(blocks: readonly Block[], fieldPrefix = 'domain.memory'): RealMap {
    const order: number[] = [];
    let total = 0;
    for (let i = 0; i < blocks.length; i++) {
      const size = blocks[i]!.size;
      if (!(size > 0)) throw new InputError(`${fieldPrefix}[${i}].size`, 'must be greater than zero', String(size));
      order.push(i);
      total += size;
    }
    order.sort((a, b) => blocks[a]!.ra - blocks[b]!.ra || a - b);
    for (let k = 1; k < order.length; k++) {
      const previous = order[k - 1]!;
      const current = order[k]!;
      if (blocks[current]!.ra < blocks[previous]!.ra + blocks[previous]!.size) {
        const early = Math.min(previous, current);
        const late = Math.max(previous, current);
        throw new InputError(`${fieldPrefix}[${late}]`, `overlaps ${fieldPrefix}[${early}]`);
      }
    }
    return new RealMap(order.map((i) => blocks[i]!), order, total);
  }

  /** Number of blocks. O(1). */
  get count(): number {
    return this.sorted.length;
  }

  /** Sum of the block sizes, granules. O(1). */
  get totalSize(): number {
    return this.total;
  }

  /** The blocks in RA order (do not modify). O(1). */
  get blocks(): readonly Block[] {
    return this.sorted;
  }

  /** The input index of the `k`-th block in RA order. O(1). */
  inputIndexOf(k: number): number {
    return this.inputIndex[k]!;
  }

  /**
   * Position in RA order of the block containing real address `ra`, or -1.
   * O(log n).
   */
  indexOf(ra: number): number {
    const k = countAtMost(this.starts, ra) - 1;
    if (k < 0) return -1;
    const block = this.sorted[k]!;
    return ra - block.ra < block.size ? k : -1;
  }

  /** The source physical address backing real address `ra`, or -1 when unmapped. O(log n). */
  translate(ra: number): number {
    const k = this.indexOf(ra);
    if (k < 0) return -1;
    const block = this.sorted[k]!;
    return block.pa + (ra - block.ra);
  }

  /** Call `visit(ra, pa, size)` for every block in RA order. O(n), no allocation. */
  forEachPiece(visit: (ra: number, pa: number, size: number) => void): void {
    for (const block of this.sorted) visit(block.ra, block.pa, block.size);
  }
}
