import t from 'tap';
import { SeededRandom } from '../src/random.js';

function draws(seed: number, n: number): number[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: n }, () => random.uint32());
}

t.test('the same seed gives the same stream', (t) => {
  t.same(draws(42, 100), draws(42, 100));
  t.end();
});

t.test('nearby seeds, and seeds differing only above bit 32, give different streams', (t) => {
  t.not(draws(1, 4).join(), draws(2, 4).join());
  t.not(draws(1, 4).join(), draws(2 ** 32 + 1, 4).join());
  t.not(draws(0, 4).join(), draws(-1, 4).join());
  t.end();
});

t.test('the stream is pinned, so instances stay the same across versions', (t) => {
  t.same(draws(1, 3), [2442144158, 3238099751, 3819917871]);
  t.end();
});

t.test('uint32 covers both halves of the 32-bit range', (t) => {
  const values = draws(7, 1000);
  t.ok(values.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32));
  t.ok(values.some((v) => v >= 2 ** 31) && values.some((v) => v < 2 ** 31));
  t.end();
});

t.test('fraction is in [0, 1) and below/between stay in bounds', (t) => {
  const random = new SeededRandom(3);
  for (let i = 0; i < 2000; i++) {
    const f = random.fraction();
    t.ok(f >= 0 && f < 1);
    const b = random.below(7);
    t.ok(Number.isInteger(b) && b >= 0 && b < 7);
    const c = random.between(-2, 2);
    t.ok(Number.isInteger(c) && c >= -2 && c <= 2);
  }
  t.end();
});

t.test('logUniform stays in bounds and reaches every octave', (t) => {
  const random = new SeededRandom(5);
  const octaves = new Set<number>();
  for (let i = 0; i < 5000; i++) {
    const v = random.logUniform(3, 1000);
    t.ok(Number.isInteger(v) && v >= 3 && v <= 1000);
    octaves.add(Math.floor(Math.log2(v)));
  }
  t.same([...octaves].sort((x, y) => x - y), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  t.equal(random.logUniform(9, 9), 9);
  t.end();
});

t.test('shuffle permutes in place', (t) => {
  const random = new SeededRandom(9);
  const items = Array.from({ length: 50 }, (_, i) => i);
  const shuffled = random.shuffle(items);
  t.equal(shuffled, items);
  t.same([...items].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
  t.not(items.join(), Array.from({ length: 50 }, (_, i) => i).join());
  t.end();
});
