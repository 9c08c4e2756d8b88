/**
 * The whole command, as users run it: `ldmfit place FILE --json` in a fresh
 * process, on generated 1M-range files.
 *
 * 1. A `random` 1M-range file (1k blocks) vs a child process that only reads
 *    the file and `JSON.parse`s it (target: the command ≤ 2× that floor —
 *    parsing quantities, building the map and solving may together cost no
 *    more than reading the JSON once more).
 * 2. A `deep-fragmented` 1M-range file with 10k blocks vs naive first-fit
 *    (target ≥ 20×). First-fit runs in this process on the already-built
 *    instance: it pays neither process start nor parsing, so the ratio
 *    understates our advantage. By default it binds the first
 *    `CLI_FIRST_FIT_BLOCKS` (default 1000) blocks and scales the time by the
 *    block count (see `deepFirstFitScaled` for why that is sound).
 *    `CLI_FIRST_FIT_BLOCKS=10000` times the full run.
 *
 * The files are written to the system's temporary directory and removed
 * afterwards. Needs a built CLI (`dist/src/cli/main.js`).
 *
 * Run alone after `npm run build`: `node --expose-gc dist/bench/cli.bench.js`.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateInstance } from '../src/generate/generate.js';
import type { GenerateOptions } from '../src/generate/options.js';
import { instanceToJson } from '../src/generate/to-json.js';
import { deepFirstFitScaled, envInteger, isMain, measure, ratio, REPO_ROOT, type Ratio, type Timing } from './harness.js';

/** Everything {@link run} measured. */
export interface CliResults {
  /** Every timing, in the order measured. */
  readonly timings: Timing[];
  /** Every ratio with its target. */
  readonly ratios: Ratio[];
}

const CLI = fileURLToPath(new URL('dist/src/cli/main.js', REPO_ROOT));
/** The floor: a process that reads the file and parses it, nothing else. */
const READ_AND_PARSE = "JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))";

/** Run `ldmfit place FILE --json` and return the parsed answer; any failure to answer is fatal. */
function place(file: string): { status: string; placements: unknown[] } {
  const child = spawnSync(process.execPath, [CLI, 'place', file, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (child.error !== undefined) throw child.error;
  if (child.status === 2 || child.status === null) throw new Error(`ldmfit place ${file}: exit ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout) as { status: string; placements: unknown[] };
}

function readAndParse(file: string): void {
  const child = spawnSync(process.execPath, ['-e', READ_AND_PARSE, file], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`read and parse ${file}: exit ${child.status}: ${child.stderr}`);
}

function writeInstance(directory: string, name: string, options: GenerateOptions): string {
  const file = join(directory, name);
  writeFileSync(file, instanceToJson(generateInstance(options)));
  console.log(`  wrote ${name}: ${(statSync(file).size / 1e6).toFixed(1)} MB`);
  return file;
}

/** Section 1: the command vs reading and parsing its input. */
function commandVsParse(directory: string, timings: Timing[], ratios: Ratio[]): void {
  console.log('\n## ldmfit place vs read + JSON.parse, 1M ranges');
  const file = writeInstance(directory, 'random-1m.json', { seed: 1, ranges: 1_000_000, blocks: 1000, shape: 'random' });
  const answer = place(file);
  console.log(`  ldmfit place answered ${answer.status} with ${answer.placements.length} placements`);
  const floor = measure('node: read + JSON.parse the file', () => readAndParse(file), { minSamples: 3, maxTime: 5 });
  const command = measure('node: ldmfit place FILE --json', () => place(file), { minSamples: 3, maxTime: 5 });
  timings.push(floor, command);
  ratios.push(ratio('ldmfit place / read + JSON.parse, 1M ranges', command.meanMs, floor.meanMs, '≤ 2'));
}

/** Section 2: the command vs naive first-fit on a deep-fragmented map. */
function commandVsFirstFit(directory: string, timings: Timing[], ratios: Ratio[]): void {
  console.log('\n## ldmfit place vs naive first-fit, deep-fragmented 1M ranges, 10k blocks');
  const options: GenerateOptions = { seed: 1, ranges: 1_000_000, blocks: 10_000, shape: 'deep-fragmented' };
  const file = writeInstance(directory, 'deep-1m-10k.json', options);
  const answer = place(file);
  console.log(`  ldmfit place answered ${answer.status} with ${answer.placements.length} placements`);
  const command = measure('node: ldmfit place FILE --json', () => place(file), { minSamples: 3, maxTime: 5 });
  const firstFit = deepFirstFitScaled(generateInstance(options), envInteger('CLI_FIRST_FIT_BLOCKS', 1000), 'in process, instance already built');
  timings.push(command, firstFit);
  ratios.push(ratio('naive first-fit / ldmfit place, deep-fragmented', firstFit.meanMs, command.meanMs, '≥ 20'));
}

/** Run both sections and print the figures. */
export async function run(): Promise<CliResults> {
  console.log('# cli.bench: the whole command');
  const directory = mkdtempSync(join(tmpdir(), 'ldmfit-bench-'));
  const timings: Timing[] = [];
  const ratios: Ratio[] = [];
  try {
    commandVsParse(directory, timings, ratios);
    commandVsFirstFit(directory, timings, ratios);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return { timings, ratios };
}

if (isMain(import.meta.url)) await run();
