/**
 * `ldmfit place FILE.json [--json] [--time-limit MS] [--node-limit N] [--profile P] [--strategy S] [--svg FILE]`:
 * can the domain's memory be rebuilt on the target's free ranges? The
 * `--json` form is the stable contract of placement.md. `--svg` also writes
 * the memory map of the answer; standard output and the exit status stay
 * the same. `--source SRC --target TGT --domain NAME` builds the question
 * from `ldm` captures instead of a file (with `--granule`, `--alignment`,
 * `--split` and `--split-alignment` for what captures do not show).
 *
 * @module
 */
import { type Command, Option } from 'commander';
import { instanceFromJson, parseInstance } from '../formats/instance-json.js';
import { placementFromCaptures, type QuestionSettings } from '../formats/ldm/questions.js';
import type { PlacementInstance } from '../memory/instance.js';
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
import { addCaptureOptions, boundMemory, type CaptureOptions, readCaptureOptions, usesCaptures, warn } from './captures.js';
import type { BoundMemory } from '../report/svg.js';

/** The options of `ldmfit place` after parsing. */
interface PlaceOptions extends BudgetOptions, CaptureOptions {
  readonly json?: boolean;
  readonly granule?: string;
  readonly alignment?: string;
  readonly split?: boolean;
  readonly splitAlignment?: string;
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
    .argument('[file]', 'instance file (JSON; schema/instance.schema.json in the package); - reads standard input')
    .option('--json', 'print the {status, placements, message} JSON object instead of the ldm-style report');
  addCaptureOptions(command)
    .option('--granule <size>', 'with captures: the granule (default 8K)')
    .option('--alignment <size>', 'with captures: the largest page size, kept modulo (default 256M)')
    .option('--split', 'with captures: the guest allows splitting blocks at page boundaries (Solaris 11.3 or later)')
    .option('--split-alignment <size>', 'with captures and --split: where cuts may fall');
  addBudgetOptions(command, 'the exact search', 'the answer is "unknown" (exit 3)')
    .addOption(new Option('--profile <release>', 'wording of the ldm failure message').choices(PROFILES).default(DEFAULT_PROFILE))
    .addOption(
      new Option('--strategy <name>', 'auto: fast placement, then exact search; search: exact search only; lp: the MIP')
        .choices(STRATEGIES)
        .default('auto'),
    )
    .option('--svg <file>', 'also write the memory map of the answer to this file (SVG); the output and exit status do not change')
    .addHelpText('after', '\n' + EXIT_HELP)
    .action(async (file: string | undefined, options: PlaceOptions) => place(file, options, context));
}

/** The question: from the file, or built from captures. */
interface Question {
  readonly instance: PlacementInstance;
  /** The name input errors carry. */
  readonly name: string;
  /** The target's bound memory, for the map, when captures show it. */
  readonly bound: readonly BoundMemory[];
}

/** Read, solve, report: one library call each. */
async function place(file: string | undefined, options: PlaceOptions, context: CommandContext): Promise<void> {
  const { instance, name, bound } = await question(file, options, context);
  const answer = inFile(name, () => placeInstance(instance, { ...solveBudget(options), strategy: options.strategy }));
  const reportOptions: PlacementReportOptions = { profile: options.profile };
  if (options.svg !== undefined) await context.writeFile(options.svg, placementSvg(instance, answer, { profile: options.profile, bound }));
  context.out(options.json === true ? formatPlacementJson(placementJson(answer, reportOptions)) : formatPlacementText(answer, { ...reportOptions, colour: context.colour }));
  context.exit(exitCodeFor(answer.status));
}

/** The question of the command line: the instance file, or the captures and the settings they do not show. */
async function question(file: string | undefined, options: PlaceOptions, context: CommandContext): Promise<Question> {
  const setting = SETTINGS.find((key) => options[key] !== undefined);
  if (!usesCaptures(file, options, 'instance file')) {
    const name = inputName(file!);
    if (setting !== undefined) throw new InputError(SETTING_OPTIONS[setting], `only with captures: the instance file ${name} says it`);
    return { instance: parseInstance(await context.readFile(file!), name), name, bound: [] };
  }
  const captures = await readCaptureOptions(options, context);
  const questionSettings: QuestionSettings = {
    ...(options.granule === undefined ? {} : { granule: options.granule }),
    ...(options.alignment === undefined ? {} : { alignment: options.alignment }),
    ...(options.split === undefined ? {} : { split: options.split }),
    ...(options.splitAlignment === undefined ? {} : { splitAlignment: options.splitAlignment }),
  };
  const built = placementFromCaptures(captures.source, captures.target, captures.domain, questionSettings);
  const sources = options.source!.map(inputName).join(', ');
  const targets = options.target!.map(inputName).join(', ');
  const instance = inOptions(() => instanceFromJson(built.question), sources, targets);
  // After the question is known good: bad input stays one line.
  warn(context, [...captures.source.warnings, ...captures.target.warnings, ...built.warnings]);
  return { instance, name: targets, bound: boundMemory(captures.target) };
}

/** The option a question's setting came from, by the question's field name. */
const SETTING_OPTIONS = { granule: '--granule', alignment: '--alignment', split: '--split', splitAlignment: '--split-alignment' } as const;

/** The question's settings a command line may give with captures. */
const SETTINGS = Object.keys(SETTING_OPTIONS) as (keyof typeof SETTING_OPTIONS)[];

/**
 * Run `step` (building the instance of a question made from captures),
 * naming what the person gave when it throws: the command-line option for a
 * setting, else the captures of the machine the field belongs to (the
 * domain's blocks come from the source, the free ranges from the target).
 */
function inOptions<T>(step: () => T, sources: string, targets: string): T {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const option = (SETTING_OPTIONS as Readonly<Record<string, string>>)[error.field];
    if (option !== undefined) throw new InputError(option, error.detail, error.text);
    throw error.inFile(error.field.startsWith('target') ? targets : sources);
  }
}

/** Run `step`, putting the file's name on any input error it throws (overlapping free ranges). */
function inFile<T>(file: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw error instanceof InputError ? error.inFile(file) : error;
  }
}
