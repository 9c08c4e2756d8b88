import t from 'tap';
import { columnHeight, paScale, pixelOf, rasterize, ticksOf } from '../../src/report/svg-scale.js';

const G = 1n << 30n;
const M = 1n << 20n;

t.test('paScale: the seed map, 0x108000000 to 0x1c8000000, rounds out to a 512M step', async (t) => {
  const scale = paScale(0x108000000n, 0x1c8000000n, 8192n, 1000, 125);
  t.equal(scale.step, 512n * M);
  t.equal(scale.from, 0x100000000n);
  t.equal(scale.to, 0x1e0000000n);
  t.ok((scale.to - scale.from) / scale.step <= 8n, 'at most width / spacing intervals');
  t.equal(pixelOf(scale, 0x100000000n), 0);
  t.equal(pixelOf(scale, 0x1e0000000n), 1000);
  t.same(ticksOf(scale), [0x100000000n, 0x120000000n, 0x140000000n, 0x160000000n, 0x180000000n, 0x1a0000000n, 0x1c0000000n, 0x1e0000000n]);
});

t.test('paScale: a wider step when rounding out adds intervals', async (t) => {
  // 3G from 1G needs a 1G step for 3 intervals, but [1G, 4G) rounded to 1G is 3 intervals: fits.
  t.equal(paScale(G, 4n * G, 8192n, 300, 100).step, G);
  // 1.5G to 4.5G: a 1G step rounds out to [1G, 5G), 4 intervals: the step doubles.
  const scale = paScale(G + G / 2n, 4n * G + G / 2n, 8192n, 300, 100);
  t.equal(scale.step, 2n * G);
  t.equal(scale.from, 0n);
  t.equal(scale.to, 6n * G);
});

t.test('paScale: a window ending at 2^64, and a step never below the granule', async (t) => {
  const top = 1n << 64n;
  const scale = paScale(top - 2n * G, top, 8192n, 800, 150);
  t.equal(scale.to, top);
  t.equal(scale.step, 512n * M, '2G in at most 5 intervals');
  t.equal(ticksOf(scale).at(-1), top);
  const tiny = paScale(0n, 8192n, 8192n, 800, 100);
  t.equal(tiny.step, 8192n);
  t.equal(tiny.to, 8192n);
  t.equal(paScale(0n, 8192n, 8192n, 50, 100).step, 8192n, 'narrower than one tick: one interval');
});

t.test('rasterize: intervals a pixel wide or more are drawn as they are', async (t) => {
  const raster = rasterize({ count: 2, x: Float64Array.of(0.5, 4), w: Float64Array.of(1, 3) }, 10);
  t.same(raster.exact, [0, 1]);
  t.same(Array.from(raster.cover), new Array(10).fill(0));
  t.same(Array.from(raster.dominant), new Array(10).fill(-1));
});

t.test('rasterize: narrower intervals add the part of each column they cover, at most a whole column', async (t) => {
  const raster = rasterize({ count: 4, x: Float64Array.of(0.25, 0.75, 2.75, 9.5), w: Float64Array.of(0.25, 0.5, 0.5, 0.75) }, 10);
  t.same(raster.exact, []);
  const cover = Array.from(raster.cover);
  t.same(cover.slice(0, 4), [0.5, 0.25, 0.25, 0.25]);
  t.equal(cover[9], 0.5 + 0.25, 'the part past the last column is counted in it');
  const full = rasterize({ count: 3, x: Float64Array.of(0, 0.4, 0.8), w: Float64Array.of(0.5, 0.5, 0.5) }, 2);
  t.equal(full.cover[0], 1, 'capped at 1 (rounding)');
});

t.test('rasterize: each column\'s main category by bytes, the lower one on a tie', async (t) => {
  const raster = rasterize(
    { count: 5, x: Float64Array.of(0, 0.5, 1.0, 1.5, 3.2), w: Float64Array.of(0.25, 0.5, 0.25, 0.25, 0.1), category: Int32Array.of(2, 1, 3, 0, 1) },
    4,
  );
  t.same(Array.from(raster.dominant), [1, 0, -1, 1]);
});

t.test('columnHeight: the fraction in whole pixels, at least one when anything is there', async (t) => {
  t.equal(columnHeight(0, 72), 0);
  t.equal(columnHeight(0.0001, 72), 1);
  t.equal(columnHeight(0.5, 72), 36);
  t.equal(columnHeight(1, 72), 72);
});
