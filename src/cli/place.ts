/**
 * `ldmfit place FILE.json [--json] [--time-limit MS] [--node-limit N] [--profile P] [--strategy S] [--svg FILE]`:
 * can the domain's memory be rebuilt on the target's free ranges? The
 * `--json` form is the stable contract of placement.md. `--svg` also writes
 * the memory map of the answer; standard output and the exit status stay
 * the same.
 *
 * @module
 */
import { type Command, Option } from 'commander';
import { parseInstance } from '../formats/instance-json.js';
import { InputError } from '../quantity.js';
import { DEFAULT_PROFILE, type MessageProfile } from '../report/messages.js';
import { formatPlacementJson, placementJson, type PlacementReportOptions } from '../report/placement-json.js';
import { formatPlacementText } from '../report/placement-text.js';
import { placementSvg } from '../report/svg.js';
import { placeInstance } from '../place.js';
import type { Strategy } from '../solve/result.js';
import { EXIT_HELP, exitCodeFor } from './exit-codes.js';
import { addBudgetOptions, type BudgetOptions, solveBudget } from './options.js';
import { inputName } from './input.js';
import type { CommandContext } from './context.js';

/** The options of `ldmfit place` after parsing. */
interface PlaceOptions extends BudgetOptions {
  readonly json?: boolean;
  readonly profile: MessageProfile;
  readonly strategy: Strategy;
  readonly svg?: string;
}

const PROFILES: readonly MessageProfile[] = ['ldoms-1.3', 'ovm-3.6'];
const STRATEGIES: readonly Strategy[] = ['auto', 'search', 'lp'];

/** Register `place` on the program. */
export function addPlaceCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('place')
    .description('decide whether the domain\'s memory blocks can be rebuilt on the target\'s free ranges')
    .argument('<file>', 'instance file (JSON; schema/instance.schema.json in the package); - reads standard input')
    .option('--json', 'print the {status, placements, message} JSON object instead of the ldm-style report');
  addBudgetOptions(command, 'the exact search', 'the answer is "unknown" (exit 3)')
    .addOption(new Option('--profile <release>', 'wording of the ldm failure message').choices(PROFILES).default(DEFAULT_PROFILE))
    .addOption(
      new Option('--strategy <name>', 'auto: fast placement, then exact search; search: exact search only; lp: the MIP')
        .choices(STRATEGIES)
        .default('auto'),
    )
    .option('--svg <file>', 'also write the memory map of the answer to this file (SVG); the output and exit status do not change')
    .addHelpText('after', '\n' + EXIT_HELP)
    .action(async (file: string, options: PlaceOptions) => place(file, options, context));
}

/** Read, solve, report: one library call each. */
async function place(file: string, options: PlaceOptions, context: CommandContext): Promise<void> {
  const name = inputName(file);
  const instance = parseInstance(await context.readFile(file), name);
  const answer = inFile(name, () => placeInstance(instance, { ...solveBudget(options), strategy: options.strategy }));
  const reportOptions: PlacementReportOptions = { profile: options.profile };
  if (options.svg !== undefined) await context.writeFile(options.svg, placementSvg(instance, answer, { profile: options.profile }));
  context.out(options.json === true ? formatPlacementJson(placementJson(answer, reportOptions)) : formatPlacementText(answer, { ...reportOptions, colour: context.colour }));
  context.exit(exitCodeFor(answer.status));
}

/** Run `step`, putting the file's name on any input error it throws (overlapping free ranges). */
function inFile<T>(file: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw error instanceof InputError ? error.inFile(file) : error;
  }
}
