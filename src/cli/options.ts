/**
 * Option parsers shared by the commands.
 *
 * @module
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_TIME_LIMIT_MS } from '../solve/result.js';
import type { SolveOptions } from '../solve/result.js';

/** `--time-limit` and the like: a whole number of milliseconds. */
export function milliseconds(text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new InvalidArgumentError('expected a whole number of milliseconds');
  }
  return Number(text);
}

/** A non-negative whole number (counts, seeds). */
export function wholeNumber(text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new InvalidArgumentError('expected a non-negative whole number');
  }
  return Number(text);
}

/** A whole number of at least 1 (a budget of zero nodes could decide nothing). */
export function positiveWholeNumber(text: string): number {
  const value = wholeNumber(text);
  if (value === 0) throw new InvalidArgumentError('expected a whole number of at least 1');
  return value;
}

/** The budget options as parsed: both optional. */
export interface BudgetOptions {
  readonly timeLimit?: number;
  readonly nodeLimit?: number;
}

/**
 * Add `--time-limit MS` and `--node-limit N` to a command (`what` they
 * bound, and what happens when they run out, for the help). The node limit
 * is the deterministic budget: the same question gets the same answer on
 * any machine, however busy. Given alone, it replaces the clock; given
 * with `--time-limit`, whichever runs out first ends the search. Neither
 * given: the clock alone, {@link DEFAULT_TIME_LIMIT_MS}.
 */
export function addBudgetOptions(command: Command, what: string, ranOut: string): Command {
  return command
    .addOption(
      new Option(
        '--time-limit <ms>',
        `wall-clock budget of ${what} in milliseconds (default ${DEFAULT_TIME_LIMIT_MS} unless --node-limit is given); when it runs out, ${ranOut}`,
      ).argParser(milliseconds),
    )
    .addOption(
      new Option('--node-limit <n>', `deterministic budget of ${what} in search nodes: the same answer on every machine, however busy (what pipelines should use)`)
        .argParser(positiveWholeNumber),
    );
}

/** The solver's budget from the parsed options (see {@link addBudgetOptions}). */
export function solveBudget(options: BudgetOptions): Pick<SolveOptions, 'timeLimitMs' | 'nodeLimit'> {
  const timeLimitMs = options.timeLimit ?? (options.nodeLimit === undefined ? DEFAULT_TIME_LIMIT_MS : Infinity);
  return options.nodeLimit === undefined ? { timeLimitMs } : { timeLimitMs, nodeLimit: options.nodeLimit };
}
