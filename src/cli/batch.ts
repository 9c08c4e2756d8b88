/**
 * `ldmfit batch [FILE...] [--workers N] [--time-limit MS] [--node-limit N]`:
 * NDJSON in (one placement question or check request a line; `-` or no
 * file reads standard input), NDJSON out (one answer a line, in input
 * order, each with `"line": N`), over a pool of worker threads.
 *
 * Lines are numbered across the files in order, as `cat FILE... | ldmfit
 * batch` would number them. A progress bar (cli-progress: kept, small, and
 * it redraws a bar on a terminal without our own escape codes) goes to
 * standard error when that is a terminal; otherwise nothing but the answers
 * is written. SIGINT stops the batch: every finished answer is written, and
 * the exit status is 130.
 *
 * @module
 */
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { runBatch } from '../fleet/batch-pool.js';
import type { CommandContext } from './context.js';
import { EXIT } from './exit-codes.js';
import { STDIN_ARGUMENT } from './input.js';
import { addBudgetOptions, type BudgetOptions, positiveWholeNumber, solveBudget } from './options.js';

/** The options of `ldmfit batch` after parsing. */
interface BatchCommandOptions extends BudgetOptions {
  readonly workers?: number;
}

/** Register `batch` on the program. */
export function addBatchCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('batch')
    .description('answer NDJSON questions (place questions or check requests, one a line) over worker threads; NDJSON answers in input order')
    .argument('[files...]', 'NDJSON files, read in order; - or none reads standard input')
    .addOption(new Option('--workers <n>', 'worker threads (default: the available cores)').argParser(positiveWholeNumber));
  addBudgetOptions(command, 'each question\'s placement search', 'that answer is "unknown"')
    .addHelpText('after', `\nExit status: ${EXIT.feasible} every line answered (bad lines get {"line": N, "error": "..."}); ${EXIT.usage} a file cannot be read; ${EXIT.interrupted} interrupted (finished answers written)`)
    .action(async (files: string[], options: BatchCommandOptions) => batch(files, options, context));
}

async function* linesOf(files: readonly string[], context: CommandContext): AsyncIterable<string> {
  for (const file of files.length === 0 ? [STDIN_ARGUMENT] : files) {
    yield* createInterface({ input: Readable.from(context.streamFile(file)), crlfDelay: Infinity });
  }
}

async function batch(files: string[], options: BatchCommandOptions, context: CommandContext): Promise<void> {
  const controller = new AbortController();
  const stopListening = context.onInterrupt(() => controller.abort());
  const bar = context.progress === undefined
    ? undefined
    : new cliProgress.SingleBar({ stream: context.progress, format: 'batch {bar} {value}/{total} lines', hideCursor: true }, cliProgress.Presets.shades_classic);
  bar?.start(0, 0);
  try {
    const summary = await runBatch(linesOf(files, context), (answer) => context.write(answer + '\n'), {
      solve: solveBudget(options),
      signal: controller.signal,
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(bar === undefined ? {} : { onProgress: (answered: number, read: number) => { bar.setTotal(read); bar.update(answered); } }),
    });
    if (summary.interrupted) context.exit(EXIT.interrupted);
  } finally {
    bar?.stop();
    stopListening();
  }
}
