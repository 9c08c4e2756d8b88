/**
 * The `ldmfit` command line: argument parsing, error lines and exit
 * statuses, nothing else. Each command lives in its own file under `src/cli/`
 * and is registered in {@link COMMANDS}; its action makes library calls and
 * reports an exit status.
 *
 * Arguments are parsed with `commander`: widely used, actively maintained,
 * no dependencies, and it gives `--help`, `--version`, subcommands, choices
 * and "did you mean" suggestions that a hand-written parser would have to
 * reimplement and test.
 *
 * @module
 */
import { createReadStream, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { InputError } from '../quantity.js';
import { colourWanted } from '../report/terminal-colour.js';
import { EXIT, EXIT_HELP, type ExitCode } from './exit-codes.js';
import { addCheckCommand } from './check.js';
import type { CommandContext, CommandRegistration } from './context.js';
import { addGenerateCommand } from './generate.js';
import { addInspectCommand } from './inspect.js';
import { addPlaceCommand } from './place.js';
import { addRankCommand } from './rank.js';
import { addEvacuateCommand } from './evacuate.js';
import { addBatchCommand } from './batch.js';
import { STDIN_ARGUMENT, inputName, readStream } from './input.js';

/** Where the command line reads and writes; the process's streams in production, buffers in tests. */
export interface CliIo {
  /** Write to standard output; resolves once the text has been handed to the OS. */
  writeOut(text: string): Promise<void>;
  /** Write to standard error; resolves once written. */
  writeErr(text: string): Promise<void>;
  /**
   * Read a whole file as bytes. Not as text: a file can be larger than the
   * longest string V8 holds, and the instance scanner reads bytes.
   */
  readFile(path: string): Promise<Uint8Array>;
  /** Read standard input to its end, as bytes (for the file argument `-`). */
  readStdin(): Promise<Uint8Array>;
  /** Write a whole file (a report such as `--svg FILE`), replacing it. */
  writeFile(path: string, text: string): Promise<void>;
  /** Whether reports on standard output may be coloured (a terminal, and no `NO_COLOR`); absent, no. */
  readonly colour?: boolean;
  /** A file's bytes as they arrive; absent, {@link CliIo.readFile} serves it whole (tests). */
  streamFile?(path: string): AsyncIterable<Uint8Array>;
  /** Standard input's bytes as they arrive; absent, {@link CliIo.readStdin} serves it whole. */
  streamStdin?(): AsyncIterable<Uint8Array>;
  /** Standard error when it is a terminal (progress bars draw there); absent, quiet. */
  readonly progress?: NodeJS.WritableStream;
  /** Listen for SIGINT; returns the function that stops listening. Absent, never interrupted. */
  onInterrupt?(handler: () => void): () => void;
}

/**
 * The subcommands, in `--help` order. A new command (`check`, `generate`)
 * is one file under `src/cli/` exporting a {@link CommandRegistration},
 * listed here.
 */
export const COMMANDS: readonly CommandRegistration[] = [
  addPlaceCommand,
  addCheckCommand,
  addInspectCommand,
  addRankCommand,
  addEvacuateCommand,
  addBatchCommand,
  addGenerateCommand,
];

/**
 * Run the command line once.
 *
 * Never throws and never exits the process: bad input and usage errors are
 * one line on stderr (`ldmfit: FILE: FIELD: what is wrong`) with status 2,
 * anything unexpected is `ldmfit: internal error: ...` with status 4. All
 * output has been written when the promise resolves.
 *
 * @param args the arguments after the program name (`['place', 'x.json', '--json']`)
 * @param io the streams and file reader to use
 * @returns the exit status ({@link EXIT})
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const pending: Promise<void>[] = [];
  let status: ExitCode = EXIT.feasible;
  const context: CommandContext = {
    out: (text) => void pending.push(io.writeOut(text)),
    err: (text) => void pending.push(io.writeErr(text)),
    readFile: (path) => readBytes(io, path),
    writeFile: (path, text) => writeText(io, path, text),
    exit: (code) => {
      status = code;
    },
    colour: io.colour === true,
    write: (text) => {
      const written = io.writeOut(text);
      pending.push(written);
      return written;
    },
    streamFile: (path) => streamBytes(io, path),
    progress: io.progress,
    onInterrupt: (handler) => io.onInterrupt?.(handler) ?? (() => undefined),
  };
  try {
    await buildProgram(context).parseAsync([...args], { from: 'user' });
  } catch (error) {
    status = failure(error, context);
  }
  await Promise.all(pending);
  return status;
}

/** The program with every command registered, set up to throw instead of exiting. */
function buildProgram(context: CommandContext): Command {
  const program = new Command('ldmfit')
    .description('Can this logical domain live-migrate to that machine? Exact memory placement for LDoms.')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help')
    .addHelpText('after', '\n' + EXIT_HELP)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: context.out,
      writeErr: context.err,
      // commander's messages start with "error: " and may add a suggestion on a second line.
      outputError: (message, write) => write(`ldmfit: ${oneLine(message.replace(/^error: /, ''))}\n`),
    });
  for (const register of COMMANDS) register(program, context);
  return program;
}

/** The exit status for an error thrown while parsing or running, after reporting it. */
function failure(error: unknown, context: CommandContext): ExitCode {
  if (error instanceof CommanderError) {
    // --help and --version end this way too, with commander's exit code 0.
    return error.exitCode === 0 ? EXIT.feasible : EXIT.usage;
  }
  if (error instanceof InputError) {
    context.err(`ldmfit: ${oneLine(error.message)}\n`);
    return EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  context.err(`ldmfit: internal error: ${oneLine(message)}\n`);
  return EXIT.internal;
}

/**
 * A file's bytes (standard input's for `-`), or an {@link InputError} that
 * names the file (`<stdin>`) and the reason.
 */
async function readBytes(io: CliIo, path: string): Promise<Uint8Array> {
  try {
    return await (path === STDIN_ARGUMENT ? io.readStdin() : io.readFile(path));
  } catch (error) {
    throw new InputError('', fileErrorReason(error, 'read'), '', inputName(path));
  }
}

/** A file's bytes as they arrive, or an {@link InputError} that names the file. */
async function* streamBytes(io: CliIo, path: string): AsyncIterable<Uint8Array> {
  const source = path === STDIN_ARGUMENT
    ? io.streamStdin?.() ?? once(() => io.readStdin())
    : io.streamFile?.(path) ?? once(() => io.readFile(path));
  try {
    yield* source;
  } catch (error) {
    throw new InputError('', fileErrorReason(error, 'read'), '', inputName(path));
  }
}

async function* once(read: () => Promise<Uint8Array>): AsyncIterable<Uint8Array> {
  yield await read();
}

/** Write a file, or an {@link InputError} that names it and the reason. */
async function writeText(io: CliIo, path: string, text: string): Promise<void> {
  try {
    await io.writeFile(path, text);
  } catch (error) {
    throw new InputError('', fileErrorReason(error, 'write'), '', path);
  }
}

/** A file system error in a few words. */
function fileErrorReason(error: unknown, verb: 'read' | 'write'): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? (verb === 'read' ? 'no such file' : 'no such directory') : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : `cannot ${verb} (${code ?? String(error)})`;
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/**
 * The version in the package's own package.json, found by walking up from
 * this file (it sits two levels deeper in `dist/` than in `src/`).
 */
function packageVersion(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'ldmfit' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No manifest at this level: keep walking up.
    }
    const parent = dirname(directory);
    if (parent === directory) return 'unknown';
    directory = parent;
  }
}

/** {@link CliIo} over the process's standard streams and file system. */
export function processIo(): CliIo {
  // A reader that goes away (`ldmfit place x.json --json | head`) makes
  // writes fail with EPIPE; that is the reader's choice, not an error of ours.
  process.stdout.on('error', () => undefined);
  return {
    writeOut: (text) => writeTo(process.stdout, text),
    writeErr: (text) => writeTo(process.stderr, text),
    readFile: (path) => readFile(path),
    readStdin: () => readStream(process.stdin),
    writeFile: (path, text) => writeFile(path, text),
    colour: colourWanted(process.stdout.isTTY === true, process.env),
    streamFile: (path) => createReadStream(path),
    streamStdin: () => process.stdin,
    ...(process.stderr.isTTY === true ? { progress: process.stderr } : {}),
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => void process.off('SIGINT', handler);
    },
  };
}

function writeTo(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    stream.write(text, () => resolve());
  });
}
