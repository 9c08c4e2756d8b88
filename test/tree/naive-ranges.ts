/**
 * Deliberately naive models of RangeTree and FreeMap: a sorted array of
 * `[start, end)` pairs, linear scans everywhere, snapshots for checkpoints.
 * Obviously right is the point; the randomized tests diff the real
 * structures against these after every operation.
 */

/** One range `[start, end)`. */
export type Span = readonly [start: number, end: number];

function alignUp(start: number, phase: number, alignment: number): number {
  return start + ((phase - (start % alignment)) % alignment + alignment) % alignment;
}

/** Whether `size` fits at phase `phase` mod `alignment` inside `span`, and where. */
function fitIn(span: Span, size: number, phase: number, alignment: number): number {
  const p = alignUp(span[0], phase, alignment);
  return p + size <= span[1] ? p : -1;
}

/** The RangeTree interface on a plain sorted array. Queries return spans, not ids. */
export class NaiveRanges {
  spans: Span[] = [];

  /** Every range, ascending. */
  list(): Span[] {
    return this.spans.slice();
  }

  get count(): number {
    return this.spans.length;
  }

  get largest(): number {
    let best = 0;
    for (const [s, e] of this.spans) best = Math.max(best, e - s);
    return best;
  }

  insert(start: number, end: number): void {
    if (!(start < end)) throw new Error('empty');
    if (this.firstOverlapping(start, end) !== undefined) throw new Error('overlap');
    this.spans.push([start, end]);
    this.spans.sort((a, b) => a[0] - b[0]);
  }

  remove(start: number): void {
    const k = this.spans.findIndex((s) => s[0] === start);
    if (k < 0) throw new Error('absent');
    this.spans.splice(k, 1);
  }

  resize(oldStart: number, start: number, end: number): void {
    const k = this.spans.findIndex((s) => s[0] === oldStart);
    if (k < 0) throw new Error('absent');
    if (!(start < end)) throw new Error('empty');
    // RangeTree.resize keeps the key order: the range may not reach into, or jump over, another.
    for (let j = 0; j < k; j++) if (this.spans[j]![1] > start) throw new Error('overlap or reorder');
    for (let j = k + 1; j < this.spans.length; j++) if (this.spans[j]![0] < end) throw new Error('overlap or reorder');
    this.spans[k] = [start, end];
  }

  containing(point: number): Span | undefined {
    return this.spans.find(([s, e]) => s <= point && point < e);
  }

  firstOverlapping(from: number, to: number): Span | undefined {
    return this.spans.find(([s, e]) => s < to && from < e && from < to);
  }

  startingAt(point: number): Span | undefined {
    return this.spans.find(([s]) => s === point);
  }

  endingAt(point: number): Span | undefined {
    return this.spans.find(([, e]) => e === point);
  }

  firstStartingAfter(point: number): Span | undefined {
    return this.spans.find(([s]) => s > point);
  }

  lastStartingBefore(point: number): Span | undefined {
    let found: Span | undefined;
    for (const span of this.spans) if (span[0] < point) found = span;
    return found;
  }

  /** Lowest fitting position, or -1. */
  firstFit(size: number, phase: number, alignment: number): number {
    for (const span of this.spans) {
      const p = fitIn(span, size, phase, alignment);
      if (p >= 0) return p;
    }
    return -1;
  }

  /** The smallest range that fits (ties: lowest start), or undefined. */
  bestFitSpan(size: number, phase: number, alignment: number): Span | undefined {
    let best: Span | undefined;
    for (const span of this.spans) {
      if (fitIn(span, size, phase, alignment) < 0) continue;
      if (best === undefined || span[1] - span[0] < best[1] - best[0]) best = span;
    }
    return best;
  }

  /** Position inside {@link bestFitSpan}, or -1. */
  bestFit(size: number, phase: number, alignment: number): number {
    const span = this.bestFitSpan(size, phase, alignment);
    return span === undefined ? -1 : alignUp(span[0], phase, alignment);
  }
}

/** The FreeMap interface: coalesced spans, snapshots as checkpoints. */
export class NaiveFreeMap extends NaiveRanges {
  private snapshots: Span[][] = [];

  /** Free spans from unsorted `[start, size]` input, coalesced. */
  static from(input: readonly (readonly [number, number])[]): NaiveFreeMap {
    const map = new NaiveFreeMap();
    for (const [s, size] of input) map.release(s, size);
    return map;
  }

  get totalFree(): number {
    let total = 0;
    for (const [s, e] of this.spans) total += e - s;
    return total;
  }

  contains(pa: number, size: number): boolean {
    return this.spans.some(([s, e]) => s <= pa && pa + size <= e);
  }

  reserve(pa: number, size: number): void {
    const k = this.spans.findIndex(([s, e]) => s <= pa && pa + size <= e);
    if (!(size > 0) || k < 0) throw new Error('not inside one free range');
    const [s, e] = this.spans[k]!;
    const pieces: Span[] = [];
    if (s < pa) pieces.push([s, pa]);
    if (pa + size < e) pieces.push([pa + size, e]);
    this.spans.splice(k, 1, ...pieces);
  }

  release(pa: number, size: number): void {
    if (!(size > 0) || this.firstOverlapping(pa, pa + size) !== undefined) throw new Error('double free');
    this.spans.push([pa, pa + size]);
    this.spans.sort((a, b) => a[0] - b[0]);
    const merged: Span[] = [];
    for (const span of this.spans) {
      const top = merged[merged.length - 1];
      if (top !== undefined && top[1] === span[0]) merged[merged.length - 1] = [top[0], span[1]];
      else merged.push(span);
    }
    this.spans = merged;
  }

  checkpoint(): number {
    this.snapshots.push(this.spans.slice());
    return this.snapshots.length - 1;
  }

  rollback(mark: number): void {
    this.spans = this.snapshots[mark]!.slice();
    this.snapshots.length = mark + 1;
  }
}
