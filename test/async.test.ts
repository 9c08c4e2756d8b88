import { readFileSync } from 'node:fs';
import t from 'tap';
import { checkAsync, placeAsync, type Progress } from '../src/async.js';
import { place } from '../src/place.js';
import { InputError } from '../src/quantity.js';
import type { MigrationRequestFile } from '../src/migration/request-schema.js';
import { request } from './migration/fixtures.js';

const SEED = readFileSync(new URL('../examples/seed-2g-into-two-1g.json', import.meta.url));
// A tight question of 400 blocks that no stage decides in minutes (the batch pool's test holds it undecided too);
// the triplet question the CLI tests use is now decided by bin completion in seconds, too soon to abort.
const HARD = readFileSync(new URL('./fleet/fixtures/undecided-tight-400.json', import.meta.url));

t.test('placeAsync gives the answer place gives, bigints and all, off the event loop', async (t) => {
  const answer = await placeAsync(SEED, {}, 'seed.json');
  t.same({ ...answer, stats: undefined }, { ...place(SEED), stats: undefined });
  t.equal(answer.status, 'infeasible');
});

t.test('an AbortSignal stops the worker and rejects with its reason; progress is reported meanwhile', async (t) => {
  const controller = new AbortController();
  const progress: Progress[] = [];
  const running = placeAsync(HARD, {
    timeLimitMs: 600_000,
    signal: controller.signal,
    onProgress: (report) => {
      progress.push(report);
      if (progress.length === 2) controller.abort(new Error('enough'));
    },
  });
  await t.rejects(running, { message: 'enough' });
  t.equal(progress.length >= 2, true, 'progress came before the abort');
  t.ok(progress[1]!.nodes > 0 && progress[1]!.elapsedMs > 0);
});

t.test('an already aborted signal rejects at once', async (t) => {
  await t.rejects(placeAsync(SEED, { signal: AbortSignal.abort(new Error('no')) }), { message: 'no' });
});

t.test('bad input rejects with an InputError that keeps its field and file', async (t) => {
  const error = await placeAsync('{"domain": {"memroy": []}, "target": {"free": []}}', {}, 'q.json').catch((e: unknown) => e);
  t.ok(error instanceof InputError);
  t.equal((error as InputError).field, 'domain.memroy');
  t.equal((error as InputError).file, 'q.json');
});

t.test('a node budget is honoured in the worker', async (t) => {
  const answer = await placeAsync(HARD, { nodeLimit: 500 });
  t.equal(answer.status, 'unknown');
  if (answer.status === 'unknown') t.equal(answer.stoppedBy, 'node-limit');
});

t.test('checkAsync checks a request in a worker', async (t) => {
  const result = await checkAsync((request() as MigrationRequestFile));
  t.equal(result.status, 'ok');
  t.equal(result.placements.length > 0, true);
  t.equal(typeof result.placements[0]!.pa, 'bigint');
});
