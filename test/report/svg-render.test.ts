/**
 * The memory map as a person sees it: documents rendered by headless
 * Chromium (Debian's `chromium`, driven by playwright-core), and the
 * screenshot's pixels checked where the map says things are: the seed's two
 * 1G free ranges, the gap between them, the failed 2G block in its lane and
 * the marker at its first congruent PA; a split answer's two pieces in
 * their block's colour inside the ranges; the million-range map's free
 * fraction. Positions are computed here from the PAs and the window the map
 * publishes, not read from the rectangles drawn.
 *
 * Skipped, saying so, where `/usr/bin/chromium` is not installed (`.ci/run`
 * installs it).
 */
import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import { parseInstance } from '../../src/formats/instance-json.js';
import { generateInstance } from '../../src/generate/generate.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { placeInstance } from '../../src/place.js';
import { MAP_COLOURS, placementSvg } from '../../src/report/svg.js';
import type { Rendering, SvgRenderer } from '../../scripts/chromium.js';
import { CHROMIUM, chromiumInstalled } from '../../scripts/chromium-path.js';
import { mapElements, mapGeometry, type MapGeometry } from './svg-dom.js';

const G = 1n << 30n;
const M = 1n << 20n;

function example(name: string): PlacementInstance {
  return parseInstance(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8'), name);
}

function rgb(hex: string): [number, number, number] {
  return [0, 2, 4].map((at) => parseInt(hex.slice(1 + at, 3 + at), 16)) as [number, number, number];
}

/** The pixel at (x, y) is `colour`, give or take 6 a channel (the renderer's colour management). */
function colourAt(t: Test, shot: Rendering, x: number, y: number, colour: string, what: string): void {
  const seen = shot.pixel(x, y);
  const want = rgb(colour);
  const near = seen.every((channel, k) => Math.abs(channel - want[k]!) <= 6);
  t.ok(near, `${what}: pixel (${Math.round(x)}, ${Math.round(y)}) is rgb(${seen.join(', ')}), wanted ${colour}`);
}

if (!chromiumInstalled()) {
  t.plan(0, `${CHROMIUM} is not installed (Debian package chromium; .ci/run installs it when run as root)`);
} else {
  let renderer: SvgRenderer;
  t.before(async () => {
    // Loaded only here: without Chromium the driver is neither needed nor counted in coverage.
    const { startRenderer } = await import('../../scripts/chromium.js');
    renderer = await startRenderer();
  });
  t.teardown(async () => renderer.close());

  /** A PA a fraction of the way through `[pa, pa + size)`, in picture pixels. */
  const through = (map: MapGeometry, pa: bigint, size: bigint, fraction: number): number => map.xOf(pa + (size * BigInt(Math.round(fraction * 1000))) / 1000n);

  t.test('the renderer reads documents as XML: one that is not well-formed is refused, as is one without a size', async (t) => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">';
    await t.rejects(renderer.render(`${svg}<rect width="5" height="5"></svg>`), /did not read the document as SVG/);
    await t.rejects(renderer.render('<svg xmlns="http://www.w3.org/2000/svg"/>'), /no <svg width height>/);
    const shot = await renderer.render(`${svg}<rect width="10" height="10" fill="#ff0000"/></svg>`);
    t.same([shot.width, shot.height], [20, 10]);
    t.same(shot.pixel(4, 4), [255, 0, 0]);
  });

  t.test('the seed: two 1G free ranges with memory that is not free between them', async (t) => {
    const svg = placementSvg(example('seed-2g-into-two-1g.json'), placeInstance(example('seed-2g-into-two-1g.json')));
    const shot = await renderer.render(svg);
    const map = mapGeometry(svg);
    t.equal(shot.width, 1200);
    // Sample away from the labels: near the band's top, three quarters of the way along.
    const y = map.y + 12;
    colourAt(t, shot, through(map, 0x108000000n, G, 0.75), y, MAP_COLOURS.free, 'inside the first range');
    colourAt(t, shot, through(map, 0x188000000n, G, 0.5), y, MAP_COLOURS.free, 'inside the second range');
    colourAt(t, shot, through(map, 0x148000000n, G, 0.5), y, MAP_COLOURS.notFree, 'the 1G between them');
    colourAt(t, shot, map.xOf(0x1c8000000n) + 8, y, MAP_COLOURS.notFree, 'past the last range');
    colourAt(t, shot, map.x - 4, y, MAP_COLOURS.paper, 'left of the map');
  });

  t.test('the seed: the failed 2G block from its congruent start, held for 1G, short by 1G, and the marker', async (t) => {
    const svg = placementSvg(example('seed-2g-into-two-1g.json'), placeInstance(example('seed-2g-into-two-1g.json')));
    const shot = await renderer.render(svg);
    const map = mapGeometry(svg);
    const laneTop = Math.min(...mapElements(svg).filter((element) => element.fill === MAP_COLOURS.fail && element.tag === 'rect').map((element) => Number(element.attributes['y'])));
    t.ok(laneTop > map.y + map.height, 'the lane is under the band');
    const y = laneTop + 2;
    colourAt(t, shot, through(map, 0x108000000n, G, 0.85), y, MAP_COLOURS.failRoom, 'the part the best range holds');
    colourAt(t, shot, through(map, 0x148000000n, G, 0.5), y, MAP_COLOURS.fail, 'the part past the range\'s end');
    colourAt(t, shot, map.xOf(0x188000000n) + 6, y, MAP_COLOURS.paper, 'nothing after the block\'s end');
    colourAt(t, shot, map.xOf(0x108000000n) - 6, y, MAP_COLOURS.paper, 'nothing before its start');
    colourAt(t, shot, map.xOf(0x108000000n), map.y - 6, MAP_COLOURS.fail, 'the marker above the band at 0x108000000');
    colourAt(t, shot, map.xOf(0x108000000n), map.y + map.height / 2, MAP_COLOURS.fail, 'the marker through the band');
    colourAt(t, shot, through(map, 0x108000000n, G, 0.5), map.y + 1, MAP_COLOURS.fail, 'the best range outlined');
    colourAt(t, shot, through(map, 0x188000000n, G, 0.5), map.y + 1, MAP_COLOURS.free, 'the other range not outlined');
  });

  t.test('a feasible split: the two pieces in their block\'s colour inside the two ranges', async (t) => {
    const instance = example('split-2g-into-two-1g.json');
    const svg = placementSvg(instance, placeInstance(instance));
    const shot = await renderer.render(svg);
    const map = mapGeometry(svg);
    const blockColour = '#1f77b4';
    for (const pa of [0x108000000n, 0x188000000n]) {
      colourAt(t, shot, through(map, pa, G, 0.75), map.y + 6, blockColour, `the piece at ${pa.toString(16)}`);
      colourAt(t, shot, through(map, pa, G, 0.75), map.y + map.height - 3, MAP_COLOURS.free, `the range under it`);
    }
    colourAt(t, shot, through(map, 0x148000000n, G, 0.5), map.y + 6, MAP_COLOURS.notFree, 'nothing placed between the ranges');
  });

  t.test('bound memory in its owner\'s colour beside the free ranges', async (t) => {
    const instance = example('feasible-three-blocks.json');
    const bound = [{ pa: 0x440000000n, size: G, owner: 'ldg1' }, { pa: 0x208000000n, size: 256n * M, owner: '_sys_' }];
    const svg = placementSvg(instance, placeInstance(instance), { bound });
    const shot = await renderer.render(svg);
    const map = mapGeometry(svg);
    colourAt(t, shot, through(map, 0x440000000n, G, 0.2), map.y + 6, '#c9b79c', 'ldg1\'s memory');
    colourAt(t, shot, through(map, 0x208000000n, 256n * M, 0.5), map.y + 6, '#b0b0d6', '_sys_\'s memory');
    colourAt(t, shot, through(map, 0x108000000n, 4n * G, 0.5), map.y + 6, '#1f77b4', 'the 4G block in the first colour');
    colourAt(t, shot, through(map, 0x218000000n, 2n * G, 0.9), map.y + 6, '#ff7f0e', 'the 2G block in the second');
  });

  t.test('a million free ranges: each pixel column as free as its share, ticks for the pieces; size and time', async (t) => {
    const instance = generateInstance({ seed: 1, ranges: 1_000_000, blocks: 1000 });
    const started = performance.now();
    const svg = placementSvg(instance, placeInstance(instance));
    const drawMs = performance.now() - started;
    const shot = await renderer.render(svg);
    t.comment(`1M ranges: ${Buffer.byteLength(svg)} bytes, drawn in ${drawMs.toFixed(0)} ms, rendered in ${shot.ms.toFixed(0)} ms`);
    const map = mapGeometry(svg);
    // The generator's free space is about 60% of every column up to 455T, none above.
    const middle = map.x + map.width * 0.4;
    colourAt(t, shot, middle, map.y + map.height - 2, MAP_COLOURS.free, 'a column\'s free part, from the bottom');
    colourAt(t, shot, middle, map.y + 2, MAP_COLOURS.notFree, 'the rest of it');
    colourAt(t, shot, map.xOf(500n << 40n), map.y + map.height - 2, MAP_COLOURS.notFree, 'beyond the last range');
    let ticked = 0;
    for (let x = Math.ceil(map.x); x < map.x + map.width; x++) if (shot.pixel(x, map.y - 8).join() !== rgb(MAP_COLOURS.paper).join()) ticked++;
    t.ok(ticked > 100, `${ticked} columns with a tick for a piece`);
  });
}
