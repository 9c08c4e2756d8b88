/** `ldmfit evacuate` in-process: the example fleet, exit statuses, a host that names nothing. */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { runCli } from '../../src/cli/program.js';
import { capturedIo as io } from './captured-io.js';

const fleet = readFileSync(new URL('../../examples/fleet-three-hosts.json', import.meta.url), 'utf8');

t.test('evacuate --json prints the spec\'s plan and exits 0 when complete', async (t) => {
  const run = io({ 'fleet.json': fleet });
  t.equal(await runCli(['evacuate', 'fleet.json', '--host', 'host-a', '--json', '--time-limit', '2000'], run.io), 0);
  const plan = JSON.parse(run.out.join('')) as { status: string; optimal: boolean; steps: { domain: string; to: string }[] };
  t.same([plan.status, plan.optimal, plan.steps.map((s) => `${s.domain}>${s.to}`)], ['complete', true, ['ldg1>host-c', 'ldg2>host-b', 'ldg3>host-b']]);
});

t.test('without --json: the ldm command sequence; partial exits 1', async (t) => {
  const small = JSON.parse(fleet) as { hosts: { freeMemory: unknown[] }[] };
  small.hosts[1]!.freeMemory = [];
  const run = io({}, JSON.stringify(small));
  t.equal(await runCli(['evacuate', '-', '--host', 'host-a'], run.io), 1);
  t.match(run.out.join(''), /^# evacuate host-a: partial, 2 migrations.*\nldm migrate-domain ldg1 root@host-c /);
});

t.test('a host that names nothing is exit 2', async (t) => {
  const run = io({ 'fleet.json': fleet });
  t.equal(await runCli(['evacuate', 'fleet.json', '--host', 'host-q'], run.io), 2);
  t.match(run.err.join(''), /^ldmfit: --host: names no host of the fleet; did you mean "host-a"\?/);
});
