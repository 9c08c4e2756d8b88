/**
 * Instance generation for benchmarks and users: seeded fragmented maps and
 * domains, BPPLIB instances as placement questions, the split-mode family
 * of SPARC T5 questions, the JSON writer, and the naive first-fit baseline.
 * The package's `ldmfit/generate` entry.
 *
 * @packageDocumentation
 */
export { generate, generateInstance, type GeneratedInstance } from './generate.js';
export { GENERATE_SHAPES, type GenerateOptions, type GenerateShape, type GenerateQuantity } from './options.js';
export { instanceJsonChunks, instanceToJson } from './to-json.js';
export { bppInstance } from './bpp.js';
export { splitFamilyInstance, type SplitFamilyOptions } from './split-family.js';
export { naiveFirstFit, type FirstFitResult } from './naive-first-fit.js';
export { generateFleet, type FleetGenerateOptions } from './fleet.js';
export { SeededRandom } from '../random.js';
export { InputError } from '../quantity.js';
