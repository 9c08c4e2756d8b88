import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import { instanceFromJson, parseInstance } from '../../src/formats/instance-json.js';
import { generateInstance } from '../../src/generate/generate.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { placeInstance } from '../../src/place.js';
import { MAP_COLOURS, placementSvg, type BoundMemory, type MapAnswer } from '../../src/report/svg.js';
import type { BlockCertificate } from '../../src/solve/answer.js';
import { elements, mapElements, mapGeometry, texts, xmlError, type SvgElement } from './svg-dom.js';

const G = 1n << 30n;
const M = 1n << 20n;

function example(name: string): PlacementInstance {
  return parseInstance(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8'), name);
}

function drawn(instance: PlacementInstance, options: Parameters<typeof placementSvg>[2] = {}): string {
  return placementSvg(instance, placeInstance(instance, { nodeLimit: 100_000 }), options);
}

const seed = example('seed-2g-into-two-1g.json');
const split = example('split-2g-into-two-1g.json');
/** An attribute as written (two decimals) against the exact pixel. */
function close(t: Test, actual: string | undefined, expected: number, message: string): void {
  t.ok(Math.abs(Number(actual) - expected) < 0.011, `${message}: ${actual} ≈ ${expected}`);
}

function rectsIn(svg: string, fill: string): SvgElement[] {
  return mapElements(svg).filter((element) => element.tag === 'rect' && element.fill === fill);
}

t.test('the seed: a valid standalone SVG with ldm\'s failure line and the proof', async (t) => {
  const svg = drawn(seed);
  t.equal(xmlError(svg), undefined, 'well-formed XML');
  t.match(svg, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="1200" height="\d+" viewBox="0 0 1200 \d+"/);
  const lines = texts(svg);
  t.equal(lines[0], 'ldg-src on dt212-239: infeasible');
  t.equal(lines[1], 'Unable to bind 2G memory region at real address 0x8000000');
  t.match(lines[2], /^Reason: the 2G block at RA 0x8000000 must start at a PA ≡ 0x8000000 \(mod 256M\)/);
  t.equal(elements(svg)[1]!.tag, 'title');
  t.equal(elements(svg)[1]!.text, 'ldg-src on dt212-239: infeasible');
});

t.test('the seed: the two 1G free ranges where their PAs are, labelled with size and address', async (t) => {
  const svg = drawn(seed);
  const map = mapGeometry(svg);
  t.equal(map.from, 0x100000000n);
  t.equal(map.to, 0x1e0000000n);
  const free = rectsIn(svg, MAP_COLOURS.free);
  t.equal(free.length, 2);
  for (const [k, pa] of [0x108000000n, 0x188000000n].entries()) {
    close(t, free[k]!.attributes['x'], map.plotXOf(pa), `range ${k} starts at its PA`);
    close(t, free[k]!.attributes['width'], map.plotXOf(pa + G) - map.plotXOf(pa), `range ${k} is 1G wide`);
    t.equal(Number(free[k]!.attributes['height']), map.height, 'full band height');
  }
  t.ok(texts(svg).includes('1G at 0x108000000'));
  t.ok(texts(svg).includes('1G at 0x188000000'));
  t.ok(elements(svg).some((element) => element.tag === 'title' && element.text === 'free 1G at 0x188000000'), 'a tooltip per range');
});

t.test('the seed: the failed 2G block laid from its first congruent PA, the best range outlined, the marker', async (t) => {
  const svg = drawn(seed);
  const map = mapGeometry(svg);
  const outline = mapElements(svg).find((element) => element.attributes['stroke'] === MAP_COLOURS.fail && element.tag === 'rect')!;
  close(t, outline.attributes['x'], map.plotXOf(0x108000000n), 'best range outlined');
  const room = rectsIn(svg, MAP_COLOURS.failRoom);
  const past = rectsIn(svg, MAP_COLOURS.fail);
  t.equal(room.length, 1);
  t.equal(past.length, 1);
  close(t, room[0]!.attributes['x'], map.plotXOf(0x108000000n), 'the block starts at 0x108000000');
  close(t, room[0]!.attributes['width'], map.plotXOf(0x148000000n) - map.plotXOf(0x108000000n), '1G held by the range');
  close(t, past[0]!.attributes['x'], map.plotXOf(0x148000000n), 'the rest starts at the range\'s end');
  close(t, past[0]!.attributes['width'], map.plotXOf(0x188000000n) - map.plotXOf(0x148000000n), '1G past it');
  t.ok(Number(room[0]!.attributes['y']) > map.y + map.height, 'in a lane under the band');
  const marker = mapElements(svg).find((element) => element.tag === 'path' && element.attributes['stroke'] === MAP_COLOURS.fail)!;
  t.match(marker.attributes['d'], new RegExp(`^M${map.plotXOf(0x108000000n).toFixed(2).replace(/\.?0+$/, '')} `));
  t.ok(texts(svg).includes('2G needed from 0x108000000'));
  t.ok(texts(svg).includes('its first PA ≡ 0x8000000 (mod 256M)'), 'the legend names the congruence');
});

t.test('the axis: ticks at a power-of-two step, labelled in ldm units and hex', async (t) => {
  const svg = drawn(seed);
  const labels = elements(svg).filter((element) => element.within.includes('axis') && element.tag === 'text').map((element) => element.text);
  t.same(labels.slice(0, 6), ['4G', '0x100000000', '4608M', '0x120000000', '5G', '0x140000000']);
  t.equal(labels.at(-2), '7680M');
  t.equal(labels.at(-1), '0x1e0000000');
  t.ok(texts(svg).some((line) => line.startsWith('PA 0x100000000 to 0x1e0000000, a tick every 512M; 2 free ranges (2G)')));
});

t.test('a feasible split: the two pieces in their block\'s colour inside the two ranges, with their RA', async (t) => {
  const svg = drawn(split);
  t.equal(xmlError(svg), undefined);
  const map = mapGeometry(svg);
  const blue = rectsIn(svg, '#1f77b4');
  t.equal(blue.length, 2);
  for (const [k, pa] of [0x108000000n, 0x188000000n].entries()) {
    close(t, blue[k]!.attributes['x'], map.plotXOf(pa), `piece ${k} at its PA`);
    t.ok(Number(blue[k]!.attributes['height']) < map.height, 'the range shows under it');
  }
  t.ok(texts(svg).includes('RA 0x8000000, 1G'));
  t.ok(texts(svg).includes('RA 0x48000000, 1G'));
  t.equal(texts(svg)[1], '1 block placed in 2 pieces');
  t.ok(texts(svg).includes('block RA 0x8000000, 2G'), 'the legend names the block');
  t.equal(rectsIn(svg, MAP_COLOURS.fail).length, 0);
});

t.test('several blocks take different colours, in RA order; labels only where they fit', async (t) => {
  const svg = drawn(example('feasible-three-blocks.json'));
  const fills = mapElements(svg).filter((element) => element.tag === 'rect' && element.attributes['stroke'] === MAP_COLOURS.paper).map((element) => element.fill);
  t.same(fills, ['#1f77b4', '#ff7f0e', '#9467bd']);
  t.ok(texts(svg).includes('RA 0x8000000, 4G'));
  t.notOk(texts(svg).some((line) => line.startsWith('RA 0x188000000')), 'the 512M piece is too narrow for a label');
  t.ok(texts(svg).includes('1G'), 'a range with room for its size only');
  t.notOk(texts(svg).some((line) => line.startsWith('64M')), 'a range too narrow for any label');
});

t.test('the same input gives the same bytes', async (t) => {
  t.equal(drawn(seed), drawn(example('seed-2g-into-two-1g.json')));
  t.equal(drawn(split), drawn(split));
});

t.test('names are escaped: the document stays valid whatever the domain, target and owners are called', async (t) => {
  const instance = instanceFromJson({
    domain: { name: 'ldg<1> & "web"\u0000', memory: [{ ra: '0x8000000', pa: '0x208000000', size: '2G' }] },
    target: { name: "t5 'b' ]]> <!--", free: [{ pa: '0x108000000', size: '4G' }] },
  });
  const bound: BoundMemory[] = [{ pa: 0x208000000n, size: G, owner: '<primary> & _sys_ \uD800' }];
  const svg = drawn(instance, { bound });
  t.equal(xmlError(svg), undefined);
  t.ok(svg.includes('ldg&lt;1&gt; &amp; &quot;web&quot;\uFFFD on t5 &apos;b&apos; ]]&gt; &lt;!--: feasible'));
  t.ok(texts(svg).includes('ldg<1> & "web"\uFFFD on t5 \'b\' ]]> <!--: feasible'), 'and reads back as written');
  t.ok(texts(svg).includes('bound to <primary> & _sys_ \uFFFD'));
});

t.test('bound memory: each owner in its colour, named where it fits, listed in the legend', async (t) => {
  const instance = example('feasible-three-blocks.json');
  const bound: BoundMemory[] = [
    { pa: 0x100000000n, size: 128n * M, owner: 'primary' },
    { pa: 0x208000000n, size: 256n * M, owner: '_sys_' },
    { pa: 0x440000000n, size: G, owner: 'ldg1' },
    { pa: 0x484000000n, size: 4n * M, owner: 'primary' },
  ];
  const svg = drawn(instance, { bound });
  t.equal(xmlError(svg), undefined);
  const map = mapGeometry(svg);
  const ldg1 = mapElements(svg).find((element) => element.tag === 'rect' && element.fill === '#9fbfd3')!;
  close(t, ldg1.attributes['x'], map.plotXOf(0x440000000n), 'ldg1\'s memory where it is');
  const primary = rectsIn(svg, '#c9b79c');
  t.equal(primary.length, 2, 'primary\'s 128M drawn as itself, its 4M in its pixel column');
  t.equal(primary.filter((element) => Number(element.attributes['height']) === map.height).length, 1);
  t.ok(texts(svg).includes('ldg1'), 'the owner named on its memory');
  for (const owner of ['primary', '_sys_', 'ldg1']) t.ok(texts(svg).includes(`bound to ${owner}`));
  t.ok(texts(svg).includes('neither free nor bound'));
  t.match(texts(svg).join('\n'), /4 free ranges \(7488M\), 4 bound rows/);
});

t.test('bound memory narrower than a pixel is stacked on the column\'s free part, in its main owner\'s colour', async (t) => {
  const instance = instanceFromJson({
    domain: { name: 'ldg1', memory: [{ ra: '0x8000000', pa: '0x8000000', size: '256M' }] },
    target: { name: 'big', free: Array.from({ length: 100 }, (_, k) => ({ pa: `0x${((BigInt(k) * 16n * G) + G).toString(16)}`, size: '8M' })) },
  });
  const bound: BoundMemory[] = Array.from({ length: 100 }, (_, k) => ({ pa: BigInt(k) * 16n * G + 2n * G, size: 16n * M, owner: k % 10 === 0 ? 'ldg2' : 'primary' }));
  const svg = drawn(instance, { bound });
  t.equal(xmlError(svg), undefined);
  const map = mapGeometry(svg);
  const freeColumns = rectsIn(svg, MAP_COLOURS.free);
  const stacked = rectsIn(svg, '#c9b79c');
  t.ok(freeColumns.length > 0 && stacked.length > 0);
  const freeTop = (x: number): number => {
    const under = freeColumns.find((free) => Number(free.attributes['x']) <= x && x < Number(free.attributes['x']) + Number(free.attributes['width']));
    return under === undefined ? map.y + map.height : Number(under.attributes['y']);
  };
  for (const column of stacked) {
    const x = Number(column.attributes['x']);
    t.equal(Number(column.attributes['y']) + Number(column.attributes['height']), freeTop(x), `column ${x}: on top of the free part`);
    t.ok(Number(column.attributes['y']) >= map.y);
  }
  t.ok(rectsIn(svg, '#b0b0d6').length > 0, 'ldg2 where it is the main owner');
  t.ok(texts(svg).includes('free fraction of a pixel column'));
});

t.test('more than twelve owners or blocks: the legend names twelve and counts the rest', async (t) => {
  const blocks = Array.from({ length: 14 }, (_, k) => ({ ra: `0x${(BigInt(14 - k) * G).toString(16)}`, size: '256M' }));
  const instance = instanceFromJson({ domain: { name: 'many', memory: blocks }, target: { name: 't', free: [{ pa: '0x0', size: '16G' }] } });
  const bound = Array.from({ length: 14 }, (_, k) => ({ pa: 16n * G + BigInt(k) * G, size: G, owner: `ldg${k}` }));
  const svg = drawn(instance, { bound });
  t.ok(texts(svg).includes('2 more owners (colours repeat)'));
  t.ok(texts(svg).includes('2 more blocks (colours repeat every 8)'));
  t.ok(texts(svg).includes('bound to ldg11'));
  const legend = texts(svg).filter((line) => line.startsWith('block RA'));
  t.same(legend.slice(0, 2), ['block RA 0x40000000, 256M', 'block RA 0x80000000, 256M'], 'blocks in RA order, whatever the input order');
  t.notOk(texts(svg).includes('bound to ldg12'));
});

t.test('a piece narrower than a pixel is a tick above the map, in its block\'s colour', async (t) => {
  const instance = instanceFromJson({
    domain: { name: 'small', memory: [{ ra: '0x8000000', size: '8K' }] },
    target: { name: 'wide', free: [{ pa: '0x0', size: '1T' }] },
  });
  const svg = drawn(instance);
  const map = mapGeometry(svg);
  const ticks = rectsIn(svg, '#1f77b4');
  t.equal(ticks.length, 1);
  t.ok(Number(ticks[0]!.attributes['y']) + Number(ticks[0]!.attributes['height']) < map.y, 'above the band');
  t.ok(texts(svg).includes('piece narrower than a pixel (tick above the map)'));
});

t.test('a million free ranges: aggregated per pixel column, small, valid', async (t) => {
  const instance = generateInstance({ seed: 1, ranges: 1_000_000, blocks: 1000 });
  const svg = drawn(instance);
  t.equal(xmlError(svg), undefined);
  const bytes = Buffer.byteLength(svg);
  t.ok(bytes < 80_000, `${bytes} bytes, under 80 000`);
  const map = mapGeometry(svg);
  const rects = mapElements(svg).filter((element) => element.tag === 'rect');
  t.ok(rects.length <= 2 * map.width + 10, `${rects.length} rectangles: at most a free column and a tick per pixel column`);
  t.ok(texts(svg).includes('free fraction of a pixel column'));
  t.ok(texts(svg).includes('988 more blocks (colours repeat every 8)'));
  t.match(texts(svg).join('\n'), /1000000 free ranges \(≈ 271T\)/);
  t.equal(texts(svg)[1], '1000 blocks placed in 1000 pieces');
});

t.test('a framed question near 2^64: ranges drawn at their true addresses', async (t) => {
  const instance = parseInstance(JSON.stringify({
    granule: '1K',
    domain: { name: 'top', memory: [{ ra: '0x8000000', pa: '0x208000000', size: '2G' }] },
    target: { name: 'high', free: [{ pa: '0xffffffff08000000', size: '1G' }, { pa: '0xffffffffc0000000', size: '1G' }] },
  }), 'top.json');
  t.ok(instance.frame !== undefined, 'the question is framed');
  const svg = drawn(instance);
  t.equal(xmlError(svg), undefined);
  const map = mapGeometry(svg);
  t.equal(map.to, 1n << 64n);
  const free = rectsIn(svg, MAP_COLOURS.free);
  close(t, free[1]!.attributes['x'], map.plotXOf(0xffffffffc0000000n), 'the second range at its true PA, ending at 2^64');
  t.ok(texts(svg).includes('1G at 0xffffffff08000000'));
  close(t, rectsIn(svg, MAP_COLOURS.failRoom)[0]!.attributes['x'], map.plotXOf(0xffffffff08000000n), 'the failed block in its best range');
});

t.test('nothing free: the map is one alignment wide and the proof is in words', async (t) => {
  const instance = instanceFromJson({ domain: { name: 'd', memory: [{ ra: '0x8000000', size: '2G' }] }, target: { name: 'full', free: [] } });
  const svg = drawn(instance);
  t.equal(xmlError(svg), undefined);
  const map = mapGeometry(svg);
  t.equal(map.from, 0n);
  t.equal(map.to, 256n * M);
  t.equal(texts(svg)[2], 'Reason: domain needs 2G; target has 0 free');
  t.equal(rectsIn(svg, MAP_COLOURS.fail).length, 0, 'no lane without a block certificate');
});

const blockCertificate: BlockCertificate = {
  kind: 'block',
  block: { index: 0, ra: 0x8000000n, pa: 0x208000000n, size: 2n * G },
  item: { ra: 0x8000000n, size: 2n * G },
  residue: 0x8000000n,
  alignment: 256n * M,
  bestRange: { pa: 0x100000000n, size: 0x8000000n },
  bestRangeAt: 0x108000000n,
  bestRangeRoom: 0n,
};

t.test('a block certificate whose first congruent address is past the range: all of the block is red', async (t) => {
  const svg = placementSvg(seed, { status: 'infeasible', failedBlock: undefined, certificate: blockCertificate });
  t.equal(xmlError(svg), undefined);
  t.equal(rectsIn(svg, MAP_COLOURS.failRoom).length, 0);
  const past = rectsIn(svg, MAP_COLOURS.fail);
  const map = mapGeometry(svg);
  close(t, past[0]!.attributes['x'], map.plotXOf(0x108000000n), 'from the congruent address');
  t.match(texts(svg)[1], /^Reason: /, 'no ldm line without a failed block');
});

t.test('a block certificate with no range at all: no lane, the words only', async (t) => {
  const certificate: BlockCertificate = { ...blockCertificate, bestRange: undefined, bestRangeAt: undefined };
  const svg = placementSvg(seed, { status: 'infeasible', failedBlock: blockCertificate.block, certificate });
  t.equal(xmlError(svg), undefined);
  t.equal(rectsIn(svg, MAP_COLOURS.fail).length + rectsIn(svg, MAP_COLOURS.failRoom).length, 0);
  t.equal(texts(svg)[1], 'Unable to bind 2G memory region at real address 0x8000000');
});

t.test('a block far narrower than the map: no label on its lane, the outline at least 2 pixels wide', async (t) => {
  const instance = instanceFromJson({
    domain: { name: 'd', memory: [{ ra: '0x8000000', pa: '0x208000000', size: '2G' }] },
    target: { name: 't', free: [{ pa: '0x108000000', size: '1G' }, { pa: '0x10000000000', size: '1G' }] },
  });
  const svg = drawn(instance, { profile: 'ovm-3.6' });
  t.notOk(texts(svg).some((line) => line.includes('needed from')));
  const outline = mapElements(svg).find((element) => element.tag === 'rect' && element.attributes['stroke'] === MAP_COLOURS.fail)!;
  t.equal(outline.attributes['width'], '2');
  t.match(texts(svg)[1], /^Free memory layout and congruency requirements prevent binding the memory block with PA 0x208000000/);
});

t.test('undecided, or no answer at all: the map, and why', async (t) => {
  const unknown: MapAnswer = { status: 'unknown', stoppedBy: 'node-limit' };
  const svg = placementSvg(seed, unknown);
  t.equal(texts(svg)[0], 'ldg-src on dt212-239: undecided');
  t.equal(texts(svg)[1], 'undecided: the node limit ran out before a verdict');
  const words = ['time-limit', 'work-limit', 'size-limit'] as const;
  t.same(words.map((stoppedBy) => texts(placementSvg(seed, { status: 'unknown', stoppedBy }))[1]), [
    'undecided: the time limit ran out before a verdict',
    'undecided: the LP solver\'s work limit ran out before a verdict',
    'undecided: the model size limit ran out before a verdict',
  ]);
  const none = placementSvg(seed, undefined, { notes: ['no memory layout to check: ldg-src is bound'] });
  t.same(texts(none).slice(0, 2), ['ldg-src on dt212-239: free memory', 'no memory layout to check: ldg-src is bound']);
});

t.test('width: as asked, but never below 480; long lines wrap to it', async (t) => {
  t.match(placementSvg(seed, undefined, { width: 800 }), /<svg [^>]*width="800"/);
  const narrow = placementSvg(seed, undefined, { width: 100, notes: ['word '.repeat(40)] });
  t.match(narrow, /<svg [^>]*width="480"/);
  t.equal(xmlError(narrow), undefined);
  const noteLines = texts(narrow).filter((line) => line.startsWith('word'));
  t.ok(noteLines.length > 1, 'the note wraps');
  for (const line of noteLines) t.ok(line.length * 6.6 <= 480 - 32, 'within the picture');
});
