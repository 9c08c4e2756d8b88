/**
 * `ldmfit check REQUEST.json [--json] [--time-limit MS] [--node-limit N] [--svg FILE]`: every migration rule
 * of the request's profile (migration.md), with the memory placement.
 * `--svg` also writes the memory map of the check's memory part.
 *
 * @module
 */
import type { Command } from 'commander';
import { parseJsonText } from '../formats/json-text.js';
import { checkExitCode, checkMigration, type CheckResult } from '../migration/check.js';
import { type MigrationRequest, parseRequest } from '../migration/request.js';
import type { PlacementSolver } from '../migration/rules/memory.js';
import { InputError } from '../quantity.js';
import { checkJson } from '../report/check-json.js';
import { adviceJson, adviceText } from '../report/advice.js';
import { adviseMemory } from '../fleet/advice.js';
import { checkSvg, type SolvedMemory } from '../report/check-svg.js';
import { formatCheckText } from '../report/check-text.js';
import { solvePlacement } from '../solve/place.js';
import { CHECK_EXIT_HELP } from './exit-codes.js';
import { addBudgetOptions, type BudgetOptions, solveBudget } from './options.js';
import { inputName } from './input.js';
import type { CommandContext } from './context.js';

/** The options of `ldmfit check` after parsing. */
interface CheckCommandOptions extends BudgetOptions {
  readonly json?: boolean;
  readonly svg?: string;
  readonly advise?: boolean;
}

/** Register `check` on the program. */
export function addCheckCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('check')
    .description('check every migration rule (CPU, memory, I/O, crypto, state) for one request, as ldm migrate-domain -n would')
    .argument('<request>', 'request file (JSON; schema/request.schema.json in the package); - reads standard input')
    .option('--json', 'print {status, ok, findings, placements} instead of the ldm-style report')
    .option('--svg <file>', 'also write the memory map of the check\'s memory part to this file (SVG); the output and exit status do not change')
    .option('--advise', 'when the memory does not fit, the smallest changes that make it fit (split mode, a free range grown), each verified by solving again');
  addBudgetOptions(command, 'the memory placement search', 'memory is undecided (exit 3)')
    .addHelpText('after', '\n' + CHECK_EXIT_HELP)
    .action(async (file: string, options: CheckCommandOptions) => check(file, options, context));
}

/** Read, check, report. */
async function check(file: string, options: CheckCommandOptions, context: CommandContext): Promise<void> {
  const name = inputName(file);
  const json = parseJsonText(await context.readFile(file), name);
  // The memory rule's solver, recorded: the map draws the question and answer it saw.
  let solved: SolvedMemory | undefined;
  const solver: PlacementSolver = (instance, solveOptions) => {
    const result = solvePlacement(instance, solveOptions);
    solved = { instance, result, options: solveOptions };
    return result;
  };
  let request: MigrationRequest;
  let result: CheckResult;
  try {
    request = parseRequest(json);
    result = checkMigration(request, { solve: solveBudget(options), solver });
  } catch (error) {
    throw error instanceof InputError ? error.inFile(name) : error;
  }
  if (options.svg !== undefined) await context.writeFile(options.svg, checkSvg(request, result, solved));
  const advice = options.advise === true ? adviseMemory(request, { solve: solveBudget(options) }) : undefined;
  const memoryRefused = result.findings.some((f) => f.code === 'MEMORY_LAYOUT' || f.code === 'MEMORY_INSUFFICIENT');
  context.out(options.json === true
    ? JSON.stringify(advice === undefined ? checkJson(result) : { ...checkJson(result), advice: advice.map(adviceJson) }, null, 2) + '\n'
    : formatCheckText(result, { colour: context.colour }) + (advice === undefined ? '' : adviceText(memoryRefused, advice)));
  context.exit(checkExitCode(result));
}
