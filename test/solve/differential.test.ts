/**
 * Differential fuzzing of the whole `place --json` path against the exact
 * BigInt oracle of test/oracle/, at every granule from 1 byte to 8K, with
 * questions near 0, near 2^64, and spanning both (issue 7). Each question is
 * written as instance-file text and answered as a user's program would:
 * `parseInstance`, `solvePlacement`, `placementJson`.
 *
 * `FUZZ_RUNS` sets the runs of each property (default 200); `FUZZ_SEED`
 * replays the seed a failure printed.
 */
import fc from 'fast-check';
import t, { type Test } from 'tap';
import { placementAnswer } from '../../src/solve/answer.js';
import { parseInstance } from '../../src/formats/instance-json.js';
import { placementJson, type PlacementJson } from '../../src/report/placement-json.js';
import { solvePlacement } from '../../src/solve/place.js';
import type { SolveOptions } from '../../src/solve/result.js';
import { instanceFile, roomBelowTop, shifted, type AlignmentRange, type InstanceFile, type Region } from '../oracle/arbitrary.js';
import { bruteForce } from '../oracle/brute-force.js';
import { checkAnswer } from '../oracle/check.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);
/** Set `FUZZ_SEED` to the seed a failure printed to replay it. */
const FUZZ_SEED = process.env['FUZZ_SEED'] === undefined ? {} : { seed: Number(process.env['FUZZ_SEED']) };

/** Generous for questions of at most 12 items: `unknown` means the solver gave up, not that time ran out. */
const OPTIONS: SolveOptions = { timeLimitMs: 60_000 };

const KiB = 1024n;
const GRANULES = [1n, 2n, 512n, KiB, 2n * KiB, 4n * KiB, 8n * KiB];

/**
 * The properties the product fails today (issue 7); their assertions are
 * `todo` until the fix lands: they run, and print their counterexample, but
 * do not fail the suite. Remove an entry once its property passes.
 * - granules below 2K near 2^64, and alignments of 2^53 granules or more:
 *   refused ("beyond 2^53 granules"), or a placement that is not congruent;
 * - granule 2K near 2^64: pieces past 2^64 (`placementJson` then throws),
 *   rarely (about 1 question in 1,000 of these).
 */
const KNOWN_FAILURES: ReadonlySet<string> = new Set<string>([]);
const ISSUE_7 = { todo: 'issue 7: fixed by the frame work' };

const granuleName = (granule: bigint): string => (granule >= KiB ? `${granule / KiB}K` : `${granule}`);

/**
 * Answer a question as a program embedding the library would:
 * `parseInstance` on the file's text, `solvePlacement`, `placementJson`.
 * What threw, and in which call, when one did.
 */
function place(file: InstanceFile): PlacementJson | string {
  let stage = 'parseInstance';
  try {
    const instance = parseInstance(JSON.stringify(file, null, 1), 'fuzz.json');
    stage = 'solvePlacement';
    const result = solvePlacement(instance, OPTIONS);
    stage = `placementJson, after solvePlacement answered ${result.status},`;
    return placementJson(placementAnswer(instance, result, OPTIONS));
  } catch (error) {
    return `${stage} threw: ${String(error)}`;
  }
}

/**
 * Why the product's answer to `file` breaks the contract, or undefined:
 * (a) it throws (the generator writes valid input only), (b) it answers
 * `unknown` within a generous budget, (c) its verdict differs from the
 * oracle's, (d) its document or placement fails the exact checker.
 */
function contractBreach(file: InstanceFile): string | undefined {
  const parsed = JSON.parse(JSON.stringify(file)) as Record<string, unknown>;
  const truth = bruteForce(parsed).feasible ? 'feasible' : 'infeasible';
  const answer = place(file);
  if (typeof answer === 'string') return `(a) ${answer} (the oracle: ${truth})`;
  if (answer.status === 'unknown') return `(b) unknown within ${OPTIONS.timeLimitMs} ms: ${answer.message}`;
  if (answer.status !== truth) return `(c) answered ${answer.status}, the oracle says ${truth}`;
  const problems = checkAnswer(parsed, answer);
  return problems.length === 0 ? undefined : `(d) the checker rejects the answer: ${problems.join('; ')}`;
}

/**
 * Run `property` and make one assertion of its outcome, `todo` when the
 * property is a known failure; a failure's shrunk counterexample is
 * printed as a comment, ready to save as a regression file.
 */
function assertProperty(t: Test, name: string, property: fc.IProperty<[InstanceFile]>): void {
  const outcome = fc.check(property, { numRuns: FUZZ_RUNS, ...FUZZ_SEED });
  const known = KNOWN_FAILURES.has(name);
  if (outcome.failed) {
    const [file] = outcome.counterexample ?? [];
    t.comment(`${name}: ${String(outcome.errorInstance)}`);
    t.comment(`counterexample (seed ${outcome.seed}, path "${outcome.counterexamplePath}"):\n${JSON.stringify(file, null, 1)}`);
  }
  t.notOk(outcome.failed, name, known ? ISSUE_7 : {});
}

const breachProperty = (granule: bigint, region: Region | 'any', alignments: AlignmentRange): fc.IProperty<[InstanceFile]> =>
  fc.property(instanceFile(granule, region, alignments), (file) => {
    const breach = contractBreach(file);
    if (breach !== undefined) throw new Error(breach);
  });

t.test('the verdict equals the oracle and every feasible answer checks, at every granule, near 0 and near 2^64', async (t) => {
  for (const granule of GRANULES) {
    for (const region of ['low', 'top', 'both'] as const) {
      assertProperty(t, `granule ${granuleName(granule)}, ${region}`, breachProperty(granule, region, 'modest'));
    }
  }
});

t.test('the same with large alignments (256M, 16G, 2^63) anywhere in the space', async (t) => {
  for (const granule of GRANULES) {
    assertProperty(t, `granule ${granuleName(granule)}, large alignment`, breachProperty(granule, 'any', 'large'));
  }
});

/** The answer's placement moved by `distance`, as the contract writes it. */
const movedBy = (answer: PlacementJson, distance: bigint): PlacementJson['placements'] =>
  answer.placements.map((piece) => ({
    ra: `0x${(BigInt(piece.ra) + distance).toString(16)}`,
    pa: `0x${(BigInt(piece.pa) + distance).toString(16)}`,
    size: piece.size,
  }));

const verdictOf = (answer: PlacementJson | string): string => (typeof answer === 'string' ? answer : answer.status);

const shiftProperty = (granule: bigint): fc.IProperty<[InstanceFile]> =>
  fc.property(instanceFile(granule, 'low'), (file) => {
    const distance = roomBelowTop(file);
    fc.pre(distance > 0n);
    const low = place(file);
    const high = place(shifted(file, distance));
    if (typeof low === 'string' || typeof high === 'string') throw new Error(`near 0: ${verdictOf(low)}; near 2^64: ${verdictOf(high)}`);
    if (low.status !== high.status) throw new Error(`near 0 ${low.status}, moved by 0x${distance.toString(16)} ${high.status}`);
    const expected = JSON.stringify(movedBy(low, distance));
    if (JSON.stringify(high.placements) !== expected) {
      throw new Error(`moved by 0x${distance.toString(16)}, the placement is ${JSON.stringify(high.placements)}, not ${expected}`);
    }
  });

t.test('moving a question by a multiple of its alignment to the top of the space moves its answer alike', async (t) => {
  for (const granule of [1n, KiB, 8n * KiB]) {
    assertProperty(t, `shift to 2^64, granule ${granuleName(granule)}`, shiftProperty(granule));
  }
});
