import t from 'tap';
import { bppInstance } from '../../src/generate/bpp.js';
import { FreeMap } from '../../src/memory/free-map.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { certificateBytes, placementAnswer } from '../../src/solve/answer.js';
import { certificateText } from '../../src/solve/certificate-text.js';
import { columnGeneration } from '../../src/solve/colgen.js';
import { CHECK_CELL_LIMIT, type DualWeights, roundedWeights, verifyDualWeights } from '../../src/solve/dual-weights.js';
import { finestPieces, MAX_ITEMS, wholeBlocks } from '../../src/solve/items.js';
import { itemTypes } from '../../src/solve/pricing.js';
import { solvePlacement } from '../../src/solve/place.js';
import { makeInstance } from './arbitrary.js';

/** 42 granules in two ranges of 21 with no subset summing to 21: only a weighting proves it. */
const NO_EXACT_SPLIT = bppInstance([4, 6, 7, 6, 6, 13], 21, 2);

function proof(instance: PlacementInstance): DualWeights {
  const outcome = columnGeneration(wholeBlocks(instance), FreeMap.fromColumns(instance.free), instance.alignment, Infinity);
  if (outcome.status !== 'proven') throw new Error('expected a proof');
  return outcome.certificate;
}

t.test('the seed of this module: the certificate checks, and every number is recomputed', async (t) => {
  const certificate = proof(NO_EXACT_SPLIT);
  t.same(verifyDualWeights(NO_EXACT_SPLIT, certificate), []);
  t.equal(certificate.total, certificate.items.reduce((sum, item) => sum + item.weight, 0));
  t.equal(certificate.offer, certificate.classes.reduce((sum, c) => sum + c.ranges * c.capacity, 0));
  t.ok(certificate.total > certificate.offer);
});

t.test('tampered certificates are refused', async (t) => {
  const good = proof(NO_EXACT_SPLIT);
  const first = good.items[0]!;
  const rest = good.items.slice(1);
  const cases: Record<string, DualWeights> = {
    'every item heavier, capacities kept': { ...good, items: good.items.map((item) => ({ ...item, weight: item.weight + 1 })), total: good.total + good.items.length },
    'a total not the sum': { ...good, total: good.total + 1 },
    'a smaller capacity': { ...good, classes: good.classes.map((c) => ({ ...c, capacity: c.capacity - 1 })), offer: good.offer - 2 },
    'a wrong range count': { ...good, classes: good.classes.map((c) => ({ ...c, ranges: c.ranges - 1 })) },
    'a class the map lacks': { ...good, classes: [...good.classes, { length: 5, residue: 0, ranges: 1, capacity: 0 }] },
    'a class left out': { ...good, classes: [] },
    'an offer not the sum': { ...good, offer: good.offer - 1 },
    'an item that is not one': { ...good, items: [{ ...first, ra: first.ra + 1 }, ...rest] },
    'an item of another size': { ...good, items: [{ ...first, size: first.size + 1 }, ...rest] },
    'an item listed twice': { ...good, items: [first, first, ...rest] },
    'a weight that is not a positive integer': { ...good, items: [{ ...first, weight: 0.5 }, ...rest] },
    'a zero weight': { ...good, items: [{ ...first, weight: 0 }, ...rest] },
  };
  for (const [name, certificate] of Object.entries(cases)) t.not(verifyDualWeights(NO_EXACT_SPLIT, certificate).length, 0, name);
});

t.test('weights that prove nothing are refused, even when every number is right', async (t) => {
  const certificate: DualWeights = {
    kind: 'dual-weights',
    items: [{ ra: 0, size: 4, weight: 1 }],
    classes: [{ length: 21, residue: 0, ranges: 2, capacity: 1 }],
    total: 1,
    offer: 2,
  };
  t.same(verifyDualWeights(NO_EXACT_SPLIT, certificate), ['the items weigh 1, no more than the 2 the ranges carry']);
});

t.test('a question the checker cannot rebuild is refused', async (t) => {
  const certificate = proof(NO_EXACT_SPLIT);
  const manyPieces = makeInstance({ alignment: 1, split: true, splitAlignment: 1, blocks: [{ ra: 0, pa: 0, size: MAX_ITEMS + 1 }], free: [{ pa: 0, size: 4 }] });
  t.match(verifyDualWeights(manyPieces, certificate), ['too many finest pieces to rebuild the items']);
  const long = makeInstance({ alignment: 1, blocks: [{ ra: 0, pa: 0, size: 1 }, { ra: 1, pa: 0, size: 1 }], free: [{ pa: 0, size: CHECK_CELL_LIMIT * 2 }] });
  t.ok(verifyDualWeights(long, { ...certificate, items: [{ ra: 0, size: 1, weight: 1 }] }).some((problem) => /cannot recompute/.test(problem)));
});

t.test('split mode: a certificate over finest pieces checks against the pieces', async (t) => {
  // Alignment 2, pieces cut every 2: four pieces of 2 at phase 1 in two ranges [0,4) hold one each.
  const instance = makeInstance({ alignment: 2, split: true, splitAlignment: 2, blocks: [{ ra: 0, pa: 1, size: 8 }], free: [{ pa: 0, size: 4 }, { pa: 8, size: 4 }] });
  const items = finestPieces(instance)!;
  const outcome = columnGeneration(items, FreeMap.fromColumns(instance.free), instance.alignment, Infinity);
  if (outcome.status !== 'proven') return t.fail('expected a proof');
  t.ok(outcome.certificate.items.every((item) => item.size === 2), 'weights on the pieces');
  t.same(verifyDualWeights(instance, outcome.certificate), []);
});

t.test('off-alignment sizes use the first-pad rule, and the checker agrees', async (t) => {
  // Alignment 4, sizes 3: a range [0, 5) holds one 3-block at phase 1 (1..4); three such need three ranges.
  const blocks = [0, 1, 2].map((i) => ({ ra: 3 * i, pa: 1, size: 3 }));
  const instance = makeInstance({ alignment: 4, blocks, free: [{ pa: 0, size: 5 }, { pa: 8, size: 5 }] });
  const certificate = proof(instance);
  t.same(verifyDualWeights(instance, certificate), []);
});

t.test('no scale makes weights of zero prove anything', async (t) => {
  const items = wholeBlocks(NO_EXACT_SPLIT);
  const { types, typeOf } = itemTypes(items);
  t.equal(roundedWeights(items, typeOf, types, [{ length: 21, residue: 0, ranges: 2 }], new Float64Array(types.count), 1), undefined);
});

t.test('a class too long to price gives no certificate', async (t) => {
  const items = wholeBlocks(NO_EXACT_SPLIT);
  const { types, typeOf } = itemTypes(items);
  const huge = [{ length: 2 ** 40, residue: 0, ranges: 1 }];
  t.equal(roundedWeights(items, typeOf, types, huge, new Float64Array(types.count).fill(1), 1), undefined);
});

t.test('the solver answers with the certificate when the cheap bounds cannot prove it', async (t) => {
  const result = solvePlacement(NO_EXACT_SPLIT);
  t.equal(result.status, 'infeasible');
  t.equal(result.certificate?.kind, 'dual-weights');
  t.equal(result.stats.decidedBy, 'bounds');
  const answer = placementAnswer(NO_EXACT_SPLIT, result);
  if (answer.status !== 'infeasible' || answer.certificate.kind !== 'dual-weights') return t.fail('expected dual-weights in bytes');
  t.equal(answer.certificate.items[0]!.ra, 0n);
  t.equal(answer.certificate.items[0]!.size, 4n * 8192n);
  t.equal(answer.certificate.classes[0]!.size, 21n * 8192n);
  t.match(certificateText(answer.certificate), /the blocks weigh \d+ in all; a free range holds at most: 168K at PA ≡ 0x0 \(mod 8K\), 2 ranges, \d+ each; \d+ together/);
});

t.test('the sentence names the three classes that carry the most and counts the rest', async (t) => {
  const certificate: DualWeights = {
    kind: 'dual-weights',
    items: [{ ra: 0, size: 1, weight: 9 }, { ra: 1, size: 2, weight: 20 }],
    classes: [1, 2, 3, 4, 5].map((k) => ({ length: k, residue: 0, ranges: 1, capacity: k })),
    total: 29,
    offer: 15,
  };
  const text = certificateText(certificateBytes(NO_EXACT_SPLIT, certificate));
  t.match(text, /the heaviest, the 16K item at RA 0x2000, weighs 20/);
  t.match(text, /40K at PA ≡ 0x0 \(mod 8K\), 1 range, 5 each; 32K .*; 24K .*; 2 more classes; 15 together/);
  const four = certificateText(certificateBytes(NO_EXACT_SPLIT, { ...certificate, classes: certificate.classes.slice(0, 4) }));
  t.match(four, /1 more class;/);
});
