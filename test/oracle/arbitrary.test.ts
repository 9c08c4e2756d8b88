import fc from 'fast-check';
import t from 'tap';
import { instanceFile, MAX_GENERATED_ITEMS, roomBelowTop, shifted, type InstanceFile, type Region } from './arbitrary.js';
import { bruteForce, oracleItems } from './brute-force.js';
import { readQuestion, TWO_POW_64, type OracleQuestion } from './question.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);
const GRANULES = [1n, 2n, 512n, 1024n, 2048n, 4096n, 8192n];

const read = (file: InstanceFile): OracleQuestion => readQuestion(JSON.parse(JSON.stringify(file)) as Record<string, unknown>);

/** Every address a question names: RAs, source PAs and free range starts. */
const addresses = (question: OracleQuestion): bigint[] => [
  ...question.blocks.flatMap((block) => [block.ra, block.pa]),
  ...question.free.map((range) => range.start),
];

t.test('generated files are valid instance files within the brute force’s reach', async (t) => {
  for (const granule of GRANULES) {
    for (const alignments of ['modest', 'large'] as const) {
      fc.assert(
        fc.property(instanceFile(granule, 'any', alignments), (file) => {
          const question = read(file);
          return question.granule === granule && oracleItems(question).length <= MAX_GENERATED_ITEMS;
        }),
        { numRuns: RUNS },
      );
    }
  }
  t.pass('valid');
});

t.test('regions: low questions stay below 2^40, top ones above 2^64 - 2^40, some span both, some ranges end at 2^64', async (t) => {
  const highest = (file: InstanceFile): bigint => addresses(read(file)).reduce((a, b) => (a > b ? a : b));
  const lowest = (file: InstanceFile): bigint => addresses(read(file)).reduce((a, b) => (a < b ? a : b));
  fc.assert(fc.property(instanceFile(8192n, 'low'), (file) => highest(file) < 1n << 40n), { numRuns: RUNS });
  fc.assert(fc.property(instanceFile(8192n, 'top'), (file) => lowest(file) > TWO_POW_64 - (1n << 40n)), { numRuns: RUNS });
  const both = fc.sample(instanceFile(1n, 'both'), RUNS);
  t.ok(both.some((file) => lowest(file) < 1n << 40n && highest(file) > TWO_POW_64 - (1n << 40n)), 'some questions span both ends');
  const atTheEdge = (file: InstanceFile): boolean => read(file).free.some((range) => range.end === TWO_POW_64);
  t.ok(fc.sample(instanceFile(2n, 'top'), RUNS).some(atTheEdge), 'some free ranges end exactly at 2^64');
});

t.test('the questions are a mix of feasible and infeasible ones', async (t) => {
  for (const region of ['low', 'top', 'both'] as Region[]) {
    const verdicts = fc.sample(instanceFile(4096n, region), RUNS).map((file) => bruteForce(JSON.parse(JSON.stringify(file))).feasible);
    t.ok(verdicts.includes(true) && verdicts.includes(false), region);
  }
});

t.test('quantities are written in every form the contract allows', async (t) => {
  const texts = fc.sample(instanceFile(8192n, 'any'), RUNS).map((file) => JSON.stringify(file));
  const forms: [string, RegExp][] = [
    ['hex', /"0x[0-9a-f]*[a-f][0-9a-f]*"/],
    ['hex, upper-case digits', /"0x[0-9A-F]*[A-F][0-9A-F]*"/],
    ['decimal string', /"[0-9]+"/],
    ['unit', /"[0-9]+[kmgtp]"/i],
    ['unit with B', /"[0-9]+[kmgtp]B"/i],
    ['JSON number', /: ?[0-9]+[,}]/],
    ['defaults omitted', /^\{"alignment"/],
  ];
  for (const [name, pattern] of forms) t.ok(texts.some((text) => pattern.test(text)), name);
});

t.test('shifted moves every address by the distance; roomBelowTop is the most that stays below 2^64', async (t) => {
  fc.assert(
    fc.property(instanceFile(1024n, 'any'), (file) => {
      const room = roomBelowTop(file);
      const question = read(file);
      if (room % question.alignment !== 0n) return false;
      const moved = read(shifted(file, room));
      const before = addresses(question);
      const after = addresses(moved);
      const highestEnd = [...moved.free.map((range) => range.end), ...moved.blocks.flatMap((b) => [b.ra + b.size, b.pa + b.size])]
        .reduce((a, b) => (a > b ? a : b));
      return after.every((address, i) => address === before[i]! + room) && highestEnd > TWO_POW_64 - question.alignment;
    }),
    { numRuns: RUNS },
  );
  t.pass('shifted');
});
