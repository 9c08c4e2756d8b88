/**
 * How fast is reading a parseable capture, against the floor of reading the
 * file and splitting it into lines?
 *
 * Issue 9: `ldmfit inspect` on a 1M-row `ldm list-devices -a -p memory`
 * capture must cost within 2× of reading the file and splitting it into
 * lines. The capture is drawn from a seeded mulberry32 (so every run reads
 * the same bytes), written to the system's temporary directory and removed
 * afterwards. Both operations are timed in the same run, three ways: with
 * benchmark.js (`measure`, which collects no garbage between runs, so each
 * run also pays for the million rows the one before left); as medians of
 * interleaved rounds with garbage collected before each, as a command run
 * once in a fresh process meets it; and as the CPU time of such rounds,
 * steadier than wall time on a machine shared with other jobs.
 *
 * Run alone after `npm run build`: `node --expose-gc dist/bench/inspect.bench.js`.
 *
 * @module
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MemoryRow, OutputFacts } from '../src/formats/ldm/model.js';
import { readParseableOutput } from '../src/formats/ldm/parseable.js';
import { collectGarbage, envInteger, formatMs, interleavedMedians, isMain, measure, ratio, type Ratio, type Timing } from './harness.js';
import { integerBetween, mulberry32 } from './prng.js';

/** Everything {@link run} measured. */
export interface InspectResults {
  /** Every timing, in the order measured. */
  readonly timings: Timing[];
  /** Every ratio with its target. */
  readonly ratios: Ratio[];
}

const K8 = 8192;

/**
 * The text of a `list-devices -a -p memory` capture with `rows` rows, as a
 * large fragmented machine prints it: rows in PA order, each a multiple of
 * 8K drawn log-uniform from 8K to 1G (so sizes repeat, as page multiples
 * do, without being a handful of values), 30% free (`bound=`), 5% `_sys_`,
 * the rest bound to one of 64 domains drawn at random (the worst case for a
 * reader that remembers the last name). Starts with `VERSION 1.11` and has
 * no command line (a capture recognised by its first line).
 */
export function memoryCapture(seed: number, rows: number): string {
  const random = mulberry32(seed);
  const lines = ['VERSION 1.11', 'MEMORY'];
  let pa = 0x8000000;
  for (let row = 0; row < rows; row++) {
    const size = K8 * Math.floor(2 ** (random() * 17));
    const draw = random();
    const bound = draw < 0.3 ? '' : draw < 0.35 ? '_sys_' : `ldg${integerBetween(random, 0, 64)}`;
    lines.push(`|pa=0x${pa.toString(16)}|size=${size}|bound=${bound}`);
    pa += size;
  }
  return lines.join('\n') + '\n';
}

/** The floor: read the file and split it into lines, as the capture reader must. */
function readLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n');
}

/** What `ldmfit inspect` does with such a capture: the floor, then the parseable reader. */
function inspect(file: string): OutputFacts {
  return readParseableOutput({ file, firstLine: 1, lines: readLines(file), command: null });
}

/**
 * What the model costs before any parsing: read and split, then one
 * {@link MemoryRow} with two bigints for each line, values made up, names
 * shared. No reader that returns `OutputFacts.memory` as it is defined can
 * cost less; the distance from it to the floor is the model's, not the
 * reader's.
 */
function allocateRows(file: string): MemoryRow[] {
  const lines = readLines(file);
  const rows: MemoryRow[] = [];
  for (let index = 0; index < lines.length; index++) rows.push({ pa: BigInt(index * K8), size: BigInt(K8), bound: index % 3 === 0 ? null : 'ldg1' });
  return rows;
}

/** A reading that lost or changed rows is a bug, not a figure. */
function mustHaveRows(facts: OutputFacts, rows: number): void {
  if (facts.memory.length !== rows) throw new Error(`read ${facts.memory.length} memory rows, expected ${rows}`);
  if (facts.warnings.length > 0) throw new Error(`unexpected warning: ${facts.warnings[0]}`);
  const first = facts.memory[0]!;
  if (first.pa !== 0x8000000n) throw new Error(`first row at ${first.pa.toString(16)}, expected 0x8000000`);
}

/**
 * The median CPU time (user + system, in milliseconds) of each operation
 * over interleaved rounds, garbage collected before each (untimed). On a
 * machine shared with other jobs, wall time includes waiting for a core;
 * CPU time counts the work done (the garbage collector's helper threads
 * included), so it is the steadier figure there.
 */
function cpuMedians(operations: readonly (() => void)[], rounds: number): number[] {
  const samples = operations.map(() => new Float64Array(rounds));
  for (let round = 0; round < rounds; round++) {
    operations.forEach((operation, index) => {
      collectGarbage();
      const started = process.cpuUsage();
      operation();
      const used = process.cpuUsage(started);
      samples[index]![round] = (used.user + used.system) / 1000;
    });
  }
  return samples.map((times) => times.sort()[rounds >> 1]!);
}

/** Run the measurement and print the figures. */
export async function run(): Promise<InspectResults> {
  console.log('# inspect.bench: a parseable list-devices -a -p memory capture vs read + split');
  const rows = envInteger('INSPECT_ROWS', 1_000_000);
  const directory = mkdtempSync(join(tmpdir(), 'ldmfit-bench-'));
  const timings: Timing[] = [];
  const ratios: Ratio[] = [];
  try {
    const file = join(directory, 'list-devices-a-p-memory.txt');
    writeFileSync(file, memoryCapture(1, rows));
    console.log(`  wrote ${rows.toLocaleString('en')} rows: ${(statSync(file).size / 1e6).toFixed(1)} MB`);
    mustHaveRows(inspect(file), rows);
    const label = `${rows / 1e6}M rows`;
    const floor = measure(`read + split lines, ${label}`, () => readLines(file));
    const reader = measure(`read + split + readParseableOutput, ${label}`, () => inspect(file));
    timings.push(floor, reader);
    ratios.push(ratio(`inspect / read + split, ${label} (benchmark.js means)`, reader.meanMs, floor.meanMs, '≤ 2'));
    const rounds = envInteger('INSPECT_ROUNDS', 9);
    const operations = [() => readLines(file), () => allocateRows(file), () => inspect(file)];
    // ldmfit inspect reads a capture once, in a fresh process: garbage is collected before each operation, untimed.
    const [floorMedian, modelMedian, readerMedian] = interleavedMedians(operations, rounds, true) as [number, number, number];
    console.log(`  medians of ${rounds} interleaved rounds, garbage collected before each: read + split ${formatMs(floorMedian)}, `
      + `+ the model's rows alone ${formatMs(modelMedian)} (${(modelMedian / floorMedian).toFixed(2)}×), with the reader ${formatMs(readerMedian)}`);
    ratios.push(ratio(`inspect / read + split, ${label} (interleaved medians)`, readerMedian, floorMedian, '≤ 2'));
    const [floorCpu, modelCpu, readerCpu] = cpuMedians(operations, rounds) as [number, number, number];
    console.log(`  CPU time (user + system, all threads), medians of ${rounds} interleaved rounds: read + split ${formatMs(floorCpu)}, `
      + `+ the model's rows alone ${formatMs(modelCpu)} (${(modelCpu / floorCpu).toFixed(2)}×), with the reader ${formatMs(readerCpu)}`);
    ratios.push(ratio(`inspect / read + split, ${label} (CPU time medians)`, readerCpu, floorCpu, '≤ 2'));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return { timings, ratios };
}

if (isMain(import.meta.url)) await run();
