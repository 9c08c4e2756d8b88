import t from 'tap';
import { splitFamilyInstance } from '../../src/generate/split-family.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { InputError } from '../../src/quantity.js';
import { instanceProblems } from './checker.js';

/** Byte sizes in 8K granules. */
const M = 1024 * 1024;
const G = 1024 * M;
const granules = (bytes: number): number => bytes / 8192;
const STEP = granules(256 * M);
const PAGE = granules(16 * G);
const SEEDS = Array.from({ length: 200 }, (_, seed) => seed);

function freeRanges(instance: PlacementInstance): { pa: number; size: number }[] {
  return Array.from({ length: instance.free.count }, (_, i) => ({ pa: instance.free.start[i]!, size: instance.free.size[i]! }));
}

function totals(instance: PlacementInstance): { need: number; offer: number } {
  return {
    need: instance.blocks.reduce((sum, block) => sum + block.size, 0),
    offer: freeRanges(instance).reduce((sum, range) => sum + range.size, 0),
  };
}

t.test('the same seed and options give the same instance; another seed another one', (t) => {
  for (const options of [{ seed: 7 }, { seed: 7, blocks: 5 }, { seed: -3, slack: 2.5 }, { seed: 2 ** 40, blocks: 2, slack: 1.1 }]) {
    const first = splitFamilyInstance(options);
    const second = splitFamilyInstance(options);
    t.same(second.blocks, first.blocks, `blocks of ${JSON.stringify(options)}`);
    t.same(freeRanges(second), freeRanges(first), `free ranges of ${JSON.stringify(options)}`);
    t.equal(second.targetName, first.targetName);
  }
  t.notSame(splitFamilyInstance({ seed: 1 }).blocks, splitFamilyInstance({ seed: 2 }).blocks);
  t.end();
});

t.test('SPARC T5 settings: 8K granule, 16G largest page, split at 256M', (t) => {
  const instance = splitFamilyInstance({ seed: 1 });
  t.equal(instance.granuleBytes, 8192);
  t.equal(instance.alignment, PAGE);
  t.equal(instance.split, true);
  t.equal(instance.splitAlignment, STEP);
  t.equal(instance.frame, undefined);
  t.same(instanceProblems(instance), []);
  t.end();
});

t.test('names carry the seed, and the target name the slack', (t) => {
  const instance = splitFamilyInstance({ seed: 12, slack: 1.5 });
  t.equal(instance.domainName, 'ldg-t5-12');
  t.equal(instance.targetName, 't5-free-12-slack-1.5');
  t.end();
});

t.test('the block count is drawn from 2 to 6, every value occurring, unless given', (t) => {
  const counts = new Set(SEEDS.map((seed) => splitFamilyInstance({ seed }).blocks.length));
  t.same([...counts].sort(), [2, 3, 4, 5, 6]);
  t.equal(splitFamilyInstance({ seed: 3, blocks: 1 }).blocks.length, 1);
  t.equal(splitFamilyInstance({ seed: 3, blocks: 64 }).blocks.length, 64);
  t.end();
});

t.test('blocks are 8G to 32G, on the 256M grid, in RA order from 2G with gaps of at most 2G', (t) => {
  for (const seed of SEEDS) {
    const { blocks } = splitFamilyInstance({ seed });
    t.equal(blocks[0]!.ra, granules(2 * G), `seed ${seed}: first RA`);
    blocks.forEach((block, i) => {
      const where = `seed ${seed} block ${i}`;
      if (block.size < granules(8 * G) || block.size > granules(32 * G)) t.fail(`${where}: size ${block.size}`);
      if (block.size % STEP !== 0 || block.ra % STEP !== 0 || block.pa % STEP !== 0) t.fail(`${where}: off the 256M grid`);
      const previous = blocks[i - 1];
      if (previous === undefined) return;
      const gap = block.ra - (previous.ra + previous.size);
      if (gap < 0 || gap > granules(2 * G)) t.fail(`${where}: RA gap ${gap}`);
      if (block.pa < previous.pa + previous.size) t.fail(`${where}: source PA overlaps the previous block`);
    });
  }
  t.pass('checked');
  t.end();
});

t.test('source PAs keep pa ≡ ra (mod 256M) and spread over every 256M class of the 16G page', (t) => {
  const classes = new Set<number>();
  for (const seed of SEEDS) {
    for (const block of splitFamilyInstance({ seed }).blocks) {
      if ((block.pa - block.ra) % STEP !== 0) t.fail(`seed ${seed}: pa ≢ ra (mod 256M)`);
      classes.add((block.pa % PAGE) / STEP);
    }
  }
  t.equal(classes.size, PAGE / STEP, 'all 64 classes occur');
  t.end();
});

t.test('free ranges are 256M to 4G, 256M-aligned, from 16T, sorted, with gaps of 256M to 2G', (t) => {
  for (const seed of SEEDS) {
    const ranges = freeRanges(splitFamilyInstance({ seed }));
    t.equal(ranges[0]!.pa, granules(16 * 1024 * G), `seed ${seed}: first range`);
    ranges.forEach((range, i) => {
      const where = `seed ${seed} range ${i}`;
      if (range.pa % STEP !== 0 || range.size % STEP !== 0) t.fail(`${where}: off the 256M grid`);
      // The last range is cut short to hit the total, so it may be below 4G but never below 256M.
      if (range.size < STEP || range.size > granules(4 * G)) t.fail(`${where}: length ${range.size}`);
      const previous = ranges[i - 1];
      if (previous === undefined) return;
      const gap = range.pa - (previous.pa + previous.size);
      if (gap < STEP || gap > granules(2 * G)) t.fail(`${where}: gap ${gap}`);
    });
  }
  t.pass('checked');
  t.end();
});

t.test('no free range holds the smallest block: every block must be cut', (t) => {
  for (const seed of SEEDS) {
    const instance = splitFamilyInstance({ seed });
    const smallest = Math.min(...instance.blocks.map((block) => block.size));
    if (freeRanges(instance).some((range) => range.size >= smallest)) t.fail(`seed ${seed}`);
  }
  t.pass('checked');
  t.end();
});

t.test('drawn slack lies in [1.1, 4] in hundredths, and free memory is the slack times the need, rounded up to 256M', (t) => {
  const ratios: number[] = [];
  for (const seed of SEEDS) {
    const instance = splitFamilyInstance({ seed });
    const slack = Number(instance.targetName.slice(instance.targetName.lastIndexOf('-') + 1));
    if (slack < 1.1 || slack > 4 || Math.abs(Math.round(slack * 100) - slack * 100) > 1e-9) t.fail(`seed ${seed}: slack ${slack}`);
    const { need, offer } = totals(instance);
    const wanted = (need / STEP) * slack;
    if (offer / STEP < wanted - 1e-9 || offer / STEP >= wanted + 1) t.fail(`seed ${seed}: ${offer / STEP} steps free for ${wanted}`);
    ratios.push(offer / need);
  }
  t.ok(Math.min(...ratios) < 1.3, 'some questions are tight');
  t.ok(Math.max(...ratios) > 3.7, 'some have ample room');
  t.end();
});

t.test('a given slack sets the free total exactly when it comes out whole, and a slack of 1.1 is not rounded up a step', (t) => {
  // need · 1.1 is whole when the need is a multiple of 10 steps (2.5G): no step added by rounding.
  for (const seed of SEEDS) {
    const instance = splitFamilyInstance({ seed, slack: 1.1 });
    const { need, offer } = totals(instance);
    const needSteps = need / STEP;
    if (needSteps % 10 === 0 && offer / STEP !== (needSteps * 11) / 10) t.fail(`seed ${seed}: ${offer / STEP} for ${needSteps}`);
    if (offer / STEP !== Math.ceil((needSteps * 11) / 10)) t.fail(`seed ${seed}: not the ceiling`);
  }
  const { need, offer } = totals(splitFamilyInstance({ seed: 5, slack: 4 }));
  t.equal(offer, 4 * need);
  t.end();
});

t.test('below a slack of 1 the free total is below the need', (t) => {
  const { need, offer } = totals(splitFamilyInstance({ seed: 5, slack: 0.5 }));
  t.ok(offer < need);
  t.equal(splitFamilyInstance({ seed: 5, slack: 1e-12 }).free.count, 0, 'a vanishing slack leaves no free range');
  t.end();
});

t.test('the domain depends on the seed and the block count, not on the slack', (t) => {
  for (const seed of [0, 1, 2, 3]) {
    const low = splitFamilyInstance({ seed, slack: 1.1 });
    const high = splitFamilyInstance({ seed, slack: 4 });
    t.same(high.blocks, low.blocks, `seed ${seed}`);
    t.same(splitFamilyInstance({ seed, blocks: 4, slack: 4 }).blocks, splitFamilyInstance({ seed, blocks: 4 }).blocks);
  }
  t.end();
});

t.test('bad options are input errors naming the option', (t) => {
  const cases: [() => unknown, string][] = [
    [() => splitFamilyInstance({ seed: 1.5 }), 'seed'],
    [() => splitFamilyInstance({ seed: Number.NaN }), 'seed'],
    [() => splitFamilyInstance({ seed: 1, blocks: 0 }), 'blocks'],
    [() => splitFamilyInstance({ seed: 1, blocks: 65 }), 'blocks'],
    [() => splitFamilyInstance({ seed: 1, blocks: 2.5 }), 'blocks'],
    [() => splitFamilyInstance({ seed: 1, slack: 0 }), 'slack'],
    [() => splitFamilyInstance({ seed: 1, slack: -1 }), 'slack'],
    [() => splitFamilyInstance({ seed: 1, slack: Number.NaN }), 'slack'],
    [() => splitFamilyInstance({ seed: 1, slack: Number.POSITIVE_INFINITY }), 'slack'],
    [() => splitFamilyInstance({ seed: 1, slack: 16.5 }), 'slack'],
  ];
  for (const [action, field] of cases) {
    try {
      action();
      t.fail(`${field}: no error`);
    } catch (error) {
      t.ok(error instanceof InputError && error.field === field, field);
    }
  }
  t.end();
});
