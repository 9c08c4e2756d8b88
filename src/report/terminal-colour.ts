/**
 * Colour in the text reports, for a person at a terminal: ldm's failure
 * lines and errors in red, warnings in yellow, a placement that fits in
 * green. Only when standard output is a terminal, and never when the
 * `NO_COLOR` environment variable is set to anything but the empty string
 * (https://no-color.org): a pipe, a file or a script gets the plain text,
 * byte for byte.
 *
 * @module
 */

/** The tints the reports use. */
export type Tint = 'red' | 'yellow' | 'green' | 'dim';

/** ANSI SGR codes: the tint on, then everything off. */
const SGR: Readonly<Record<Tint, string>> = { red: '\x1b[31m', yellow: '\x1b[33m', green: '\x1b[32m', dim: '\x1b[2m' };
const RESET = '\x1b[0m';

/**
 * Whether a report written to a stream may be coloured: the stream is a
 * terminal and `NO_COLOR` is unset or empty.
 *
 * @param isTerminal whether the stream is a TTY (`process.stdout.isTTY`)
 * @param env the environment (`process.env`)
 */
export function colourWanted(isTerminal: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  const noColour = env['NO_COLOR'];
  return isTerminal && (noColour === undefined || noColour === '');
}

/**
 * `line` in `tint` when `enabled`, else `line` unchanged. The codes wrap the
 * line's text only, never its newline.
 */
export function paint(line: string, tint: Tint | undefined, enabled: boolean): string {
  return enabled && tint !== undefined && line !== '' ? SGR[tint] + line + RESET : line;
}
