import { readFileSync } from 'node:fs';
import t from 'tap';
import { parseInstance } from '../../src/formats/instance-json.js';
import { FreeMap } from '../../src/memory/free-map.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { formatPlacementJson, jsonValue, placementJson, placementMessage } from '../../src/report/placement-json.js';
import { placementAnswer } from '../../src/solve/answer.js';
import { solvePlacement } from '../../src/solve/place.js';
import type { PlacementResult, SolveOptions } from '../../src/solve/result.js';

function example(name: string): PlacementInstance {
  const file = new URL(`../../examples/${name}`, import.meta.url);
  return parseInstance(readFileSync(file, 'utf8'), name);
}

const seed = example('seed-2g-into-two-1g.json');
const three = example('feasible-three-blocks.json');
const stats = { decidedBy: 'greedy', nodes: 0, elapsedMs: 1 } as const;

/** The answer in bytes for a result (solved when none is given). */
function answer(instance: PlacementInstance, result: PlacementResult = solvePlacement(instance), options: SolveOptions = {}) {
  return placementAnswer(instance, result, options);
}

function spans(map: FreeMap): [number, number][] {
  const out: [number, number][] = [];
  map.forEachRange((start, end) => out.push([start, end]));
  return out;
}

t.test('the seed: infeasible, no placements, ldm wording and the proof, then the structured certificate', async (t) => {
  const document = placementJson(answer(seed));
  t.equal(document.status, 'infeasible');
  t.same(document.placements, []);
  t.match(document.message, /^Unable to bind 2G memory region at real address 0x8000000; the 2G block at RA 0x8000000 must start at a PA ≡ 0x8000000 \(mod 256M\)/);
  const text = formatPlacementJson(document);
  t.ok(text.startsWith(`{\n  "status": "infeasible",\n  "placements": [],\n  "message": ${JSON.stringify(document.message)},\n`));
  const parsed = JSON.parse(text) as Record<string, unknown>;
  t.same(Object.keys(parsed), ['status', 'placements', 'message', 'certificate', 'failedBlock', 'stats']);
  t.same(parsed['failedBlock'], { index: 0, ra: '0x8000000', pa: '0x208000000', size: '0x80000000' });
  t.same(parsed['certificate'], {
    kind: 'block',
    block: { index: 0, ra: '0x8000000', pa: '0x208000000', size: '0x80000000' },
    item: { ra: '0x8000000', size: '0x80000000' },
    residue: '0x8000000',
    alignment: '0x10000000',
    bestRange: { pa: '0x108000000', size: '0x40000000' },
    bestRangeAt: '0x108000000',
    bestRangeRoom: '0x40000000',
  });
  t.same(parsed['stats'], { decidedBy: 'bounds', nodes: 0 }, 'no wall time: the bytes would differ between runs');
});

t.test('the seed in ovm-3.6 wording names the source PA', async (t) => {
  const document = placementJson(answer(seed), { profile: 'ovm-3.6' });
  t.match(
    document.message,
    /^Free memory layout and congruency requirements prevent binding the memory block with PA 0x208000000, RA 0x8000000, and size 2G; /,
  );
});

t.test('keys come in contract order: status, placements, message, then the additive fields', async (t) => {
  const document = placementJson(answer(three));
  t.same(Object.keys(document), ['status', 'placements', 'message', 'details']);
  const parsed = JSON.parse(formatPlacementJson(document)) as Record<string, unknown>;
  t.same(Object.keys(parsed), ['status', 'placements', 'message', 'largestFreeLeft', 'stats']);
  t.same(Object.keys((parsed['placements'] as object[])[0]!), ['ra', 'pa', 'size']);
  t.same(parsed, { status: document.status, placements: document.placements, message: document.message, ...document.details }, 'the text is the document');
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
  const document = placementJson(answer(three, result));
  t.same(document.placements, [
    { ra: '0x8000000', pa: '0x108000000', size: '0x100000000' },
    { ra: '0x188000000', pa: '0x400000000', size: '0x20000000' },
  ]);
  t.equal(result.pieces[0]!.ra, 0x188000000 / 8192, "the caller's pieces are not reordered");
  t.equal(document.message, 'ldg-web: 3 blocks placed in 2 pieces on t5-2-b; largest free range left 2304M');
});

t.test('the same answer gives the same bytes', async (t) => {
  const first = formatPlacementJson(placementJson(answer(three)));
  const second = formatPlacementJson(placementJson(answer(example('feasible-three-blocks.json'))));
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
      '  "message": "ldg-web: 3 blocks placed in 3 pieces on t5-2-b; largest free range left 384M",',
      '  "largestFreeLeft": "0x18000000",',
      '  "stats": {"decidedBy":"greedy","nodes":0}',
      '}',
      '',
    ].join('\n'),
  );
});

t.test('strings are escaped as JSON; a document without details ends at the message', async (t) => {
  const text = formatPlacementJson({ status: 'unknown', placements: [], message: 'a "quoted"\nname\u2028', details: {} });
  t.same(JSON.parse(text), { status: 'unknown', placements: [], message: 'a "quoted"\nname\u2028' });
  t.ok(text.endsWith('name\\u2028"\n}\n') || text.endsWith('name\u2028"\n}\n'));
});

t.test('unknown: no placements, which budget ran out, and the budget itself', async (t) => {
  const result: PlacementResult = { status: 'unknown', pieces: [{ ra: 1, pa: 1, size: 1 }], stats: { ...stats, stoppedBy: 'time-limit' } };
  const document = placementJson(answer(three, result, { timeLimitMs: 10 }));
  t.same(document.placements, []);
  t.equal(document.message, 'undecided: the time limit of 10 ms ran out after 0 search nodes');
  t.same(document.details['budget'], { timeLimitMs: 10, nodeLimit: null });
  t.equal(document.details['stoppedBy'], 'time-limit');
  t.equal(placementMessage(answer(three, result)), 'undecided: the time limit of 5000 ms ran out after 0 search nodes', 'the solver default');
  const byNodes = answer(three, { ...result, stats: { ...stats, nodes: 7, stoppedBy: 'node-limit' } }, { nodeLimit: 7 });
  t.same(jsonValue(byNodes.budget), { timeLimitMs: null, nodeLimit: 7 }, 'a node budget alone has no clock');
});

t.test('infeasible: the failed block when there is one, then the certificate', async (t) => {
  const base = { status: 'infeasible', pieces: [], stats } as const;
  t.equal(placementMessage(answer(seed, { ...base, certificate: { kind: 'exhaustive', nodes: 2 } })), 'exhaustive search over 2 nodes found no placement');
  t.equal(
    placementMessage(answer(seed, { ...base, failedBlock: 0, certificate: { kind: 'total', needGranules: 262144, offerGranules: 131072 } })),
    'Unable to bind 2G memory region at real address 0x8000000; domain needs 2G; target has 1G free',
  );
  t.equal(placementMessage(answer(seed, { ...base, failedBlock: 0 })), 'Unable to bind 2G memory region at real address 0x8000000; exhaustive search over 0 nodes found no placement', 'no certificate: the search');
});

t.test('the largest free range left is computed once, on a given map left as it was', async (t) => {
  const map = FreeMap.fromColumns(three.free);
  const before = spans(map);
  const result = solvePlacement(three);
  const withMap = placementAnswer(three, result, {}, map);
  t.same(spans(map), before);
  t.equal(withMap.status === 'feasible' ? withMap.largestFreeLeft : undefined, 384n * 2n ** 20n);
  t.same(placementAnswer(three, result), withMap, 'builds its own map when none is given');
});
