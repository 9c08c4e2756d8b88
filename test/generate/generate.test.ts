import { createHash } from 'node:crypto';
import t, { type Test } from 'tap';
import { generate, generateInstance, type GeneratedInstance } from '../../src/generate/generate.js';
import { naiveFirstFit } from '../../src/generate/naive-first-fit.js';
import type { GenerateOptions, GenerateShape } from '../../src/generate/options.js';
import { instanceToJson } from '../../src/generate/to-json.js';
import { InputError } from '../../src/quantity.js';
import { instanceProblems, placementProblems } from './checker.js';

/** 4M in 8K granules, the default unit. */
const UNIT = 512;
/** 256M in 8K granules, the default alignment. */
const ALIGNMENT = 32768;

const SHAPES: GenerateShape[] = ['random', 'tight', 'deep-fragmented'];

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

t.test('the same options give the same bytes, for every shape', (t) => {
  for (const shape of SHAPES) {
    const options: GenerateOptions = { seed: 11, ranges: 2000, blocks: 100, shape };
    t.equal(instanceToJson(generateInstance(options)), instanceToJson(generateInstance(options)), shape);
  }
  t.end();
});

t.test('a small instance is pinned byte for byte, so benchmarks compare the same work across versions', (t) => {
  const json = instanceToJson(generateInstance({ seed: 1, ranges: 50, blocks: 10, shape: 'tight' }));
  t.equal(sha256(json), 'a87121fe754379a846c3927fbef3255e5eca18f4c04a56ba2241030d46e5d787');
  t.end();
});

t.test('different seeds give different instances', (t) => {
  for (const shape of SHAPES) {
    const a = instanceToJson(generateInstance({ seed: 1, ranges: 500, blocks: 20, shape }));
    const b = instanceToJson(generateInstance({ seed: 2, ranges: 500, blocks: 20, shape }));
    t.not(a, b, shape);
  }
  t.end();
});

t.test('every shape obeys the instance rules, in units, within the PA space', (t) => {
  for (const shape of SHAPES) {
    for (const seed of [1, 2, 3]) {
      const { instance } = generate({ seed, ranges: 3000, blocks: 200, shape });
      t.same(instanceProblems(instance, UNIT), [], `${shape} seed ${seed}`);
      t.equal(instance.free.count, 3000);
      t.equal(instance.blocks.length, 200);
      const last = instance.free.count - 1;
      t.ok((instance.free.start[last]! + instance.free.size[last]!) * 8192 <= 2 ** 50, `${shape} fits in 2^50 bytes`);
      t.equal(instance.alignment, ALIGNMENT);
      t.equal(instance.granuleBytes, 8192);
      t.equal(instance.split, false);
    }
  }
  t.end();
});

t.test('256M units, a small PA space and a custom granule are honoured', (t) => {
  for (const shape of SHAPES) {
    const { instance } = generate({ seed: 4, ranges: 1000, blocks: 50, shape, unit: '256M', paSpace: '0x10000000000000', granule: '4K' });
    const unit = (256 << 20) / 4096;
    t.same(instanceProblems(instance, unit), [], shape);
    const last = instance.free.count - 1;
    t.ok((instance.free.start[last]! + instance.free.size[last]!) * 4096 <= 2 ** 52, shape);
  }
  t.end();
});

t.test('random blocks are bound the usual way, pa congruent to ra, and have no placement attached', (t) => {
  const { instance, placement } = generate({ seed: 5, ranges: 1000, blocks: 100 });
  t.equal(placement, undefined);
  t.ok(instance.blocks.every((block) => block.pa % ALIGNMENT === block.ra % ALIGNMENT));
  t.ok(instance.blocks.every((block) => block.size <= 64 * UNIT));
  t.equal(instance.targetName, 'gen-random-5');
  t.equal(instance.domainName, 'ldg-gen');
  t.end();
});

t.test('random blocks shrink to fit when ranges are dense in the PA space, and maxBlock caps them', (t) => {
  const dense = generate({ seed: 5, ranges: 1000, blocks: 100, paSpace: 1000 * 6 * 4 * 2 ** 20 });
  t.ok(dense.instance.blocks.every((block) => block.size <= 2 * UNIT));
  const capped = generate({ seed: 5, ranges: 1000, blocks: 100, maxBlock: '8M' });
  t.ok(capped.instance.blocks.every((block) => block.size <= 2 * UNIT));
  t.end();
});

/** Checks shared by the shapes that are feasible by construction. */
function checkWitness(t: Test, generated: GeneratedInstance, label: string): void {
  t.ok(generated.placement !== undefined, label);
  t.same(placementProblems(generated.instance, generated.placement!), [], label);
  const ras = generated.placement!.map((piece) => piece.ra);
  t.same(ras, [...ras].sort((x, y) => x - y), `${label}: placement sorted by RA`);
}

t.test('tight instances are feasible by construction: the placement they were built around is valid', (t) => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    for (const [ranges, blocks] of [[2, 2], [6, 8], [40, 30], [3000, 500]] as const) {
      checkWitness(t, generate({ seed, ranges, blocks, shape: 'tight' }), `seed ${seed} ${ranges}x${blocks}`);
    }
  }
  t.end();
});

t.test('tight instances leave no slack: free space beyond the crumbs equals the domain size', (t) => {
  const { instance } = generate({ seed: 8, ranges: 30, blocks: 20, shape: 'tight' });
  const smallest = Math.min(...instance.blocks.map((block) => block.size));
  let useful = 0;
  for (let i = 0; i < instance.free.count; i++) if (instance.free.size[i]! >= smallest) useful += instance.free.size[i]!;
  t.equal(useful, instance.blocks.reduce((sum, block) => sum + block.size, 0));
  t.end();
});

t.test('naive first-fit fails on every tight instance', (t) => {
  for (let seed = 0; seed < 40; seed++) {
    for (const [ranges, blocks] of [[2, 2], [8, 6], [60, 40]] as const) {
      const { instance } = generate({ seed, ranges, blocks, shape: 'tight', unit: seed % 2 === 0 ? '4M' : '256M' });
      t.equal(naiveFirstFit(instance).placed, false, `seed ${seed} ${ranges}x${blocks}`);
    }
  }
  t.end();
});

t.test('deep-fragmented instances are feasible by construction, with small holes low and large ranges on top', (t) => {
  for (const seed of [1, 2, 3]) {
    const generated = generate({ seed, ranges: 5000, blocks: 300, shape: 'deep-fragmented' });
    checkWitness(t, generated, `seed ${seed}`);
    const { free, blocks } = generated.instance;
    const smallest = Math.min(...blocks.map((block) => block.size));
    const tops = Math.ceil(300 / 16);
    for (let i = 0; i < free.count - tops; i++) if (free.size[i]! >= smallest) t.fail(`hole ${i} could hold a block`);
    const lowestPiece = Math.min(...generated.placement!.map((piece) => piece.pa));
    t.ok(lowestPiece >= free.start[free.count - tops]!, 'every block sits in a top range');
  }
  t.end();
});

t.test('naive first-fit succeeds on deep-fragmented instances, after walking every hole for every block', (t) => {
  const { instance } = generate({ seed: 3, ranges: 2000, blocks: 200, shape: 'deep-fragmented' });
  const result = naiveFirstFit(instance);
  t.equal(result.placed, true);
  t.ok(result.rangesScanned >= 200 * (2000 - Math.ceil(200 / 16)));
  t.same(placementProblems(instance, result.pieces), []);
  t.end();
});

t.test('deep-fragmented with a single range puts everything in it; with one-unit blocks holes are one unit', (t) => {
  checkWitness(t, generate({ seed: 1, ranges: 1, blocks: 40, shape: 'deep-fragmented' }), 'one range');
  const ones = generate({ seed: 1, ranges: 100, blocks: 10, shape: 'deep-fragmented', maxBlock: '4M' });
  checkWitness(t, ones, 'one-unit blocks');
  t.ok(ones.instance.blocks.every((block) => block.size === UNIT));
  t.end();
});

t.test('names given in the options are used', (t) => {
  const instance = generateInstance({ seed: 1, ranges: 10, blocks: 2, domainName: 'ldg1', targetName: 'dt212' });
  t.equal(instance.domainName, 'ldg1');
  t.equal(instance.targetName, 'dt212');
  t.end();
});

/** The field an {@link InputError} names, or what else happened. */
function fieldOfError(action: () => unknown): string {
  try {
    action();
    return 'no error';
  } catch (error) {
    return error instanceof InputError ? error.field : String(error);
  }
}

t.test('bad options are input errors naming the option', (t) => {
  const cases: [Partial<GenerateOptions>, string][] = [
    [{ shape: 'sparse' as GenerateShape }, 'shape'],
    [{ seed: 1.5 }, 'seed'],
    [{ ranges: 0 }, 'ranges'],
    [{ ranges: 1, shape: 'tight' }, 'ranges'],
    [{ blocks: 1, shape: 'tight' }, 'blocks'],
    [{ blocks: 2 ** 21 }, 'blocks'],
    [{ unit: '3M' }, 'unit'],
    [{ unit: '4K' }, 'unit'],
    [{ alignment: '4K' }, 'alignment'],
    [{ granule: 'big' }, 'granule'],
    [{ paSpace: '1000' }, 'paSpace'],
    [{ maxBlock: '6M' }, 'maxBlock'],
    [{ maxBlock: '0' }, 'maxBlock'],
    [{ maxBlock: '4M', shape: 'tight' }, 'maxBlock'],
    [{ paSpace: '4M' }, 'paSpace'],
    [{ paSpace: '64M', shape: 'tight' }, 'paSpace'],
    [{ paSpace: '64M', shape: 'deep-fragmented' }, 'paSpace'],
    [{ paSpace: '64M', ranges: 1, shape: 'deep-fragmented' }, 'paSpace'],
  ];
  for (const [overrides, field] of cases) {
    const options = { seed: 1, ranges: 10, blocks: 4, ...overrides };
    t.equal(fieldOfError(() => generate(options)), field, JSON.stringify(overrides));
  }
  t.end();
});
