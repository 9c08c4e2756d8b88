/** `ldmfit rank` in-process: the example fleet, exit statuses, names that name nothing. */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { runCli } from '../../src/cli/program.js';
import { capturedIo as io } from './captured-io.js';

const fleet = readFileSync(new URL('../../examples/fleet-three-hosts.json', import.meta.url), 'utf8');

t.test('rank --json prints the spec\'s document and exits 0 when a target fits', async (t) => {
  const run = io({ 'fleet.json': fleet });
  t.equal(await runCli(['rank', 'fleet.json', '--domain', 'ldg1', '--json'], run.io), 0);
  const json = JSON.parse(run.out.join('')) as { domain: string; from: string; targets: { host: string; ok: boolean }[] };
  t.same([json.domain, json.from, json.targets.map((x) => [x.host, x.ok])], ['ldg1', 'host-a', [['host-c', true], ['host-b', false]]]);
});

t.test('rank without --json prints a line per target; standard input works', async (t) => {
  const run = io({}, fleet);
  t.equal(await runCli(['rank', '-', '--domain', 'ldg2', '--node-limit', '1000'], run.io), 0);
  t.match(run.out.join(''), /^ldg2 on host-a: 2 of 2 targets fit\n  host-c  score/);
});

t.test('no target fits: exit 1', async (t) => {
  const small = JSON.parse(fleet) as { hosts: { freeMemory: unknown[] }[] };
  small.hosts[2]!.freeMemory = [];
  const run = io({ 'fleet.json': JSON.stringify(small) });
  t.equal(await runCli(['rank', 'fleet.json', '--domain', 'ldg1'], run.io), 1);
});

t.test('a domain that names nothing, or a bad fleet, is exit 2 with one line', async (t) => {
  const run = io({ 'fleet.json': fleet });
  t.equal(await runCli(['rank', 'fleet.json', '--domain', 'ldg9'], run.io), 2);
  t.same(run.err, ['ldmfit: --domain: names no domain of the fleet; did you mean "ldg1"? (got "ldg9")\n']);
  const bad = io({ 'fleet.json': fleet.replace('"freeStrands"', '"freeStrand"') });
  t.equal(await runCli(['rank', 'fleet.json', '--domain', 'ldg1'], bad.io), 2);
  t.match(bad.err.join(''), /^ldmfit: fleet\.json: hosts\[0\]\.cpu\.freeStrand: unknown field; did you mean "freeStrands"\?/);
});

t.test('rank --advise: refused targets carry advice in the JSON and under their line; without it the JSON is unchanged', async (t) => {
  const crowded = JSON.parse(fleet) as { hosts: { domains?: unknown[] }[] };
  crowded.hosts[1]!.domains = [{ name: 'ldg5', strands: 8, memory: [{ ra: '0x0', pa: '0x148000000', size: '1G' }] }];
  const file = { 'fleet.json': JSON.stringify(crowded) };
  const json = io(file);
  t.equal(await runCli(['rank', 'fleet.json', '--domain', 'ldg1', '--json', '--advise'], json.io), 0);
  const advised = JSON.parse(json.out.join('')) as { targets: { host: string; advice?: { kind: string; domains?: string[]; host?: string }[] }[] };
  t.same(advised.targets.map((x) => x.advice?.map((a) => [a.kind, a.domains ?? a.host ?? null])), [
    undefined,
    [['grow-range', null], ['free-domain', ['ldg5']], ['other-target', 'host-c']],
  ]);
  const plain = io(file);
  await runCli(['rank', 'fleet.json', '--domain', 'ldg1', '--json'], plain.io);
  t.notMatch(plain.out.join(''), /"advice"/);
  const text = io(file);
  await runCli(['rank', 'fleet.json', '--domain', 'ldg1', '--advise'], text.io);
  t.match(text.out.join(''), /\n {4}advice: move domain ldg5 \(1G bound at 0x148000000\) off host-b: the memory then fits \(verified\)\n/);
});
