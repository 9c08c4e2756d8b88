/**
 * `ldmfit check` in-process: the request examples, the exit statuses, and bad
 * input named by file and JSON path.
 */
import { constants } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';
import { runCli } from '../../src/cli/program.js';
import { capturedIo as io } from './captured-io.js';

const example = (name: string): string => readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');


t.test('the seed request prints what ldm migrate-domain -n prints and exits 1', async (t) => {
  const run = io({ 'seed.json': example('check-seed-2g-into-two-1g.json') });
  t.equal(await runCli(['check', 'seed.json'], run.io), 1);
  const lines = run.out.join('').split('\n');
  t.equal(lines[0], 'Unable to bind 2G memory region at real address 0x8000000');
  t.ok(lines.includes('Domain Migration of LDom ldg-src would fail if attempted'));
  t.same(run.err, []);
});

t.test('a passing request exits 0 and --json gives {status, ok, findings, placements}', async (t) => {
  const run = io({ 'pass.json': example('check-pass.json') });
  t.equal(await runCli(['check', 'pass.json', '--json'], run.io), 0);
  const result = JSON.parse(run.out.join('')) as { status: string; ok: boolean; findings: unknown[]; placements: { ra: string }[] };
  t.same(Object.keys(result), ['status', 'ok', 'findings', 'placements']);
  t.equal(result.status, 'ok');
  t.equal(result.ok, true);
  t.ok(result.placements.length > 0);
  t.match(result.placements[0]!.ra, /^0x[0-9a-f]+$/);
});

t.test('several refusals are all listed with their codes', async (t) => {
  const run = io({ 'r.json': example('check-refused-several.json') });
  t.equal(await runCli(['check', 'r.json', '--json'], run.io), 1);
  const result = JSON.parse(run.out.join('')) as { status: string; ok: boolean; findings: { code: string; severity: string }[] };
  t.equal(result.status, 'refused');
  t.equal(result.ok, false);
  t.ok(result.findings.filter((f) => f.severity === 'error').length >= 2);
});

t.test('bad input names the file and the JSON path, one line, exit 2', async (t) => {
  const request = JSON.parse(example('check-pass.json')) as { domain: Record<string, unknown> };
  request.domain.strandz = 8;
  const typo = io({ 'typo.json': JSON.stringify(request) });
  t.equal(await runCli(['check', 'typo.json'], typo.io), 2);
  t.same(typo.err, ['ldmfit: typo.json: domain.strandz: unknown field; did you mean "strands"?\n']);
  const vnet = JSON.parse(example('check-pass.json')) as { domain: { vnets: Record<string, unknown>[] } };
  vnet.domain.vnets[0]!['swtich'] = vnet.domain.vnets[0]!['switch'];
  delete vnet.domain.vnets[0]!['switch'];
  const swapped = io({ 'vnet.json': JSON.stringify(vnet) });
  t.equal(await runCli(['check', 'vnet.json'], swapped.io), 2);
  t.same(swapped.err, ['ldmfit: vnet.json: domain.vnets[0].swtich: unknown field; did you mean "switch"?\n']);
  const broken = io({ 'broken.json': '{\n  "profile": "ldoms-1.3",\n  oops\n}' });
  t.equal(await runCli(['check', 'broken.json'], broken.io), 2);
  t.match(broken.err.join(''), /^ldmfit: broken\.json: line 3 column 3: invalid JSON/);
  const missing = io({});
  t.equal(await runCli(['check', 'nowhere.json'], missing.io), 2);
  t.match(missing.err.join(''), /nowhere\.json: no such file/);
});

t.test('a request file longer than the longest string is bad input naming the file', async (t) => {
  const run = io({ 'big.json': new Uint8Array(constants.MAX_STRING_LENGTH + 1).fill(0x20) });
  t.equal(await runCli(['check', 'big.json'], run.io), 2);
  t.same(run.err, [`ldmfit: big.json: too large for the general JSON reader (${constants.MAX_STRING_LENGTH + 1} bytes; it takes at most ${constants.MAX_STRING_LENGTH})\n`]);
});

t.test('arrays nested 100,000 deep are bad input named by JSON path, not a stack overflow', async (t) => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const shown = `(got "${'['.repeat(40)}…")`;
  const request = JSON.parse(example('check-pass.json')) as { domain: Record<string, unknown>; target: Record<string, unknown> };
  const inDomain = (key: string): string => JSON.stringify({ ...request, domain: { ...request.domain, [key]: 'DEEP' } }).replace('"DEEP"', deep);
  const cases: [string, string][] = [
    [deep, `must be object ${shown}`],
    [inDomain('state'), `domain.state: must be one of "active", "bound", "inactive" ${shown}`],
    [inDomain('effectiveLargestPage'), `domain.effectiveLargestPage: expected a quantity string such as "0x8000000", "4294967296" or "2G" ${shown}`],
    [inDomain('vnets'), `domain.vnets[0]: must be object ${shown}`],
  ];
  for (const [text, message] of cases) {
    const run = io({ 'deep.json': text });
    t.equal(await runCli(['check', 'deep.json'], run.io), 2);
    t.same(run.err, [`ldmfit: deep.json: ${message}\n`]);
  }
});

t.test('a memory layout the search cannot settle in time exits 3', async (t) => {
  // The bin-packing fixture of the place tests (a Falkenauer triplet instance the greedy and the LP stage leave open), as a request
  // whose largest page is the granule, so only sizes matter.
  const hard = JSON.parse(readFileSync(new URL('./fixtures/undecided-bin-packing.json', import.meta.url), 'utf8')) as {
    domain: { memory: { ra: string; size: string }[] };
    target: { free: unknown[] };
  };
  const request = JSON.parse(example('check-pass.json')) as {
    domain: Record<string, unknown>;
    source: Record<string, unknown>;
    target: Record<string, unknown>;
  };
  request.domain.memory = hard.domain.memory.map((block) => ({ ...block, pa: block.ra }));
  request.domain.effectiveLargestPage = '8K';
  request.source.largestPage = '8K';
  request.target.largestPage = '8K';
  request.target.freeMemory = hard.target.free;
  const run = io({ 'r.json': JSON.stringify(request) });
  t.equal(await runCli(['check', 'r.json', '--time-limit', '1'], run.io), 3);
  t.match(run.out.join(''), /MEMORY_UNDECIDED/);
  const json = io({ 'r.json': JSON.stringify(request) });
  t.equal(await runCli(['check', 'r.json', '--json', '--node-limit', '1000'], json.io), 3);
  const result = JSON.parse(json.out.join('')) as { status: string; ok: boolean; findings: { code: string }[]; placements: unknown[] };
  t.equal(result.status, 'unknown', 'status unknown with exit 3');
  t.equal(result.ok, false);
  t.same(result.findings.map((f) => f.code), ['MEMORY_UNDECIDED', 'CPU_DR_AFTER_REBOOT']);
  t.same(result.placements, []);
});

t.test('--json status agrees with the exit status on every example request', async (t) => {
  const statusOf: Record<number, string> = { 0: 'ok', 1: 'refused', 3: 'unknown' };
  const files = readdirSync(new URL('../../examples/', import.meta.url)).filter((f) => f.startsWith('check-'));
  t.ok(files.length >= 6, `${files.length} example requests`);
  for (const file of files) {
    const run = io({ [file]: example(file) });
    const exit = await runCli(['check', file, '--json'], run.io);
    const result = JSON.parse(run.out.join('')) as { status: string; ok: boolean; findings: { severity: string }[] };
    t.equal(result.status, statusOf[exit], `${file}: exit ${exit}`);
    t.equal(result.status === 'refused', result.findings.some((f) => f.severity === 'error'), `${file}: refused exactly when an error finding is present`);
  }
});

t.test('--svg draws the check\'s memory part; the output and exit status do not change', async (t) => {
  const cases: [string, number, RegExp][] = [
    ['check-seed-2g-into-two-1g.json', 1, />Unable to bind 2G memory region at real address 0x8000000</],
    ['check-pass.json', 0, /: feasible<\/text>/],
    ['check-ovm36-split-pass.json', 0, />RA 0x8000000, 1G</],
    ['check-refused-bound.json', 1, />no memory layout to check: ldg1 is bound</],
    ['check-ovm36-mblockmap-refused.json', 1, />Free memory layout and congruency requirements prevent binding the memory block with PA 0x300000000/],
  ];
  for (const [name, status, drawn] of cases) {
    const plain = io({ 'r.json': example(name) });
    const mapped = io({ 'r.json': example(name) });
    t.equal(await runCli(['check', 'r.json'], plain.io), status, name);
    t.equal(await runCli(['check', 'r.json', '--svg', 'map.svg'], mapped.io), status);
    t.same(mapped.out, plain.out, 'the same report');
    t.same(mapped.err, []);
    t.match(mapped.written.get('map.svg'), drawn);
  }
});

t.test('colour when the I/O says standard output is a terminal, and only then', async (t) => {
  const plain = io({ 'r.json': example('check-seed-2g-into-two-1g.json') });
  const terminal = io({ 'r.json': example('check-seed-2g-into-two-1g.json') });
  t.equal(await runCli(['check', 'r.json'], plain.io), 1);
  t.equal(await runCli(['check', 'r.json'], { ...terminal.io, colour: true }), 1);
  t.notMatch(plain.out.join(''), /\x1b/);
  t.match(terminal.out.join(''), /^\x1b\[31mUnable to bind 2G memory region at real address 0x8000000\x1b\[0m\n/);
  const json = io({ 'r.json': example('check-seed-2g-into-two-1g.json') });
  await runCli(['check', 'r.json', '--json'], { ...json.io, colour: true });
  t.notMatch(json.out.join(''), /\x1b/, 'JSON is never coloured');
});

t.test('--advise: verified changes after the report, or in "advice" with --json; nothing when memory is not the refusal', async (t) => {
  const run = io({ 'seed.json': example('check-seed-2g-into-two-1g.json') });
  t.equal(await runCli(['check', 'seed.json', '--advise'], run.io), 1);
  t.match(run.out.join(''), /\nAdvice: the free range at PA 0x108000000 \(1G\) would have to grow by 1G: the memory then fits \(verified\)\n$/);
  const json = io({ 'seed.json': example('check-seed-2g-into-two-1g.json') });
  t.equal(await runCli(['check', 'seed.json', '--advise', '--json'], json.io), 1);
  const result = JSON.parse(json.out.join('')) as { advice: { kind: string; pa?: string }[] };
  t.same(result.advice.map((a) => [a.kind, a.pa]), [['grow-range', '0x108000000']]);
  const other = io({ 'r.json': example('check-refused-several.json') });
  t.equal(await runCli(['check', 'r.json', '--advise'], other.io), 1);
  t.notMatch(other.out.join(''), /Advice:/);
});
