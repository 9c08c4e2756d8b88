import { readFileSync } from 'node:fs';
import t from 'tap';
import { place, placeInstance, verify } from '../src/place.js';
import type { PlacementQuestion } from '../src/formats/question.js';
import { InputError } from '../src/quantity.js';
import { parseInstance } from '../src/formats/instance-json.js';

const SEED = new URL('../examples/seed-2g-into-two-1g.json', import.meta.url);

/** The seed question built in code, as an embedding program would: bigints, strings and numbers mixed. */
const seed: PlacementQuestion = {
  granule: '8K',
  domain: { name: 'ldg-src', memory: [{ ra: 0x8000000n, pa: '0x208000000', size: '2G' }] },
  target: { name: 'dt212-239', free: [{ pa: 0x108000000, size: '1G' }, { pa: 0x188000000n, size: 2n ** 30n }] },
};

t.test('a question built in code: the seed is infeasible, with ldm\'s failed block in bytes', async (t) => {
  const answer = place(seed);
  t.equal(answer.status, 'infeasible');
  if (answer.status !== 'infeasible') return;
  t.same(answer.failedBlock, { index: 0, ra: 0x8000000n, pa: 0x208000000n, size: 2n ** 31n });
  t.equal(answer.certificate.kind, 'block');
  t.equal(answer.blockCount, 1);
});

t.test('the same question as file bytes or text gives the same answer', async (t) => {
  const bytes = readFileSync(SEED);
  const fromBytes = place(bytes, {}, 'seed.json');
  const fromText = place(bytes.toString('utf8'));
  t.same({ ...fromBytes, stats: undefined }, { ...fromText, stats: undefined });
  t.same({ ...fromBytes, stats: undefined }, { ...place(seed), stats: undefined });
});

t.test('split, it fits: placements are bytes sorted by RA, and the library verifies them', async (t) => {
  const answer = place({ ...seed, split: true, splitAlignment: '128M' });
  t.equal(answer.status, 'feasible');
  if (answer.status !== 'feasible') return;
  t.same(answer.placements, [
    { ra: 0x8000000n, pa: 0x108000000n, size: 2n ** 30n },
    { ra: 0x48000000n, pa: 0x188000000n, size: 2n ** 30n },
  ]);
  t.equal(answer.largestFreeLeft, 0n);
  t.same(verify({ ...seed, split: true, splitAlignment: '128M' }, answer.placements), []);
  const wrong = verify(seed, [{ ra: 0x8000000n, pa: 0x108000000n, size: 2n ** 31n }]);
  t.same(wrong.map((v) => v.rule), [2], 'the unsplit seed across two ranges is not in free memory');
});

t.test('verify accepts the question as bytes too', async (t) => {
  t.same(verify(readFileSync(SEED), [{ ra: 0x8000000n, pa: 0x108000000n, size: 2n ** 31n }]).map((v) => v.rule), [2]);
});

t.test('a misspelt field is an InputError naming it, in code as in files', async (t) => {
  const error = t.throws(() => place({ ...seed, alignmnet: '4M' } as unknown as PlacementQuestion)) as InputError;
  t.ok(error instanceof InputError);
  t.equal(error.field, 'alignmnet');
  const inFile = t.throws(() => place('{"domain": {"memroy": []}, "target": {"free": []}}', {}, 'q.json')) as InputError;
  t.match(inFile.message, /^q\.json: domain\.memroy: unknown field; did you mean "memory"\?/);
  t.throws(() => place({ ...seed, domain: { memory: [{ ra: -1n, size: '8K' }] } }), InputError, 'a negative bigint');
  t.throws(() => place({ ...seed, domain: { memory: [{ ra: 2n ** 64n, size: '8K' }] } }), InputError, 'a bigint past 2^64');
});

t.test('placeInstance answers an engine instance with its budget', async (t) => {
  const answer = placeInstance(parseInstance(readFileSync(SEED)), { nodeLimit: 10 });
  t.same(answer.budget, { timeLimitMs: Infinity, nodeLimit: 10 });
});
