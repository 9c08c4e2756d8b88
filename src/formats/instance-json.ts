/**
 * The JSON instance file of placement.md ("Instance file") → the core's
 * {@link PlacementInstance} in granule units.
 *
 * Strict by design: an unknown field is an error naming its path, because a
 * misspelt `"alignmnet"` silently falling back to the default would drop a
 * constraint and give a wrong verdict. Every error is an {@link InputError}
 * whose `field` is the JSON path (`target.free[3].size`) or, for a syntax
 * error, `line L column C`.
 *
 * Speed: a map can hold a million free ranges, and `ldmfit place` must cost
 * at most twice the bare `JSON.parse`. {@link parseInstance} therefore tries
 * the scanner of `instance-scan.ts` first, which reads the free ranges from
 * the file's bytes straight into two `Float64Array` columns without building an
 * object per range; whatever it does not handle, and every error, takes the
 * `JSON.parse` path below ({@link parseInstanceSlow}), which alone words the
 * messages. That path too writes the free ranges straight into columns,
 * parses quantities through the allocation-free path of {@link parseBytes}
 * (a bigint only for values above 2^53), and builds the path string of a
 * range only when it reports an error. Overlap of free ranges is not checked
 * here: the solver's FreeMap does it while it sorts them anyway.
 *
 * @module
 */
import { type BlockBytes, fitsUnframed, frameQuestion, questionBytes } from '../memory/frame.js';
import type { PlacementInstance, RangeColumns } from '../memory/instance.js';
import { scanInstance } from './instance-scan.js';
import { parseJsonText } from './json-text.js';
import { ADDRESS_LIMIT, InputError, excerpt, formatHex, formatSize, parseBytes, parsePowerOfTwo, shown } from '../quantity.js';
import { unknownFieldDetail } from './suggest.js';

/** Defaults of placement.md, in bytes. */
const DEFAULT_GRANULE = '8K';
const DEFAULT_ALIGNMENT = '256M';
/** The default granule in bytes: what the scanner assumes until the file says otherwise. */
const DEFAULT_GRANULE_BYTES = parsePowerOfTwo(DEFAULT_GRANULE, 'granule');
/** Names used in messages when the file does not give them. */
const DEFAULT_DOMAIN_NAME = 'domain';
const DEFAULT_TARGET_NAME = 'target';

/** `$schema` is accepted so editors can validate the file; it carries no constraint. */
const TOP_FIELDS = ['$schema', 'granule', 'alignment', 'split', 'splitAlignment', 'domain', 'target'] as const;
const DOMAIN_FIELDS = ['name', 'memory'] as const;
const TARGET_FIELDS = ['name', 'free'] as const;
const BLOCK_FIELDS = ['ra', 'pa', 'size'] as const;
const FREE_RANGE_FIELDS = ['pa', 'size'] as const;

type JsonObject = Readonly<Record<string, unknown>>;

/**
 * Read an instance file. Strips a UTF-8 byte-order mark (editors on some
 * systems write one and `JSON.parse` rejects it).
 *
 * Give it the file's bytes: the fast scanner reads bytes, and a file of ten
 * million ranges is larger than any string V8 can hold, so only bytes let
 * `parseInstance` read every file `ldmfit generate` writes. Text is read as
 * its UTF-8 encoding (one copy more).
 *
 * Cost: one pass over the file plus O(m log m) for m blocks (the RA overlap
 * check sorts them); free ranges cost no object each. A file the fast
 * scanner does not handle, or one with an error, costs a decode and a
 * `JSON.parse` more.
 *
 * @param input the file's contents: bytes (UTF-8), or text
 * @param file the file name, put in front of every error message
 * @throws {@link InputError} for a JSON syntax error (`field` is
 *   `line L column C`, 1-based) or any invalid field (`field` is its path);
 *   naming the file alone when the scanner cannot take a file too large to
 *   decode (over 512 MiB)
 */
export function parseInstance(input: string | Uint8Array, file?: string): PlacementInstance {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  return scannedInstance(bytes) ?? parseInstanceSlow(bytes, file);
}

/**
 * What a file too large to decode must be for the fast scanner to take it:
 * said after the error, since the `JSON.parse` path cannot find what else is
 * wrong in it.
 */
const SCANNER_SHAPE =
  'a file this large is read only if it is a valid instance whose target.free ranges are {"pa", "size"} objects of plain quantities, ' +
  'without escapes, duplicate or unknown keys, as ldmfit generate writes it';

/**
 * {@link parseInstance} without the fast scanner: `JSON.parse`, then
 * {@link instanceFromJson}. The reference the scanner must agree with, and
 * the only source of error messages.
 *
 * Cost: one decode of the bytes, one `JSON.parse`, O(n) for n free ranges and
 * O(m log m) for m blocks.
 *
 * @param input the file's contents: bytes (UTF-8), or text
 * @param file the file name, put in front of every error message
 * @throws {@link InputError} as {@link parseInstance}
 */
export function parseInstanceSlow(input: string | Uint8Array, file?: string): PlacementInstance {
  const value = parseJsonText(input, file, SCANNER_SHAPE);
  try {
    return instanceFromJson(value);
  } catch (error) {
    throw error instanceof InputError ? locate(error, file) : error;
  }
}

/**
 * The scanner's instance, or `undefined` when it bails out or the instance is
 * invalid (the caller then takes the `JSON.parse` path, which words the
 * error). The scanner converts the free ranges with the granule it knows when
 * it reaches them, the default 8K when `granule` comes later in the file; if
 * the file's granule turns out to differ, one more scan uses it. Everything
 * but the free ranges comes back as `JSON.parse` would give it and goes
 * through the same checks as {@link instanceFromJson}.
 */
function scannedInstance(bytes: Uint8Array): PlacementInstance | undefined {
  const first = scanInstance(bytes, DEFAULT_GRANULE_BYTES);
  if (first === undefined) return undefined;
  try {
    const granuleBytes = granuleOf(first.document);
    const scan = granuleBytes === first.granuleBytes ? first : scanInstance(bytes, granuleBytes);
    return scan === undefined ? undefined : buildInstance(scan.document, () => scan.free);
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/**
 * Validate an already parsed instance (what `JSON.parse` returns for an
 * instance file) and convert it to granule units. For embedding programs that
 * hold the instance as an object.
 *
 * Cost: O(n) for n free ranges, O(m log m) for m blocks.
 *
 * @param value the parsed JSON value
 * @throws {@link InputError} naming the path of the first invalid field
 */
export function instanceFromJson(value: unknown): PlacementInstance {
  return buildInstance(value, parseFreeRanges);
}

/**
 * Reads `target.free` (the parsed value) into columns in granule units, whose
 * end may be at most `limit`; `undefined` when some value is too many granules
 * for a double (the caller then reads them as bigints).
 */
type FreeRangeReader = (value: unknown, granuleBytes: number, limit: number) => RangeColumns | undefined;

/**
 * {@link instanceFromJson} with the free ranges read by `readFree`: the JSON
 * path parses them from the parsed value, the scanner has them already.
 */
function buildInstance(value: unknown, readFree: FreeRangeReader): PlacementInstance {
  const top = object(value, '', 'the instance must be a JSON object');
  checkFields(top, TOP_FIELDS, '');
  if (top['$schema'] !== undefined && typeof top['$schema'] !== 'string') {
    throw new InputError('$schema', 'must be a string', shown(top['$schema']));
  }
  const granuleBytes = granuleOf(top);
  const alignmentBytes = parsePowerOfTwo(optional(top, 'alignment', DEFAULT_ALIGNMENT), 'alignment', granuleBytes);
  const splitAlignmentBytes = top['splitAlignment'] === undefined
    ? alignmentBytes
    : parsePowerOfTwo(top['splitAlignment'], 'splitAlignment', granuleBytes);
  if (splitAlignmentBytes > alignmentBytes) {
    throw new InputError('splitAlignment', `must be at most the alignment ${formatSize(alignmentBytes)}`, shown(top['splitAlignment']));
  }
  const split = optional(top, 'split', false);
  if (typeof split !== 'boolean') throw new InputError('split', 'must be true or false', shown(split));

  const domain = object(required(top, 'domain', ''), 'domain', 'must be an object with name and memory');
  checkFields(domain, DOMAIN_FIELDS, 'domain');
  const target = object(required(top, 'target', ''), 'target', 'must be an object with name and free');
  checkFields(target, TARGET_FIELDS, 'target');

  const settings = {
    granuleBytes,
    alignment: alignmentBytes / granuleBytes,
    split,
    splitAlignment: splitAlignmentBytes / granuleBytes,
    domainName: name(domain, 'domain', DEFAULT_DOMAIN_NAME),
    targetName: name(target, 'target', DEFAULT_TARGET_NAME),
  };
  const blocks = parseBlocks(required(domain, 'memory', 'domain'), granuleBytes);
  const freeValue = required(target, 'free', 'target');
  // 2^64 bytes in granules: exact in a double, a power of two divided by one.
  const limit = 2 ** 64 / granuleBytes;
  const narrowBlocks = blocks.every((block) => narrow(block.ra + block.size, granuleBytes) && narrow(block.pa + block.size, granuleBytes));
  const free = narrowBlocks ? readFree(freeValue, granuleBytes, limit) : undefined;
  if (free !== undefined) {
    const g = BigInt(granuleBytes);
    const instance: PlacementInstance = {
      ...settings,
      blocks: blocks.map((block) => ({ ra: Number(block.ra / g), pa: Number(block.pa / g), size: Number(block.size / g) })),
      free,
    };
    return fitsUnframed(instance) ? instance : frameQuestion(questionBytes(instance));
  }
  const g = BigInt(granuleBytes);
  return frameQuestion({
    granule: g,
    alignment: BigInt(alignmentBytes),
    split,
    splitAlignment: BigInt(splitAlignmentBytes),
    domainName: settings.domainName,
    targetName: settings.targetName,
    blocks,
    free: parseFreeRangesWide(freeValue, g),
  });
}

/** The granule in bytes, given or the default. */
function granuleOf(top: JsonObject): number {
  return parsePowerOfTwo(optional(top, 'granule', DEFAULT_GRANULE), 'granule');
}

/**
 * The source blocks in exact bytes (blocks are few: bigints cost nothing
 * that matters), checked for the granule, size, the 2^64 end and RA overlap.
 */
function parseBlocks(value: unknown, granuleBytes: number): BlockBytes[] {
  const list = array(value, 'domain.memory', 'must be an array of {ra, pa, size}');
  const granule = BigInt(granuleBytes);
  const blocks: BlockBytes[] = new Array<BlockBytes>(list.length);
  for (let i = 0; i < list.length; i++) {
    const entry = object(list[i], itemPath('domain.memory', i), 'must be an object {ra, pa, size}');
    checkFields(entry, BLOCK_FIELDS, itemPath('domain.memory', i));
    const ra = bytesAt(entry['ra'], granule, fieldPath('domain.memory', i, 'ra'));
    const pa = entry['pa'] === undefined ? ra : bytesAt(entry['pa'], granule, fieldPath('domain.memory', i, 'pa'));
    const size = bytesAt(entry['size'], granule, fieldPath('domain.memory', i, 'size'));
    if (size === 0n) throw new InputError(fieldPath('domain.memory', i, 'size'), 'must be greater than 0', shown(entry['size']));
    if (ra + size > ADDRESS_LIMIT) throw endsBeyond('domain.memory', i, 'RA', ra, size);
    if (pa + size > ADDRESS_LIMIT) throw endsBeyond('domain.memory', i, 'PA', pa, size);
    blocks[i] = { ra, pa, size };
  }
  checkRaOverlap(blocks);
  return blocks;
}

/** Whether a byte quantity is exact in granule units held in a double. */
function narrow(bytes: bigint, granuleBytes: number): boolean {
  return bytes / BigInt(granuleBytes) <= BigInt(Number.MAX_SAFE_INTEGER);
}

/**
 * The free ranges in exact bytes: the rare path for a question whose
 * granule units do not fit a double (granules below 4K near 2^64), which
 * is framed afterwards. Same checks as {@link parseFreeRanges}.
 */
function parseFreeRangesWide(value: unknown, granule: bigint): { start: bigint[]; size: bigint[] } {
  const list = array(value, 'target.free', 'must be an array of {pa, size}');
  const start: bigint[] = [];
  const size: bigint[] = [];
  list.forEach((entry, i) => {
    const range = object(entry, itemPath('target.free', i), 'must be an object {pa, size}');
    checkFields(range, FREE_RANGE_FIELDS, itemPath('target.free', i));
    const pa = bytesAt(range['pa'], granule, fieldPath('target.free', i, 'pa'));
    const length = bytesAt(range['size'], granule, fieldPath('target.free', i, 'size'));
    if (length === 0n) throw new InputError(fieldPath('target.free', i, 'size'), 'must be greater than 0', shown(range['size']));
    if (pa + length > ADDRESS_LIMIT) throw endsBeyond('target.free', i, 'PA', pa, length);
    start.push(pa);
    size.push(length);
  });
  return { start, size };
}

/** An exact byte quantity that must be a multiple of the granule; errors name `path`. */
function bytesAt(value: unknown, granule: bigint, path: string): bigint {
  if (value === undefined) throw new InputError(path, 'missing');
  let bytes: bigint;
  try {
    bytes = BigInt(parseBytes(value, ''));
  } catch (error) {
    // parseBytes throws nothing but InputError.
    throw relocate(error as InputError, path);
  }
  if (bytes % granule !== 0n) {
    throw new InputError(path, `must be a multiple of the granule ${formatSize(granule)}`, typeof value === 'string' ? value : bytes.toString());
  }
  return bytes;
}

/**
 * The free ranges, straight into columns. This is the loop that runs a
 * million times: no object, string or closure is allocated per range unless
 * it is reported as an error.
 */
function parseFreeRanges(value: unknown, granuleBytes: number, limit: number): RangeColumns | undefined {
  const list = array(value, 'target.free', 'must be an array of {pa, size}');
  const count = list.length;
  const start = new Float64Array(count);
  const size = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const entry: unknown = list[i];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new InputError(itemPath('target.free', i), 'must be an object {pa, size}', shown(entry));
    }
    const range = entry as JsonObject;
    for (const key in range) {
      if (key !== 'pa' && key !== 'size') throw unknownField(itemPath('target.free', i), key, FREE_RANGE_FIELDS);
    }
    const pa = granulesAt(range['pa'], granuleBytes, 'target.free', i, 'pa');
    const length = granulesAt(range['size'], granuleBytes, 'target.free', i, 'size');
    if (pa < 0 || length < 0) return undefined;
    if (length === 0) throw new InputError(fieldPath('target.free', i, 'size'), 'must be greater than 0', shown(range['size']));
    // Checked as `size > limit - start`, never `start + size > limit`, which
    // can round: both are safe integers, so when `limit <= 2^53` the
    // difference is exact, and when `limit >= 2^54` (granules below 1K) the
    // rounded difference stays at least 2^53 > size.
    if (length > limit - pa) throw endsBeyond('target.free', i, 'PA', BigInt(pa) * BigInt(granuleBytes), BigInt(length) * BigInt(granuleBytes));
    start[i] = pa;
    size[i] = length;
  }
  return { count, start, size };
}

/**
 * A quantity in granule units through {@link parseBytes}, whose common forms
 * allocate nothing. The error path `container[index].key` is built only when
 * there is an error, so the million-range loop allocates no strings.
 */
function granulesAt(value: unknown, granuleBytes: number, container: string, index: number, key: string): number {
  if (value !== undefined) {
    try {
      const bytes = parseBytes(value, '');
      if (typeof bytes === 'number' && bytes % granuleBytes === 0) return bytes / granuleBytes;
    } catch {
      // Reported below, with the path built only now.
    }
  }
  return generalGranules(value, granuleBytes, fieldPath(container, index, key));
}

/**
 * The general path of {@link granulesAt}: any quantity, or the error naming
 * `path`; -1 for a valid quantity beyond 2^53 granules.
 */
function generalGranules(value: unknown, granuleBytes: number, path: string): number {
  const bytes = bytesAt(value, BigInt(granuleBytes), path);
  return narrow(bytes, granuleBytes) ? Number(bytes / BigInt(granuleBytes)) : -1;
}

/** Blocks must not share an RA: sort by RA and compare neighbours. */
function checkRaOverlap(blocks: readonly BlockBytes[]): void {
  const order = blocks.map((_, i) => i).sort((a, b) => {
    const left = blocks[a]!.ra;
    const right = blocks[b]!.ra;
    return left < right ? -1 : left > right ? 1 : a - b;
  });
  for (let k = 1; k < order.length; k++) {
    const before = order[k - 1]!;
    const after = order[k]!;
    const previous = blocks[before]!;
    if (previous.ra + previous.size > blocks[after]!.ra) {
      const [first, second] = before < after ? [before, after] : [after, before];
      const other = blocks[first]!;
      throw new InputError(
        itemPath('domain.memory', second),
        `overlaps ${itemPath('domain.memory', first)} in RA (${formatHex(other.ra)} size ${formatSize(other.size)})`,
      );
    }
  }
}

function endsBeyond(container: string, index: number, space: string, start: bigint, size: bigint): InputError {
  return new InputError(itemPath(container, index), `${space} range ${formatHex(start)} + ${formatSize(size)} ends beyond 2^64`);
}

function name(owner: JsonObject, path: string, fallback: string): string {
  const value = owner['name'];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') throw new InputError(`${path}.name`, 'must be a non-empty string', shown(value));
  return value;
}

/** A field that may be absent; `null` is not absence and fails validation. */
function optional(owner: JsonObject, key: string, fallback: unknown): unknown {
  const value = owner[key];
  return value === undefined ? fallback : value;
}

function required(owner: JsonObject, key: string, path: string): unknown {
  const value = owner[key];
  if (value === undefined) throw new InputError(join(path, key), 'missing');
  return value;
}

function object(value: unknown, path: string, detail: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(path, detail, shown(value));
  return value as JsonObject;
}

function array(value: unknown, path: string, detail: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new InputError(path, detail, shown(value));
  return value;
}

function checkFields(value: JsonObject, allowed: readonly string[], path: string): void {
  for (const key in value) {
    if (!allowed.includes(key)) throw unknownField(path, key, allowed);
  }
}

/** The error for `key`, unknown at `path`: "did you mean" the closest allowed field, or the list of them. */
function unknownField(path: string, key: string, allowed: readonly string[]): InputError {
  return new InputError(join(path, excerpt(key)), unknownFieldDetail(key, allowed));
}

/** `path.key`, or `path["odd key"]` when the key is not a plain identifier. */
function join(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

function itemPath(container: string, index: number): string {
  return `${container}[${index}]`;
}

function fieldPath(container: string, index: number, key: string): string {
  return `${itemPath(container, index)}.${key}`;
}

/** A quantity error thrown with a placeholder field, re-thrown at its path. */
function relocate(error: InputError, path: string): InputError {
  return new InputError(path, error.detail, error.text);
}

function locate(error: InputError, file: string | undefined): InputError {
  return file === undefined ? error : error.inFile(file);
}
