/**
 * The split family of current hardware (SPARC T5 and later: 16G pages, guests
 * split at 256M; `splitFamilyInstance`) is decided with the default options,
 * every question of it: issue 7's "a seeded family of split questions like
 * the T5 one (2–6 blocks, 1.1× to 4× slack) is decided within the default
 * budget, all of them". Timing belongs in bench/split.bench.ts, not here.
 *
 * Verdicts are checked against a count written here from placement.md, not
 * taken from the solver: in this family every block, source PA and free
 * range is on the 256M grid, so a placement is exactly a matching of the
 * domain's 256M windows to the target's free 256M slots of the same class
 * (`pa mod 16G`, in 256M steps) — a window fits exactly one slot, cuts are
 * allowed between any two windows, and windows of a class are
 * interchangeable. Slots of different classes are disjoint, so the matching
 * exists exactly when no class has more windows than free slots.
 */
import t, { type Test } from 'tap';
import { splitFamilyInstance } from '../../src/generate/split-family.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { verify } from '../../src/memory/verify.js';
import { certificateBytes } from '../../src/solve/answer.js';
import { certificateText } from '../../src/solve/certificate-text.js';
import { solvePlacement } from '../../src/solve/place.js';
import type { PlacementResult } from '../../src/solve/result.js';

/** Windows of the domain and free slots of the target in each 256M class of the 16G page. */
function classCounts(instance: PlacementInstance): { need: number[]; offer: number[] } {
  const step = instance.splitAlignment;
  const classes = instance.alignment / step;
  const need = new Array<number>(classes).fill(0);
  const offer = new Array<number>(classes).fill(0);
  for (const block of instance.blocks) {
    for (let at = block.pa; at < block.pa + block.size; at += step) need[(at % instance.alignment) / step]!++;
  }
  for (let i = 0; i < instance.free.count; i++) {
    const start = instance.free.start[i]!;
    for (let at = start; at < start + instance.free.size[i]!; at += step) offer[(at % instance.alignment) / step]!++;
  }
  return { need, offer };
}

/** The independent verdict: every class has at least as many free slots as windows. */
function fitsByClass(instance: PlacementInstance): boolean {
  const { need, offer } = classCounts(instance);
  return need.every((windows, slotClass) => windows <= offer[slotClass]!);
}

/** The grid of the brief: every block count 2..6 against 12 slacks from 1.1 to 4.0, seeds 0..59. */
const GRID = Array.from({ length: 60 }, (_, seed) => ({
  seed,
  blocks: 2 + (seed % 5),
  slack: (110 + Math.round((Math.floor(seed / 5) * 290) / 11)) / 100,
}));

/** The family as drawn (block count and slack from the seed). */
const DRAWN = Array.from({ length: 100 }, (_, i) => ({ seed: 1000 + i }));

/** What must hold of an answer, whatever the verdict: decided, and backed by a placement or a proof. */
function checkAnswer(t: Test, instance: PlacementInstance, result: PlacementResult, label: string): void {
  t.not(result.status, 'unknown', `${label}: decided`);
  if (result.status === 'feasible') t.same(verify(instance, result.pieces), [], `${label}: the placement verifies`);
  if (result.status === 'infeasible') {
    t.ok(result.certificate, `${label}: with a certificate`);
    t.ok(certificateText(certificateBytes(instance, result.certificate!)).length > 0, `${label}: that can be put in words`);
  }
}

t.test('every question of the grid (2–6 blocks × slack 1.1–4) is decided with the default options, as the class count says', async (t) => {
  const verdicts = { feasible: 0, infeasible: 0 };
  for (const options of GRID) {
    const instance = splitFamilyInstance(options);
    const result = solvePlacement(instance);
    const label = JSON.stringify(options);
    checkAnswer(t, instance, result, label);
    t.equal(result.status, fitsByClass(instance) ? 'feasible' : 'infeasible', `${label}: the verdict the class count gives`);
    if (result.status !== 'unknown') verdicts[result.status]++;
  }
  t.ok(verdicts.feasible > 0 && verdicts.infeasible > 0, `both verdicts occur (${JSON.stringify(verdicts)})`);
});

t.test('every question of the family as drawn is decided with the default options, as the class count says', async (t) => {
  for (const options of DRAWN) {
    const instance = splitFamilyInstance(options);
    const result = solvePlacement(instance);
    checkAnswer(t, instance, result, `seed ${options.seed}`);
    t.equal(result.status, fitsByClass(instance) ? 'feasible' : 'infeasible', `seed ${options.seed}: the verdict the class count gives`);
  }
});

t.test('a residue certificate names classes that really run short', async (t) => {
  let residueCertificates = 0;
  for (const options of [...GRID, ...DRAWN]) {
    const instance = splitFamilyInstance(options);
    const certificate = solvePlacement(instance).certificate;
    if (certificate?.kind !== 'residue') continue;
    residueCertificates++;
    const { need, offer } = classCounts(instance);
    const step = instance.splitAlignment;
    t.ok(certificate.need > certificate.offer, `seed ${options.seed}: need exceeds offer`);
    // Counts are constant inside a 256M class here, so each class the arc touches has exactly those counts.
    for (let slotClass = Math.floor(certificate.fromGranules / step); slotClass * step < certificate.toGranules; slotClass++) {
      t.equal(need[slotClass], certificate.need, `seed ${options.seed} class ${slotClass}: windows`);
      t.equal(offer[slotClass], certificate.offer, `seed ${options.seed} class ${slotClass}: free slots`);
    }
  }
  t.ok(residueCertificates > 0, `${residueCertificates} residue certificates checked`);
});

t.test('less free memory than the domain has is infeasible, with the totals as proof', async (t) => {
  for (let blocks = 2; blocks <= 6; blocks++) {
    for (const slack of [0.5, 0.99]) {
      const instance = splitFamilyInstance({ seed: blocks, blocks, slack });
      const result = solvePlacement(instance);
      t.equal(result.status, 'infeasible', `${blocks} blocks, slack ${slack}`);
      t.equal(result.certificate?.kind, 'total');
    }
  }
});

t.test('one more free range long enough for every block whole, each at its congruence, makes any question feasible', async (t) => {
  for (const options of GRID) {
    const instance = splitFamilyInstance(options);
    // Each block fits whole after at most alignment − 256M of padding; above every other range, 16G-aligned.
    const length = instance.blocks.reduce((sum, block) => sum + block.size + instance.alignment, 0);
    const last = instance.free.count - 1;
    const top = instance.free.start[last]! + instance.free.size[last]!;
    const start = (Math.floor(top / instance.alignment) + 2) * instance.alignment;
    const free = {
      count: instance.free.count + 1,
      start: Float64Array.of(...instance.free.start, start),
      size: Float64Array.of(...instance.free.size, length),
    };
    const widened = { ...instance, free };
    const result = solvePlacement(widened);
    t.equal(result.status, 'feasible', JSON.stringify(options));
    t.same(verify(widened, result.pieces), []);
  }
});
