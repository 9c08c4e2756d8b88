/**
 * `ldmfit check REQUEST.json [--json] [--time-limit MS] [--node-limit N] [--svg FILE]`: every migration rule
 * of the request's profile (migration.md), with the memory placement.
 * `--svg` also writes the memory map of the check's memory part. `--source
 * SRC --target TGT --domain NAME [--facts FACTS.json]` builds the request
 * from `ldm` captures instead of a file. `--advise` adds verified changes
 * that make a refused memory fit; from captures they include the target's
 * bound domains in the way (the owner column of its `list-devices -a
 * memory`).
 *
 * @module
 */
import type { Command } from 'commander';
import { parseJsonText } from '../formats/json-text.js';
import { parseFacts, type MigrationFacts } from '../formats/ldm/facts.js';
import { requestFromCaptures } from '../formats/ldm/questions.js';
import { checkExitCode, checkMigration, type CheckResult } from '../migration/check.js';
import { type MigrationRequest, parseRequest } from '../migration/request.js';
import type { PlacementSolver } from '../migration/rules/memory.js';
import { InputError } from '../quantity.js';
import { checkJson } from '../report/check-json.js';
import { adviceJson, adviceText } from '../report/advice.js';
import { adviseMemory, memoryRefused } from '../fleet/advice.js';
import { checkSvg, type SolvedMemory } from '../report/check-svg.js';
import { formatCheckText } from '../report/check-text.js';
import { solvePlacement } from '../solve/place.js';
import { CHECK_EXIT_HELP } from './exit-codes.js';
import { addBudgetOptions, type BudgetOptions, solveBudget } from './options.js';
import { inputName } from './input.js';
import type { CommandContext } from './context.js';
import { addCaptureOptions, boundMemory, type CaptureOptions, readCaptureOptions, usesCaptures, warn } from './captures.js';
import type { BoundBlock } from '../fleet/in-the-way.js';

/** The options of `ldmfit check` after parsing. */
interface CheckCommandOptions extends BudgetOptions, CaptureOptions {
  readonly json?: boolean;
  readonly svg?: string;
  readonly facts?: string;
  readonly advise?: boolean;
}

/** Register `check` on the program. */
export function addCheckCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('check')
    .description('check every migration rule (CPU, memory, I/O, crypto, state) for one request, as ldm migrate-domain -n would')
    .argument('[request]', 'request file (JSON; schema/request.schema.json in the package); - reads standard input')
    .option('--json', 'print {status, ok, findings, placements} instead of the ldm-style report')
    .option('--svg <file>', 'also write the memory map of the check\'s memory part to this file (SVG); the output and exit status do not change')
    .option('--advise', 'when the memory does not fit, the smallest changes that make it fit (split mode, a free range grown; from captures, a target domain moved off or shrunk), each verified by solving again');
  addCaptureOptions(command).option(
    '--facts <file>',
    'with captures: what ldm does not print (guest OS, CPU type and clock, power policy; JSON, schema/facts.schema.json); a missing fact is assumed conservatively, with a warning',
  );
  addBudgetOptions(command, 'the memory placement search', 'memory is undecided (exit 3)')
    .addHelpText('after', '\n' + CHECK_EXIT_HELP)
    .action(async (file: string | undefined, options: CheckCommandOptions) => check(file, options, context));
}

/** What `check` reads: the request as JSON, the name its errors carry, and the target's bound memory when captures show it. */
interface RequestInput {
  readonly json: unknown;
  readonly name: (field: string) => string;
  readonly warnings: readonly string[];
  /** The target's blocks with an owner: from captures only (a request file holds none). */
  readonly bound: readonly BoundBlock[] | undefined;
}

/** The request as JSON and the name its errors carry: the file, or built from captures and facts. */
async function requestJson(file: string | undefined, options: CheckCommandOptions, context: CommandContext): Promise<RequestInput> {
  if (!usesCaptures(file, options, 'request file')) {
    if (options.facts !== undefined) throw new InputError('--facts', `only with captures: the request file ${inputName(file!)} holds every fact`);
    const name = inputName(file!);
    return { json: parseJsonText(await context.readFile(file!), name), name: () => name, warnings: [], bound: undefined };
  }
  let facts: MigrationFacts = {};
  if (options.facts !== undefined) {
    const factsName = inputName(options.facts);
    const factsJson = parseJsonText(await context.readFile(options.facts), factsName);
    try {
      facts = parseFacts(factsJson);
    } catch (error) {
      throw error instanceof InputError ? error.inFile(factsName) : error;
    }
  }
  const captures = await readCaptureOptions(options, context);
  const built = requestFromCaptures(captures.source, captures.target, captures.domain, facts);
  return {
    json: built.question,
    name: blame(facts, options),
    warnings: [...captures.source.warnings, ...captures.target.warnings, ...built.warnings],
    bound: boundMemory(captures.target),
  };
}

/**
 * Who gave the field an error in a request built from captures is about:
 * the facts file when it holds that field, else the captures of the
 * machine the field belongs to (the domain and the source from the source's).
 */
function blame(facts: MigrationFacts, options: CheckCommandOptions): (field: string) => string {
  return (field) => {
    const path = field.split(/[.[\]]+/).filter((part) => part !== '');
    let value: unknown = facts;
    for (const part of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
    if (value !== undefined && options.facts !== undefined) return inputName(options.facts);
    return (path[0] === 'target' ? options.target! : options.source!).map(inputName).join(', ');
  };
}

/** Read, check, report. */
async function check(file: string | undefined, options: CheckCommandOptions, context: CommandContext): Promise<void> {
  const { json, name, warnings, bound } = await requestJson(file, options, context);
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
    throw error instanceof InputError ? error.inFile(name(error.field)) : error;
  }
  // After the request is known good: bad input stays one line.
  warn(context, warnings);
  if (options.svg !== undefined) await context.writeFile(options.svg, checkSvg(request, result, solved));
  const advice = options.advise === true ? adviseMemory(request, { solve: solveBudget(options), ...(bound === undefined ? {} : { boundBlocks: bound }) }) : undefined;
  context.out(options.json === true
    ? JSON.stringify(advice === undefined ? checkJson(result) : { ...checkJson(result), advice: advice.map(adviceJson) }, null, 2) + '\n'
    : formatCheckText(result, { colour: context.colour }) + (advice === undefined ? '' : adviceText(memoryRefused(result.findings), advice, bound !== undefined && bound.length > 0)));
  context.exit(checkExitCode(result));
}
