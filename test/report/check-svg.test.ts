import t from 'tap';
import { checkMigration, type CheckResult } from '../../src/migration/check.js';
import type { MigrationRequest } from '../../src/migration/request.js';
import type { PlacementSolver } from '../../src/migration/rules/memory.js';
import { checkSvg, type SolvedMemory } from '../../src/report/check-svg.js';
import { solvePlacement } from '../../src/solve/place.js';
import { type Json, model } from '../migration/fixtures.js';
import { texts, xmlError } from './svg-dom.js';

/** Check a request with the solver recorded, as `ldmfit check --svg` does. */
function checked(request: MigrationRequest): { result: CheckResult; solved: SolvedMemory | undefined } {
  let solved: SolvedMemory | undefined;
  const solver: PlacementSolver = (instance, options) => {
    const result = solvePlacement(instance, options);
    solved = { instance, result, options };
    return result;
  };
  return { result: checkMigration(request, { solver }), solved };
}

function drawn(edit: (r: Json) => void): { svg: string; solved: boolean } {
  const request = model(edit);
  const { result, solved } = checked(request);
  return { svg: checkSvg(request, result, solved), solved: solved !== undefined };
}

function seed(r: Json): void {
  r.domain.name = 'ldg-src';
  r.target.name = 'dt212-239';
  r.target.freeMemory = [{ pa: '0x108000000', size: '1G' }, { pa: '0x188000000', size: '1G' }];
}

/** Two blocks and a mapping of them by the user (ovm-3.6 named resources). */
function named(r: Json): void {
  r.profile = 'ovm-3.6';
  r.domain.memory = [
    { ra: '0x8000000', pa: '0x208000000', size: '2G' },
    { ra: '0x100000000', pa: '0x300000000', size: '1G' },
  ];
  r.target.freeMemory = [{ pa: '0x108000000', size: '4G' }, { pa: '0x400000000', size: '1G' }];
  r.domain.mblockmap = [{ pa: '0x300000000', targetPa: '0x400000000' }, { pa: '0x208000000', targetPa: '0x108000000' }];
}

t.test('the seed as a check: the solver\'s question and answer, drawn as place draws them', async (t) => {
  const { svg, solved } = drawn(seed);
  t.ok(solved);
  t.equal(xmlError(svg), undefined);
  t.same(texts(svg).slice(0, 2), ['ldg-src on dt212-239: infeasible', 'Unable to bind 2G memory region at real address 0x8000000']);
  t.ok(texts(svg).includes('2G needed from 0x108000000'));
});

t.test('a passing check: the placement', async (t) => {
  const { svg } = drawn(() => undefined);
  t.same(texts(svg).slice(0, 2), ['ldg1 on host-b: feasible', '1 block placed in 1 piece']);
  t.ok(texts(svg).includes('RA 0x8000000, 2G'));
});

t.test('a refusal for another reason still draws the layout the solver found', async (t) => {
  const { svg } = drawn((r) => { r.target.cpu.freeStrands = 0; });
  t.equal(texts(svg)[0], 'ldg1 on host-b: feasible');
});

t.test('an mblockmap that fits: its pieces, without asking the solver', async (t) => {
  const { svg, solved } = drawn(named);
  t.notOk(solved);
  t.equal(xmlError(svg), undefined);
  t.same(texts(svg).slice(0, 2), ['ldg1 on host-b: feasible', '2 blocks placed in 2 pieces']);
  t.ok(texts(svg).includes('RA 0x8000000, 2G'));
});

t.test('an mblockmap that fits in a refused check: the map, and why the pieces are not drawn', async (t) => {
  const { svg } = drawn((r) => { named(r); r.target.cpu.freeStrands = 0; });
  t.equal(texts(svg)[0], 'ldg1 on host-b: free memory');
  t.equal(texts(svg)[1], 'the mblockmap places every block; its pieces are not drawn, since the check refuses the migration for other reasons');
});

t.test('an mblockmap that breaks congruence: the finding and its reason', async (t) => {
  const { svg } = drawn((r) => { named(r); r.domain.mblockmap[1].targetPa = '0x110000000'; });
  t.match(texts(svg).join(' '), /Free memory layout and congruency requirements prevent binding the memory block with PA 0x208000000.*\(target PA 0x110000000/);
});

t.test('not enough free memory in total: the finding, over the free map', async (t) => {
  const { svg, solved } = drawn((r) => { r.target.freeMemory = [{ pa: '0x108000000', size: '1G' }]; });
  t.notOk(solved);
  t.equal(texts(svg)[0], 'ldg1 on host-b: free memory');
  t.equal(texts(svg)[1], 'host-b has 1G of free memory; ldg1 needs 2G');
});

t.test('a bound or inactive domain: no layout to check', async (t) => {
  for (const state of ['bound', 'inactive']) {
    const { svg } = drawn((r) => { r.domain.state = state; });
    t.equal(texts(svg)[1], `no memory layout to check: ldg1 is ${state}`);
  }
});
