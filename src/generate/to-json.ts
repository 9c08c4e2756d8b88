/**
 * Writing a {@link PlacementInstance} back as an instance file (the JSON of
 * placement.md), so generated instances can be saved, shared and fed to
 * `ldmfit place`.
 *
 * A million ranges make a file of about 50 MB. The text is produced in
 * chunks of a few thousand lines, one string per range line, so a caller can
 * stream it to a file or stdout without ever holding a JSON tree (an object
 * per range would cost hundreds of bytes each).
 *
 * @module
 */
import type { PlacementInstance } from '../memory/instance.js';
import { formatGranulesHex } from '../quantity.js';

/** 2^32, where a quantity stops fitting one 32-bit half. */
const TWO_POW_32 = 4294967296;

/**
 * A granule count as lowercase hex bytes, exact. Below 2^53 bytes the value
 * is formatted as two 32-bit halves: V8 formats small integers about twice
 * as fast as it formats a double in radix 16, which is most of the cost of
 * writing a million-range file.
 */
function hexBytes(units: number, granuleBytes: number): string {
  const bytes = units * granuleBytes;
  if (bytes < TWO_POW_32) return '0x' + (bytes >>> 0).toString(16);
  if (!Number.isSafeInteger(bytes)) return formatGranulesHex(units, granuleBytes);
  const high = Math.floor(bytes / TWO_POW_32);
  const low = (bytes - high * TWO_POW_32) >>> 0;
  return '0x' + high.toString(16) + low.toString(16).padStart(8, '0');
}

/** Lines per chunk of {@link instanceJsonChunks}: large enough to amortise, small enough to stream. */
const LINES_PER_CHUNK = 4096;

/**
 * The instance file as a sequence of text chunks whose concatenation is
 * {@link instanceToJson}. Quantities are lowercase hex strings; the ranges
 * are written in the instance's order. Cost O(blocks + ranges).
 *
 * @example
 * ```ts
 * for (const chunk of instanceJsonChunks(instance)) process.stdout.write(chunk);
 * ```
 */
export function* instanceJsonChunks(instance: PlacementInstance): Generator<string, void, undefined> {
  const granule = instance.granuleBytes;
  const hex = (units: number): string => hexBytes(units, granule);
  yield '{\n'
    + `  "granule": "${hex(1)}",\n`
    + `  "alignment": "${hex(instance.alignment)}",\n`
    + `  "split": ${instance.split},\n`
    + `  "splitAlignment": "${hex(instance.splitAlignment)}",\n`
    + `  "domain": {\n    "name": ${JSON.stringify(instance.domainName)},\n    "memory": [`;
  const blocks = instance.blocks;
  let lines: string[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    lines.push(`\n      { "ra": "${hex(block.ra)}", "pa": "${hex(block.pa)}", "size": "${hex(block.size)}" }`);
    if (lines.length === LINES_PER_CHUNK) {
      yield lines.join(',') + (i + 1 < blocks.length ? ',' : '');
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join(',');
  yield `\n    ]\n  },\n  "target": {\n    "name": ${JSON.stringify(instance.targetName)},\n    "free": [`;
  const { count, start, size } = instance.free;
  lines = [];
  for (let i = 0; i < count; i++) {
    lines.push(`\n      { "pa": "${hex(start[i]!)}", "size": "${hex(size[i]!)}" }`);
    if (lines.length === LINES_PER_CHUNK) {
      yield lines.join(',') + (i + 1 < count ? ',' : '');
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join(',');
  yield '\n    ]\n  }\n}\n';
}

/**
 * The instance file as one string (see {@link instanceJsonChunks} to stream
 * it instead). Cost O(blocks + ranges); about 50 bytes per range.
 */
export function instanceToJson(instance: PlacementInstance): string {
  return Array.from(instanceJsonChunks(instance)).join('');
}
