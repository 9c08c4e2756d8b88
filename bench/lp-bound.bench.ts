/**
 * How many BPPLIB `m* − 1` questions does the pattern LP's bound prove that
 * the cheap bounds do not, and what does the LP stage cost?
 *
 * For a stratified sample of each set (every k-th instance of the set's
 * index order, so Scholl's classes are all represented), the `m* − 1`
 * question gets the cheap bounds the pipeline tries first (total,
 * threshold, Martello–Toth count: alignment is one granule, so the residue
 * count adds nothing) and then the LP stage alone (`columnGeneration`,
 * fill packer and column generation) within the time limit; a proof counts
 * only once {@link verifyDualWeights} accepts it. The `m*` question goes
 * through the LP stage too: there a proof would be a wrong verdict, and a
 * placement from the fill packer is checked by `verify`.
 *
 * Last, the cost where the greedy decides (see `greedyCost`).
 *
 * Environment: `BPP_SETS` (folders, default every set), `BPP_PER_SET`
 * (default 8), `BPP_LIMIT_MS` (default 10000, per question), `BPP_DIR`.
 * Run alone after `npm run build`: `node --expose-gc dist/bench/lp-bound.bench.js`.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { bppInstance } from '../src/generate/bpp.js';
import { FreeMap } from '../src/memory/free-map.js';
import type { PlacementInstance } from '../src/memory/instance.js';
import { verify } from '../src/memory/verify.js';
import { countBound, thresholdBound, totalBound } from '../src/solve/bounds.js';
import { columnGeneration, type ColgenOutcome } from '../src/solve/colgen.js';
import { verifyDualWeights } from '../src/solve/dual-weights.js';
import { wholeBlocks } from '../src/solve/items.js';
import { mergePieces } from '../src/solve/pieces.js';
import { generateInstance } from '../src/generate/generate.js';
import { greedyPlace } from '../src/solve/greedy.js';
import { solvePlacement } from '../src/solve/place.js';
import { collectGarbage, envInteger, formatMs, interleavedMedians, isMain, REPO_ROOT, stratified } from './harness.js';

/** The sets of `../shared/bpp`, by folder. */
const ALL_SETS = 'falkenauer_u,falkenauer_t,scholl_1,scholl_2,scholl_3,schwerin_1,schwerin_2,waescher,hard28';

/** One entry of the collection's `index.json` (the fields used here). */
interface IndexEntry {
  readonly set: string;
  readonly file: string;
}

/** One instance file. */
interface BppFile {
  readonly name: string;
  readonly capacity: number;
  readonly weights: number[];
  readonly optimum: number;
}

/** Per-set figures. */
export interface LpBoundSummary {
  /** The set's folder. */
  readonly set: string;
  /** Instances sampled. */
  readonly instances: number;
  /** `m* − 1` proven by the cheap bounds. */
  readonly cheap: number;
  /** `m* − 1` proven by the LP stage (certificate checked). */
  readonly lp: number;
  /** Proven by the LP stage and by no cheap bound. */
  readonly lpOnly: number;
  /** Proven by either. */
  readonly either: number;
  /** `m*` placed by the fill packer (placement verified). */
  readonly packed: number;
  /** Wrong verdicts: a proof at `m*`, a refused certificate, a placement `verify` rejects. */
  readonly wrong: number;
  /** Slowest LP stage on an `m* − 1` question that it proved, milliseconds. */
  readonly slowestProofMs: number;
  /** Median LP stage time on `m* − 1` questions it proved, milliseconds. */
  readonly medianProofMs: number;
}

function cheapProof(instance: PlacementInstance): boolean {
  const items = wholeBlocks(instance);
  const map = FreeMap.fromColumns(instance.free);
  const lengths = Float64Array.from(instance.free.size);
  return totalBound(items, map) !== undefined || thresholdBound(items, lengths) !== undefined || countBound(items, lengths) !== undefined;
}

function lpStage(instance: PlacementInstance, limitMs: number): { readonly outcome: ColgenOutcome; readonly ms: number } {
  const started = performance.now();
  const outcome = columnGeneration(wholeBlocks(instance), FreeMap.fromColumns(instance.free), instance.alignment, started + limitMs);
  return { outcome, ms: performance.now() - started };
}

function runSet(directory: URL, set: string, entries: readonly IndexEntry[], limitMs: number): LpBoundSummary {
  let cheap = 0;
  let lp = 0;
  let lpOnly = 0;
  let either = 0;
  let packed = 0;
  let wrong = 0;
  const proofMs: number[] = [];
  for (const entry of entries) {
    const file = JSON.parse(readFileSync(new URL(entry.file, directory), 'utf8')) as BppFile;
    const below = bppInstance(file.weights, file.capacity, file.optimum - 1, file.name);
    const byCheap = cheapProof(below);
    const { outcome, ms } = lpStage(below, limitMs);
    const byLp = outcome.status === 'proven' && verifyDualWeights(below, outcome.certificate).length === 0;
    if (outcome.status === 'proven' && !byLp) wrong++;
    if (outcome.status === 'packed') wrong++;
    if (byLp) proofMs.push(ms);
    cheap += byCheap ? 1 : 0;
    lp += byLp ? 1 : 0;
    lpOnly += byLp && !byCheap ? 1 : 0;
    either += byLp || byCheap ? 1 : 0;
    const at = bppInstance(file.weights, file.capacity, file.optimum, file.name);
    const atOutcome = lpStage(at, limitMs).outcome;
    if (atOutcome.status === 'proven') wrong++;
    if (atOutcome.status === 'packed') {
      if (verify(at, mergePieces(atOutcome.pieces)).length === 0) packed++;
      else wrong++;
    }
  }
  proofMs.sort((a, b) => a - b);
  const summary: LpBoundSummary = {
    set,
    instances: entries.length,
    cheap,
    lp,
    lpOnly,
    either,
    packed,
    wrong,
    slowestProofMs: proofMs.length === 0 ? 0 : proofMs[proofMs.length - 1]!,
    medianProofMs: proofMs.length === 0 ? 0 : proofMs[Math.floor(proofMs.length / 2)]!,
  };
  console.log(
    `  ${set}: ${summary.instances} instances; m*−1 proven by the cheap bounds ${cheap}, by the LP ${lp} (${lpOnly} only by it), by either ${either}; ` +
      `m* packed by the fill packer ${packed}; wrong ${wrong}; LP proof median ${formatMs(summary.medianProofMs)}, slowest ${formatMs(summary.slowestProofMs)}`,
  );
  return summary;
}

/**
 * What the LP stage costs where the greedy decides: `solvePlacement` against
 * the greedy alone (map build, whole blocks, best fit) on seeded random maps,
 * interleaved medians. The LP stage runs only after the greedy fails, so
 * the ratio should stay where the map build and the verify put it.
 */
function greedyCost(): void {
  for (const ranges of [10_000, 100_000]) {
    const instance = generateInstance({ seed: 1, ranges, blocks: 1000, shape: 'random' });
    const decidedBy = solvePlacement(instance).stats.decidedBy;
    const [whole, greedy] = interleavedMedians(
      [
        () => solvePlacement(instance),
        () => greedyPlace(wholeBlocks(instance), FreeMap.fromColumns(instance.free), instance.alignment),
      ],
      9,
    );
    console.log(
      `  greedy-decided, ${ranges} ranges, 1000 blocks (decided by ${decidedBy}): solvePlacement ${formatMs(whole!)}, ` +
        `greedy alone ${formatMs(greedy!)}, ratio ${(whole! / greedy!).toFixed(2)}`,
    );
  }
}

/** Run the selected sets and print one line per set, then the cost where the greedy decides. */
export async function run(): Promise<LpBoundSummary[]> {
  const directory = new URL(process.env.BPP_DIR ?? '../shared/bpp/', REPO_ROOT);
  const sets = (process.env.BPP_SETS ?? ALL_SETS).split(',').map((s) => s.trim()).filter((s) => s !== '');
  const perSet = envInteger('BPP_PER_SET', 8);
  const limitMs = envInteger('BPP_LIMIT_MS', 10_000);
  const index = JSON.parse(readFileSync(new URL('index.json', directory), 'utf8')) as IndexEntry[];
  console.log(`# lp-bound.bench: the pattern LP's bound on BPPLIB m* − 1 questions (${perSet} a set, stratified; limit ${limitMs} ms)`);
  const summaries: LpBoundSummary[] = [];
  for (const set of sets) {
    const entries = index.filter((entry) => entry.set === set);
    if (entries.length === 0) throw new Error(`BPP_SETS: no instances in set ${JSON.stringify(set)}`);
    collectGarbage();
    summaries.push(runSet(directory, set, stratified(entries, perSet), limitMs));
  }
  greedyCost();
  return summaries;
}

if (isMain(import.meta.url)) await run();
