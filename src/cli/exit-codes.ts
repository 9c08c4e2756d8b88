/**
 * Exit statuses of `ldmfit`, part of the command-line contract
 * (placement.md): scripts branch on them, so they never change meaning.
 *
 * @module
 */
import type { PlacementStatus } from '../solve/result.js';

/** Every exit status the command can return. */
export const EXIT = {
  /** The memory fits (`feasible`). */
  feasible: 0,
  /** Proven not to fit (`infeasible`). */
  infeasible: 1,
  /** Bad input or usage: a one-line error on stderr. */
  usage: 2,
  /** Undecided: the time or node budget ran out (`unknown`). */
  unknown: 3,
  /** A bug in ldmfit: `ldmfit: internal error: ...` on stderr. */
  internal: 4,
  /** Stopped by SIGINT (`batch`), every finished answer written: 128 + 2, as shells report it. */
  interrupted: 130,
} as const;

/** One of the values of {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit status that reports a placement verdict. */
export function exitCodeFor(status: PlacementStatus): ExitCode {
  return EXIT[status];
}

/** The lines `--help` shows under "Exit status". */
export const EXIT_HELP = [
  'Exit status:',
  `  ${EXIT.feasible}  feasible: the memory can be rebuilt on the target`,
  `  ${EXIT.infeasible}  infeasible: proven impossible (the message says why)`,
  `  ${EXIT.usage}  bad input or usage (one line on stderr naming the file and field)`,
  `  ${EXIT.unknown}  unknown: the time or node budget ran out before a proof`,
  `  ${EXIT.internal}  internal error (a bug in ldmfit; please report it)`,
].join('\n');

/** The exit statuses of `ldmfit check`, for its `--help`. */
export const CHECK_EXIT_HELP = [
  'Exit status:',
  `  ${EXIT.feasible}  ok: no rule refuses the migration`,
  `  ${EXIT.infeasible}  refused: at least one error finding (each is listed with its code)`,
  `  ${EXIT.usage}  bad input or usage (one line on stderr naming the file and the JSON path)`,
  `  ${EXIT.unknown}  unknown: the memory placement search ran out of time`,
  `  ${EXIT.internal}  internal error (a bug in ldmfit; please report it)`,
].join('\n');
