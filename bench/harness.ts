/**
 * What every placement benchmark shares: timing with benchmark.js, a single
 * timed run for baselines too slow to sample, ratio lines with their
 * targets, and where the repository is. Printing goes to stdout as plain
 * lines that paste into docs/benchmarks.md.
 *
 * @module
 */
import Benchmark from 'benchmark';
import { pathToFileURL } from 'node:url';
import { naiveFirstFit } from '../src/generate/naive-first-fit.js';
import type { PlacementInstance } from '../src/memory/instance.js';

/** One timing. */
export interface Timing {
  /** What was timed. */
  readonly name: string;
  /** Mean wall time of one operation, in milliseconds. */
  readonly meanMs: number;
  /** Operations per second. */
  readonly perSecond: number;
  /** Relative margin of error of the mean in percent (0 for a single run). */
  readonly rmePercent: number;
  /** How many timed samples the mean comes from. */
  readonly samples: number;
}

/** A ratio between two timings, with the target it is held to. */
export interface Ratio {
  /** What the ratio compares (`placement / map build, 1M ranges`). */
  readonly name: string;
  /** The ratio. */
  readonly value: number;
  /** The target as text (`≤ 3`, `≥ 50`). */
  readonly target: string;
  /** Whether the target was met. */
  readonly met: boolean;
}

/** Whether the module at `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/**
 * `count` entries spread evenly over `entries` (every k-th, k = length /
 * count, from the first), or all of them when there are no more: a sample
 * of a benchmark set that keeps every class its index order groups.
 */
export function stratified<T>(entries: readonly T[], count: number): T[] {
  if (entries.length <= count) return [...entries];
  return Array.from({ length: count }, (_, i) => entries[Math.floor((i * entries.length) / count)]!);
}

/** Collect garbage before a timing when node runs with `--expose-gc`, so one run's garbage is not billed to the next. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Time `operation` with benchmark.js (synchronously) and print one line.
 * Defaults suit operations of 10 ms to a few seconds: at least 3 samples,
 * sampling stops after about 3 s.
 */
export function measure(name: string, operation: () => void, options: { minSamples?: number; maxTime?: number } = {}): Timing {
  collectGarbage();
  const bench = new Benchmark(name, operation, { minSamples: options.minSamples ?? 3, maxTime: options.maxTime ?? 3 });
  bench.run({ async: false });
  if (bench.error !== undefined) throw bench.error;
  const timing: Timing = {
    name,
    meanMs: bench.stats.mean * 1000,
    perSecond: bench.hz,
    rmePercent: bench.stats.rme,
    samples: bench.stats.sample.length,
  };
  printTiming(timing);
  return timing;
}

/**
 * Time one run of `operation` (for baselines that take seconds, where
 * benchmark.js's repeated samples would take minutes) and print one line.
 * Returns the timing and what the operation returned.
 */
export function timeOnce<T>(name: string, operation: () => T): { timing: Timing; value: T } {
  collectGarbage();
  const started = performance.now();
  const value = operation();
  const meanMs = performance.now() - started;
  const timing: Timing = { name, meanMs, perSecond: 1000 / meanMs, rmePercent: 0, samples: 1 };
  printTiming(timing);
  return { timing, value };
}

/**
 * Time several operations in interleaved rounds (first, second, …, first,
 * second, …) and return the median wall time of each, in milliseconds. On a
 * shared machine, load that comes and goes then falls on all of them alike,
 * so ratios between them are steadier than between benchmark.js runs taken
 * one after the other. Prints nothing; collects garbage once before, or,
 * with `collectBeforeEach`, before every operation (untimed): then no
 * operation pays for collecting what the one before it left, as a command
 * run once in a fresh process does not.
 */
export function interleavedMedians(operations: readonly (() => void)[], rounds: number, collectBeforeEach = false): number[] {
  collectGarbage();
  const samples = operations.map(() => new Float64Array(rounds));
  for (let round = 0; round < rounds; round++) {
    operations.forEach((operation, index) => {
      if (collectBeforeEach) collectGarbage();
      const started = performance.now();
      operation();
      samples[index]![round] = performance.now() - started;
    });
  }
  return samples.map((times) => times.sort()[rounds >> 1]!);
}

function printTiming(timing: Timing): void {
  const spread = timing.samples > 1 ? `±${timing.rmePercent.toFixed(1)}%, ${timing.samples} samples` : 'single run';
  console.log(`  ${timing.name}: ${formatMs(timing.meanMs)} (${formatRate(timing.perSecond)} ops/s, ${spread})`);
}

/**
 * The ratio `slower / faster` compared with a target, printed as one line.
 *
 * @param target `≤ X` when the ratio must stay below X, `≥ X` when it must reach X
 */
export function ratio(name: string, numeratorMs: number, denominatorMs: number, target: `≤ ${number}` | `≥ ${number}`): Ratio {
  const value = numeratorMs / denominatorMs;
  const bound = Number(target.slice(2));
  const met = target.startsWith('≤') ? value <= bound : value >= bound;
  console.log(`  ratio ${name}: ${value.toFixed(value < 10 ? 2 : 0)}× (target ${target}×: ${met ? 'met' : 'NOT met'})`);
  return { name, value, target, met };
}

/** Milliseconds for people: `0.042 ms`, `12.3 ms`, `4.56 s`. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toPrecision(3)} ms`;
}

function formatRate(perSecond: number): string {
  return perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toPrecision(3);
}

/** The repository's root (this file runs from `dist/bench/`). */
export const REPO_ROOT = new URL('../../', import.meta.url);

/** A non-negative integer from the environment, or the default. */
export function envInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * Naive first-fit on a `deep-fragmented` instance, timed on its first
 * `prefixBlocks` blocks and scaled by the block count (one timed run). A
 * full run on 1M ranges and 10k blocks walks 10^10 ranges — half a minute
 * or more. Scaling is sound on that shape: no block fits a hole and the
 * holes come first, so every block walks all of them; later blocks walk a
 * few more leftovers, so scaling underestimates first-fit. Prints the
 * measured and the scaled time; returns the scaled one.
 */
export function deepFirstFitScaled(instance: PlacementInstance, prefixBlocks: number, label: string): Timing {
  const bound = Math.min(prefixBlocks, instance.blocks.length);
  const prefix = { ...instance, blocks: instance.blocks.slice(0, bound) };
  const measured = timeOnce(`naive first-fit, ${label}, first ${bound} blocks`, () => naiveFirstFit(prefix));
  const { placed, failedBlock, rangesScanned } = measured.value;
  console.log(`  naive first-fit ${placed ? `placed all ${bound}` : `failed at block ${failedBlock}`}, examining ${rangesScanned.toLocaleString('en')} ranges`);
  const scale = instance.blocks.length / bound;
  const meanMs = measured.timing.meanMs * scale;
  if (scale !== 1) console.log(`  naive first-fit, all ${instance.blocks.length} blocks, scaled ×${scale.toFixed(1)}: ${formatMs(meanMs)}`);
  return { ...measured.timing, name: `naive first-fit, ${label}${scale !== 1 ? ' (scaled)' : ''}`, meanMs, perSecond: 1000 / meanMs };
}
