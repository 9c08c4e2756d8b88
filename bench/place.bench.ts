/**
 * How fast is placement on realistic maps, and how much better than the
 * obvious binder?
 *
 * 1. Placement vs building the free map, on 1M ranges (target: placement
 *    ≤ 3× the build; `solvePlacement` includes its own build).
 * 2. Placement vs naive first-fit, on 1M ranges (target ≥ 50×): on a
 *    `random` map, where large ranges are common and first-fit finds one
 *    after a short walk, and on a `deep-fragmented` one, where it walks
 *    every hole for every block (1k blocks timed whole; 10k blocks timed on
 *    the first 1k and scaled, see `deepFirstFitScaled`).
 * 3. Success rate of naive first-fit vs ours on `tight` instances (feasible
 *    by construction; first-fit provably fails on every one).
 * 4. The exact search vs the LP strategy on the same small tight instances
 *    (target: search ≥ 10× faster, identical verdicts).
 *
 * Every input comes from the seeded generator, so runs before and after a
 * change do the same work. Every feasible answer is checked with `verify`.
 *
 * Run alone after `npm run build`: `node --expose-gc dist/bench/place.bench.js`.
 *
 * @module
 */
import { generate, generateInstance } from '../src/generate/generate.js';
import { naiveFirstFit } from '../src/generate/naive-first-fit.js';
import type { GenerateOptions } from '../src/generate/options.js';
import { FreeMap } from '../src/memory/free-map.js';
import type { PlacementInstance } from '../src/memory/instance.js';
import { verify } from '../src/memory/verify.js';
import { DEFAULT_TIME_LIMIT_MS, solvePlacement } from '../src/solve/place.js';
import type { PlacementResult, SolveOptions } from '../src/solve/result.js';
import { deepFirstFitScaled, isMain, measure, ratio, timeOnce, type Ratio, type Timing } from './harness.js';

/** Everything {@link run} measured. */
export interface PlaceResults {
  /** Every timing, in the order measured. */
  readonly timings: Timing[];
  /** Every ratio with its target. */
  readonly ratios: Ratio[];
  /** Tight instances each solved correctly, by solver. */
  readonly tightSuccess: { readonly instances: number; readonly firstFit: number; readonly ours: number; readonly oursUnknown: number };
  /** Search vs LP on small tight instances: how many, agreeing verdicts, LP verdicts by status. */
  readonly searchVsLp: { readonly instances: number; readonly agree: number; readonly lpStatus: Record<string, number> };
}

const MILLION = 1_000_000;

/** A solver answer that is not a valid feasible placement is a bug, not a figure. */
function mustBeFeasible(instance: PlacementInstance, result: PlacementResult, label: string): void {
  if (result.status !== 'feasible') throw new Error(`${label}: expected feasible, got ${result.status}`);
  const violations = verify(instance, result.pieces);
  if (violations.length > 0) throw new Error(`${label}: invalid placement: ${violations[0]!.message}`);
}

/** Section 1: solvePlacement vs FreeMap.fromColumns. */
function placementVsBuild(timings: Timing[], ratios: Ratio[]): void {
  console.log('\n## placement vs map build');
  for (const ranges of [100_000, MILLION]) {
    const options: GenerateOptions = { seed: 1, ranges, blocks: 1000, shape: 'random' };
    const instance = generateInstance(options);
    const label = `${ranges / 1000}k ranges, 1k blocks (random)`;
    mustBeFeasible(instance, solvePlacement(instance), label);
    const build = measure(`FreeMap.fromColumns, ${label}`, () => FreeMap.fromColumns(instance.free));
    const place = measure(`solvePlacement, ${label}`, () => solvePlacement(instance));
    timings.push(build, place);
    ratios.push(ratio(`placement / map build, ${label}`, place.meanMs, build.meanMs, '≤ 3'));
  }
}

/** Section 2: solvePlacement vs naive first-fit on 1M ranges. */
function placementVsFirstFit(timings: Timing[], ratios: Ratio[]): void {
  console.log('\n## placement vs naive first-fit, 1M ranges');
  for (const shape of ['random', 'deep-fragmented'] as const) {
    const instance = generateInstance({ seed: 2, ranges: MILLION, blocks: 1000, shape });
    const label = `1M ranges, 1k blocks (${shape})`;
    mustBeFeasible(instance, solvePlacement(instance), label);
    const place = measure(`solvePlacement, ${label}`, () => solvePlacement(instance));
    const firstFit = shape === 'random'
      ? measure(`naive first-fit, ${label}`, () => naiveFirstFit(instance))
      : timeOnce(`naive first-fit, ${label}`, () => naiveFirstFit(instance)).timing;
    const scanned = naiveFirstFit(instance);
    console.log(`  naive first-fit ${scanned.placed ? 'placed every block' : `failed at block ${scanned.failedBlock}`}, examining ${scanned.rangesScanned.toLocaleString('en')} ranges`);
    timings.push(place, firstFit);
    ratios.push(ratio(`naive first-fit / placement, ${label}`, firstFit.meanMs, place.meanMs, '≥ 50'));
  }
  // First-fit grows as blocks × ranges, placement as ranges + blocks·log(ranges): the gap widens with blocks.
  const instance = generateInstance({ seed: 2, ranges: MILLION, blocks: 10_000, shape: 'deep-fragmented' });
  const label = '1M ranges, 10k blocks (deep-fragmented)';
  mustBeFeasible(instance, solvePlacement(instance), label);
  const place = measure(`solvePlacement, ${label}`, () => solvePlacement(instance));
  const firstFit = deepFirstFitScaled(instance, 1000, label);
  timings.push(place, firstFit);
  ratios.push(ratio(`naive first-fit / placement, ${label}`, firstFit.meanMs, place.meanMs, '≥ 50'));
}

/** The small and medium tight instances of sections 3 and 4. */
function tightInstances(count: number, ranges: number, blocks: number): PlacementInstance[] {
  return Array.from({ length: count }, (_, seed) => {
    const generated = generate({ seed, ranges, blocks, shape: 'tight', unit: seed % 2 === 0 ? '4M' : '256M' });
    return generated.instance;
  });
}

/** Section 3: how often each binder places a tight instance. */
function tightSuccess(timings: Timing[]): PlaceResults['tightSuccess'] {
  console.log('\n## tight instances: success rate');
  const groups = [
    { label: '10 blocks, 12 ranges', instances: tightInstances(20, 12, 10) },
    { label: '40 blocks, 60 ranges', instances: tightInstances(20, 60, 40) },
    { label: '200 blocks, 1000 ranges', instances: tightInstances(10, 1000, 200) },
  ];
  const options: SolveOptions = { timeLimitMs: DEFAULT_TIME_LIMIT_MS };
  const total = { instances: 0, firstFit: 0, ours: 0, oursUnknown: 0 };
  for (const group of groups) {
    const solved = timeOnce(`solvePlacement, ${group.instances.length} tight instances of ${group.label}`, () =>
      group.instances.map((instance) => solvePlacement(instance, options)));
    let ours = 0;
    let unknown = 0;
    solved.value.forEach((result, i) => {
      if (result.status === 'infeasible') throw new Error(`tight instance ${i} (${group.label}) is feasible by construction but the solver said infeasible`);
      if (result.status === 'unknown') unknown++;
      else {
        mustBeFeasible(group.instances[i]!, result, `tight instance ${i} (${group.label})`);
        ours++;
      }
    });
    const firstFit = group.instances.filter((instance) => naiveFirstFit(instance).placed).length;
    console.log(`  ${group.label}: naive first-fit placed ${firstFit}/${group.instances.length}; ours ${ours}/${group.instances.length} (unknown after ${DEFAULT_TIME_LIMIT_MS / 1000} s: ${unknown})`);
    timings.push(solved.timing);
    total.instances += group.instances.length;
    total.firstFit += firstFit;
    total.ours += ours;
    total.oursUnknown += unknown;
  }
  return total;
}

/** Section 4: exact search vs LP on the same small tight instances. */
function searchVsLp(timings: Timing[], ratios: Ratio[]): PlaceResults['searchVsLp'] {
  console.log('\n## exact search vs LP, small tight instances (7 blocks, 9 ranges)');
  const instances = tightInstances(10, 9, 7);
  const limit = 10_000;
  const lp = timeOnce(`LP strategy, ${instances.length} instances, ${limit / 1000} s limit each`, () =>
    instances.map((instance) => solvePlacement(instance, { strategy: 'lp', timeLimitMs: limit })));
  const search = measure(`exact search, the same ${instances.length} instances`, () => {
    for (const instance of instances) solvePlacement(instance, { strategy: 'search', timeLimitMs: limit });
  });
  const searchVerdicts = instances.map((instance) => solvePlacement(instance, { strategy: 'search', timeLimitMs: limit }).status);
  const lpStatus: Record<string, number> = {};
  let agree = 0;
  lp.value.forEach((result, i) => {
    lpStatus[result.status] = (lpStatus[result.status] ?? 0) + 1;
    if (result.status === searchVerdicts[i]) agree++;
    if (result.status === 'feasible') mustBeFeasible(instances[i]!, result, `LP on tight instance ${i}`);
  });
  console.log(`  verdicts: search ${JSON.stringify(count(searchVerdicts))}, LP ${JSON.stringify(lpStatus)}; identical on ${agree}/${instances.length}`);
  timings.push(lp.timing, search);
  ratios.push(ratio('LP / exact search, small tight instances', lp.timing.meanMs, search.meanMs, '≥ 10'));
  return { instances: instances.length, agree, lpStatus };
}

function count(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** Run every section and print the figures. */
export async function run(): Promise<PlaceResults> {
  console.log('# place.bench: placement on generated maps');
  const timings: Timing[] = [];
  const ratios: Ratio[] = [];
  placementVsBuild(timings, ratios);
  placementVsFirstFit(timings, ratios);
  const tight = tightSuccess(timings);
  const lp = searchVsLp(timings, ratios);
  return { timings, ratios, tightSuccess: tight, searchVsLp: lp };
}

if (isMain(import.meta.url)) await run();
