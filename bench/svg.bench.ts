/**
 * How large is the memory map of a million free ranges, how long does it
 * take to draw, and how long does a browser take to show it?
 *
 * The question is the one `ldmfit generate --seed 1 --ranges 1000000
 * --blocks 1000` writes (run through the built CLI, then read back), solved
 * once.
 *
 * 1. `placementSvg`: the document's size, and its drawing time
 *    (benchmark.js), against the solve it illustrates.
 * 2. The whole command: `ldmfit place FILE --json` with and without `--svg`,
 *    in interleaved rounds (target: `--svg` adds at most a tenth).
 * 3. Headless Chromium (Debian's, see `scripts/chromium.ts`): opening the
 *    file and taking a screenshot, median of 5, against the same for the
 *    naive drawing that writes one `<rect>` per free range (size and one
 *    render, given two minutes): what aggregation buys. Skipped when
 *    `/usr/bin/chromium` is missing.
 *
 * Run alone after `npm run build`: `node --expose-gc dist/bench/svg.bench.js`.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseInstance } from '../src/formats/instance-json.js';
import type { PlacementInstance } from '../src/memory/instance.js';
import { placeInstance } from '../src/place.js';
import { placementSvg } from '../src/report/svg.js';
import type { PlacementAnswer } from '../src/solve/answer.js';
import { startRenderer } from '../scripts/chromium.js';
import { chromiumInstalled } from '../scripts/chromium-path.js';
import { formatMs, interleavedMedians, isMain, measure, ratio, REPO_ROOT, type Ratio, type Timing } from './harness.js';

/** Everything {@link run} measured. */
export interface SvgResults {
  /** Bytes of the map of 1M ranges. */
  readonly bytes: number;
  /** Every timing, in the order measured. */
  readonly timings: Timing[];
  /** Every ratio with its target. */
  readonly ratios: Ratio[];
}

const CLI = fileURLToPath(new URL('dist/src/cli/main.js', REPO_ROOT));
/** How long the naive drawing may take to show before it counts as not shown. */
const NAIVE_TIMEOUT_MS = 120_000;
const GENERATE = ['generate', '--seed', '1', '--ranges', '1000000', '--blocks', '1000'];

function ldmfit(args: readonly string[], expect: readonly number[]): string {
  const child = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (child.error !== undefined) throw child.error;
  if (!expect.includes(child.status ?? -1)) throw new Error(`ldmfit ${args.join(' ')}: exit ${child.status}: ${child.stderr}`);
  return child.stdout;
}

/** One `<rect>` per free range, nothing else: the drawing aggregation replaces. */
function naiveSvg(instance: PlacementInstance, width: number): string {
  const { count, start, size } = instance.free;
  let low = Infinity;
  let high = 0;
  for (let i = 0; i < count; i++) {
    low = Math.min(low, start[i]!);
    high = Math.max(high, start[i]! + size[i]!);
  }
  const scale = width / (high - low);
  const rects: string[] = [];
  for (let i = 0; i < count; i++) rects.push(`<rect x="${((start[i]! - low) * scale).toFixed(2)}" y="0" width="${(size[i]! * scale).toFixed(4)}" height="72"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="72"><g fill="#a6dba0">${rects.join('')}</g></svg>\n`;
}

async function browserTimings(svg: string, instance: PlacementInstance, timings: Timing[], ratios: Ratio[]): Promise<void> {
  console.log('\n## Headless Chromium: open the file, screenshot');
  if (!chromiumInstalled()) {
    console.log('  skipped: /usr/bin/chromium is not installed');
    return;
  }
  const renderer = await startRenderer();
  try {
    const runs: number[] = [];
    for (let k = 0; k < 5; k++) runs.push((await renderer.render(svg)).ms);
    const ours = runs.sort((a, b) => a - b)[2]!;
    console.log(`  the map (${svg.length} characters): median ${formatMs(ours)} of 5 (${runs.map((ms) => ms.toFixed(0)).join(', ')} ms)`);
    const naive = naiveSvg(instance, 1168);
    const started = performance.now();
    // A lower bound when the browser gives up: the ratio then understates what aggregation buys.
    const naiveMs = await renderer.render(naive, NAIVE_TIMEOUT_MS).then(
      (rendering) => rendering.ms,
      () => performance.now() - started,
    );
    const finished = naiveMs < NAIVE_TIMEOUT_MS;
    console.log(`  one <rect> per range: ${(Buffer.byteLength(naive) / 1e6).toFixed(1)} MB, ${finished ? formatMs(naiveMs) : `not shown within ${formatMs(naiveMs)}`} (single run)`);
    timings.push(
      { name: 'chromium: the map', meanMs: ours, perSecond: 1000 / ours, rmePercent: 0, samples: 5 },
      { name: 'chromium: one rect per range', meanMs: naiveMs, perSecond: 1000 / naiveMs, rmePercent: 0, samples: 1 },
    );
    ratios.push(ratio('chromium, one rect per range / the map', naiveMs, ours, '≥ 10'));
  } finally {
    await renderer.close();
  }
}

/** Run every section and print the figures. */
export async function run(): Promise<SvgResults> {
  console.log('# svg.bench: the memory map of 1M free ranges');
  const directory = mkdtempSync(join(tmpdir(), 'ldmfit-bench-svg-'));
  const timings: Timing[] = [];
  const ratios: Ratio[] = [];
  try {
    const file = join(directory, 'random-1m.json');
    writeFileSync(file, ldmfit(GENERATE, [0]));
    const instance = parseInstance(readFileSync(file), file);
    let answer: PlacementAnswer = placeInstance(instance);
    console.log(`  ldmfit ${GENERATE.join(' ')}: ${instance.free.count} ranges, ${instance.blocks.length} blocks, ${answer.status}`);

    console.log('\n## placementSvg');
    const svg = placementSvg(instance, answer);
    const bytes = Buffer.byteLength(svg);
    console.log(`  the map: ${bytes} bytes (${(bytes / instance.free.count).toFixed(3)} bytes a range)`);
    const solve = measure('placeInstance (map build + solve)', () => void (answer = placeInstance(instance)), { minSamples: 5, maxTime: 5 });
    const draw = measure('placementSvg', () => void placementSvg(instance, answer), { minSamples: 10, maxTime: 5 });
    timings.push(solve, draw);
    ratios.push(ratio('placementSvg / placeInstance, 1M ranges', draw.meanMs, solve.meanMs, '≤ 0.5'));

    console.log('\n## ldmfit place FILE --json, with and without --svg (medians of 9 interleaved rounds)');
    const out = join(directory, 'map.svg');
    const [plain, drawn] = interleavedMedians([() => void ldmfit(['place', file, '--json'], [0, 1]), () => void ldmfit(['place', file, '--json', '--svg', out], [0, 1])], 9);
    console.log(`  without --svg: ${formatMs(plain!)}; with --svg: ${formatMs(drawn!)}`);
    ratios.push(ratio('ldmfit place --svg / ldmfit place, 1M ranges', drawn!, plain!, '≤ 1.1'));

    await browserTimings(svg, instance, timings, ratios);
    return { bytes, timings, ratios };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await run();
