/**
 * Where `rank` and `evacuate` get their fleet: a fleet file (`FLEET.json`,
 * `-` for standard input), or `ldm` captures, one or more files per host
 * (`--capture HOST=FILE`, repeated), with a fleet facts file (`--facts
 * FLEETFACTS.json`) for what `ldm` does not print. `HOST=` is required:
 * `ldm` never prints the host's own name. Exactly one of the two inputs;
 * what the captures had to assume is printed on standard error, one
 * warning a line, so `--json` output stays parseable.
 *
 * @module
 */
import type { Command } from 'commander';
import { parseJsonText } from '../formats/json-text.js';
import type { FleetFacts } from '../formats/ldm/fleet-facts.js';
import { fleetFromCaptures, type HostCaptures } from '../fleet/from-captures.js';
import { parseFleet, type Fleet } from '../fleet/fleet.js';
import { InputError } from '../quantity.js';
import { collect, warn } from './captures.js';
import type { CommandContext } from './context.js';
import { inputName } from './input.js';

/** The fleet input options as commander leaves them. */
export interface FleetInputOptions {
  /** `HOST=FILE` values, in the order given. */
  readonly capture?: readonly string[];
  /** The fleet facts file. */
  readonly facts?: string;
}

/**
 * Add the optional fleet file argument, `--capture` and `--facts` to a
 * fleet command.
 */
export function addFleetInput(command: Command): Command {
  return command
    .argument('[fleet]', 'fleet file (JSON; schema/fleet.schema.json in the package); - reads standard input')
    .option('--capture <host=file>', 'instead of a fleet file: ldm outputs captured on host HOST (repeat for each file and each host; ldm does not print the host\'s name)', collect)
    .option('--facts <file>', 'with --capture: what ldm does not print, per host and per domain, with defaults (JSON, schema/fleet-facts.schema.json); each host needs its cpu type and mhz');
}

/**
 * The fleet the command was given: the fleet file, or the one built from
 * the captures and facts (their warnings printed on standard error).
 *
 * @throws {@link InputError} when both or neither input is given, for
 *   `--facts` without `--capture`, a `--capture` that is not `HOST=FILE`, or
 *   anything wrong in the files, naming the file
 */
export async function readFleetInput(file: string | undefined, options: FleetInputOptions, context: CommandContext): Promise<Fleet> {
  if (options.capture === undefined) {
    if (file === undefined) throw new InputError('fleet file', 'missing: give it, or --capture HOST=FILE for each host (with --facts)');
    if (options.facts !== undefined) throw new InputError('--facts', `only with --capture: the fleet file ${inputName(file)} holds every fact`);
    return readFleet(file, context);
  }
  if (file !== undefined) throw new InputError('--capture', `give either the fleet file (${inputName(file)}) or --capture, not both`);
  const hosts = await readHostCaptures(options.capture, context);
  const factsName = options.facts === undefined ? undefined : inputName(options.facts);
  // Checked against its schema by fleetFromCaptures, as a program's facts are.
  const facts = (options.facts === undefined ? {} : parseJsonText(await context.readFile(options.facts), factsName!)) as FleetFacts;
  try {
    const built = fleetFromCaptures(hosts, facts);
    warn(context, built.warnings);
    return built.fleet;
  } catch (error) {
    // Errors about captures name their files already; the rest are about the facts.
    if (!(error instanceof InputError) || error.file !== undefined) throw error;
    if (factsName !== undefined) throw error.inFile(factsName);
    // Without a facts file, the only fact found missing is a host's processor.
    throw new InputError('--facts', `missing: ldm does not print ${error.field}; give it in a fleet facts file`);
  }
}

/** Read a fleet file, naming the file on any input error. */
async function readFleet(file: string, context: CommandContext): Promise<Fleet> {
  const name = inputName(file);
  const json = parseJsonText(await context.readFile(file), name);
  try {
    return parseFleet(json);
  } catch (error) {
    throw error instanceof InputError ? error.inFile(name) : error;
  }
}

/** Each host's capture files, read, hosts in the order first named. */
async function readHostCaptures(values: readonly string[], context: CommandContext): Promise<HostCaptures[]> {
  const byHost = new Map<string, HostCaptures['files'][number][]>();
  for (const value of values) {
    const equals = value.indexOf('=');
    if (equals <= 0 || equals === value.length - 1) throw new InputError('--capture', 'expects HOST=FILE: the host\'s name, then a capture file', value);
    const host = value.slice(0, equals);
    const path = value.slice(equals + 1);
    const files = byHost.get(host) ?? [];
    files.push({ name: inputName(path), content: await context.readFile(path) });
    byHost.set(host, files);
  }
  return [...byHost].map(([name, files]) => ({ name, files }));
}
