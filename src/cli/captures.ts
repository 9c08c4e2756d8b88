/**
 * Questions from captures on the command line: `--source FILE --target FILE
 * --domain NAME` (ldm-formats.md, "Questions from captures") in place of a
 * JSON file, for `place` and `check`. Each of `--source` and `--target` may
 * be given more than once (one capture a command is how people keep them).
 * What had to be assumed is printed on standard error, one warning a line;
 * standard output stays the command's report, so `--json` stays parseable.
 *
 * @module
 */
import type { Command } from 'commander';
import { readLdmCaptures } from '../formats/ldm/read.js';
import type { CaptureReading } from '../formats/ldm/model.js';
import { InputError } from '../quantity.js';
import type { BoundMemory } from '../report/svg.js';
import type { CommandContext } from './context.js';
import { inputName } from './input.js';

/** The capture options as commander leaves them. */
export interface CaptureOptions {
  readonly source?: readonly string[];
  readonly target?: readonly string[];
  readonly domain?: string;
}

/** The two machines' captures, read. */
export interface Captures {
  /** What the source's outputs show. */
  readonly source: CaptureReading;
  /** What the target's outputs show. */
  readonly target: CaptureReading;
  /** The domain to move. */
  readonly domain: string;
}

/** Commander's collector for an option given several times (`--source`, `--capture`). */
export function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * Add `--source`, `--target` and `--domain` to a command whose file argument
 * is then optional.
 */
export function addCaptureOptions(command: Command): Command {
  return command
    .option('--source <capture>', 'instead of a file: ldm outputs captured on the source machine (repeatable; - reads standard input)', collect)
    .option('--target <capture>', 'instead of a file: ldm outputs captured on the target machine (repeatable)', collect)
    .option('--domain <name>', 'with --source and --target: the domain to migrate');
}

/**
 * Whether the command was given captures rather than a file, checking that
 * exactly one of the two was given and that the capture options come
 * together.
 *
 * @param file the file argument, when given
 * @param options the capture options
 * @param what the file's kind, for the message (`instance file`)
 * @throws {@link InputError} naming the option that is missing or in excess
 */
export function usesCaptures(file: string | undefined, options: CaptureOptions, what: string): boolean {
  const given = (['source', 'target', 'domain'] as const).filter((key) => options[key] !== undefined);
  if (given.length === 0) {
    if (file === undefined) throw new InputError(what, 'missing: give it, or --source, --target and --domain to build the question from ldm captures');
    return false;
  }
  if (file !== undefined) throw new InputError(`--${given[0]!}`, `give either the ${what} (${file}) or captures, not both`);
  const missing = (['source', 'target', 'domain'] as const).find((key) => options[key] === undefined);
  if (missing !== undefined) throw new InputError(`--${missing}`, 'missing: --source, --target and --domain go together');
  return true;
}

/** Read the captures the options name (each file once, in the order given). */
export async function readCaptureOptions(options: CaptureOptions, context: CommandContext): Promise<Captures> {
  const read = async (paths: readonly string[]): Promise<CaptureReading> => {
    const files = [];
    for (const path of paths) files.push({ name: inputName(path), content: await context.readFile(path) });
    return readLdmCaptures(files);
  };
  return { source: await read(options.source!), target: await read(options.target!), domain: options.domain! };
}

/** Print what the captures and the question had to assume or skip, one `ldmfit: warning:` line each, on standard error. */
export function warn(context: CommandContext, warnings: readonly string[]): void {
  for (const warning of warnings) context.err(`ldmfit: warning: ${warning}\n`);
}

/** The target's bound memory as the map draws it (rows with an owner), from `list-devices -a memory`. */
export function boundMemory(target: CaptureReading): BoundMemory[] {
  return target.memory.toArray().filter((row) => row.bound !== null).map((row) => ({ pa: row.pa, size: row.size, owner: row.bound! }));
}
