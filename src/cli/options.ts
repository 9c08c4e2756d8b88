/**
 * Option parsers shared by the commands.
 *
 * @module
 */
import { InvalidArgumentError } from 'commander';

/** `--time-limit` and the like: a whole number of milliseconds. */
export function milliseconds(text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new InvalidArgumentError('expected a whole number of milliseconds');
  }
  return Number(text);
}

/** A non-negative whole number (counts, seeds). */
export function wholeNumber(text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new InvalidArgumentError('expected a non-negative whole number');
  }
  return Number(text);
}
