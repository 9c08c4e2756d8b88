/**
 * Where a command's input file comes from: a path, or standard input when
 * the argument is `-` (as `cat -` and most Unix tools spell it), so that a
 * pipeline can feed `ldmfit place -` without a temporary file. Messages name
 * standard input `<stdin>` wherever they would name a file.
 *
 * @module
 */

/** The file argument that means standard input. */
export const STDIN_ARGUMENT = '-';

/** How error messages name standard input, in place of a file name. */
export const STDIN_NAME = '<stdin>';

/**
 * The name error messages use for a file argument: the path as given, or
 * {@link STDIN_NAME} for {@link STDIN_ARGUMENT}.
 *
 * @param argument the file argument of the command line
 */
export function inputName(argument: string): string {
  return argument === STDIN_ARGUMENT ? STDIN_NAME : argument;
}

/**
 * A whole stream's bytes, once it ends: standard input as the command line
 * reads it. Bytes, not text, for the same reason files are read as bytes
 * (the instance scanner reads bytes, and a file may be longer than the
 * longest string).
 *
 * Cost: one copy of the input beyond the chunks the stream delivers.
 *
 * @param stream a readable stream of bytes (`process.stdin`)
 * @throws what the stream throws (an `Error` with a system `code`, for the
 *   caller to word)
 */
export async function readStream(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}
