/**
 * `ldmfit check REQUEST.json [--json] [--time-limit MS] [--node-limit N]`: every migration rule
 * of the request's profile (migration.md), with the memory placement.
 *
 * @module
 */
import type { Command } from 'commander';
import { parseJsonText } from '../formats/json-text.js';
import { checkExitCode, checkRequest } from '../migration/check.js';
import { InputError } from '../quantity.js';
import { checkJson } from '../report/check-json.js';
import { formatCheckText } from '../report/check-text.js';
import { CHECK_EXIT_HELP } from './exit-codes.js';
import { addBudgetOptions, type BudgetOptions, solveBudget } from './options.js';
import type { CommandContext } from './context.js';

/** The options of `ldmfit check` after parsing. */
interface CheckCommandOptions extends BudgetOptions {
  readonly json?: boolean;
}

/** Register `check` on the program. */
export function addCheckCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('check')
    .description('check every migration rule (CPU, memory, I/O, crypto, state) for one request, as ldm migrate-domain -n would')
    .argument('<request>', 'request file (JSON; schema/request.schema.json in the package)')
    .option('--json', 'print {ok, findings, placements} instead of the ldm-style report');
  addBudgetOptions(command, 'the memory placement search', 'memory is undecided (exit 3)')
    .addHelpText('after', '\n' + CHECK_EXIT_HELP)
    .action(async (file: string, options: CheckCommandOptions) => check(file, options, context));
}

/** Read, check, report. */
async function check(file: string, options: CheckCommandOptions, context: CommandContext): Promise<void> {
  const json = parseJsonText(await context.readFile(file), file);
  let result;
  try {
    result = checkRequest(json, { solve: solveBudget(options) });
  } catch (error) {
    throw error instanceof InputError ? error.inFile(file) : error;
  }
  context.out(options.json === true ? JSON.stringify(checkJson(result), null, 2) + '\n' : formatCheckText(result));
  context.exit(checkExitCode(result));
}
