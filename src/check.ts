/**
 * The front door for migration questions: a request file's content in, every
 * migration rule's findings and the memory placement (in bytes) out.
 *
 * @module
 */
import { parseJsonText } from './formats/json-text.js';
import { checkRequest, type CheckOptions, type CheckResult } from './migration/check.js';
import type { MigrationRequestFile } from './migration/request-schema.js';
import { InputError } from './quantity.js';

/**
 * Check one live migration against every rule of its profile
 * (migration.md). `request` is a request file's content: the parsed object
 * (typed as {@link MigrationRequestFile}), or the file's bytes or text (then
 * `file` names it in errors).
 *
 * Synchronous: the memory placement blocks the caller for up to its budget
 * (`options.solve`). Use {@link checkAsync} to run it in a worker thread.
 *
 * @throws {@link InputError} naming the field (and file) for bad input
 */
export function check(request: MigrationRequestFile | Uint8Array | string, options: CheckOptions = {}, file?: string): CheckResult {
  const json: unknown = typeof request === 'string' || request instanceof Uint8Array ? parseJsonText(request, file) : request;
  try {
    return checkRequest(json, options);
  } catch (error) {
    throw error instanceof InputError && file !== undefined ? error.inFile(file) : error;
  }
}
