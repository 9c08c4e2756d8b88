/**
 * One line of `ldmfit batch`: a question in, its answer out, both one JSON
 * text. A line holding a `source` is a check request (migration.md), any
 * other object a placement question (placement.md): a placement question has
 * no `source`, a request always has one. The answer is what `check --json`
 * or `place --json` prints for it, with `"line": N` first; a bad line is
 * `{"line": N, "error": "..."}` and never stops the batch.
 *
 * @module
 */
import { parseJsonText } from '../formats/json-text.js';
import { checkRequest } from '../migration/check.js';
import { place } from '../place.js';
import { InputError } from '../quantity.js';
import { checkJson } from '../report/check-json.js';
import { placementJson } from '../report/placement-json.js';
import type { SolveOptions } from '../solve/result.js';

/**
 * The answer line (without its newline) for the input line numbered `line`
 * (1-based). Never throws: bad input and internal errors are error answers.
 *
 * Cost: one `place` or `check` within `solve`.
 */
export function answerLine(text: string, line: number, solve: SolveOptions): string {
  try {
    const json = parseJsonText(text);
    if (json !== null && typeof json === 'object' && !Array.isArray(json) && 'source' in json) {
      return JSON.stringify({ line, ...checkJson(checkRequest(json, { solve })) });
    }
    const document = placementJson(place(json as never, solve));
    return JSON.stringify({ line, status: document.status, placements: document.placements, message: document.message, ...document.details });
  } catch (error) {
    /* c8 ignore next -- anything but an InputError is a bug: said as such, and the batch goes on */
    const message = error instanceof InputError ? inputErrorText(error, line) : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    return JSON.stringify({ line, error: message });
  }
}

/**
 * An input error without the line number (the answer's `line` says it) and,
 * for a JSON syntax error, with the column only: the line is one line.
 */
function inputErrorText(error: InputError, line: number): string {
  const where = `line ${line}: `;
  return error.inFile(`line ${line}`).message.slice(where.length).replace(/^line 1 column /, 'column ');
}
