/**
 * What a caller (or `ldmfit generate`) asks the instance generator for, and
 * the checks that turn those options into the generator's own units.
 *
 * Byte quantities accept the same forms as instance files (`"4M"`,
 * `"0x40000000"`, a safe integer), so the command line can pass its
 * arguments through unchanged; bad values are {@link InputError}s naming the
 * option, which the command line prints as one line.
 *
 * @module
 */
import { InputError, parseBytes, parsePowerOfTwo, toGranules } from '../quantity.js';

/**
 * The kind of map and domain to draw.
 *
 * - `random`: a long-fragmented map (range and gap lengths log-uniform) and a
 *   domain of log-uniform blocks with the usual binding `pa ≡ ra`. Nothing is
 *   promised about feasibility; with the defaults large ranges are common and
 *   the domain fits.
 * - `tight`: a placement is drawn first and the map is built around it: every
 *   useful range is exactly the span of the blocks it will hold, the rest are
 *   crumbs too small for any block, and the ranges are shuffled. Feasible by
 *   construction, and naive first-fit provably fails (see the tight shape's
 *   module).
 * - `deep-fragmented`: small holes fill the low PA space; the only ranges
 *   large enough for the domain's blocks sit at the top. Feasible by
 *   construction; a linear first-fit scan walks every hole for every block.
 */
export type GenerateShape = 'random' | 'tight' | 'deep-fragmented';

/** Every shape, for argument validation and help text. */
export const GENERATE_SHAPES: readonly GenerateShape[] = ['random', 'tight', 'deep-fragmented'];

/** A byte quantity as a file or command line writes it (`"256M"`, `"0x10000000"`) or a safe integer. */
export type GenerateQuantity = number | string;

/** Options of {@link generateInstance}. Only `seed`, `ranges` and `blocks` are required. */
export interface GenerateOptions {
  /** Seed of the pseudo-random stream: the same options give the same instance, byte for byte. */
  readonly seed: number;
  /** Number of free ranges in the target map (the benchmarks use 10k, 100k and 1M). */
  readonly ranges: number;
  /** Number of blocks in the domain (typically 1k–10k; `tight` needs at least 2). */
  readonly blocks: number;
  /** Shape of the map and domain (default `random`). */
  readonly shape?: GenerateShape;
  /** Every range, gap and block length is a multiple of this (default `4M`; `256M` is the other common choice). */
  readonly unit?: GenerateQuantity;
  /** Size of the physical address space the map lies in (default 2^50 bytes, `1P`). */
  readonly paSpace?: GenerateQuantity;
  /** Largest block (default 64 units, less for `random` when ranges are too dense to hold that). */
  readonly maxBlock?: GenerateQuantity;
  /** Granule of the instance (default `8K`). */
  readonly granule?: GenerateQuantity;
  /** Largest page size, the congruence modulus (default `256M`). */
  readonly alignment?: GenerateQuantity;
  /** Domain name written into the instance (default `ldg-gen`). */
  readonly domainName?: string;
  /** Target name written into the instance (default `gen-SHAPE-SEED`). */
  readonly targetName?: string;
}

/** The options checked and converted: lengths in units or granules as named. */
export interface ResolvedOptions {
  /** {@link GenerateOptions.seed}. */
  readonly seed: number;
  /** {@link GenerateOptions.ranges}. */
  readonly ranges: number;
  /** {@link GenerateOptions.blocks}. */
  readonly blocks: number;
  /** {@link GenerateOptions.shape}, defaulted. */
  readonly shape: GenerateShape;
  /** Granule in bytes. */
  readonly granuleBytes: number;
  /** Congruence modulus in granules. */
  readonly alignment: number;
  /** The unit in granules. */
  readonly unitGranules: number;
  /** The alignment rounded up to whole units: the worst padding a block can need, in units. */
  readonly alignmentUnits: number;
  /** The PA space in whole units. */
  readonly paSpaceUnits: number;
  /** The caller's largest block in units, when given. */
  readonly maxBlockUnits: number | undefined;
  /** Domain name, defaulted. */
  readonly domainName: string;
  /** Target name, defaulted. */
  readonly targetName: string;
}

/** Upper limits that keep a generated instance in memory (16M ranges is about 0.8 GB as JSON). */
const MAX_RANGES = 1 << 24;
const MAX_BLOCKS = 1 << 20;

/**
 * Check the options and convert them to units.
 *
 * @throws {@link InputError} naming the option for any bad value
 */
export function resolveOptions(options: GenerateOptions): ResolvedOptions {
  const shape = options.shape ?? 'random';
  if (!GENERATE_SHAPES.includes(shape)) {
    throw new InputError('shape', `must be one of ${GENERATE_SHAPES.join(', ')}`, String(shape));
  }
  const seed = count(options.seed, 'seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const minimum = shape === 'tight' ? 2 : 1;
  const ranges = count(options.ranges, 'ranges', minimum, MAX_RANGES);
  const blocks = count(options.blocks, 'blocks', minimum, MAX_BLOCKS);

  const granuleBytes = parsePowerOfTwo(options.granule ?? '8K', 'granule');
  const alignmentBytes = parsePowerOfTwo(options.alignment ?? '256M', 'alignment', granuleBytes);
  const unitBytes = parsePowerOfTwo(options.unit ?? '4M', 'unit', granuleBytes);
  const unitGranules = unitBytes / granuleBytes;
  const alignment = alignmentBytes / granuleBytes;
  const paSpaceUnits = Math.floor(granules(options.paSpace ?? '1P', 'paSpace', granuleBytes) / unitGranules);
  const maxBlockUnits = options.maxBlock === undefined
    ? undefined
    : wholeUnits(granules(options.maxBlock, 'maxBlock', granuleBytes), unitGranules, 'maxBlock', options.maxBlock);
  return {
    seed,
    ranges,
    blocks,
    shape,
    granuleBytes,
    alignment,
    unitGranules,
    alignmentUnits: Math.ceil(alignment / unitGranules),
    paSpaceUnits,
    maxBlockUnits,
    domainName: options.domainName ?? 'ldg-gen',
    targetName: options.targetName ?? `gen-${shape}-${seed}`,
  };
}

function count(value: number, field: string, low: number, high: number): number {
  if (!Number.isSafeInteger(value) || value < low || value > high) {
    throw new InputError(field, `must be an integer from ${low} to ${high}`, String(value));
  }
  return value;
}

function granules(value: GenerateQuantity, field: string, granuleBytes: number): number {
  return toGranules(parseBytes(value, field), granuleBytes, field, String(value));
}

function wholeUnits(valueGranules: number, unitGranules: number, field: string, text: GenerateQuantity): number {
  if (valueGranules < unitGranules || valueGranules % unitGranules !== 0) {
    throw new InputError(field, 'must be a positive multiple of the unit', String(text));
  }
  return valueGranules / unitGranules;
}
