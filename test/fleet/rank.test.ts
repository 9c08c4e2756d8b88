import t from 'tap';
import { checkInFleet } from '../../src/fleet/pair.js';
import { passesAggregate, rankExitCode, rankTargets } from '../../src/fleet/rank.js';
import { score } from '../../src/fleet/score.js';
import { findDomain, findHost } from '../../src/fleet/fleet.js';
import type { PlacementSolver } from '../../src/migration/rules/memory.js';
import { formatRankText, rankJson } from '../../src/report/rank-json.js';
import { fleet, host } from './fixtures.js';

const undecided: PlacementSolver = () => ({ status: 'unknown', pieces: [], stats: { decidedBy: 'search', nodes: 1, elapsedMs: 0, stoppedBy: 'node-limit' } });

t.test('the seed trap: host-c takes ldg1, host-b is refused for its layout', async (t) => {
  const ranking = rankTargets(fleet(), 'ldg1');
  t.equal(ranking.from, 'host-a');
  t.same(ranking.targets.map((x) => [x.host, x.status]), [['host-c', 'ok'], ['host-b', 'refused']]);
  t.same(ranking.targets[1]!.findings.filter((f) => f.severity === 'error').map((f) => f.code), ['MEMORY_LAYOUT']);
  const best = ranking.targets[0]!;
  t.equal(best.score, score(best.parts!));
  t.ok(best.score! > 0 && best.score! < 1);
  t.equal(best.placements.length, 1);
  t.equal(rankExitCode(ranking), 0);
});

t.test('the aggregate filter removes only what the check would refuse, and says so', async (t) => {
  const parsed = fleet((json) => {
    json.hosts.push(host('host-d', [{ pa: '0x0', size: '512M' }]));
    json.hosts.push(host('host-e', [{ pa: '0x0', size: '8G' }], { cpu: { type: 'UltraSPARC-T2', mhz: 1415, freeStrands: 7 } }));
  });
  const ranking = rankTargets(parsed, 'ldg1');
  const byHost = new Map(ranking.targets.map((x) => [x.host, x]));
  t.same([byHost.get('host-d')!.filtered, byHost.get('host-e')!.filtered, byHost.get('host-c')!.filtered], [true, true, false]);
  t.same(byHost.get('host-d')!.findings.filter((f) => f.severity === 'error').map((f) => f.code), ['MEMORY_INSUFFICIENT']);
  t.same(byHost.get('host-e')!.findings.map((f) => f.code).filter((c) => c.startsWith('MEMORY') || c.startsWith('CPU_STRANDS')), ['CPU_STRANDS_INSUFFICIENT'], 'no layout finding for what was not examined');
  t.same(ranking.targets.map((x) => x.host), ['host-c', 'host-b', 'host-d', 'host-e']);
});

t.test('under ovm-3.6 the filter counts strands, not whole cores', async (t) => {
  const parsed = fleet((json) => { json.profile = 'ovm-3.6'; json.hosts[2].cpu.freeStrands = 8; json.hosts[2].cpu.freeWholeCores = 0; });
  t.ok(passesAggregate(parsed, findDomain(parsed, 'ldg1').domain, findHost(parsed, 'host-c')));
  parsed.hosts[2]!.cpu.freeStrands = 7;
  t.notOk(passesAggregate(parsed, findDomain(parsed, 'ldg1').domain, findHost(parsed, 'host-c')));
});

t.test('equal scores are ordered by host name', async (t) => {
  const parsed = fleet((json) => json.hosts.splice(1, 0, host('host-0', [{ pa: '0x800000000', size: '8G' }])));
  t.same(rankTargets(parsed, 'ldg1').targets.map((x) => x.host), ['host-0', 'host-c', 'host-b']);
});

t.test('a larger free range left scores higher', async (t) => {
  const parsed = fleet((json) => json.hosts.push(host('host-z', [{ pa: '0x800000000', size: '16G' }])));
  t.same(rankTargets(parsed, 'ldg2').targets.map((x) => x.host), ['host-z', 'host-c', 'host-b']);
});

t.test('exit statuses: 1 when nothing fits, 3 when nothing fits but something is undecided', async (t) => {
  const tight = fleet((json) => json.hosts.splice(2, 1));
  t.equal(rankExitCode(rankTargets(tight, 'ldg1')), 1);
  t.equal(rankExitCode(rankTargets(tight, 'ldg2', { solver: undecided })), 3);
});

t.test('an inactive domain fits anywhere the check does not look, with nothing placed', async (t) => {
  const parsed = fleet((json) => (json.hosts[0].domains[0].state = 'inactive'));
  const ranking = rankTargets(parsed, 'ldg1');
  t.same(ranking.targets.map((x) => [x.host, x.ok, x.placements.length]), [['host-c', true, 0], ['host-b', true, 0]], 'host-c keeps the larger range');
});

t.test('a bound domain gets a layout in the fleet, and none is a layout error', async (t) => {
  const parsed = fleet((json) => (json.hosts[0].domains[0].state = 'bound'));
  const c = checkInFleet(parsed, 'ldg1', 'host-c').result;
  t.equal(c.status, 'ok');
  t.equal(c.placements.length, 1);
  const b = checkInFleet(parsed, 'ldg1', 'host-b').result;
  t.same([b.status, b.findings.map((f) => f.code)], ['refused', ['MEMORY_LAYOUT']]);
  t.equal(checkInFleet(parsed, 'ldg1', 'host-c', { solver: undecided }).result.status, 'unknown');
  const refused = fleet((json) => { json.hosts[0].domains[0].state = 'bound'; json.hosts[2].services.vsw = []; });
  t.equal(checkInFleet(refused, 'ldg1', 'host-c').result.status, 'refused');
});

t.test('JSON and text: the spec\'s shapes, in order', async (t) => {
  const ranking = rankTargets(fleet(), 'ldg1');
  const json = rankJson(ranking);
  t.same(Object.keys(json), ['domain', 'from', 'targets']);
  t.same(Object.keys(json.targets[0]!), ['host', 'ok', 'score', 'placements', 'findings']);
  t.same(Object.keys(json.targets[1]!), ['host', 'ok', 'findings']);
  t.same(json.targets[0]!.ok && json.targets[0]!.placements[0]!.size, '0x80000000');
  const text = formatRankText(ranking).split('\n');
  t.equal(text[0], 'ldg1 on host-a: 1 of 2 targets fit');
  t.match(text[1], /^  host-c  score 0\.\d{4}$/);
  t.match(text[2], /^  host-b  refused: MEMORY_LAYOUT Unable to bind 2G/);
  const quiet = rankTargets(fleet((json) => (json.hosts[0].domains[0].state = 'inactive')), 'ldg1');
  t.ok(formatRankText(quiet).includes('host-b  score'));
});

t.test('a target whose only findings are not errors still says what it found', async (t) => {
  const ranking = { domain: 'd', from: 'a', targets: [{ host: 'b', status: 'unknown' as const, ok: false, placements: [], findings: [], filtered: false }] };
  t.equal(formatRankText(ranking), 'd on a: 0 of 1 targets fit\n  b  unknown\n');
});
