/**
 * `ldmfit rank FLEET.json --domain NAME [--json] [--advise] [--time-limit MS] [--node-limit N]`:
 * every other host of the fleet as a target for one domain (fleet.md). The
 * fleet may come from captures instead (`--capture HOST=FILE … --facts
 * FLEETFACTS.json`, see `fleet-input.ts`).
 *
 * @module
 */
import type { Command } from 'commander';
import { rankExitCode, rankTargets } from '../fleet/rank.js';
import { formatRankText, rankJson } from '../report/rank-json.js';
import type { CommandContext } from './context.js';
import { EXIT } from './exit-codes.js';
import { addFleetInput, type FleetInputOptions, readFleetInput } from './fleet-input.js';
import { addBudgetOptions, type BudgetOptions, solveBudget } from './options.js';

/** The options of `ldmfit rank` after parsing. */
interface RankCommandOptions extends BudgetOptions, FleetInputOptions {
  readonly domain: string;
  readonly json?: boolean;
  readonly advise?: boolean;
}

/** The exit statuses of `ldmfit rank`, for its `--help`. */
const RANK_EXIT_HELP = [
  'Exit status:',
  `  ${EXIT.feasible}  at least one target fits`,
  `  ${EXIT.infeasible}  no target fits`,
  `  ${EXIT.usage}  bad input or usage (one line on stderr naming the file and the JSON path)`,
  `  ${EXIT.unknown}  no target fits, but some target's memory layout stayed undecided`,
  `  ${EXIT.internal}  internal error (a bug in ldmfit; please report it)`,
].join('\n');

/** Register `rank` on the program. */
export function addRankCommand(program: Command, context: CommandContext): void {
  const command = addFleetInput(program
    .command('rank')
    .description('rank every other host of a fleet as a target for one domain: the full check on each, feasible targets by score'))
    .requiredOption('--domain <name>', 'the domain to place')
    .option('--json', 'print {domain, from, targets} instead of one line per target')
    .option('--advise', 'for each target the memory does not fit: verified changes that make it fit (split mode, a free range grown, a domain of that host moved off or shrunk, another target)');
  addBudgetOptions(command, 'each target\'s memory placement search', 'that target is undecided')
    .addHelpText('after', '\n' + RANK_EXIT_HELP)
    .action(async (file: string | undefined, options: RankCommandOptions) => rank(file, options, context));
}

async function rank(file: string | undefined, options: RankCommandOptions, context: CommandContext): Promise<void> {
  const fleet = await readFleetInput(file, options, context);
  const ranking = rankTargets(fleet, options.domain, { solve: solveBudget(options), advise: options.advise === true });
  context.out(options.json === true ? JSON.stringify(rankJson(ranking), null, 2) + '\n' : formatRankText(ranking));
  context.exit(rankExitCode(ranking));
}
