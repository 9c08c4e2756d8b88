/**
 * How fast is `ldmfit inspect` on a parseable capture, against the floor of
 * reading the file and splitting it into lines?
 *
 * Issue 9: `ldmfit inspect` on a 1M-row `ldm list-devices -a -p memory`
 * capture must cost within 2× of reading the file and splitting it into
 * lines. The capture is drawn from a seeded mulberry32 (so every run reads
 * the same bytes), written to the system's temporary directory and removed
 * afterwards. The command's whole path is timed against the floor in the
 * same run: the library calls `ldmfit inspect FILE` makes (the file's bytes
 * → `readLdmCaptures` → `formatInspectText`), and `runCli(['inspect',
 * FILE])` itself in this process (commander, the file read through the CLI's
 * reader, the summary written to a buffer). `--json` (`inspectJson` and
 * `JSON.stringify`, a million `{pa, size, bound}` objects printed) is timed
 * beside them, with no target. Timed three ways: with benchmark.js
 * (`measure`, which collects no garbage between runs, so each run also pays
 * for what the one before left); as medians of interleaved rounds with
 * garbage collected before each, as a command run once in a fresh process
 * meets it; and as the CPU time of such rounds, steadier than wall time on
 * a machine shared with other jobs.
 *
 * Run alone after `npm run build`: `node --expose-gc dist/bench/inspect.bench.js`.
 *
 * @module
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/program.js';
import type { CaptureReading, OutputFacts } from '../src/formats/ldm/model.js';
import { readParseableOutput } from '../src/formats/ldm/parseable.js';
import { readLdmCaptures } from '../src/formats/ldm/read.js';
import { formatInspectText, inspectJson } from '../src/report/inspect.js';
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

/** The floor: read the file and split it into lines. */
function readLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n');
}

/** What `ldmfit inspect FILE` does, without commander: the file's bytes, the captures read, the reading. */
function readCapture(file: string): CaptureReading {
  return readLdmCaptures([{ name: file, content: readFileSync(file) }]);
}

/** `ldmfit inspect FILE`: the reading and its summary. */
function inspectText(file: string): string {
  return formatInspectText(readCapture(file));
}

/** `ldmfit inspect FILE --json`: the reading and its JSON document, printed. */
function inspectJsonText(file: string): string {
  return JSON.stringify(inspectJson(readCapture(file)), null, 2) + '\n';
}

/** The parseable reader alone on lines already split (the figure before issue 9's columns; it leaves out splitting the capture). */
function readerOnly(file: string): OutputFacts {
  return readParseableOutput({ file, firstLine: 1, lines: readLines(file), command: null });
}

/** `runCli(['inspect', file])` in this process, its output kept in memory; returns what it printed. */
async function runInspect(file: string): Promise<string> {
  let out = '';
  const status = await runCli(['inspect', file], {
    writeOut: async (text) => void (out += text),
    writeErr: async (text) => void process.stderr.write(text),
    readFile: async (path) => readFile(path),
    readStdin: async () => new Uint8Array(0),
    writeFile: async () => undefined,
  });
  if (status !== 0) throw new Error(`ldmfit inspect ${file}: exit ${status}`);
  return out;
}

/** A reading that lost or changed rows is a bug, not a figure. */
function mustHaveRows(reading: CaptureReading, rows: number): void {
  if (reading.memory.length !== rows) throw new Error(`read ${reading.memory.length} memory rows, expected ${rows}`);
  if (reading.warnings.length > 0) throw new Error(`unexpected warning: ${reading.warnings[0]}`);
  const first = reading.memory.pa(0);
  if (first !== 0x8000000n) throw new Error(`first row at ${first.toString(16)}, expected 0x8000000`);
}

/** The CPU time (user + system, all threads) of `operation`, in milliseconds. */
function cpuMs(started: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
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
      samples[index]![round] = cpuMs(started);
    });
  }
  return samples.map((times) => times.sort()[rounds >> 1]!);
}

/** Medians (wall, CPU) of the floor and of `runCli(['inspect', file])` in interleaved rounds, garbage collected before each. */
async function cliMedians(file: string, rounds: number): Promise<{ floorWall: number; cliWall: number; floorCpu: number; cliCpu: number }> {
  const wall = [new Float64Array(rounds), new Float64Array(rounds)];
  const cpu = [new Float64Array(rounds), new Float64Array(rounds)];
  for (let round = 0; round < rounds; round++) {
    collectGarbage();
    let started = performance.now();
    let startedCpu = process.cpuUsage();
    readLines(file);
    wall[0]![round] = performance.now() - started;
    cpu[0]![round] = cpuMs(startedCpu);
    collectGarbage();
    started = performance.now();
    startedCpu = process.cpuUsage();
    await runInspect(file);
    wall[1]![round] = performance.now() - started;
    cpu[1]![round] = cpuMs(startedCpu);
  }
  const median = (times: Float64Array): number => times.sort()[rounds >> 1]!;
  return { floorWall: median(wall[0]!), cliWall: median(wall[1]!), floorCpu: median(cpu[0]!), cliCpu: median(cpu[1]!) };
}

/** Run the measurement and print the figures. */
export async function run(): Promise<InspectResults> {
  console.log('# inspect.bench: ldmfit inspect on a parseable list-devices -a -p memory capture vs read + split');
  const rows = envInteger('INSPECT_ROWS', 1_000_000);
  const directory = mkdtempSync(join(tmpdir(), 'ldmfit-bench-'));
  const timings: Timing[] = [];
  const ratios: Ratio[] = [];
  try {
    const file = join(directory, 'list-devices-a-p-memory.txt');
    writeFileSync(file, memoryCapture(1, rows));
    console.log(`  wrote ${rows.toLocaleString('en')} rows: ${(statSync(file).size / 1e6).toFixed(1)} MB`);
    mustHaveRows(readCapture(file), rows);
    const printed = await runInspect(file);
    if (printed !== inspectText(file)) throw new Error('runCli printed another summary than formatInspectText');
    const label = `${rows / 1e6}M rows`;
    const floor = measure(`read + split lines, ${label}`, () => readLines(file));
    const whole = measure(`inspect (bytes → readLdmCaptures → formatInspectText), ${label}`, () => inspectText(file));
    timings.push(floor, whole);
    ratios.push(ratio(`inspect / read + split, ${label} (benchmark.js means)`, whole.meanMs, floor.meanMs, '≤ 2'));
    const rounds = envInteger('INSPECT_ROUNDS', 9);
    const operations = [() => readLines(file), () => inspectText(file), () => inspectJsonText(file), () => readerOnly(file)];
    // ldmfit inspect reads a capture once, in a fresh process: garbage is collected before each operation, untimed.
    const [floorWall, textWall, jsonWall, readerWall] = interleavedMedians(operations, rounds, true) as [number, number, number, number];
    console.log(`  wall medians of ${rounds} interleaved rounds, garbage collected before each: read + split ${formatMs(floorWall)}, `
      + `inspect ${formatMs(textWall)}, inspect --json ${formatMs(jsonWall)} (${(jsonWall / floorWall).toFixed(2)}×), `
      + `parseable reader alone on split lines ${formatMs(readerWall)} (${(readerWall / floorWall).toFixed(2)}×)`);
    ratios.push(ratio(`inspect / read + split, ${label} (wall medians)`, textWall, floorWall, '≤ 2'));
    const [floorCpu, textCpu, jsonCpu, readerCpu] = cpuMedians(operations, rounds) as [number, number, number, number];
    console.log(`  CPU medians (user + system, all threads) of ${rounds} interleaved rounds: read + split ${formatMs(floorCpu)}, `
      + `inspect ${formatMs(textCpu)}, inspect --json ${formatMs(jsonCpu)} (${(jsonCpu / floorCpu).toFixed(2)}×), `
      + `parseable reader alone on split lines ${formatMs(readerCpu)} (${(readerCpu / floorCpu).toFixed(2)}×)`);
    ratios.push(ratio(`inspect / read + split, ${label} (CPU medians)`, textCpu, floorCpu, '≤ 2'));
    const cli = await cliMedians(file, rounds);
    console.log(`  runCli(['inspect', FILE]) in this process, medians of ${rounds} rounds interleaved with read + split: `
      + `wall ${formatMs(cli.cliWall)} vs ${formatMs(cli.floorWall)}, CPU ${formatMs(cli.cliCpu)} vs ${formatMs(cli.floorCpu)}`);
    ratios.push(ratio(`runCli inspect / read + split, ${label} (wall medians)`, cli.cliWall, cli.floorWall, '≤ 2'));
    ratios.push(ratio(`runCli inspect / read + split, ${label} (CPU medians)`, cli.cliCpu, cli.floorCpu, '≤ 2'));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return { timings, ratios };
}

if (isMain(import.meta.url)) await run();
