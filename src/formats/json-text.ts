/**
 * JSON text in: `JSON.parse` with a byte-order mark tolerated and syntax
 * errors located at `line L column C`, for every file ldmfit reads. Files
 * arrive as bytes (a `Uint8Array`): what `ldmfit generate` writes can be
 * larger than the longest string V8 can hold, and the instance scanner reads
 * such a file without ever making it a string.
 *
 * @module
 */
import { constants } from 'node:buffer';
import { InputError } from '../quantity.js';
import { CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './json-chars.js';

/**
 * Decodes UTF-8 exactly as written: a byte-order mark inside the bytes is
 * kept (only the file's first one is dropped, by the readers), and an
 * invalid sequence becomes U+FFFD, as Node's `readFile(path, 'utf8')` does.
 * Decoding any slice that starts and ends at an ASCII character gives the
 * same characters as that part of the whole, so the scanner's slices and the
 * whole file read the same.
 */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The text of UTF-8 bytes, exactly as written (see the decoder's comment).
 *
 * @param bytes UTF-8 text
 */
export function utf8Text(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

/** Whether `bytes` start with the UTF-8 byte-order mark EF BB BF. */
export function hasByteOrderMark(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * A file's bytes as text for `JSON.parse`: a leading UTF-8 byte-order mark
 * dropped, the rest decoded as UTF-8; an {@link InputError} naming the file
 * when it is longer than the longest string the JavaScript engine can hold.
 */
function textOfBytes(bytes: Uint8Array, file: string | undefined, tooLargeHint: string | undefined): string {
  const body = hasByteOrderMark(bytes) ? bytes.subarray(3) : bytes;
  // Decoded text is never longer, in UTF-16 units, than its UTF-8 bytes.
  if (body.length > constants.MAX_STRING_LENGTH) {
    const detail = `too large for the general JSON reader (${body.length} bytes; it takes at most ${constants.MAX_STRING_LENGTH})`;
    throw new InputError('', tooLargeHint === undefined ? detail : `${detail}; ${tooLargeHint}`, '', file);
  }
  return utf8Text(body);
}

/**
 * Parse a JSON file: bytes decoded as UTF-8, or text. A leading byte-order
 * mark is dropped, once (editors on some systems write one and `JSON.parse`
 * rejects it).
 *
 * Cost: one `JSON.parse` (and one decode for bytes); the error scanner runs
 * only when that fails.
 *
 * @param input the file's contents, as bytes or as text
 * @param file the file name, put in front of the error message
 * @param tooLargeHint said after the error for a file too large to decode,
 *   when some other reader may take it
 * @throws {@link InputError} whose field is `line L column C` (1-based) on a
 *   syntax error; naming the file alone when its bytes are more than the
 *   longest string the JavaScript engine can hold (2^29 − 24 on 64-bit V8)
 */
export function parseJsonText(input: string | Uint8Array, file?: string, tooLargeHint?: string): unknown {
  const body = typeof input === 'string' ? (input.charCodeAt(0) === 0xfeff ? input.slice(1) : input) : textOfBytes(input, file, tooLargeHint);
  try {
    return JSON.parse(body);
  } catch (error) {
    const located = syntaxError(body, error);
    throw file === undefined ? located : located.inFile(file);
  }
}

// ---------------------------------------------------------------------------
// JSON syntax errors. V8 does not always say where (Node 20 reports
// "Unexpected token '}', "..." is not valid JSON" with no position), so the
// offset comes from a small scanner that runs only after JSON.parse failed;
// V8's text supplies the description.

/** An {@link InputError} at `line L column C` for a failed `JSON.parse`. */
function syntaxError(text: string, error: unknown): InputError {
  // JSON.parse throws nothing but SyntaxError.
  const message = (error as SyntaxError).message;
  const offset = syntaxErrorOffset(text);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const detail = message
    .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
    .replace(/ (in JSON )?at position \d+.*$/s, '')
    .replace(/ \(line \d+ column \d+\)$/, '');
  return new InputError(`line ${line} column ${offset - lineStart + 1}`, `invalid JSON: ${detail}`);
}


/**
 * Offset of the first character that makes `text` invalid JSON (RFC 8259),
 * `text.length` when it ends too early. Iterative (an explicit stack), so a
 * deeply nested bad file cannot overflow the call stack. Scanners below return
 * the offset after what they read, or `-1 - offset` of the error.
 */
function syntaxErrorOffset(text: string): number {
  const open: number[] = [];
  let i = 0;
  for (;;) {
    // Here a value must start at i.
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const close = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) !== close) {
        open.push(c);
        if (c === OPEN_BRACE) {
          i = scanKey(text, i);
          if (i < 0) return -1 - i;
        }
        continue;
      }
      i++;
    } else {
      i = scanScalar(text, i);
      if (i < 0) return -1 - i;
    }
    // A value ended at i: close containers until one continues with a comma.
    for (;;) {
      i = skipSpace(text, i);
      const container = open[open.length - 1];
      if (container === undefined) return i;
      const c2 = text.charCodeAt(i);
      if (c2 === (container === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
        open.pop();
        i++;
      } else if (c2 === COMMA) {
        i++;
        if (container === OPEN_BRACE) {
          i = scanKey(text, skipSpace(text, i));
          if (i < 0) return -1 - i;
        }
        break;
      } else {
        return i;
      }
    }
  }
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** A property name and its colon. */
function scanKey(text: string, i: number): number {
  if (text.charCodeAt(i) !== QUOTE) return -1 - i;
  const end = scanString(text, i);
  if (end < 0) return end;
  const colon = skipSpace(text, end);
  return text.charCodeAt(colon) === COLON ? colon + 1 : -1 - colon;
}

function scanScalar(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return scanString(text, i);
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return scanNumber(text, i);
  for (const word of ['true', 'false', 'null']) {
    if (c === word.charCodeAt(0)) {
      for (let k = 1; k < word.length; k++) if (text.charCodeAt(i + k) !== word.charCodeAt(k)) return -1 - (i + k);
      return i + word.length;
    }
  }
  return -1 - i;
}

function scanString(text: string, i: number): number {
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c < 0x20) return -1 - i;
    if (c === 0x5c) {
      i++;
      const escape = text.charCodeAt(i);
      if (escape === 0x75) {
        for (let k = 1; k <= 4; k++) if (!isHexDigit(text.charCodeAt(i + k))) return -1 - (i + k);
        i += 4;
      } else if (i >= text.length || !'"\\/bfnrt'.includes(text.charAt(i))) {
        return -1 - i;
      }
    }
  }
  return -1 - i;
}

function scanNumber(text: string, i: number): number {
  if (text.charCodeAt(i) === 0x2d) i++;
  if (text.charCodeAt(i) === 0x30) i++;
  else {
    const digits = scanDigits(text, i);
    if (digits === i) return -1 - i;
    i = digits;
  }
  if (text.charCodeAt(i) === 0x2e) {
    const digits = scanDigits(text, i + 1);
    if (digits === i + 1) return -1 - digits;
    i = digits;
  }
  if ((text.charCodeAt(i) | 0x20) === 0x65) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    const digits = scanDigits(text, i);
    if (digits === i) return -1 - i;
    i = digits;
  }
  return i;
}

function scanDigits(text: string, i: number): number {
  while (isDigit(text.charCodeAt(i))) i++;
  return i;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}
