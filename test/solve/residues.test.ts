import fc from 'fast-check';
import t from 'tap';
import { certificateBytes } from '../../src/solve/answer.js';
import { FreeMap } from '../../src/memory/free-map.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { certificateText } from '../../src/solve/certificate-text.js';
import { solvePlacement } from '../../src/solve/place.js';
import { residueShortage } from '../../src/solve/residues.js';
import { makeInstance, tinyInstance } from './arbitrary.js';
import { referenceSolve } from './reference.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);

/** Need and offer at residue r, by walking every granule (the naive model). */
function countsAt(instance: PlacementInstance, r: number): { need: number; offer: number } {
  const A = instance.alignment;
  let need = 0;
  let offer = 0;
  for (const block of instance.blocks) for (let q = block.pa; q < block.pa + block.size; q++) if (q % A === r) need++;
  const { count, start, size } = instance.free;
  for (let i = 0; i < count; i++) for (let p = start[i]!; p < start[i]! + size[i]!; p++) if (p % A === r) offer++;
  return { need, offer };
}

t.test('the sweep finds a residue short of free bytes exactly when the granule-by-granule count does', async (t) => {
  fc.assert(
    fc.property(fc.boolean().chain(tinyInstance), (instance) => {
      const shortage = residueShortage(instance.blocks, FreeMap.fromColumns(instance.free), instance.alignment);
      const counts = Array.from({ length: instance.alignment }, (_, r) => countsAt(instance, r));
      const worst = Math.max(...counts.map((c) => c.need - c.offer));
      if (worst <= 0) return shortage === undefined;
      if (shortage === undefined || shortage.need - shortage.offer !== worst) return false;
      for (let r = shortage.from; r < shortage.to; r++) {
        if (counts[r]!.need !== shortage.need || counts[r]!.offer !== shortage.offer) return false;
      }
      // The first arc of the worst shortage, so the answer does not depend on anything but the question.
      return counts.findIndex((c) => c.need - c.offer === worst) === shortage.from;
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.pass('agrees with the naive count');
});

t.test('a residue shortage is a proof: the brute force never places such a question', async (t) => {
  fc.assert(
    fc.property(fc.boolean().chain(tinyInstance), (instance) => {
      if (residueShortage(instance.blocks, FreeMap.fromColumns(instance.free), instance.alignment) === undefined) return true;
      return !referenceSolve(instance).feasible;
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.pass('sound');
});

t.test('one block cut into tens of thousands of pieces is proven infeasible by a residue no range offers', async (t) => {
  // 16G at 8K split granularity against ranges that each miss their first 8K: residue 0 is nowhere free.
  const M = (n: number): number => (n * 2 ** 20) / 8192;
  const free = Array.from({ length: 80 }, (_, i) => ({ pa: i * M(256) + 1, size: M(256) - 1 }));
  const instance = makeInstance({ alignment: M(256), split: true, splitAlignment: 1, blocks: [{ ra: 0, pa: 0, size: M(16 * 1024) }], free });
  const result = solvePlacement(instance, { nodeLimit: 1 });
  t.equal(result.status, 'infeasible');
  t.equal(result.certificate?.kind, 'residue');
  t.equal(
    certificateText(certificateBytes(instance, result.certificate!)),
    "every block keeps its PA modulo 256M, and the domain's memory covers each PA ≡ 0x0–0x1fff (mod 256M) 64 times; the free ranges cover it only 0 times",
  );
  t.equal(result.stats.nodes, 0, 'no search');
});
