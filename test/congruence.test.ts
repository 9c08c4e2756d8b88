import fc from 'fast-check';
import t from 'tap';
import { firstCongruent, lastCongruent, paddingTo, residue } from '../src/congruence.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);

/** The definitions, by exact integers: nothing shared with the code under test. */
function exactResidue(value: number, modulus: number): number {
  const r = BigInt(value) % BigInt(modulus);
  return Number(r < 0n ? r + BigInt(modulus) : r);
}

t.test('padding is the distance to the next congruent address', async (t) => {
  t.equal(paddingTo(10, 3, 8), 1);
  t.equal(paddingTo(11, 3, 8), 0);
  t.equal(paddingTo(12, 3, 8), 7);
});

t.test('a residue is never negative, whatever the sign of the value', async (t) => {
  t.equal(residue(13, 8), 5);
  t.equal(residue(-3, 8), 5);
  t.equal(residue(-8, 8), 0);
  t.ok(Object.is(residue(-8, 8), 0), 'not -0');
  t.equal(residue(0, 1), 0);
});

t.test('the first and last congruent addresses around a point', async (t) => {
  t.equal(firstCongruent(10, 3, 8), 11);
  t.equal(firstCongruent(11, 3, 8), 11, 'a congruent start is its own answer');
  t.equal(lastCongruent(10, 3, 8), 3);
  t.equal(lastCongruent(11, 3, 8), 11, 'a congruent point is its own answer');
  t.equal(lastCongruent(2, 3, 8), -5, 'below zero when the point is below the phase');
});

t.test('near 2^53 every result stays exact', async (t) => {
  const top = 2 ** 53;
  t.equal(residue(1 - (top - 64), 64), 1);
  t.equal(firstCongruent(top - 64, 1, 64), top - 63);
  t.equal(lastCongruent(top, 2 ** 50 - 64, 2 ** 50), top - 64);
  t.equal(residue(-(top - 1), 2 ** 52), 1, 'a power-of-two modulus: any value below 2^53');
  t.equal(residue(-(top - 3), 3), exactResidue(-(top - 3), 3), 'another modulus: value and modulus within 2^53');
});

const values = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), fc.maxSafeInteger());

t.test('property: residue agrees with exact integer arithmetic, power-of-two moduli below 2^53', async () => {
  const powers = fc.integer({ min: 0, max: 52 }).map((k) => 2 ** k);
  fc.assert(fc.property(values, powers, (value, modulus) => residue(value, modulus) === exactResidue(value, modulus)), { numRuns: runs * 10 });
});

t.test('property: residue agrees with exact integer arithmetic, any modulus within 2^53 of the value', async () => {
  const pairs = fc
    .tuple(values, fc.integer({ min: 1, max: 2 ** 40 }))
    .filter(([value, modulus]) => Math.abs(value) + modulus <= 2 ** 53);
  fc.assert(fc.property(pairs, ([value, modulus]) => residue(value, modulus) === exactResidue(value, modulus)), { numRuns: runs * 10 });
});

t.test('property: the congruent addresses are congruent, on the right side, and the nearest', async () => {
  const points = fc.integer({ min: 0, max: 2 ** 52 });
  const powers = fc.integer({ min: 0, max: 50 }).map((k) => 2 ** k);
  fc.assert(
    fc.property(points, powers, fc.nat(), (point, alignment, drawn) => {
      const phase = drawn % alignment;
      const up = firstCongruent(point, phase, alignment);
      const down = lastCongruent(point, phase, alignment);
      return (
        exactResidue(up, alignment) === phase &&
        exactResidue(down, alignment) === phase &&
        up >= point && up - point < alignment &&
        down <= point && point - down < alignment &&
        up - point === paddingTo(point, phase, alignment)
      );
    }),
    { numRuns: runs * 10 },
  );
});
