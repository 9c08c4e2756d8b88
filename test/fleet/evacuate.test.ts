import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { evacuateExitCode, planEvacuation, type EvacuationPlan } from '../../src/fleet/evacuate.js';
import { findHost, parseFleet, type Fleet } from '../../src/fleet/fleet.js';
import { moveDomain } from '../../src/fleet/move.js';
import { checkInFleet } from '../../src/fleet/pair.js';
import { verifyBytes } from '../../src/memory/verify.js';
import { placementInstance } from '../../src/migration/rules/memory.js';
import { generateFleet } from '../../src/generate/fleet.js';
import { evacuateJson, formatEvacuateText } from '../../src/report/evacuate-json.js';
import { domain, fleet, host } from './fixtures.js';

const example = parseFleet(JSON.parse(readFileSync(new URL('../../examples/fleet-three-hosts.json', import.meta.url), 'utf8')));

/** Replay a plan as fleet.md says, checking every step: the test every plan must pass. */
function replayed(t: Test, start: Fleet, plan: EvacuationPlan): void {
  let current = start;
  const source = findHost(start, plan.host);
  const names = new Set((source.domains ?? []).map((d) => d.name));
  for (const step of plan.steps) {
    t.ok(names.delete(step.domain), `${step.domain} is the host's and moves once`);
    const { result, request } = checkInFleet(current, step.domain, step.to);
    t.not(result.status, 'refused', `${step.domain} → ${step.to} passes check`);
    t.notOk(result.findings.some((f) => f.severity === 'error'));
    if (request.domain.state !== 'inactive') t.same(verifyBytes(placementInstance(request), step.placements), [], 'placements valid');
    t.ok(step.estimatedSeconds >= 0);
    current = moveDomain(current, step.domain, step.to, step.placements);
    t.ok(findHost(current, step.to).cpu.freeStrands >= 0);
  }
  t.same([...names].sort(), plan.unplaced.map((u) => u.domain).sort(), 'unplaced names exactly the domains not moved');
  t.equal(plan.status, plan.unplaced.length === 0 ? 'complete' : 'partial');
  t.ok(plan.bound >= plan.steps.length);
  if (plan.optimal) t.equal(plan.bound, plan.steps.length);
}

t.test('the example host empties completely, provably, in ldm command order', async (t) => {
  const plan = planEvacuation(example, 'host-a');
  replayed(t, example, plan);
  t.same([plan.status, plan.optimal, plan.bound], ['complete', true, 3]);
  t.same(plan.steps.map((s) => [s.domain, s.to]), [['ldg1', 'host-c'], ['ldg2', 'host-b'], ['ldg3', 'host-b']]);
  t.equal(evacuateExitCode(plan), 0);
  const json = evacuateJson(plan);
  t.same(Object.keys(json), ['host', 'status', 'optimal', 'bound', 'steps', 'unplaced']);
  t.same(Object.keys(json.steps[0]!), ['domain', 'from', 'to', 'placements', 'findings', 'estimatedSeconds']);
  t.same(json.steps[0]!.placements, [{ ra: '0x8000000', pa: '0x808000000', size: '0x80000000' }]);
  const text = formatEvacuateText(plan).split('\n');
  t.match(text[0], /^# evacuate host-a: complete, 3 migrations, about [\d.]+ s \(optimal\)$/);
  t.match(text[1], /^ldm migrate-domain ldg1 root@host-c   # ~[\d.]+ s; 2G in 1 piece from PA 0x808000000$/);
  t.match(text[3], /^ldm migrate-domain ldg3 root@host-b   # ~5\.0 s; no memory bound$/);
});

t.test('where greedy strands a domain, the MIP with no-good cuts moves it, and proves it', async (t) => {
  const start = parseFleet(generateFleet({ seed: 3, targets: 4, domains: 12, rangesPerTarget: 100, largeRangesPerTarget: 3 }));
  const greedy = planEvacuation(start, 'src', { method: 'greedy' });
  const plan = planEvacuation(start, 'src');
  replayed(t, start, greedy);
  replayed(t, start, plan);
  t.same([greedy.steps.length, greedy.optimal, greedy.bound], [11, false, 12]);
  t.same([plan.steps.length, plan.optimal, plan.stats.method], [12, true, 'mip']);
  t.ok(plan.stats.cuts > 0, 'the aggregate MIP needed cuts');
  const early = planEvacuation(start, 'src', { timeLimitMs: 0 });
  replayed(t, start, early);
  t.same([early.optimal, early.bound, early.steps.length], [false, 12, 11], 'out of time: the greedy plan and the count of movable domains');
});

t.test('every plan on seeded fleets replays step by step, never worse than greedy', async (t) => {
  for (const seed of [11, 12, 13, 14]) {
    const start = parseFleet(generateFleet({ seed, targets: 3, domains: 6, rangesPerTarget: 30, largeRangesPerTarget: 2 }));
    const greedy = planEvacuation(start, 'src', { method: 'greedy' });
    const plan = planEvacuation(start, 'src', { timeLimitMs: 5000 });
    replayed(t, start, plan);
    t.ok(plan.steps.length >= greedy.steps.length, `seed ${seed}: ${plan.steps.length} ≥ ${greedy.steps.length}`);
  }
});

t.test('a domain no target accepts stays, with each target\'s blocking codes', async (t) => {
  const start = fleet((json) => {
    json.hosts[0].domains[1].physicalIO = ['pci@780'];
    json.hosts[0].domains.push({ ...domain('ldg3', [['0x8000000', '0x508000000', '1G']]), state: 'inactive', strands: 64 });
  });
  const plan = planEvacuation(start, 'host-a');
  replayed(t, start, plan);
  t.same(plan.unplaced, [
    { domain: 'ldg2', reason: 'host-b: IO_DOMAIN; host-c: IO_DOMAIN' },
    { domain: 'ldg3', reason: 'host-b: not enough free strands or cores to bind it; host-c: not enough free strands or cores to bind it' },
  ]);
  t.same([plan.status, plan.optimal, evacuateExitCode(plan)], ['partial', true, 1]);
  t.match(formatEvacuateText(plan), /# stays on host-a: ldg2: host-b: IO_DOMAIN; host-c: IO_DOMAIN\n/);
});

t.test('room runs out: the one that does not fit once the others moved says so', async (t) => {
  const start = fleet((json) => {
    json.hosts.splice(1, 1);
    json.hosts[1].freeMemory = [{ pa: '0x800000000', size: '3G' }];
  });
  const plan = planEvacuation(start, 'host-a');
  replayed(t, start, plan);
  t.same(plan.unplaced, [{ domain: 'ldg2', reason: 'no room left once the others moved' }]);
  t.match(formatEvacuateText(plan), /not proven optimal|optimal/);
});

t.test('a host alone in its fleet keeps its domains; the greedy method alone proves nothing beyond itself', async (t) => {
  const alone = fleet((json) => json.hosts.splice(1, 2));
  t.same(planEvacuation(alone, 'host-a').unplaced.map((u) => u.reason), ['no other host in the fleet', 'no other host in the fleet']);
  const start = parseFleet(generateFleet({ seed: 3, targets: 4, domains: 12, rangesPerTarget: 100, largeRangesPerTarget: 3 }));
  const greedy = planEvacuation(start, 'src', { method: 'greedy' });
  t.match(formatEvacuateText(greedy), /not proven optimal; at most 12 of the host's domains can move/);
  t.throws(() => planEvacuation(start, 'nope'), { message: /^--host: names no host of the fleet/ });
  t.equal(planEvacuation(fleet((json) => json.hosts.push(host('host-d', [{ pa: '0x0', size: '1G' }]))), 'host-d').status, 'complete', 'an empty host is evacuated already');
});
