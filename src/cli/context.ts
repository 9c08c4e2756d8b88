/**
 * What a command gets from the program: the types every file under `src/cli/`
 * shares. A module of their own, so that `program.ts` imports the commands
 * and the commands import only this, never `program.ts` back.
 *
 * @module
 */
import type { Command } from 'commander';
import type { ExitCode } from './exit-codes.js';

/**
 * What a command's action gets: output that is waited for before the
 * process ends, the file reader, and a way to report its exit status.
 */
export interface CommandContext {
  /** Queue text for standard output. */
  out(text: string): void;
  /** Queue text for standard error. */
  err(text: string): void;
  /**
   * Read a whole file as bytes, or standard input when `path` is `-`; an
   * unreadable file is an `InputError` naming it (`<stdin>` for standard
   * input, see `inputName` in `input.ts`).
   */
  readFile(path: string): Promise<Uint8Array>;
  /** Write a whole file; one that cannot be written is an `InputError` naming it. */
  writeFile(path: string, text: string): Promise<void>;
  /** Set the exit status (default `EXIT.feasible`, 0). */
  exit(code: ExitCode): void;
  /** Whether the text reports may be coloured (see `CliIo.colour` in `program.ts`). */
  readonly colour: boolean;
  /** Write to standard output and wait until it is written: how a long stream of answers keeps memory flat. */
  write(text: string): Promise<void>;
  /**
   * A file's bytes as they arrive (standard input's for `-`), for commands
   * that stream; an unreadable file is an `InputError` naming it.
   */
  streamFile(path: string): AsyncIterable<Uint8Array>;
  /** Where a progress bar may draw: standard error when it is a terminal, else undefined (quiet). */
  readonly progress: NodeJS.WritableStream | undefined;
  /** Call `handler` on SIGINT instead of dying; returns the function that stops listening. */
  onInterrupt(handler: () => void): () => void;
}

/** Adds one subcommand to the program. */
export type CommandRegistration = (program: Command, context: CommandContext) => void;
