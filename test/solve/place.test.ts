import fc from 'fast-check';
import t from 'tap';
import { verify } from '../../src/memory/verify.js';
import { tinyInstance } from './arbitrary.js';
import { referenceSolve } from './reference.js';
import { rangeColumns, type PlacementInstance } from '../../src/memory/instance.js';
import { solvePlacement } from '../../src/solve/place.js';

const K8 = 8192;
const G = (n: number): number => (n * 1024 ** 3) / K8;
const hex = (n: number): number => n / K8;

function instance(
  blocks: { ra: number; pa: number; size: number }[],
  free: { pa: number; size: number }[],
  extra: Partial<PlacementInstance> = {},
): PlacementInstance {
  return {
    granuleBytes: K8,
    alignment: (256 * 1024 ** 2) / K8,
    split: false,
    splitAlignment: (256 * 1024 ** 2) / K8,
    domainName: 'ldg-src',
    targetName: 'dt212-239',
    blocks,
    free: rangeColumns(free),
    ...extra,
  };
}

t.test('the seed: a 2G block cannot be built from two separate 1G ranges', async (t) => {
  const seed = instance(
    [{ ra: hex(0x8000000), pa: hex(0x208000000), size: G(2) }],
    [
      { pa: hex(0x108000000), size: G(1) },
      { pa: hex(0x188000000), size: G(1) },
    ],
  );
  const result = solvePlacement(seed);
  t.equal(result.status, 'infeasible');
  t.equal(result.failedBlock, 0);
  t.same(result.pieces, []);
  t.equal(result.certificate?.kind, 'block');
});

const runs = Number(process.env.FUZZ_RUNS ?? 200);

for (const split of [false, true]) {
  const mode = split ? 'split' : 'strict';
  t.test(`property (${mode}): the verdict equals brute force and every placement verifies`, async (t) => {
    fc.assert(
      fc.property(tinyInstance(split), (tiny) => {
        const truth = referenceSolve(tiny).feasible;
        const result = solvePlacement(tiny);
        if (result.status === 'unknown') return false;
        if ((result.status === 'feasible') !== truth) return false;
        if (result.status === 'feasible') return verify(tiny, result.pieces).length === 0;
        return result.failedBlock !== undefined && result.failedBlock >= 0 && result.certificate !== undefined;
      }),
      { numRuns: runs * 5 },
    );
    t.pass(`${mode} agrees`);
  });

  t.test(`property (${mode}): the exact search alone agrees with brute force`, async (t) => {
    fc.assert(
      fc.property(tinyInstance(split), (tiny) => {
        const truth = referenceSolve(tiny).feasible;
        const result = solvePlacement(tiny, { strategy: 'search' });
        if ((result.status === 'feasible') !== truth || result.status === 'unknown') return false;
        return result.status !== 'feasible' || verify(tiny, result.pieces).length === 0;
      }),
      { numRuns: runs * 5 },
    );
    t.pass(`${mode} search agrees`);
  });
}
