/**
 * `rank` and `evacuate` with `--capture HOST=FILE … --facts FLEETFACTS.json`
 * instead of a fleet file: the same answers as the equivalent fleet file
 * (examples/fleet-captures), the exit statuses of fleet.md, and one line
 * naming the file for every kind of bad input.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { runCli } from '../../src/cli/program.js';
import { capturedIo as io } from './captured-io.js';

const example = (path: string): string => readFileSync(new URL(`../../examples/fleet-captures/${path}`, import.meta.url), 'utf8');
const files = (): Record<string, string> => ({
  'host-a.txt': example('host-a.txt'),
  'host-b.txt': example('host-b.txt'),
  'host-c-devices.txt': example('host-c-devices.txt'),
  'host-c-domains.txt': example('host-c-domains.txt'),
  'facts.json': example('facts.json'),
  'fleet.json': example('fleet.json'),
});
const captures = ['--capture', 'host-a=host-a.txt', '--capture', 'host-b=host-b.txt', '--capture', 'host-c=host-c-devices.txt', '--capture', 'host-c=host-c-domains.txt', '--facts', 'facts.json'];

/** Run the command line on the example files; its status, output and errors. */
async function run(args: readonly string[], contents = files()): Promise<{ status: number; out: string; err: string }> {
  const cli = io(contents);
  const status = await runCli(args, cli.io);
  return { status, out: cli.out.join(''), err: cli.err.join('') };
}

t.test('rank from captures prints what rank prints from the equivalent fleet file, and exits 0 when a target fits', async (t) => {
  for (const domain of ['ldg1', 'ldg2', 'ldg3', 'ldg4']) {
    const fromCaptures = await run(['rank', ...captures, '--domain', domain, '--json']);
    const fromFile = await run(['rank', 'fleet.json', '--domain', domain, '--json']);
    t.equal(fromCaptures.status, 0, domain);
    t.same(JSON.parse(fromCaptures.out), JSON.parse(fromFile.out), domain);
    t.equal(fromCaptures.err, '', 'the facts leave nothing to assume');
  }
  const text = await run(['rank', ...captures, '--domain', 'ldg1']);
  t.equal(text.out, [
    'ldg1 on host-a: 1 of 2 targets fit',
    '  host-c  score 0.6301',
    '  host-b  refused: MEMORY_LAYOUT Unable to bind 2G memory region at real address 0x8000000',
    '',
  ].join('\n'));
});

t.test('rank from captures: exit 1 when no target fits', async (t) => {
  const ldg5 = await run(['rank', ...captures, '--domain', 'ldg5']);
  t.equal(ldg5.status, 1);
  t.match(ldg5.out, /^ldg5 on host-c: 0 of 2 targets fit\n/);
});

t.test('evacuate from captures plans what it plans from the fleet file: exit 0 complete, 1 partial', async (t) => {
  for (const [host, status] of [['host-a', 0], ['host-b', 0], ['host-c', 1]] as const) {
    const fromCaptures = await run(['evacuate', ...captures, '--host', host, '--json']);
    const fromFile = await run(['evacuate', 'fleet.json', '--host', host, '--json']);
    t.equal(fromCaptures.status, status, host);
    t.same(JSON.parse(fromCaptures.out), JSON.parse(fromFile.out), host);
  }
  const text = await run(['evacuate', ...captures, '--host', 'host-a']);
  t.match(text.out, /^# evacuate host-a: complete, 3 migrations[^\n]*\nldm migrate-domain ldg1 root@host-c /);
});

t.test('what the captures had to assume goes to standard error, one warning a line; the JSON stays whole', async (t) => {
  const contents = files();
  const facts = JSON.parse(contents['facts.json']!) as { defaults: { host: Record<string, unknown> } };
  delete facts.defaults.host['powerPolicy'];
  contents['facts.json'] = JSON.stringify(facts);
  const result = await run(['rank', ...captures, '--domain', 'ldg1', '--json'], contents);
  t.equal(result.status, 1, 'elastic, assumed, refuses under ldoms-1.3');
  t.equal(result.err, 'ldmfit: warning: powerPolicy not given for hosts host-a, host-b, host-c (nor in defaults.host): assumed "elastic" (elastic mode refuses migration under ldoms-1.3)\n');
  t.match(JSON.parse(result.out), { domain: 'ldg1' });
});

t.test('a fleet file and captures at once, or neither, or --facts with a fleet file: exit 2, one line', async (t) => {
  const both = await run(['rank', 'fleet.json', ...captures, '--domain', 'ldg1']);
  t.same([both.status, both.err], [2, 'ldmfit: --capture: give either the fleet file (fleet.json) or --capture, not both\n']);
  const neither = await run(['evacuate', '--host', 'host-a']);
  t.same([neither.status, neither.err], [2, 'ldmfit: fleet file: missing: give it, or --capture HOST=FILE for each host (with --facts)\n']);
  const factsAlone = await run(['rank', 'fleet.json', '--facts', 'facts.json', '--domain', 'ldg1']);
  t.same([factsAlone.status, factsAlone.err], [2, 'ldmfit: --facts: only with --capture: the fleet file fleet.json holds every fact\n']);
  t.equal(neither.out + both.out + factsAlone.out, '');
});

t.test('a --capture that is not HOST=FILE, or a file that is not there: exit 2 naming it', async (t) => {
  for (const value of ['host-a.txt', '=host-a.txt', 'host-a=']) {
    const result = await run(['rank', '--capture', value, '--domain', 'ldg1']);
    t.same([result.status, result.err], [2, `ldmfit: --capture: expects HOST=FILE: the host's name, then a capture file (got "${value}")\n`]);
  }
  const missing = await run(['rank', '--capture', 'host-a=gone.txt', '--domain', 'ldg1']);
  t.same([missing.status, missing.err], [2, 'ldmfit: gone.txt: no such file\n']);
});

t.test('a misspelt fact names the facts file and the field, with what it may have meant', async (t) => {
  const contents = files();
  contents['facts.json'] = contents['facts.json']!.replace('"powerPolicy"', '"powerPolcy"');
  const result = await run(['evacuate', ...captures, '--host', 'host-a'], contents);
  t.same([result.status, result.err], [2, 'ldmfit: facts.json: defaults.host.powerPolcy: unknown field; did you mean "powerPolicy"?\n']);
});

t.test('a missing fact: named in the facts file, or, with no facts file, the option that gives it', async (t) => {
  const contents = files();
  const facts = JSON.parse(contents['facts.json']!) as { defaults: { host: { cpu: Record<string, unknown> } } };
  delete facts.defaults.host.cpu['mhz'];
  contents['facts.json'] = JSON.stringify(facts);
  const result = await run(['rank', ...captures, '--domain', 'ldg1'], contents);
  t.same([result.status, result.err], [2, 'ldmfit: facts.json: hosts.host-a.cpu.mhz: is required (here or in defaults.host.cpu): ldm does not print the clock\n']);
  const none = await run(['rank', '--capture', 'host-a=host-a.txt', '--domain', 'ldg1']);
  t.same([none.status, none.err], [2, 'ldmfit: --facts: missing: ldm does not print hosts.host-a.cpu.type; give it in a fleet facts file\n']);
});

t.test('a capture without memory names its file; a domain that names nothing is exit 2 as with a fleet file', async (t) => {
  const contents = { ...files(), 'services.txt': example('host-a.txt').split('host-a# ').find((output) => output.startsWith('ldm list-services'))! };
  const bare = await run(['rank', '--capture', 'host-a=host-a.txt', '--capture', 'host-c=services.txt', '--facts', 'facts.json', '--domain', 'ldg1'], contents);
  t.same([bare.status, bare.err], [2, 'ldmfit: services.txt: the captures of host-c show no memory rows; capture "ldm list-devices -a memory" on host-c\n']);
  const nobody = await run(['rank', ...captures, '--domain', 'ldg9']);
  t.same([nobody.status, nobody.err], [2, 'ldmfit: --domain: names no domain of the fleet; did you mean "ldg1"? (got "ldg9")\n']);
});

t.test('a value a capture cannot hold names the capture file and line', async (t) => {
  const contents = files();
  contents['host-b.txt'] = contents['host-b.txt']!.replace('|pa=0x108000000|size=1073741824', '|pa=0x108000000|size=lots');
  const result = await run(['evacuate', ...captures, '--host', 'host-a'], contents);
  t.equal(result.status, 2);
  t.match(result.err, /^ldmfit: host-b\.txt: line \d+/);
});
