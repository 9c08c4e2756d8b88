/**
 * Tight generated questions (issue 10): `generateInstance({ shape: 'tight' })`
 * at 200, 500, 1,000 and 2,000 blocks (10,000 free ranges, the generator's
 * other defaults), several seeds each, every one feasible by construction.
 * Each goes to `solvePlacement` with 10 s (`TIGHT_LIMIT_MS`), and, as the
 * baseline in the same run, to the exact search alone (`strategy:
 * 'search'`, the pipeline before the zero-slack fill and the packers).
 * Decided = a placement `verify` accepts; anything else counts as not
 * decided (an `infeasible` would be a wrong verdict, and is counted apart).
 *
 * Run alone: `npm run build && node --expose-gc dist/bench/tight.bench.js`;
 * `TIGHT_SIZES=200,500`, `TIGHT_SEEDS=5`, `TIGHT_LIMIT_MS=10000`.
 *
 * @module
 */
import { generateInstance } from '../src/generate/generate.js';
import { verify } from '../src/memory/verify.js';
import { solvePlacement } from '../src/solve/place.js';
import type { SolveOptions } from '../src/solve/result.js';
import { envInteger, formatMs, isMain } from './harness.js';

/** One size's figures. */
export interface TightRow {
  readonly blocks: number;
  readonly questions: number;
  /** Decided by the whole pipeline, and the slowest of those. */
  readonly decided: number;
  readonly slowestMs: number;
  /** Decided by the exact search alone, same limit. */
  readonly searchDecided: number;
  /** Verdicts that contradict the construction (must be 0). */
  readonly wrong: number;
}

/** Run the bench: one row per size. */
export async function run(): Promise<TightRow[]> {
  const sizes = (process.env.TIGHT_SIZES ?? '200,500,1000,2000').split(',').map(Number);
  const seeds = envInteger('TIGHT_SEEDS', 5);
  const limitMs = envInteger('TIGHT_LIMIT_MS', 10_000);
  console.log(`# tight.bench: generated tight questions, 10,000 ranges, ${seeds} seeds a size, ${formatMs(limitMs)} a question`);
  const rows: TightRow[] = [];
  for (const blocks of sizes) {
    let decided = 0;
    let searchDecided = 0;
    let wrong = 0;
    let slowestMs = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const instance = generateInstance({ seed, shape: 'tight', blocks, ranges: 10_000 });
      const attempt = (options: SolveOptions): { readonly decided: boolean; readonly ms: number } => {
        const started = performance.now();
        const result = solvePlacement(instance, { timeLimitMs: limitMs, ...options });
        const ms = performance.now() - started;
        if (result.status === 'infeasible') wrong++;
        return { decided: result.status === 'feasible' && verify(instance, result.pieces).length === 0, ms };
      };
      const pipeline = attempt({});
      if (pipeline.decided) {
        decided++;
        slowestMs = Math.max(slowestMs, pipeline.ms);
      }
      if (attempt({ strategy: 'search' }).decided) searchDecided++;
    }
    const row = { blocks, questions: seeds, decided, slowestMs, searchDecided, wrong };
    rows.push(row);
    console.log(
      `  ${blocks} blocks: decided ${decided}/${seeds} (slowest decided ${formatMs(slowestMs)}); the exact search alone ${searchDecided}/${seeds}; wrong ${wrong}`,
    );
  }
  return rows;
}

if (isMain(import.meta.url)) await run();
