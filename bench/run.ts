/**
 * Run every benchmark in turn: `npm run bench` (which builds first).
 *
 * Each bench module exports `run()`; they are loaded by name so a bench
 * that is not there yet is reported and skipped rather than breaking the
 * build. Pass names to run only some: `node dist/bench/run.js place bpp`.
 *
 * The benches want `--expose-gc` (to collect garbage between timings, and
 * for the range tree's memory figures). When it is missing this script
 * starts itself again under `node --expose-gc` with the same arguments.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isMain } from './harness.js';

/** The benches, in the order they run. */
export const BENCHES = ['range-tree', 'place', 'split', 'bpp', 'lp-bound', 'tight', 'cli', 'svg', 'inspect', 'fleet'] as const;

/** Run the named benches (default all) one after another. */
export async function run(names: readonly string[] = BENCHES): Promise<void> {
  for (const name of names) {
    const url = new URL(`./${name}.bench.js`, import.meta.url);
    let bench: { run?: () => Promise<unknown> };
    try {
      bench = (await import(url.href)) as { run?: () => Promise<unknown> };
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !String(error).includes(`${name}.bench.js`)) throw error;
      console.log(`# ${name}.bench: not built, skipped`);
      continue;
    }
    if (bench.run === undefined) throw new Error(`${name}.bench.js does not export run()`);
    await bench.run();
    console.log('');
  }
}

if (isMain(import.meta.url)) {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(BENCHES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    console.error(`unknown bench: ${unknown.join(', ')} (known: ${BENCHES.join(', ')})`);
    process.exitCode = 2;
  } else if ((globalThis as { gc?: unknown }).gc === undefined) {
    const child = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), ...names], { stdio: 'inherit' });
    process.exitCode = child.status ?? 1;
  } else {
    await run(names.length > 0 ? names : BENCHES);
  }
}
