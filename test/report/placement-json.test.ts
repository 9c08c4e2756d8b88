import { readFileSync } from 'node:fs';
import t from 'tap';
import { parseInstance } from '../../src/formats/instance-json.js';
import { FreeMap } from '../../src/memory/free-map.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import {
  formatPlacementJson,
  infeasibleReasons,
  largestFreeLeft,
  placementJson,
  placementMessage,
} from '../../src/report/placement-json.js';
import { solvePlacement } from '../../src/solve/place.js';
import type { PlacementResult } from '../../src/solve/result.js';

function example(name: string): PlacementInstance {
  const file = new URL(`../../examples/${name}`, import.meta.url);
  return parseInstance(readFileSync(file, 'utf8'), name);
}

const seed = example('seed-2g-into-two-1g.json');
const three = example('feasible-three-blocks.json');
const stats = { decidedBy: 'greedy', nodes: 0, elapsedMs: 1 } as const;

function spans(map: FreeMap): [number, number][] {
  const out: [number, number][] = [];
  map.forEachRange((start, end) => out.push([start, end]));
  return out;
}

t.test('the seed: infeasible, no placements, ldm wording and the proof', async (t) => {
  const document = placementJson(seed, solvePlacement(seed));
  t.equal(document.status, 'infeasible');
  t.same(document.placements, []);
  t.match(document.message, /^Unable to bind 2G memory region at real address 0x8000000; /);
  t.equal(
    formatPlacementJson(document),
    '{\n  "status": "infeasible",\n  "placements": [],\n' +
      `  "message": ${JSON.stringify(document.message)}\n}\n`,
  );
});

t.test('the seed in ovm-3.6 wording names the source PA', async (t) => {
  const document = placementJson(seed, solvePlacement(seed), { profile: 'ovm-3.6' });
  t.match(
    document.message,
    /^Free memory layout and congruency requirements prevent binding the memory block with PA 0x208000000, RA 0x8000000, and size 2G; /,
  );
});

t.test('keys come in contract order: status, placements, message', async (t) => {
  const document = placementJson(three, solvePlacement(three));
  t.same(Object.keys(document), ['status', 'placements', 'message']);
  const parsed = JSON.parse(formatPlacementJson(document)) as Record<string, unknown>;
  t.same(Object.keys(parsed), ['status', 'placements', 'message']);
  t.same(Object.keys((parsed['placements'] as object[])[0]!), ['ra', 'pa', 'size']);
  t.same(parsed, document, 'the text is the document');
});

t.test('a feasible answer lists lowercase hex byte quantities sorted by ra', async (t) => {
  const result: PlacementResult = {
    status: 'feasible',
    pieces: [
      { ra: 0x188000000 / 8192, pa: 0x400000000 / 8192, size: 0x20000000 / 8192 },
      { ra: 0x8000000 / 8192, pa: 0x108000000 / 8192, size: 0x100000000 / 8192 },
    ],
    stats,
  };
  const document = placementJson(three, result);
  t.same(document.placements, [
    { ra: '0x8000000', pa: '0x108000000', size: '0x100000000' },
    { ra: '0x188000000', pa: '0x400000000', size: '0x20000000' },
  ]);
  t.equal(result.pieces[0]!.ra, 0x188000000 / 8192, "the caller's pieces are not reordered");
  t.equal(document.message, 'ldg-web: 3 blocks placed in 2 pieces on t5-2-b; largest free range left 2304M');
});

t.test('the same answer gives the same bytes', async (t) => {
  const first = formatPlacementJson(placementJson(three, solvePlacement(three)));
  const second = formatPlacementJson(placementJson(example('feasible-three-blocks.json'), solvePlacement(three)));
  t.equal(first, second);
  t.equal(
    first,
    [
      '{',
      '  "status": "feasible",',
      '  "placements": [',
      '    {"ra": "0x8000000", "pa": "0x108000000", "size": "0x100000000"},',
      '    {"ra": "0x108000000", "pa": "0x218000000", "size": "0x80000000"},',
      '    {"ra": "0x188000000", "pa": "0x408000000", "size": "0x20000000"}',
      '  ],',
      '  "message": "ldg-web: 3 blocks placed in 3 pieces on t5-2-b; largest free range left 384M"',
      '}',
      '',
    ].join('\n'),
  );
});

t.test('strings are escaped as JSON', async (t) => {
  const text = formatPlacementJson({ status: 'unknown', placements: [], message: 'a "quoted"\nname\u2028' });
  t.same(JSON.parse(text), { status: 'unknown', placements: [], message: 'a "quoted"\nname\u2028' });
});

t.test('placements stay empty unless feasible, even if a result carries pieces', async (t) => {
  const result: PlacementResult = { status: 'unknown', pieces: [{ ra: 1, pa: 1, size: 1 }], stats };
  t.same(placementJson(three, result, { solveOptions: { timeLimitMs: 10 } }).placements, []);
  t.equal(placementMessage(three, result, { solveOptions: { timeLimitMs: 10 } }), 'undecided: the time limit of 10 ms ran out after 0 search nodes');
  t.equal(placementMessage(three, result), 'undecided: the time limit of 5000 ms ran out after 0 search nodes', 'the solver default');
});

t.test('infeasible reasons: the failed block, the certificate, or a plain statement', async (t) => {
  const base = { status: 'infeasible', pieces: [], stats } as const;
  t.same(infeasibleReasons(seed, { ...base, failedBlock: 0 }, 'ldoms-1.3'), ['Unable to bind 2G memory region at real address 0x8000000']);
  t.same(infeasibleReasons(seed, { ...base, certificate: { kind: 'exhaustive', nodes: 2 } }, 'ldoms-1.3'), [
    'exhaustive search over 2 nodes found no placement',
  ]);
  t.same(infeasibleReasons(seed, { ...base, failedBlock: 5 }, 'ldoms-1.3'), ['no placement exists'], 'an index outside the instance is ignored');
  t.equal(
    placementMessage(seed, { ...base, failedBlock: 0, certificate: { kind: 'total', needGranules: 262144, offerGranules: 131072 } }),
    'Unable to bind 2G memory region at real address 0x8000000; domain needs 2G; target has 1G free',
  );
});

t.test('largestFreeLeft reserves the pieces and leaves a given map as it was', async (t) => {
  const map = FreeMap.fromColumns(three.free);
  const before = spans(map);
  const pieces = solvePlacement(three).pieces;
  t.equal(largestFreeLeft(three, pieces, map), (384 * 2 ** 20) / 8192);
  t.same(spans(map), before);
  t.equal(largestFreeLeft(three, pieces), (384 * 2 ** 20) / 8192, 'builds its own map when none is given');
  t.equal(largestFreeLeft(three, []), 2 ** 32 / 8192);
});

t.test('the summary uses the free map it is given', async (t) => {
  const result = solvePlacement(three);
  const map = FreeMap.fromColumns(three.free);
  t.equal(placementJson(three, result, { freeMap: map }).message, placementJson(three, result).message);
});
