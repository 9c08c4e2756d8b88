/**
 * Does the exact solver decide the public bin-packing benchmarks (BPPLIB)
 * once they are mapped to placement questions?
 *
 * Each instance with proven optimum `m*` becomes two questions (see
 * `bppInstance`): `m*` bins must come back `feasible` with a placement that
 * `verify` accepts, and `m* − 1` bins must come back `infeasible` (a proof:
 * the solver never says infeasible without one). `unknown` means the time
 * limit ran out. An instance counts as decided when both answers are right.
 * A wrong verdict is a bug and is reported loudly.
 *
 * Each question is one timed run, not benchmark.js samples: what matters is
 * whether it is decided within the limit, and a full run is long already.
 *
 * Environment:
 * - `BPP_SETS`: comma-separated sets, by folder (`falkenauer_u`, `hard28`,
 *   `scholl_1`, …) or Falkenauer class (`t60`, `t120`, `u120`, `u250`, …).
 *   Default `t60,u120,hard28`, a few minutes when the solver is fast.
 * - `BPP_LIMIT_MS`: time limit per question (default 10000).
 * - `BPP_PER_SET`: at most this many instances per set, spread evenly over
 *   the set's index order (default: all).
 * - `BPP_DIR`: the instances (default `../shared/bpp/` beside the repository).
 *
 * Run alone after `npm run build`: `node --expose-gc dist/bench/bpp.bench.js`,
 * e.g. `BPP_SETS=t60,t120,u120,u250,hard28 node --expose-gc dist/bench/bpp.bench.js`.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { bppInstance } from '../src/generate/bpp.js';
import { verify } from '../src/memory/verify.js';
import { solvePlacement } from '../src/solve/place.js';
import type { PlacementStatus } from '../src/solve/result.js';
import { collectGarbage, envInteger, formatMs, isMain, REPO_ROOT, stratified } from './harness.js';

/** One entry of the collection's `index.json` (the fields used here). */
interface IndexEntry {
  readonly name: string;
  readonly set: string;
  readonly file: string;
  readonly n: number;
  readonly optimum: number;
}

/** One instance file. */
interface BppFile {
  readonly name: string;
  readonly capacity: number;
  readonly weights: number[];
  readonly optimum: number;
}

/** The outcome on one instance. */
export interface BppOutcome {
  /** Instance name (`Falkenauer_t60_00`). */
  readonly name: string;
  /** Verdict with `m*` bins (should be feasible). */
  readonly atOptimum: PlacementStatus;
  /** Verdict with `m* − 1` bins (should be infeasible). */
  readonly belowOptimum: PlacementStatus;
  /** Milliseconds for each question. */
  readonly atOptimumMs: number;
  /** Milliseconds for the `m* − 1` question. */
  readonly belowOptimumMs: number;
  /** Both verdicts right. */
  readonly decided: boolean;
  /** A verdict contradicting the proven optimum, or an invalid placement: a bug. */
  readonly wrong: boolean;
}

/** Per-set summary. */
export interface BppSetSummary {
  /** The selector (`t60`, `hard28`). */
  readonly set: string;
  /** Instances run. */
  readonly instances: number;
  /** Decided correctly (both questions right within the limit). */
  readonly decided: number;
  /** `m*` shown feasible. */
  readonly feasibleShown: number;
  /** `m* − 1` proven infeasible. */
  readonly infeasibleProven: number;
  /** Wrong verdicts (bugs). */
  readonly wrong: number;
  /** Slowest question, milliseconds. */
  readonly maxMs: number;
  /** Every instance's outcome. */
  readonly outcomes: BppOutcome[];
}

const DEFAULT_SETS = 't60,u120,hard28';

/** Falkenauer instances form classes by size (`Falkenauer_u250_07` is in `u250`). */
function selectorMatches(selector: string, entry: IndexEntry): boolean {
  if (entry.set === selector) return true;
  const match = /^Falkenauer_([tu]\d+)_/.exec(entry.name);
  return match !== null && match[1] === selector;
}

function solveTimed(weights: number[], capacity: number, bins: number, name: string, limitMs: number): { status: PlacementStatus; ms: number; valid: boolean } {
  const instance = bppInstance(weights, capacity, bins, name);
  const started = performance.now();
  const result = solvePlacement(instance, { timeLimitMs: limitMs });
  const ms = performance.now() - started;
  const valid = result.status !== 'feasible' || verify(instance, result.pieces).length === 0;
  return { status: result.status, ms, valid };
}

function runInstance(directory: URL, entry: IndexEntry, limitMs: number): BppOutcome {
  const file = JSON.parse(readFileSync(new URL(entry.file, directory), 'utf8')) as BppFile;
  const at = solveTimed(file.weights, file.capacity, file.optimum, file.name, limitMs);
  const below = solveTimed(file.weights, file.capacity, file.optimum - 1, file.name, limitMs);
  const wrong = at.status === 'infeasible' || below.status === 'feasible' || !at.valid || !below.valid;
  return {
    name: file.name,
    atOptimum: at.status,
    belowOptimum: below.status,
    atOptimumMs: at.ms,
    belowOptimumMs: below.ms,
    decided: at.status === 'feasible' && below.status === 'infeasible' && at.valid,
    wrong,
  };
}

function summarise(set: string, outcomes: BppOutcome[]): BppSetSummary {
  const summary: BppSetSummary = {
    set,
    instances: outcomes.length,
    decided: outcomes.filter((o) => o.decided).length,
    feasibleShown: outcomes.filter((o) => o.atOptimum === 'feasible').length,
    infeasibleProven: outcomes.filter((o) => o.belowOptimum === 'infeasible').length,
    wrong: outcomes.filter((o) => o.wrong).length,
    maxMs: Math.max(0, ...outcomes.map((o) => Math.max(o.atOptimumMs, o.belowOptimumMs))),
    outcomes,
  };
  const share = summary.instances === 0 ? 0 : (100 * summary.decided) / summary.instances;
  console.log(
    `  ${set}: decided ${summary.decided}/${summary.instances} (${share.toFixed(0)}%); m* feasible ${summary.feasibleShown}, ` +
      `m*−1 proven infeasible ${summary.infeasibleProven}, wrong ${summary.wrong}; slowest question ${formatMs(summary.maxMs)}`,
  );
  for (const o of outcomes.filter((x) => !x.decided)) {
    console.log(`    ${o.wrong ? 'WRONG' : 'undecided'} ${o.name}: m* → ${o.atOptimum} (${formatMs(o.atOptimumMs)}), m*−1 → ${o.belowOptimum} (${formatMs(o.belowOptimumMs)})`);
  }
  return summary;
}

/** Run the selected sets and print one summary line per set. */
export async function run(): Promise<BppSetSummary[]> {
  const directory = new URL(process.env.BPP_DIR ?? '../shared/bpp/', REPO_ROOT);
  const sets = (process.env.BPP_SETS ?? DEFAULT_SETS).split(',').map((s) => s.trim()).filter((s) => s !== '');
  const limitMs = envInteger('BPP_LIMIT_MS', 10_000);
  const perSet = envInteger('BPP_PER_SET', Number.MAX_SAFE_INTEGER);
  const index = JSON.parse(readFileSync(new URL('index.json', directory), 'utf8')) as IndexEntry[];
  console.log(`# bpp.bench: BPPLIB as placement questions (sets ${sets.join(', ')}; limit ${limitMs} ms per question)`);
  const summaries: BppSetSummary[] = [];
  for (const set of sets) {
    const entries = stratified(index.filter((entry) => selectorMatches(set, entry)), perSet);
    if (entries.length === 0) throw new Error(`BPP_SETS: no instances in set ${JSON.stringify(set)}`);
    collectGarbage();
    summaries.push(summarise(set, entries.map((entry) => runInstance(directory, entry, limitMs))));
  }
  return summaries;
}

if (isMain(import.meta.url)) await run();
