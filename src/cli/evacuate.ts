/**
 * `ldmfit evacuate FLEET.json --host NAME [--json] [--time-limit MS]`: a plan
 * that moves every domain off one host (fleet.md). The fleet may come from
 * captures instead (`--capture HOST=FILE … --facts FLEETFACTS.json`, see
 * `fleet-input.ts`).
 *
 * @module
 */
import { type Command, Option } from 'commander';
import { evacuateExitCode, planEvacuation, DEFAULT_EVACUATION_TIME_LIMIT_MS } from '../fleet/evacuate.js';
import { evacuateJson, formatEvacuateText } from '../report/evacuate-json.js';
import type { CommandContext } from './context.js';
import { EXIT } from './exit-codes.js';
import { milliseconds } from './options.js';
import { addFleetInput, type FleetInputOptions, readFleetInput } from './fleet-input.js';

/** The options of `ldmfit evacuate` after parsing. */
interface EvacuateCommandOptions extends FleetInputOptions {
  readonly host: string;
  readonly json?: boolean;
  readonly timeLimit?: number;
}

/** The exit statuses of `ldmfit evacuate`, for its `--help`. */
const EVACUATE_EXIT_HELP = [
  'Exit status:',
  `  ${EXIT.feasible}  complete: every domain of the host moves`,
  `  ${EXIT.infeasible}  partial: some domains stay (each is listed with its reason)`,
  `  ${EXIT.usage}  bad input or usage (one line on stderr naming the file and the JSON path)`,
  `  ${EXIT.internal}  internal error (a bug in ldmfit; please report it)`,
].join('\n');

/** Register `evacuate` on the program. */
export function addEvacuateCommand(program: Command, context: CommandContext): void {
  addFleetInput(program
    .command('evacuate')
    .description('plan the migrations that empty one host of a fleet: most domains, then most memory, every step checked and replayed'))
    .requiredOption('--host <name>', 'the host to empty')
    .option('--json', 'print {host, status, optimal, bound, steps, unplaced} instead of the ldm command sequence')
    .addOption(
      new Option('--time-limit <ms>', `budget of the optimisation after the first (greedy) plan, in milliseconds (default ${DEFAULT_EVACUATION_TIME_LIMIT_MS}); when it runs out, the best plan so far with optimal: false and its proven bound`)
        .argParser(milliseconds),
    )
    .addHelpText('after', '\n' + EVACUATE_EXIT_HELP)
    .action(async (file: string | undefined, options: EvacuateCommandOptions) => {
      const fleet = await readFleetInput(file, options, context);
      const plan = planEvacuation(fleet, options.host, options.timeLimit === undefined ? {} : { timeLimitMs: options.timeLimit });
      context.out(options.json === true ? JSON.stringify(evacuateJson(plan), null, 2) + '\n' : formatEvacuateText(plan));
      context.exit(evacuateExitCode(plan));
    });
}
