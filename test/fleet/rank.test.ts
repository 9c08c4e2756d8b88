import t from 'tap';
import { checkInFleet } from '../../src/fleet/pair.js';
import { boundBlocks, passesAggregate, rankExitCode, rankTargets } from '../../src/fleet/rank.js';
import { score } from '../../src/fleet/score.js';
import { findDomain, findHost, parseFleet } from '../../src/fleet/fleet.js';
import type { PlacementSolver } from '../../src/migration/rules/memory.js';
import { formatRankText, rankJson } from '../../src/report/rank-json.js';
import { domain, fleet, fleetJson, host, type Json } from './fixtures.js';

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

// rank with advise: a target the memory rule refused gets verified advice, its own domains as the blocks in the way,
// and the best target that fits as "another target"; each move is verified by moving the domain off in the fleet file and ranking again.

/** host-b: ldg5 (1G) in the gap between its two 1G free ranges, ldg6 (512M) far off, ldg7 inactive with 3G listed. */
const crowded = (json: Json): void => {
  json.hosts[1].domains = [
    domain('ldg5', [['0x0', '0x148000000', '1G']]),
    domain('ldg6', [['0x0', '0x500000000', '512M']]),
    domain('ldg7', [['0x0', '0x600000000', '3G']], { state: 'inactive' }),
  ];
};

/** The fleet with `names` gone from host-b, their blocks given back as free memory. */
function withoutOnHostB(edit: (json: Json) => void, names: readonly string[]): Json {
  return fleetJson((json) => {
    edit(json);
    const hostB = json.hosts[1];
    const gone = hostB.domains.filter((d: Json) => names.includes(d.name));
    hostB.domains = hostB.domains.filter((d: Json) => !names.includes(d.name));
    hostB.freeMemory = [...hostB.freeMemory, ...gone.flatMap((d: Json) => d.memory.map((b: Json) => ({ pa: b.pa, size: b.size })))];
  });
}

t.test('a refused target gets its domains in the way and another target; each move verified by ranking again', async (t) => {
  const ranking = rankTargets(fleet(crowded), 'ldg1', { advise: true });
  const hostB = ranking.targets.find((x) => x.host === 'host-b')!;
  t.same(hostB.advice?.map((a) => a.kind), ['grow-range', 'free-domain', 'other-target']);
  const move = hostB.advice!.find((a) => a.kind === 'free-domain')!;
  t.same(move.kind === 'free-domain' ? move.domains : [], ['ldg5']);
  t.equal(move.message, 'move domain ldg5 (1G bound at 0x148000000) off host-b: the memory then fits (verified)');
  const after = rankTargets(parseFleet(withoutOnHostB(crowded, ['ldg5'])), 'ldg1');
  t.equal(after.targets.find((x) => x.host === 'host-b')!.status, 'ok', 'with ldg5 gone, host-b takes ldg1');
  const notHelping = rankTargets(parseFleet(withoutOnHostB(crowded, ['ldg6'])), 'ldg1');
  t.equal(notHelping.targets.find((x) => x.host === 'host-b')!.status, 'refused', 'ldg6 gone changes nothing: it is not advised');
  t.equal(hostB.advice!.at(-1)!.message, `another target: host-c takes ldg1 as it is (score ${ranking.targets[0]!.score!.toFixed(4)}, every rule checked)`);
  t.notOk(ranking.targets[0]!.advice, 'a target that fits gets no advice');
});

t.test('an inactive domain holds no memory on the host: never in the way', async (t) => {
  const parsed = fleet(crowded);
  t.same([...new Set(boundBlocks(parsed.hosts[1]!).map((b) => b.owner))], ['ldg5', 'ldg6']);
  t.same(boundBlocks(parsed.hosts[2]!), [], 'a host without domains');
});

t.test('without advise the answer and its JSON are exactly as before', async (t) => {
  const plain = rankTargets(fleet(crowded), 'ldg1');
  t.notOk(plain.targets.some((x) => 'advice' in x));
  t.same(Object.keys(rankJson(plain).targets[1]!), ['host', 'ok', 'findings']);
  const advised = rankJson(rankTargets(fleet(crowded), 'ldg1', { advise: true }));
  t.same(Object.keys(advised.targets[1]!), ['host', 'ok', 'findings', 'advice']);
  const refused = advised.targets[1]!;
  if (refused.ok) throw new Error('host-b should be refused');
  t.same(refused.advice!.map((a) => a.kind), ['grow-range', 'free-domain', 'other-target']);
  t.same(refused.advice![1], { kind: 'free-domain', domains: ['ldg5'], freedBytes: '0x40000000', message: 'move domain ldg5 (1G bound at 0x148000000) off host-b: the memory then fits (verified)' });
  t.same(refused.advice![2], { kind: 'other-target', host: 'host-c', message: refused.advice![2]!.message });
});

t.test('a target short of memory in total (filtered) is advised too; one refused for its CPU only is not', async (t) => {
  const parsed = fleet((json) => {
    json.hosts.push({ ...host('host-d', [{ pa: '0x100000000', size: '1G' }]), domains: [domain('ldg8', [['0x0', '0x140000000', '2G']])] });
    json.hosts.push(host('host-e', [{ pa: '0x0', size: '8G' }], { cpu: { type: 'UltraSPARC-T2', mhz: 1415, freeStrands: 7 } }));
  });
  const ranking = rankTargets(parsed, 'ldg1', { advise: true });
  const hostD = ranking.targets.find((x) => x.host === 'host-d')!;
  t.ok(hostD.filtered);
  t.same(hostD.advice?.filter((a) => a.kind === 'free-domain').map((a) => (a.kind === 'free-domain' ? a.domains : [])), [['ldg8']]);
  t.same(hostD.advice?.filter((a) => a.kind === 'shrink-domain').map((a) => (a.kind === 'shrink-domain' ? [a.pa, a.size] : [])), [[0x140000000n, 0x50000000n]]);
  t.equal(ranking.targets.find((x) => x.host === 'host-e')!.advice, undefined);
});

t.test('a bound domain is advised as the layout the fleet gives it', async (t) => {
  const ranking = rankTargets(fleet((json) => { crowded(json); json.hosts[0].domains[0].state = 'bound'; }), 'ldg1', { advise: true });
  const hostB = ranking.targets.find((x) => x.host === 'host-b')!;
  t.same(hostB.findings.filter((f) => f.severity === 'error').map((f) => f.code), ['MEMORY_LAYOUT']);
  t.ok(hostB.advice?.some((a) => a.kind === 'free-domain'));
});

t.test('text: advice under its target; nothing found is said; no other target when none fits', async (t) => {
  const text = formatRankText(rankTargets(fleet(crowded), 'ldg1', { advise: true }));
  t.match(text, /\n {2}host-b {2}refused: MEMORY_LAYOUT [^\n]*\n {4}advice: the free range at PA 0x108000000 [^\n]*\n {4}advice: move domain ldg5 [^\n]*\n {4}advice: another target: host-c [^\n]*\n$/);
  const never: PlacementSolver = () => ({ status: 'infeasible', pieces: [], stats: { decidedBy: 'bounds', nodes: 0, elapsedMs: 0 } });
  const none = rankTargets(fleet(crowded), 'ldg1', { advise: true, solver: never });
  t.same(none.targets.map((x) => x.advice), [[], []]);
  t.match(formatRankText(none), /\n {2}host-b {2}refused: [^\n]*\n {4}advice: no change found that makes the memory fit\n/);
});

t.test('a domain cut at its host\'s larger page meets a target with smaller pages: ranked, not an input error', async (t) => {
  // host-a has 512M pages and ldg1 says split mode may cut at 512M; host-c has 256M pages (the default).
  const bent = fleet((json) => {
    json.profile = 'ovm-3.6';
    json.hosts[0].largestPage = '512M';
    json.hosts[0].domains[0].effectiveLargestPage = '512M';
  });
  const ranking = rankTargets(bent, 'ldg1');
  t.same(ranking.targets.map((x) => x.host), ['host-c', 'host-b']);
  t.equal(ranking.targets[0]!.status, 'ok');
  // The pair's request takes the smaller page, as a request without the field does.
  t.equal(checkInFleet(bent, 'ldg1', 'host-c').request.domain.effectiveLargestPage, (256 * 2 ** 20) / 8192);
  // On its own host the field is still checked: above the host's page it is an error naming the fleet path.
  t.throws(
    () => fleet((json) => (json.hosts[0].domains[0].effectiveLargestPage = '1G')),
    { message: /^hosts\[0\]\.domains\[0\]\.effectiveLargestPage: must not exceed/ },
  );
});
