/**
 * `ldmfit inspect FILE... [--json]`: what ldmfit reads in `ldm` captures
 * (ldm-formats.md). The `--json` form is the contract; without it, a
 * summary per output with its warnings. Exit 0 when at least one `ldm`
 * output was read, 2 with one line naming the file (and line) otherwise.
 *
 * @module
 */
import type { Command } from 'commander';
import { readLdmCaptures } from '../formats/ldm/read.js';
import { formatInspectText, inspectJson } from '../report/inspect.js';
import type { CommandContext } from './context.js';
import { EXIT } from './exit-codes.js';
import { inputName } from './input.js';

/** The options of `ldmfit inspect` after parsing. */
interface InspectOptions {
  readonly json?: boolean;
}

const INSPECT_EXIT_HELP = [
  'Exit status:',
  `  ${EXIT.feasible}  at least one ldm output was read (warnings name what was skipped)`,
  `  ${EXIT.usage}  nothing could be read, a file cannot be opened, or a value does not parse (one line naming file:line)`,
].join('\n');

/** Register `inspect` on the program. */
export function addInspectCommand(program: Command, context: CommandContext): void {
  program
    .command('inspect')
    .description('show what ldmfit reads in ldm outputs (captures of list-devices, list, list-bindings, list-constraints; human, -p or XML)')
    .argument('<file...>', 'capture files (text holding one or more ldm outputs); - reads standard input')
    .option('--json', 'print the {outputs, memory, domains, warnings} JSON object instead of the summary')
    .addHelpText('after', '\n' + INSPECT_EXIT_HELP)
    .action(async (files: string[], options: InspectOptions) => inspect(files, options, context));
}

/** Read every file, then the captures, then report. */
async function inspect(files: readonly string[], options: InspectOptions, context: CommandContext): Promise<void> {
  const captures = [];
  for (const file of files) captures.push({ name: inputName(file), content: await context.readFile(file) });
  const reading = readLdmCaptures(captures);
  context.out(options.json === true ? JSON.stringify(inspectJson(reading), null, 2) + '\n' : formatInspectText(reading));
}
