/**
 * How fast is the range tree, and how small, on up to 1M free ranges?
 *
 * Compares the bulk build, first/best fit and reserve+release against the
 * two interval trees on npm (insert and overlap search being the closest
 * operations they offer) and against a linear scan of sorted arrays. Every
 * input is drawn from a seeded PRNG, so runs before and after a change do
 * the same work.
 *
 * Run alone after `npm run build`:
 * `node --expose-gc dist/bench/range-tree.bench.js` (without `--expose-gc`
 * the memory figures are skipped).
 *
 * @module
 */
import Benchmark from 'benchmark';
import FlattenIntervalTree from '@flatten-js/interval-tree';
import nodeIntervalTree from 'node-interval-tree';
import { pathToFileURL } from 'node:url';
import { FreeMap } from '../src/memory/free-map.js';
import { RangeTree } from '../src/tree/range-tree.js';
import { integerBetween, mulberry32, type Random } from './prng.js';

/** The package is CommonJS; its default export arrives as a property. */
const NodeIntervalTree = nodeIntervalTree.default;
type NodeIntervalTree<T> = InstanceType<typeof NodeIntervalTree<T>>;

/** Sorted disjoint ranges as columns. */
interface Ranges {
  readonly count: number;
  readonly start: Float64Array;
  readonly end: Float64Array;
}

/** Fit queries as columns. */
interface Queries {
  readonly count: number;
  readonly size: Float64Array;
  readonly phase: Float64Array;
  readonly alignment: Float64Array;
}

/** One measured figure, as printed and returned by {@link run}. */
export interface RangeTreeFigure {
  /** What was measured (`build 1M: RangeTree.fromSorted`). */
  readonly name: string;
  /** Operations per second (an operation is named in `unit`). */
  readonly perSecond: number;
  /** The operation: `build`, `query`, `pair`. */
  readonly unit: string;
}

/** Everything {@link run} measured. */
export interface RangeTreeResults {
  /** Speed figures, in the order measured. */
  readonly figures: RangeTreeFigure[];
  /** Heap plus array-buffer bytes per range at 1M ranges, by structure; empty without `--expose-gc`. */
  readonly bytesPerRange: Record<string, number>;
  /** Ratios against the targets of the range-tree issue. */
  readonly ratios: Record<string, number>;
}

/**
 * A fragmented machine in granules (8K): n free ranges, most of them small
 * (log-uniform 1 granule to 64M), one in a thousand large (512M to 8G),
 * separated by gaps of up to 32M.
 */
function fragmentedRanges(count: number, random: Random): Ranges {
  const start = new Float64Array(count);
  const end = new Float64Array(count);
  let cursor = 2 ** 20;
  for (let i = 0; i < count; i++) {
    cursor += 1 + Math.floor(2 ** (12 * random()));
    const large = random() < 0.001;
    const length = large ? Math.floor(2 ** (16 + 4 * random())) : 1 + Math.floor(2 ** (13 * random()));
    start[i] = cursor;
    end[i] = cursor + length;
    cursor += length;
  }
  return { count, start, end };
}

/**
 * Placing domain blocks: sizes log-uniform 128M to 2G; half at the 256M
 * largest-page alignment (2^15 granules), half at a small power of two.
 */
function blockQueries(count: number, random: Random): Queries {
  const size = new Float64Array(count);
  const phase = new Float64Array(count);
  const alignment = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    size[i] = Math.floor(2 ** (14 + 4 * random()));
    alignment[i] = random() < 0.5 ? 2 ** 15 : 2 ** integerBetween(random, 0, 8);
    phase[i] = integerBetween(random, 0, alignment[i]!);
  }
  return { count, size, phase, alignment };
}

/** The baseline: first fit by scanning sorted columns. O(n) a query. */
function scanFirstFit(ranges: Ranges, size: number, phase: number, alignment: number): number {
  const { count, start, end } = ranges;
  for (let i = 0; i < count; i++) {
    const s = start[i]!;
    const padding = (phase - (s % alignment) + alignment) % alignment;
    if (padding <= end[i]! - s - size) return s + padding;
  }
  return -1;
}

/** The baseline: best fit by scanning every range. Θ(n) a query. */
function scanBestFit(ranges: Ranges, size: number, phase: number, alignment: number): number {
  const { count, start, end } = ranges;
  let best = -1;
  let bestLength = Infinity;
  for (let i = 0; i < count; i++) {
    const s = start[i]!;
    const length = end[i]! - s;
    if (length >= bestLength) continue;
    const padding = (phase - (s % alignment) + alignment) % alignment;
    if (padding <= length - size) {
      best = s + padding;
      bestLength = length;
    }
  }
  return best;
}

function buildFlatten(ranges: Ranges): FlattenIntervalTree<number> {
  const tree = new FlattenIntervalTree<number>();
  for (let i = 0; i < ranges.count; i++) tree.insert([ranges.start[i]!, ranges.end[i]! - 1], i);
  return tree;
}

function buildNodeIntervalTree(ranges: Ranges): NodeIntervalTree<number> {
  const tree = new NodeIntervalTree<number>();
  for (let i = 0; i < ranges.count; i++) tree.insert(ranges.start[i]!, ranges.end[i]! - 1, i);
  return tree;
}

function buildTree(ranges: Ranges): RangeTree {
  return RangeTree.fromSorted(ranges.start, ranges.end, ranges.count);
}

function buildFreeMap(ranges: Ranges): FreeMap {
  const size = new Float64Array(ranges.count);
  for (let i = 0; i < ranges.count; i++) size[i] = ranges.end[i]! - ranges.start[i]!;
  return FreeMap.fromColumns({ count: ranges.count, start: ranges.start, size });
}

/** Swallows results so the optimiser cannot drop the measured work. */
let sink = 0;

/** Ops per second of `fn`, measured by benchmark.js. */
function hz(name: string, fn: () => void, slow = false): number {
  const bench = new Benchmark(name, fn, slow ? { minSamples: 2, maxTime: 1, initCount: 1 } : { minSamples: 5, maxTime: 1.5 });
  bench.run();
  if (bench.error !== undefined) throw bench.error;
  return bench.hz;
}

const gc = (globalThis as { gc?: () => void }).gc;

function bytesInUse(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/**
 * Bytes per range that the structure made by `build` keeps alive (heap plus
 * array buffers, after full collections), or NaN without `--expose-gc`.
 */
function bytesPerRange(count: number, build: () => unknown): number {
  if (gc === undefined) return NaN;
  gc();
  gc();
  const before = bytesInUse();
  const kept = build();
  gc();
  gc();
  const after = bytesInUse();
  sink += kept === undefined ? 0 : 1;
  return (after - before) / count;
}

/**
 * Time one build with the clock and measure what it keeps alive (NaN bytes
 * without `--expose-gc`), for structures too slow to sample repeatedly.
 */
function buildOnce<T>(count: number, build: () => T): { perSecond: number; bytesPerRange: number; built: T } {
  gc?.();
  const before = bytesInUse();
  const started = performance.now();
  const built = build();
  const seconds = (performance.now() - started) / 1000;
  gc?.();
  const bytes = gc === undefined ? NaN : (bytesInUse() - before) / count;
  return { perSecond: 1 / seconds, bytesPerRange: bytes, built };
}

const SEED = 0x1d0f17;
const QUERY_COUNT = 100_000;
const SCAN_QUERY_COUNT = 64;

/**
 * Run every measurement, print a table, and return the figures. Takes about
 * two minutes on a 2-core machine.
 */
export async function run(): Promise<RangeTreeResults> {
  const figures: RangeTreeFigure[] = [];
  const record = (name: string, perSecond: number, unit: string): number => {
    figures.push({ name, perSecond, unit });
    console.log(`${name.padEnd(58)} ${formatRate(perSecond).padStart(12)} ${unit}/s`);
    return perSecond;
  };
  const ratios: Record<string, number> = {};
  const million = fragmentedRanges(1_000_000, mulberry32(SEED));
  // The memory target compares against whichever npm tree builds 1M ranges faster.
  let fasterNpm = '@flatten-js/interval-tree';

  console.log('## bulk build (a build per op)');
  let flattenTree: FlattenIntervalTree<number> | undefined;
  let nodeTree: NodeIntervalTree<number> | undefined;
  const bytes: Record<string, number> = {};
  for (const count of [10_000, 100_000, 1_000_000]) {
    const ranges = count === million.count ? million : fragmentedRanges(count, mulberry32(SEED + count));
    const label = count >= 1_000_000 ? `${count / 1_000_000}M` : `${count / 1000}k`;
    const ours = record(`build ${label}: RangeTree.fromSorted`, hz('ours', () => { sink += buildTree(ranges).count; }), 'build');
    record(`build ${label}: FreeMap.fromColumns (validate + tree)`, hz('freemap', () => { sink += buildFreeMap(ranges).rangeCount; }), 'build');
    let flatten: number;
    let nodeRate: number;
    if (count < 1_000_000) {
      flatten = hz('flatten', () => { sink += buildFlatten(ranges).size; }, true);
      nodeRate = hz('nit', () => { sink += buildNodeIntervalTree(ranges).count; }, true);
    } else {
      // 10–30 s a build: one clocked build each, kept for the queries below
      // and measured for memory on the way.
      const flattenOnce = buildOnce(count, () => buildFlatten(ranges));
      flattenTree = flattenOnce.built;
      flatten = flattenOnce.perSecond;
      bytes['@flatten-js/interval-tree'] = flattenOnce.bytesPerRange;
      const nodeOnce = buildOnce(count, () => buildNodeIntervalTree(ranges));
      nodeTree = nodeOnce.built;
      nodeRate = nodeOnce.perSecond;
      bytes['node-interval-tree'] = nodeOnce.bytesPerRange;
    }
    const once = count >= 1_000_000 ? ' (one clocked build)' : '';
    record(`build ${label}: @flatten-js/interval-tree inserts${once}`, flatten, 'build');
    record(`build ${label}: node-interval-tree inserts${once}`, nodeRate, 'build');
    ratios[`build ${label} vs faster npm tree`] = ours / Math.max(flatten, nodeRate);
    fasterNpm = flatten >= nodeRate ? '@flatten-js/interval-tree' : 'node-interval-tree';
  }
  if (flattenTree === undefined || nodeTree === undefined) throw new Error('the 1M npm trees were not built');

  console.log('## fit queries on 1M ranges');
  const tree = buildTree(million);
  const queries = blockQueries(QUERY_COUNT, mulberry32(SEED + 1));
  const { size, phase, alignment } = queries;
  const firstFit = record('firstFit: RangeTree', QUERY_COUNT * hz('first', () => {
    for (let i = 0; i < QUERY_COUNT; i++) sink += tree.firstFit(size[i]!, phase[i]!, alignment[i]!);
  }), 'query');
  tree.bestFit(1, 0, 1); // build the size index outside the measurement
  const bestFit = record('bestFit: RangeTree (size index built)', QUERY_COUNT * hz('best', () => {
    for (let i = 0; i < QUERY_COUNT; i++) sink += tree.bestFit(size[i]!, phase[i]!, alignment[i]!);
  }), 'query');
  let scanAt = 0;
  const scanFirst = record('firstFit: linear scan of sorted arrays', hz('scan first', () => {
    const i = scanAt++ % SCAN_QUERY_COUNT;
    sink += scanFirstFit(million, size[i]!, phase[i]!, alignment[i]!);
  }, true), 'query');
  const scanBest = record('bestFit: linear scan of sorted arrays', hz('scan best', () => {
    const i = scanAt++ % SCAN_QUERY_COUNT;
    sink += scanBestFit(million, size[i]!, phase[i]!, alignment[i]!);
  }, true), 'query');
  const span = million.end[million.count - 1]! - million.start[0]!;
  const windows = new Float64Array(QUERY_COUNT);
  const random = mulberry32(SEED + 2);
  for (let i = 0; i < QUERY_COUNT; i++) windows[i] = million.start[0]! + Math.floor(random() * span);
  const flattenSearch = record('overlap search: @flatten-js/interval-tree', QUERY_COUNT * hz('flatten search', () => {
    for (let i = 0; i < QUERY_COUNT; i++) sink += flattenTree.search([windows[i]!, windows[i]! + size[i]! - 1]).length;
  }, true), 'query');
  const nodeSearch = record('overlap search: node-interval-tree', QUERY_COUNT * hz('nit search', () => {
    for (let i = 0; i < QUERY_COUNT; i++) sink += nodeTree.search(windows[i]!, windows[i]! + size[i]! - 1).length;
  }, true), 'query');
  ratios['firstFit vs faster npm search'] = firstFit / Math.max(flattenSearch, nodeSearch);
  ratios['bestFit vs faster npm search'] = bestFit / Math.max(flattenSearch, nodeSearch);
  ratios['firstFit vs linear scan'] = firstFit / scanFirst;
  ratios['bestFit vs linear scan'] = bestFit / scanBest;

  console.log('## reserve + release pairs on 1M ranges');
  const pairs = reservePairs(million, QUERY_COUNT, mulberry32(SEED + 3));
  const map = buildFreeMap(million);
  const pairRate = record('FreeMap reserve+release (no size index)', QUERY_COUNT * hz('pairs', () => {
    for (let i = 0; i < QUERY_COUNT; i++) {
      map.reserve(pairs.pa[i]!, pairs.size[i]!);
      map.release(pairs.pa[i]!, pairs.size[i]!);
    }
    map.commit();
  }, true), 'pair');
  map.bestFit(1, 0, 1);
  record('FreeMap reserve+release (size index maintained)', QUERY_COUNT * hz('pairs indexed', () => {
    for (let i = 0; i < QUERY_COUNT; i++) {
      map.reserve(pairs.pa[i]!, pairs.size[i]!);
      map.release(pairs.pa[i]!, pairs.size[i]!);
    }
    map.commit();
  }, true), 'pair');
  const flattenPairs = record('remove+insert: @flatten-js/interval-tree', QUERY_COUNT * hz('flatten pairs', () => {
    for (let i = 0; i < QUERY_COUNT; i++) {
      const k = pairs.range[i]!;
      const key: [number, number] = [million.start[k]!, million.end[k]! - 1];
      flattenTree.remove(key, k);
      flattenTree.insert(key, k);
    }
  }, true), 'pair');
  const nodePairs = record('remove+insert: node-interval-tree', QUERY_COUNT * hz('nit pairs', () => {
    for (let i = 0; i < QUERY_COUNT; i++) {
      const k = pairs.range[i]!;
      nodeTree.remove(million.start[k]!, million.end[k]! - 1, k);
      nodeTree.insert(million.start[k]!, million.end[k]! - 1, k);
    }
  }, true), 'pair');
  ratios['reserve+release vs faster npm remove+insert'] = pairRate / Math.max(flattenPairs, nodePairs);

  if (gc === undefined) {
    console.log('## memory: skipped (run node with --expose-gc)');
  } else {
    console.log('## memory at 1M ranges (heap + array buffers, bytes per range)');
    const n = million.count;
    bytes['RangeTree after bulk build'] = bytesPerRange(n, () => buildTree(million));
    bytes['RangeTree with best-fit index'] = bytesPerRange(n, () => {
      const indexed = buildTree(million);
      indexed.bestFit(1, 0, 1);
      return indexed;
    });
    bytes['FreeMap.fromColumns'] = bytesPerRange(n, () => buildFreeMap(million));
    for (const [name, value] of Object.entries(bytes)) console.log(`${name.padEnd(58)} ${value.toFixed(1).padStart(12)} B/range`);
    ratios[`memory: ${fasterNpm} / RangeTree`] = bytes[fasterNpm]! / bytes['RangeTree after bulk build']!;
  }

  console.log('## ratios');
  for (const [name, value] of Object.entries(ratios)) console.log(`${name.padEnd(58)} ${value.toFixed(1).padStart(12)}×`);
  if (sink === 0.5) console.log('');
  return { figures, bytesPerRange: bytes, ratios };
}

/** Random spans inside the ranges: what a placement search reserves and gives back. */
function reservePairs(ranges: Ranges, count: number, random: Random): { pa: Float64Array; size: Float64Array; range: Int32Array } {
  const pa = new Float64Array(count);
  const size = new Float64Array(count);
  const range = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const k = integerBetween(random, 0, ranges.count);
    const length = ranges.end[k]! - ranges.start[k]!;
    const want = integerBetween(random, 1, length + 1);
    range[i] = k;
    size[i] = want;
    pa[i] = ranges.start[k]! + integerBetween(random, 0, length - want + 1);
  }
  return { pa, size, range };
}

function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k`;
  return perSecond.toFixed(2);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}
