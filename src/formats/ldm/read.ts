/**
 * The front door of the `ldm` readers: capture files in (bytes or text),
 * one {@link CaptureReading} out, each output read by the reader of its
 * format. `capture.ts` takes the readers as a parameter so that it depends
 * on none of them; this module is where the three are put together.
 *
 * @module
 */
import { readCaptures, type Readers } from './capture.js';
import { readHumanOutput } from './human.js';
import type { CaptureReading } from './model.js';
import { readParseableOutput } from './parseable.js';
import { readXmlOutput } from './xml.js';

/** The reader of each format `ldm` prints: the human listings, `-p` and XML. */
export const LDM_READERS: Readers = { human: readHumanOutput, parseable: readParseableOutput, xml: readXmlOutput };

/** One capture file: its name (for messages) and what it holds. */
export interface CaptureFile {
  /** The name messages use (`target.txt`, `<stdin>`). */
  readonly name: string;
  /** Its content: bytes as read (decoded as UTF-8), or text. */
  readonly content: Uint8Array | string;
}

/**
 * Read `ldm` captures: every output in every file, merged (memory rows in PA
 * order without duplicates, domains by name, services, CPU rows, warnings in
 * file order). This is what `ldmfit inspect` prints.
 *
 * Bytes are decoded as UTF-8 with invalid sequences replaced (a capture
 * pasted through a terminal may hold anything); a byte order mark is
 * dropped. Given bytes, the memory rows of parseable outputs are read
 * straight from them, without a line string each: hand a file's bytes
 * rather than its text when it may be large.
 *
 * @param files the capture files, in the order they were given
 * @throws {@link InputError} naming `file: line N` when an output holds a
 *   value that does not parse (a size that is not a size), or the file when
 *   no file holds any `ldm` output
 */
export function readLdmCaptures(files: readonly CaptureFile[]): CaptureReading {
  return readCaptures(files, LDM_READERS);
}
