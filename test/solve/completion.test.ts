import fc from 'fast-check';
import t from 'tap';
import { FreeMap } from '../../src/memory/free-map.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { completionSearch, type SearchOutcome, type SearchRanges } from '../../src/solve/completion.js';
import { type Items, placementItems } from '../../src/solve/items.js';
import { rangeClasses } from '../../src/solve/range-classes.js';
import { makeInstance, tinyInstance } from './arbitrary.js';
import { referenceSolve } from './reference.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);
const unlimited = { nodeLimit: Infinity, deadline: Infinity };

/** Every coalesced free range, grouped by class (equal length and start residue), classes adjacent. */
function searchRanges(instance: PlacementInstance): SearchRanges {
  const classes = rangeClasses(FreeMap.fromColumns(instance.free), instance.alignment);
  const start: number[] = [];
  const length: number[] = [];
  const rangeClass: number[] = [];
  classes.forEach((rangeClass_, id) => {
    for (const at of rangeClass_.starts) {
      start.push(at);
      length.push(rangeClass_.length);
      rangeClass.push(id);
    }
  });
  return { count: start.length, start: Float64Array.from(start), length: Float64Array.from(length), rangeClass: Int32Array.from(rangeClass) };
}

/** Why a feasible outcome is not a placement of `items` in `ranges`, or undefined when it is one. */
function placementFault(outcome: SearchOutcome, items: Items, ranges: SearchRanges, alignment: number): string | undefined {
  if (outcome.status !== 'feasible') return undefined;
  const spans: [number, number][] = [];
  for (let i = 0; i < items.count; i++) {
    const r = outcome.range[i]!;
    const at = outcome.position[i]!;
    const end = at + items.size[i]!;
    if (r < 0 || r >= ranges.count) return `item ${i} is in no range`;
    if (at < ranges.start[r]! || end > ranges.start[r]! + ranges.length[r]!) return `item ${i} leaves range ${r}`;
    if (((at % alignment) + alignment) % alignment !== items.phase[i]) return `item ${i} at ${at} is not congruent to ${items.phase[i]}`;
    spans.push([at, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let k = 1; k < spans.length; k++) if (spans[k]![0] < spans[k - 1]![1]) return `items overlap at ${spans[k]![0]}`;
  return undefined;
}

function decide(instance: PlacementInstance, budget = unlimited): { outcome: SearchOutcome; items: Items; ranges: SearchRanges } {
  const items = placementItems(instance);
  const ranges = searchRanges(instance);
  return { outcome: completionSearch(items, ranges, instance.alignment, budget), items, ranges };
}

t.test('no items: feasible at once', async (t) => {
  const { outcome } = decide(makeInstance({ alignment: 4, blocks: [], free: [{ pa: 0, size: 8 }] }));
  t.equal(outcome.status, 'feasible');
});

t.test('sizes that are multiples of the alignment: the closed form places them congruent and apart', async (t) => {
  const instance = makeInstance({
    alignment: 4,
    blocks: [{ ra: 0, pa: 1, size: 8 }, { ra: 8, pa: 3, size: 4 }, { ra: 12, pa: 1, size: 4 }],
    free: [{ pa: 0, size: 11 }, { pa: 20, size: 9 }],
  });
  const { outcome, items, ranges } = decide(instance);
  t.equal(outcome.status, 'feasible');
  t.equal(placementFault(outcome, items, ranges, 4), undefined);
});

t.test('general sizes: the sequence walk finds the one order that fits', async (t) => {
  // Phase-2 item of size 3 must come first at 2, then the phase-1 item of size 2 at 5: [2, 7) in [0, 7).
  const instance = makeInstance({
    alignment: 4,
    blocks: [{ ra: 0, pa: 1, size: 2 }, { ra: 4, pa: 2, size: 3 }],
    free: [{ pa: 0, size: 7 }],
  });
  const { outcome, items, ranges } = decide(instance);
  t.equal(outcome.status, 'feasible');
  t.equal(placementFault(outcome, items, ranges, 4), undefined);
});

t.test('an item that fits no range alone: infeasible, a proof', async (t) => {
  const { outcome } = decide(makeInstance({ alignment: 8, blocks: [{ ra: 0, pa: 3, size: 8 }], free: [{ pa: 0, size: 10 }] }));
  t.equal(outcome.status, 'infeasible');
});

t.test('interchangeable ranges are all usable, though only the first of a class is tried per item', async (t) => {
  const instance = makeInstance({
    alignment: 4,
    blocks: [0, 1, 2].map((k) => ({ ra: 8 * k, pa: 0, size: 4 })),
    free: [{ pa: 0, size: 4 }, { pa: 8, size: 4 }, { pa: 16, size: 4 }],
  });
  const { outcome, items, ranges } = decide(instance);
  t.same(Array.from(ranges.rangeClass), [0, 0, 0]);
  t.equal(outcome.status, 'feasible');
  t.equal(placementFault(outcome, items, ranges, 4), undefined);
});

t.test('a spent node budget is unknown, never a verdict', async (t) => {
  const instance = makeInstance({ alignment: 4, blocks: [{ ra: 0, pa: 1, size: 3 }], free: [{ pa: 0, size: 8 }] });
  const { outcome } = decide(instance, { nodeLimit: 1, deadline: Infinity });
  t.equal(outcome.status, 'unknown');
});

for (const split of [false, true]) {
  t.test(`property: the verdict is the brute force's, and a placement is valid (${split ? 'split' : 'strict'} mode)`, async () => {
    fc.assert(
      fc.property(tinyInstance(split), (instance) => {
        const { outcome, items, ranges } = decide(instance);
        const fault = placementFault(outcome, items, ranges, instance.alignment);
        if (fault !== undefined) throw new Error(fault);
        return outcome.status === (referenceSolve(instance).feasible ? 'feasible' : 'infeasible');
      }),
      { numRuns: runs },
    );
  });
}
