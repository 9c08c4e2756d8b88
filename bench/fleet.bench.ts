/**
 * Fleet questions on seeded generated fleets (`src/generate/fleet.ts`), every
 * ratio from one run:
 *
 * 1. `rankTargets`: one domain against many fragmented targets; the time,
 *    and the share of targets the aggregate filter removes before the
 *    placement solver runs. The issue asks for 1,000 targets of 100k ranges
 *    (10^8 ranges, about 10 GB of fleet JSON); the default here is scaled
 *    down to `FLEET_RANK_TARGETS` (100) × `FLEET_RANK_RANGES` (10,000).
 * 2. `runBatch`: check requests (domain × target pairs of a generated
 *    fleet), pairs per second with 2 workers against 1 (target ≥ 1.8×; only
 *    meaningful on a machine with two idle cores), and the heap before and
 *    after (flat: the input is streamed, answers written as they come).
 *    `FLEET_BATCH_PAIRS` (400) pairs on targets of `FLEET_BATCH_RANGES` (1,000).
 * 3. `planEvacuation` of a host of 50 domains onto 10 fragmented targets:
 *    time to the first (greedy) plan, time to the proven optimum (or the
 *    bound when `FLEET_EVACUATE_MS`, default 30,000, ran out), and domains
 *    placed against a naive first-fit plan (domains in file order, each to
 *    the first host by name whose check passes) on the same fleets. One LP
 *    engine exists here (javascript-lp-solver), so there is one MIP column.
 *
 * Run alone after `npm run build`: `node --expose-gc dist/bench/fleet.bench.js`.
 *
 * @module
 */
import { evacuateExitCode, planEvacuation } from '../src/fleet/evacuate.js';
import { migrationRequest, parseFleet, type Fleet } from '../src/fleet/fleet.js';
import { moveDomain } from '../src/fleet/move.js';
import { checkInFleet } from '../src/fleet/pair.js';
import { rankTargets } from '../src/fleet/rank.js';
import { runBatch } from '../src/fleet/batch-pool.js';
import { generateFleet } from '../src/generate/fleet.js';
import { envInteger, formatMs, isMain, ratio, timeOnce, type Ratio, type Timing } from './harness.js';

/** Everything {@link run} measured. */
export interface FleetResults {
  /** Every timing, in the order measured. */
  readonly timings: Timing[];
  /** Every ratio with its target. */
  readonly ratios: Ratio[];
}

function benchRank(timings: Timing[]): void {
  const targets = envInteger('FLEET_RANK_TARGETS', 100);
  const ranges = envInteger('FLEET_RANK_RANGES', 10_000);
  const fleet = parseFleet(generateFleet({ seed: 7, targets, domains: 4, rangesPerTarget: ranges }));
  const { timing, value } = timeOnce(`rank 1 domain vs ${targets} targets × ${ranges} ranges`, () => rankTargets(fleet, 'ldg0', { solve: { timeLimitMs: 1000 } }));
  timings.push(timing);
  const filtered = value.targets.filter((t) => t.filtered).length;
  const ok = value.targets.filter((t) => t.ok).length;
  console.log(`  aggregate filter removed ${filtered} of ${targets} targets (${((100 * filtered) / targets).toFixed(1)}%); ${ok} fit; ${formatMs(timing.meanMs / targets)} per target`);
}

async function benchBatch(timings: Timing[], ratios: Ratio[]): Promise<void> {
  const pairs = envInteger('FLEET_BATCH_PAIRS', 400);
  const side = Math.ceil(Math.sqrt(pairs));
  const fleet = parseFleet(generateFleet({ seed: 8, targets: side, domains: side, rangesPerTarget: envInteger('FLEET_BATCH_RANGES', 1000) }));
  const domains = fleet.hosts[0]!.domains!.map((d) => d.name);
  const targets = fleet.hosts.slice(1).map((h) => h.name);
  // The lines are made as they are read: the input is never held whole.
  async function* lines(): AsyncIterable<string> {
    let made = 0;
    for (const domain of domains) {
      for (const target of targets) {
        if (made++ === pairs) return;
        yield JSON.stringify(migrationRequest(fleet, domain, target));
      }
    }
  }
  const perWorkers: number[] = [];
  for (const workers of [1, 2]) {
    const heapBefore = process.memoryUsage().heapUsed;
    let answers = 0;
    const started = performance.now();
    await runBatch(lines(), async () => void answers++, { workers, solve: { timeLimitMs: 1000 } });
    const ms = performance.now() - started;
    const heapAfter = process.memoryUsage().heapUsed;
    timings.push({ name: `batch ${answers} pairs, ${workers} worker${workers === 1 ? '' : 's'}`, meanMs: ms, perSecond: 1000 / ms, rmePercent: 0, samples: 1 });
    console.log(`batch ${answers} pairs, ${workers} worker(s): ${formatMs(ms)}, ${((answers * 1000) / ms).toFixed(0)} pairs/s; heap ${(heapBefore / 2 ** 20).toFixed(0)} → ${(heapAfter / 2 ** 20).toFixed(0)} MiB`);
    perWorkers.push(ms);
  }
  ratios.push(ratio('batch speed-up, 2 workers vs 1', perWorkers[0]!, perWorkers[1]!, '≥ 1.8'));
}

/** Naive first-fit: domains in file order, each to the first host by name whose full check passes. */
function firstFitCount(fleet: Fleet, host: string): number {
  let current = fleet;
  let placed = 0;
  const source = current.hosts.find((h) => h.name === host)!;
  const targets = current.hosts.filter((h) => h !== source).map((h) => h.name).sort();
  for (const domain of source.domains ?? []) {
    for (const target of targets) {
      const { result } = checkInFleet(current, domain.name, target, { solve: { timeLimitMs: 1000 } });
      if (!result.ok) continue;
      current = moveDomain(current, domain.name, target, result.placements);
      placed++;
      break;
    }
  }
  return placed;
}

function benchEvacuate(timings: Timing[], ratios: Ratio[]): void {
  const limit = envInteger('FLEET_EVACUATE_MS', 30_000);
  for (const seed of [4, 5]) {
    const fleet = parseFleet(generateFleet({ seed, targets: 10, domains: 50, rangesPerTarget: envInteger('FLEET_EVACUATE_RANGES', 1000) }));
    const { timing, value: plan } = timeOnce(`evacuate 50 domains onto 10 targets (seed ${seed})`, () => planEvacuation(fleet, 'src', { timeLimitMs: limit }));
    timings.push(timing);
    const { timing: fitTiming, value: firstFit } = timeOnce(`first-fit 50 domains onto 10 targets (seed ${seed})`, () => firstFitCount(fleet, 'src'));
    timings.push(fitTiming);
    console.log(
      `  seed ${seed}: first plan ${formatMs(plan.stats.firstPlanMs)}; ${plan.optimal ? `proven optimal at ${formatMs(plan.stats.elapsedMs)}` : `not proven in ${formatMs(limit)}, bound ${plan.bound}`}; ` +
        `${plan.steps.length} placed (${plan.stats.method}, ${plan.stats.mipRounds} MIP rounds, ${plan.stats.cuts} cuts) vs first-fit ${firstFit}: ${plan.steps.length - firstFit} more; exit ${evacuateExitCode(plan)}`,
    );
    ratios.push(ratio(`domains placed, plan vs first-fit (seed ${seed})`, firstFit, plan.steps.length, '≤ 1'));
  }
}

/** Run the three fleet benches and print their lines. */
export async function run(): Promise<FleetResults> {
  const timings: Timing[] = [];
  const ratios: Ratio[] = [];
  console.log('# fleet.bench');
  benchRank(timings);
  await benchBatch(timings, ratios);
  benchEvacuate(timings, ratios);
  return { timings, ratios };
}

if (isMain(import.meta.url)) await run();
