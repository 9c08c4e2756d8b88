import fc from 'fast-check';
import t from 'tap';
import { packSet } from '../../src/solve/in-range.js';
import { allMultiples, heaviestSet, type ItemTypes, itemTypes, PRICING_CELL_LIMIT } from '../../src/solve/pricing.js';
import type { Items } from '../../src/solve/items.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);

function typesOf(list: readonly { size: number; phase: number; demand: number }[]): ItemTypes {
  return {
    count: list.length,
    size: Float64Array.from(list, (x) => x.size),
    phase: Float64Array.from(list, (x) => x.phase),
    demand: Float64Array.from(list, (x) => x.demand),
  };
}

/** Does the multiset `counts` fit a range `[residue, residue + length)`? By in-range.ts, exact for these small sets. */
function fits(types: ItemTypes, counts: readonly number[], residue: number, length: number, alignment: number): boolean {
  const members: number[] = [];
  counts.forEach((count, t) => {
    for (let k = 0; k < count; k++) members.push(t);
  });
  const outcome = packSet(residue, residue + length, members.map((_, i) => i), members.map((t) => types.size[t]!), members.map((t) => types.phase[t]!), alignment);
  return outcome.fits;
}

/** The heaviest fitting multiset, by trying every one. */
function bruteBest(types: ItemTypes, weights: readonly number[], residue: number, length: number, alignment: number): number {
  const counts = new Array<number>(types.count).fill(0);
  let best = 0;
  const walk = (t: number): void => {
    if (t === types.count) {
      if (fits(types, counts, residue, length, alignment)) best = Math.max(best, counts.reduce((sum, c, i) => sum + c * Math.max(0, weights[i]!), 0));
      return;
    }
    for (let c = 0; c <= types.demand[t]!; c++) {
      counts[t] = c;
      walk(t + 1);
    }
    counts[t] = 0;
  };
  walk(0);
  return best;
}

const question = (multiples: boolean) =>
  fc.constantFrom(1, 2, 4, 8).chain((alignment) =>
    fc.record({
      alignment: fc.constant(alignment),
      types: fc.array(
        fc.record({
          size: multiples ? fc.integer({ min: 1, max: 4 }).map((u) => u * alignment) : fc.integer({ min: 1, max: 12 }),
          phase: fc.nat(alignment - 1),
          demand: fc.integer({ min: 1, max: 3 }),
        }),
        { minLength: 1, maxLength: 4 },
      ).filter((list) => list.reduce((sum, x) => sum + x.demand, 0) <= 9),
      weights: fc.array(fc.integer({ min: -2, max: 9 }), { minLength: 4, maxLength: 4 }),
      residue: fc.nat(alignment - 1),
      length: fc.integer({ min: 1, max: 40 }),
    }),
  );

t.test('every size a multiple of the alignment: the heaviest set equals the brute force, and fits', async () => {
  fc.assert(
    fc.property(question(true), ({ alignment, types: list, weights, residue, length }) => {
      const types = typesOf(list);
      const priced = heaviestSet(types, { length, residue }, weights, alignment)!;
      const counts = Array.from(priced.counts);
      const weight = counts.reduce((sum, c, i) => sum + c * weights[i]!, 0);
      return (
        priced.weight === bruteBest(types, weights, residue, length, alignment) &&
        weight === priced.weight &&
        counts.every((c, i) => c <= types.demand[i]! && (c === 0 || weights[i]! > 0)) &&
        fits(types, counts, residue, length, alignment)
      );
    }),
    { numRuns: runs },
  );
});

t.test('sizes off the alignment: the heaviest set bounds the brute force from above', async () => {
  fc.assert(
    fc.property(question(false), ({ alignment, types: list, weights, residue, length }) => {
      const types = typesOf(list);
      const priced = heaviestSet(types, { length, residue }, weights, alignment)!;
      const weight = Array.from(priced.counts).reduce((sum, c, i) => sum + c * weights[i]!, 0);
      return priced.weight >= bruteBest(types, weights, residue, length, alignment) && weight === priced.weight;
    }),
    { numRuns: runs },
  );
});

t.test('the first item pays its pad: one type whose pad leaves too little room is left out', async (t) => {
  // Alignment 4, range at residue 0 of length 6; sizes 3 (not multiples): phase 3 pads 3, so 3 + 3 ≤ 6 fits; phase 1 pads 1.
  const types = typesOf([{ size: 3, phase: 3, demand: 2 }, { size: 5, phase: 2, demand: 1 }]);
  const priced = heaviestSet(types, { length: 6, residue: 0 }, [1, 10], 4)!;
  t.equal(priced.weight, 1, 'the size-5 type needs 2 + 5 > 6 and cannot enter');
  t.same(Array.from(priced.counts), [1, 0]);
});

t.test('no type with positive weight: the empty set', async (t) => {
  const priced = heaviestSet(typesOf([{ size: 2, phase: 0, demand: 1 }]), { length: 8, residue: 0 }, [0], 1)!;
  t.equal(priced.weight, 0);
  t.same(Array.from(priced.counts), [0]);
});

t.test('a range too long for the table in the sizes gcd: no answer rather than a huge table', async (t) => {
  const types = typesOf([{ size: 1, phase: 0, demand: 2 ** 30 }]);
  t.equal(heaviestSet(types, { length: PRICING_CELL_LIMIT * 4, residue: 0 }, [1], 1), undefined);
});

t.test('item types: equal (size, phase) items share a type, largest first', async (t) => {
  const items: Items = {
    count: 4,
    size: Float64Array.from([2, 4, 2, 2]),
    phase: Float64Array.from([1, 0, 1, 0]),
    ra: new Float64Array(4),
    block: new Int32Array(4),
  };
  const { types, typeOf } = itemTypes(items);
  t.same(Array.from(types.size), [4, 2, 2]);
  t.same(Array.from(types.phase), [0, 0, 1]);
  t.same(Array.from(types.demand), [1, 1, 2]);
  t.same(Array.from(typeOf), [2, 0, 2, 1]);
  t.ok(allMultiples(types, 2));
  t.notOk(allMultiples(types, 4));
});
