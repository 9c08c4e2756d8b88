import t from 'tap';
import { bppInstance } from '../../src/generate/bpp.js';
import { generateInstance } from '../../src/generate/generate.js';
import { instanceJsonChunks, instanceToJson } from '../../src/generate/to-json.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { parseGranules, parsePowerOfTwo } from '../../src/quantity.js';

interface InstanceFile {
  granule: string;
  alignment: string;
  split: boolean;
  splitAlignment: string;
  domain: { name: string; memory: { ra: string; pa: string; size: string }[] };
  target: { name: string; free: { pa: string; size: string }[] };
}

/** Read the file back with the project's quantity parser, independently of any instance reader. */
function readBack(json: string): PlacementInstance {
  const file = JSON.parse(json) as InstanceFile;
  const granule = parsePowerOfTwo(file.granule, 'granule');
  const units = (text: string): number => parseGranules(text, granule, 'q');
  return {
    granuleBytes: granule,
    alignment: units(file.alignment),
    split: file.split,
    splitAlignment: units(file.splitAlignment),
    domainName: file.domain.name,
    targetName: file.target.name,
    blocks: file.domain.memory.map((block) => ({ ra: units(block.ra), pa: units(block.pa), size: units(block.size) })),
    free: {
      count: file.target.free.length,
      start: Float64Array.from(file.target.free, (range) => units(range.pa)),
      size: Float64Array.from(file.target.free, (range) => units(range.size)),
    },
  };
}

t.test('the file reads back as the same instance', (t) => {
  const instance = generateInstance({ seed: 3, ranges: 300, blocks: 40, shape: 'tight' });
  t.same(readBack(instanceToJson(instance)), instance);
  t.end();
});

t.test('quantities are lowercase hex strings', (t) => {
  const json = instanceToJson(generateInstance({ seed: 3, ranges: 30, blocks: 4 }));
  const quantities = [...json.matchAll(/"(ra|pa|size|granule|alignment|splitAlignment)": "([^"]*)"/g)].map((match) => match[2]!);
  t.ok(quantities.length > 60);
  t.ok(quantities.every((text) => /^0x[0-9a-f]+$/.test(text)));
  t.match(json, /"granule": "0x2000"/);
  t.end();
});

t.test('addresses above 2^53 bytes are written exactly', (t) => {
  const instance = generateInstance({ seed: 1, ranges: 3, blocks: 1, paSpace: '0xfffffffffffff000', granule: '4K', unit: '1T' });
  const back = readBack(instanceToJson(instance));
  t.same(back.free.start, instance.free.start);
  t.ok(instance.free.start[2]! * 4096 > 2 ** 53);
  t.end();
});

t.test('a large instance is written in many chunks that join into valid JSON', (t) => {
  const instance = generateInstance({ seed: 2, ranges: 9000, blocks: 5000 });
  const chunks = [...instanceJsonChunks(instance)];
  t.ok(chunks.length > 6);
  t.equal(chunks.join(''), instanceToJson(instance));
  t.same(readBack(chunks.join('')), instance);
  t.end();
});

t.test('exact multiples of the chunk size and empty lists are valid JSON', (t) => {
  const exact = generateInstance({ seed: 2, ranges: 8192, blocks: 4096 });
  t.same(readBack(instanceToJson(exact)), exact);
  const empty = bppInstance([], 10, 0);
  t.same(readBack(instanceToJson(empty)), empty);
  t.end();
});

t.test('names are JSON-escaped', (t) => {
  const instance = generateInstance({ seed: 1, ranges: 2, blocks: 1, domainName: 'a "quoted"\nname', targetName: 'b\\c' });
  const back = readBack(instanceToJson(instance));
  t.equal(back.domainName, 'a "quoted"\nname');
  t.equal(back.targetName, 'b\\c');
  t.end();
});
