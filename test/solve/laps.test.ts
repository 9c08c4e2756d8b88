import t from 'tap';
import { searchLaps } from '../../src/solve/laps.js';

const NO_LIMIT = { nodeLimit: Infinity, deadline: Infinity };
const PERIOD = 10;

t.test('a job crossing into the next lap needs a lap linked to one: with none it is infeasible', async (t) => {
  // A [0, 5) fits anywhere; C [8, 13) crosses the period and no lap is linked to a next one.
  const jobs = [{ start: 0, size: 5 }, { start: 8, size: 5 }];
  const outcome = searchLaps(jobs, [{ from: 0, to: PERIOD, next: -1 }], 1, PERIOD, NO_LIMIT);
  t.equal(outcome.status, 'infeasible');
  // One node per depth: after A on the explicit whole lap fails, the identical pool lap is not tried again.
  t.equal(outcome.nodes, 2, 'a pool lap in the state of a lap already tried is skipped');
});

t.test('the same jobs fit when the whole lap continues into a next one', async (t) => {
  const jobs = [{ start: 0, size: 5 }, { start: 8, size: 5 }];
  const laps = [{ from: 0, to: PERIOD, next: 1 }, { from: 0, to: PERIOD, next: -1 }];
  const outcome = searchLaps(jobs, laps, 0, PERIOD, NO_LIMIT);
  t.equal(outcome.status, 'feasible');
  if (outcome.status === 'feasible') {
    t.equal(outcome.assignment.lap[1], 0, 'the crossing job starts on the linked lap');
    t.equal(outcome.assignment.opened, 0);
  }
});
