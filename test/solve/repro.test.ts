/**
 * The reproducers differential fuzzing found mishandled (fixtures/repro/,
 * copied from the shared reproducer folder with its README), each with the
 * verdict it must get. They are read as a user's file is: bytes through
 * `parseInstance`, then the solver, then the exact checker.
 */
import { readFileSync, readdirSync } from 'node:fs';
import t from 'tap';
import { parseInstance } from '../../src/formats/instance-json.js';
import { verify } from '../../src/memory/verify.js';
import { solvePlacement } from '../../src/solve/place.js';

const directory = new URL('./fixtures/repro/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', directory), 'utf8')) as Record<string, string>;
const files = readdirSync(directory).filter((name) => name.endsWith('.json') && name !== 'expected.json').sort();

function solveFile(name: string, strategy: 'auto' | 'search' = 'auto') {
  const instance = parseInstance(readFileSync(new URL(name, directory), 'utf8'), name);
  return { instance, result: solvePlacement(instance, { strategy }) };
}

for (const name of files) {
  const want = expected[name];
  if (want === undefined) continue;
  t.test(`${name} is ${want}`, async (t) => {
    const { instance, result } = solveFile(name);
    t.equal(result.status, want);
    if (result.status === 'feasible') t.same(verify(instance, result.pieces), []);
    if (result.status === 'infeasible') t.ok(result.certificate, 'with a certificate');
  });
}

t.test('granule1k-near-2pow64-rejected.json is read and decided, not refused', async (t) => {
  const { instance, result } = solveFile('granule1k-near-2pow64-rejected.json');
  t.not(result.status, 'unknown');
  if (result.status === 'feasible') t.same(verify(instance, result.pieces), []);
});

t.test('granule2k-search-invalid-placement.json: the exact search alone gives a valid placement too', async (t) => {
  const { instance, result } = solveFile('granule2k-search-invalid-placement.json', 'search');
  t.equal(result.status, 'feasible');
  t.same(verify(instance, result.pieces), []);
});
