/**
 * The memory map's geometry: a window of physical addresses laid across the
 * plot's pixels, its axis ticks, and the aggregation that keeps a map of a
 * million ranges as small as a map of ten.
 *
 * The window's ends and the tick step are powers of two at least the
 * granule, because ldm's units are binary (`256M`, `1G`, `128T`): every tick
 * is then an address ldm would print as a round size.
 *
 * Aggregation: an interval at least a pixel wide is drawn as itself (at most
 * one per pixel, since the intervals of a layer do not overlap); a narrower
 * one adds the part of each pixel column it covers to that column's
 * fraction, and the column is drawn once with that fraction. Output size is
 * then O(width), whatever the number of intervals; the cost is O(n).
 *
 * @module
 */

/** The map's horizontal scale: PAs `[from, to)` across `width` pixels. */
export interface PaScale {
  /** First PA of the window (bytes), a multiple of `step`. */
  readonly from: bigint;
  /** One past the window's last PA (bytes), a multiple of `step`. */
  readonly to: bigint;
  /** Distance between two axis ticks (bytes): a power of two, at least the granule. */
  readonly step: bigint;
  /** Width of the plot in pixels. */
  readonly width: number;
  /** Pixels per byte. */
  readonly pxPerByte: number;
}

/**
 * The window that holds PAs `[low, high)` with at most `width / tickSpacing`
 * tick intervals: the smallest power-of-two step (at least `granule`) that
 * allows it, and the window's ends rounded out to that step. O(64).
 *
 * @param low first PA to show
 * @param high one past the last PA to show, above `low`
 * @param granule the question's granule (a power of two)
 * @param width plot width in pixels
 * @param tickSpacing the least distance between two ticks in pixels (room for a label)
 */
export function paScale(low: bigint, high: bigint, granule: bigint, width: number, tickSpacing: number): PaScale {
  const intervals = BigInt(Math.max(1, Math.floor(width / tickSpacing)));
  let step = granule;
  while (step * intervals < high - low) step *= 2n;
  for (;;) {
    const from = (low / step) * step;
    const to = ((high + step - 1n) / step) * step;
    // Rounding out can add a step at each end; a wider step then fits.
    if ((to - from) / step <= intervals) return { from, to, step, width, pxPerByte: width / Number(to - from) };
    step *= 2n;
  }
}

/** Where PA `pa` falls on the plot, in pixels from its left edge. O(1). */
export function pixelOf(scale: PaScale, pa: bigint): number {
  return Number(pa - scale.from) * scale.pxPerByte;
}

/** The tick addresses of a scale, from its first to its last PA. O(ticks). */
export function ticksOf(scale: PaScale): bigint[] {
  const ticks: bigint[] = [];
  for (let pa = scale.from; pa <= scale.to; pa += scale.step) ticks.push(pa);
  return ticks;
}

/**
 * Intervals in pixels, as columns: interval `i` is `[x[i], x[i] + w[i])`
 * (pixels from the plot's left edge), of category `category[i]` (a block's
 * colour, a bound row's owner; all 0 when absent).
 */
export interface PixelIntervals {
  /** Number of intervals. */
  readonly count: number;
  /** Left edges in pixels. */
  readonly x: Float64Array;
  /** Widths in pixels (a width below a pixel is kept exactly, not rounded). */
  readonly w: Float64Array;
  /** Category of each interval; absent: one category, 0. */
  readonly category?: Int32Array;
}

/** An aggregated layer: what to draw as itself, and per pixel column what the narrower intervals add up to. */
export interface Raster {
  /** Indices of the intervals at least one pixel wide, in input order. */
  readonly exact: number[];
  /** Per pixel column: the fraction of it that narrower intervals cover, 0 to 1. */
  readonly cover: Float64Array;
  /** Per pixel column: the category with the most narrower bytes there (the lowest on a tie), or -1. */
  readonly dominant: Int32Array;
}

/**
 * Aggregate a layer of non-overlapping intervals over `columns` pixel
 * columns (see the module comment). O(n) time; O(columns) memory, plus one
 * map entry per (column, category) touched when there are categories.
 */
export function rasterize(intervals: PixelIntervals, columns: number): Raster {
  const { count, x, w, category } = intervals;
  const exact: number[] = [];
  const cover = new Float64Array(columns);
  const weights = new Map<number, number>();
  let categories = 1;
  if (category !== undefined) for (let i = 0; i < count; i++) categories = Math.max(categories, category[i]! + 1);
  const add = (column: number, amount: number, i: number): void => {
    const c = Math.min(columns - 1, Math.max(0, column));
    cover[c] = cover[c]! + amount;
    if (category === undefined) return;
    const key = c * categories + category[i]!;
    weights.set(key, (weights.get(key) ?? 0) + amount);
  };
  for (let i = 0; i < count; i++) {
    const left = x[i]!;
    const width = w[i]!;
    if (width >= 1) {
      exact.push(i);
      continue;
    }
    // Narrower than a pixel: it touches at most two columns.
    const column = Math.floor(left);
    const inFirst = Math.min(width, column + 1 - left);
    add(column, inFirst, i);
    if (width > inFirst) add(column + 1, width - inFirst, i);
  }
  for (let c = 0; c < columns; c++) cover[c] = Math.min(1, cover[c]!);
  return { exact, cover, dominant: dominantCategories(weights, columns, categories, category !== undefined) };
}

/** Per column, the category with the largest weight (lowest on a tie); -1 where nothing narrow fell. */
function dominantCategories(weights: ReadonlyMap<number, number>, columns: number, categories: number, any: boolean): Int32Array {
  const dominant = new Int32Array(columns).fill(-1);
  if (!any) return dominant;
  const best = new Float64Array(columns);
  for (const [key, weight] of weights) {
    const c = Math.floor(key / categories);
    const kind = key - c * categories;
    const current = dominant[c]!;
    if (current < 0 || weight > best[c]! || (weight === best[c]! && kind < current)) {
      dominant[c] = kind;
      best[c] = weight;
    }
  }
  return dominant;
}

/**
 * The pixel height of a column `cover` full in a band `height` tall: the
 * fraction rounded to whole pixels, but at least one pixel when anything at
 * all is there (a column with a little free memory must not look empty).
 */
export function columnHeight(cover: number, height: number): number {
  return cover <= 0 ? 0 : Math.max(1, Math.round(cover * height));
}
