import t from 'tap';
import { FreeMap } from '../../src/memory/free-map.js';
import { rangeColumns } from '../../src/memory/instance.js';
import { rangeClasses } from '../../src/solve/range-classes.js';

t.test('ranges of equal length and start residue share a class, in order of their first range', async (t) => {
  const map = FreeMap.fromColumns(
    rangeColumns([
      { pa: 3, size: 4 },
      { pa: 10, size: 4 },
      { pa: 19, size: 4 },
      { pa: 35, size: 4 },
      { pa: 51, size: 5 },
    ]),
  );
  t.same(rangeClasses(map, 16), [
    { length: 4, residue: 3, starts: [3, 19, 35] },
    { length: 4, residue: 10, starts: [10] },
    { length: 5, residue: 3, starts: [51] },
  ]);
});

t.test('an empty map has no classes', async (t) => {
  t.same(rangeClasses(FreeMap.fromColumns(rangeColumns([])), 8), []);
});
