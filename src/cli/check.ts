/**
 * `ldmfit check REQUEST.json [--json] [--time-limit MS]`: every migration rule
 * of the request's profile (migration.md), with the memory placement.
 *
 * @module
 */
import { type Command, Option } from 'commander';
import { parseJsonText } from '../formats/json-text.js';
import { checkExitCode, checkRequest } from '../migration/check.js';
import { InputError } from '../quantity.js';
import { checkJson } from '../report/check-json.js';
import { formatCheckText } from '../report/check-text.js';
import { DEFAULT_TIME_LIMIT_MS } from '../solve/result.js';
import { CHECK_EXIT_HELP } from './exit-codes.js';
import { milliseconds } from './options.js';
import type { CommandContext } from './program.js';

/** The options of `ldmfit check` after parsing. */
interface CheckCommandOptions {
  readonly json?: boolean;
  readonly timeLimit: number;
}

/** Register `check` on the program. */
export function addCheckCommand(program: Command, context: CommandContext): void {
  program
    .command('check')
    .description('check every migration rule (CPU, memory, I/O, crypto, state) for one request, as ldm migrate-domain -n would')
    .argument('<request>', 'request file (JSON; schema/request.schema.json in the package)')
    .option('--json', 'print {ok, findings, placements} instead of the ldm-style report')
    .addOption(
      new Option('--time-limit <ms>', 'budget of the memory placement search in milliseconds; when it runs out memory is undecided (exit 3)')
        .default(DEFAULT_TIME_LIMIT_MS)
        .argParser(milliseconds),
    )
    .addHelpText('after', '\n' + CHECK_EXIT_HELP)
    .action(async (file: string, options: CheckCommandOptions) => check(file, options, context));
}

/** Read, check, report. */
async function check(file: string, options: CheckCommandOptions, context: CommandContext): Promise<void> {
  const json = parseJsonText(await context.readFile(file), file);
  let result;
  try {
    result = checkRequest(json, { solve: { timeLimitMs: options.timeLimit } });
  } catch (error) {
    throw error instanceof InputError ? error.inFile(file) : error;
  }
  context.out(options.json === true ? JSON.stringify(checkJson(result), null, 2) + '\n' : formatCheckText(result));
  context.exit(checkExitCode(result));
}
