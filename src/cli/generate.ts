/**
 * `ldmfit generate`: a seeded, reproducible fragmented map and domain, written
 * as an instance file, for users who benchmark placement on their own scale.
 *
 * @module
 */
import { type Command, Option } from 'commander';
import { generate } from '../generate/generate.js';
import { GENERATE_SHAPES, type GenerateShape } from '../generate/options.js';
import { instanceJsonChunks } from '../generate/to-json.js';
import { wholeNumber } from './options.js';
import type { CommandContext } from './context.js';

/** Blocks of a generated domain when `--blocks` is not given. */
const DEFAULT_BLOCKS = 1000;

/**
 * Blocks of a `tight` domain when `--blocks` is not given: a size the
 * solver decides. Measured (bench/tight.bench.ts): the zero-slack fill
 * decides tight questions to about 300 blocks; at 500 and beyond they stay
 * open, so a default there would hand the user a question the product
 * cannot answer.
 */
const DEFAULT_TIGHT_BLOCKS = 200;

/** The options of `ldmfit generate` after parsing. */
interface GenerateCommandOptions {
  readonly seed: number;
  readonly ranges: number;
  readonly blocks?: number;
  readonly shape: GenerateShape;
  readonly unit?: string;
  readonly paSpace?: string;
  readonly maxBlock?: string;
  readonly granule?: string;
  readonly alignment?: string;
}

/** Register `generate` on the program. */
export function addGenerateCommand(program: Command, context: CommandContext): void {
  program
    .command('generate')
    .description('write a seeded instance file (fragmented free map and a domain) to stdout')
    .addOption(new Option('--seed <n>', 'seed: the same options give the same file, byte for byte').default(1).argParser(wholeNumber))
    .addOption(new Option('--ranges <n>', 'free ranges in the target map').default(10000).argParser(wholeNumber))
    .addOption(
      new Option(
        '--blocks <n>',
        `memory blocks in the domain (default ${DEFAULT_BLOCKS}; ${DEFAULT_TIGHT_BLOCKS} for --shape tight, which ldmfit place decides to about 300 blocks: larger tight questions are past its frontier today, see docs/benchmarks.md)`,
      ).argParser(wholeNumber),
    )
    .addOption(
      new Option('--shape <shape>', 'random; tight (feasible, first-fit fails); deep-fragmented (small holes low, large ranges on top)')
        .choices(GENERATE_SHAPES)
        .default('random'),
    )
    .option('--unit <size>', 'ranges, gaps and blocks are multiples of this (default 4M)')
    .option('--pa-space <size>', 'size of the physical address space (default 1P)')
    .option('--max-block <size>', 'largest block (default 64 units)')
    .option('--granule <size>', 'granule of the instance (default 8K)')
    .option('--alignment <size>', 'largest page size, the congruence modulus (default 256M)')
    .action((options: GenerateCommandOptions) => {
      const { instance } = generate({
        seed: options.seed,
        ranges: options.ranges,
        blocks: options.blocks ?? (options.shape === 'tight' ? DEFAULT_TIGHT_BLOCKS : DEFAULT_BLOCKS),
        shape: options.shape,
        ...(options.unit === undefined ? {} : { unit: options.unit }),
        ...(options.paSpace === undefined ? {} : { paSpace: options.paSpace }),
        ...(options.maxBlock === undefined ? {} : { maxBlock: options.maxBlock }),
        ...(options.granule === undefined ? {} : { granule: options.granule }),
        ...(options.alignment === undefined ? {} : { alignment: options.alignment }),
      });
      for (const chunk of instanceJsonChunks(instance)) context.out(chunk);
    });
}
