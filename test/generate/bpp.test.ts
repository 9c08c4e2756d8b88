import t from 'tap';
import { bppInstance } from '../../src/generate/bpp.js';
import { InputError } from '../../src/quantity.js';
import { instanceProblems } from './checker.js';

t.test('each bin is a free range of the capacity, one granule apart, so none coalesce', (t) => {
  const instance = bppInstance([3, 5, 2], 10, 3);
  t.same(Array.from(instance.free.start), [0, 11, 22]);
  t.same(Array.from(instance.free.size), [10, 10, 10]);
  t.equal(instance.free.count, 3);
  t.same(instanceProblems(instance), []);
  t.end();
});

t.test('each item is a block laid back to back in RA, with pa = ra', (t) => {
  const instance = bppInstance([3, 5, 2], 10, 2);
  t.same(instance.blocks, [
    { ra: 0, pa: 0, size: 3 },
    { ra: 3, pa: 3, size: 5 },
    { ra: 8, pa: 8, size: 2 },
  ]);
  t.end();
});

t.test('congruence constrains nothing: alignment and split alignment are one granule, strict mode', (t) => {
  const instance = bppInstance([1], 1, 1, 'Falkenauer_t60_00');
  t.equal(instance.alignment, 1);
  t.equal(instance.splitAlignment, 1);
  t.equal(instance.split, false);
  t.equal(instance.granuleBytes, 8192);
  t.equal(instance.domainName, 'Falkenauer_t60_00');
  t.equal(instance.targetName, '1 bins of 1');
  t.equal(bppInstance([1], 1, 1).domainName, 'bpp');
  t.end();
});

t.test('bad arguments are input errors naming the argument', (t) => {
  const cases: [() => unknown, string][] = [
    [() => bppInstance([1], 0, 1), 'capacity'],
    [() => bppInstance([1], 1.5, 1), 'capacity'],
    [() => bppInstance([1], 10, -1), 'bins'],
    [() => bppInstance([1, 0], 10, 1), 'weights[1]'],
    [() => bppInstance([11], 10, 1), 'weights[0]'],
  ];
  for (const [action, field] of cases) {
    try {
      action();
      t.fail(`${field}: no error`);
    } catch (error) {
      t.ok(error instanceof InputError && error.field === field, field);
    }
  }
  t.end();
});
