/**
 * `ldmfit place` as users and scripts run it: the real built binary, spawned
 * with pipes, on the examples and on bad input.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { BIN, ROOT, ensureBuilt, oneErrorLine, runBinary } from './binary.js';

const EXAMPLES = join(ROOT, 'examples');

/** Run the binary with its output on pipes and nothing on standard input. */
function ldmfit(...args: string[]): ReturnType<typeof runBinary> {
  return runBinary(args);
}

const scratch = mkdtempSync(join(tmpdir(), 'ldmfit-cli-'));
t.teardown(() => rmSync(scratch, { recursive: true, force: true }));

function scratchFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

ensureBuilt();

t.test('the seed: ldm\'s failure lines on a dry run, exit 1', async (t) => {
  const run = await ldmfit('place', 'examples/seed-2g-into-two-1g.json');
  t.equal(run.status, 1);
  t.equal(run.stderr, '');
  t.equal(
    run.stdout,
    'Unable to bind 2G memory region at real address 0x8000000\n' +
      'Domain Migration of LDom ldg-src would fail if attempted\n' +
      'Reason: the 2G block at RA 0x8000000 must start at a PA ≡ 0x8000000 (mod 256M); the free range with the most room from such an address, 1G at 0x108000000, holds only 1G from its first one, 0x108000000\n',
  );
});

t.test('the seed as the JSON contract', async (t) => {
  const run = await ldmfit('place', join(EXAMPLES, 'seed-2g-into-two-1g.json'), '--json');
  t.equal(run.status, 1);
  const document = JSON.parse(run.stdout) as Record<string, unknown>;
  t.same(Object.keys(document).slice(0, 3), ['status', 'placements', 'message'], 'the contract first');
  t.same(Object.keys(document).slice(3), ['certificate', 'failedBlock', 'stats'], 'then the additive fields');
  t.equal(document['status'], 'infeasible');
  t.same(document['placements'], []);
  t.match(document['message'], /^Unable to bind 2G memory region at real address 0x8000000; /);
});

t.test('--profile ovm-3.6 words the failure as later releases do', async (t) => {
  const run = await ldmfit('place', 'examples/seed-2g-into-two-1g.json', '--json', '--profile', 'ovm-3.6');
  t.equal(run.status, 1);
  t.match(
    (JSON.parse(run.stdout) as { message: string }).message,
    /^Free memory layout and congruency requirements prevent binding the memory block with PA 0x208000000, RA 0x8000000, and size 2G/,
  );
});

t.test('a feasible multi-block domain: exit 0, placements sorted by ra', async (t) => {
  const run = await ldmfit('place', 'examples/feasible-three-blocks.json', '--json', '--time-limit', '2000', '--strategy', 'auto');
  t.equal(run.status, 0);
  const document = JSON.parse(run.stdout) as { status: string; placements: { ra: string }[] };
  t.equal(document.status, 'feasible');
  t.same(document.placements.map((piece) => piece.ra), ['0x8000000', '0x108000000', '0x188000000']);
  const text = await ldmfit('place', 'examples/feasible-three-blocks.json');
  t.equal(text.status, 0);
  t.match(text.stdout, /^NAME\nldg-web\n\nMEMORY\n {4}RA {15}PA {15}SIZE\n/);
});

t.test('the congruence trap: sizes fit, phases do not, exit 1', async (t) => {
  const run = await ldmfit('place', 'examples/congruence-trap.json');
  t.equal(run.status, 1);
  t.match(run.stdout, /^Unable to bind 1G memory region at real address 0x8000000\n/);
});

t.test('split mode makes the seed feasible in two pieces', async (t) => {
  const run = await ldmfit('place', 'examples/split-2g-into-two-1g.json', '--json');
  t.equal(run.status, 0);
  t.same((JSON.parse(run.stdout) as { placements: unknown }).placements, [
    { ra: '0x8000000', pa: '0x108000000', size: '0x40000000' },
    { ra: '0x48000000', pa: '0x188000000', size: '0x40000000' },
  ]);
});

t.test('a budget that runs out gives unknown, exit 3', async (t) => {
  const run = await ldmfit('place', 'test/cli/fixtures/undecided-bin-packing.json', '--json', '--time-limit', '1');
  t.equal(run.status, 3);
  const document = JSON.parse(run.stdout) as { status: string; placements: unknown[]; message: string };
  t.equal(document.status, 'unknown');
  t.same(document.placements, []);
  t.match(document.message, /^undecided: the time limit of 1 ms ran out after \d+ search nodes$/);
});

t.test('a node budget is deterministic: the same bytes every run, and the answer says which budget ran out', async (t) => {
  const args = ['place', 'test/cli/fixtures/undecided-bin-packing.json', '--json', '--node-limit', '1000'];
  const first = await ldmfit(...args);
  t.equal(first.status, 3);
  t.match((JSON.parse(first.stdout) as { message: string }).message, /^undecided: the node limit of 1000 ran out after 1000 search nodes$/);
  const second = await ldmfit(...args);
  t.equal(second.stdout, first.stdout, 'byte for byte');
  const zero = await ldmfit('place', 'examples/seed-2g-into-two-1g.json', '--node-limit', '0');
  t.equal(zero.status, 2);
  t.match(zero.stderr, /--node-limit.*at least 1/);
});

t.test('a JSON syntax error names the file, line and column', async (t) => {
  const file = scratchFile('syntax.json', '{\n  "domain": { "memory": [] },\n  "target": { "free": [ }\n}\n');
  const line = oneErrorLine(t, await ldmfit('place', file, '--json'));
  t.equal(line, `ldmfit: ${file}: line 3 column 25: invalid JSON: Unexpected token '}'\n`);
});

t.test('an invalid field names the file and the field', async (t) => {
  const file = scratchFile('field.json', JSON.stringify({ domain: { memory: [{ ra: '0x8000000', size: '2G', pa: '0x1000' }] }, target: { free: [] } }));
  t.equal(oneErrorLine(t, await ldmfit('place', file)), `ldmfit: ${file}: domain.memory[0].pa: must be a multiple of the granule 8K (got "0x1000")\n`);
  const typo = scratchFile('typo.json', JSON.stringify({ alignmnet: '4M', domain: { memory: [] }, target: { free: [] } }));
  t.equal(oneErrorLine(t, await ldmfit('place', typo, '--json')), `ldmfit: ${typo}: alignmnet: unknown field; did you mean "alignment"?\n`);
  const memroy = scratchFile('memroy.json', JSON.stringify({ domain: { memroy: [] }, target: { free: [] } }));
  t.equal(oneErrorLine(t, await ldmfit('place', memroy)), `ldmfit: ${memroy}: domain.memroy: unknown field; did you mean "memory"?\n`);
});

t.test('arrays nested 100,000 deep are bad input named by field, not a stack overflow', async (t) => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const shown = `(got "${'['.repeat(40)}…")`;
  const cases: [string, string, string][] = [
    ['deep-top.json', deep, `the instance must be a JSON object ${shown}`],
    ['deep-granule.json', `{"granule": ${deep}, "domain": {"memory": []}, "target": {"free": []}}`, `granule: expected a quantity string such as "0x8000000", "4294967296" or "2G" ${shown}`],
    ['deep-block.json', `{"domain": {"memory": [${deep}]}, "target": {"free": []}}`, `domain.memory[0]: must be an object {ra, pa, size} ${shown}`],
    ['deep-range.json', `{"domain": {"memory": []}, "target": {"free": [${deep}]}}`, `target.free[0]: must be an object {pa, size} ${shown}`],
  ];
  for (const [name, text, message] of cases) {
    const file = scratchFile(name, text);
    t.equal(oneErrorLine(t, await ldmfit('place', file, '--json')), `ldmfit: ${file}: ${message}\n`, name);
  }
});

t.test('overlapping free ranges name both ranges and the file', async (t) => {
  const file = scratchFile(
    'overlap.json',
    JSON.stringify({ domain: { memory: [] }, target: { free: [{ pa: '0x0', size: '1G' }, { pa: '0x20000000', size: '1G' }] } }),
  );
  t.match(oneErrorLine(t, await ldmfit('place', file)), new RegExp(`^ldmfit: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: target\\.free\\[1\\]: overlaps target\\.free\\[0\\]`));
});

t.test('a missing file is bad input', async (t) => {
  t.equal(oneErrorLine(t, await ldmfit('place', 'no-such-file.json')), 'ldmfit: no-such-file.json: no such file\n');
});

t.test('usage errors are one line and exit 2', async (t) => {
  const cases: [string[], RegExp][] = [
    [['place'], /instance file: missing: give it, or --source, --target and --domain/],
    [['place', 'examples/seed-2g-into-two-1g.json', '--jsn'], /unknown option '--jsn' \(Did you mean --json\?\)/],
    [['plac'], /unknown command 'plac'/],
    [['place', 'a.json', 'b.json'], /too many arguments/],
    [['place', 'examples/seed-2g-into-two-1g.json', '--time-limit', '5s'], /--time-limit.*whole number of milliseconds/],
    [['place', 'examples/seed-2g-into-two-1g.json', '--time-limit'], /argument missing/],
    [['place', 'examples/seed-2g-into-two-1g.json', '--profile', 'ldoms-9'], /Allowed choices are ldoms-1\.3, ovm-3\.6/],
    [['place', 'examples/seed-2g-into-two-1g.json', '--strategy', 'guess'], /Allowed choices are auto, search, lp/],
  ];
  for (const [args, message] of cases) t.match(oneErrorLine(t, await ldmfit(...args)), message, args.join(' '));
});

t.test('no command prints the help on stderr and exits 2', async (t) => {
  const run = await ldmfit();
  t.equal(run.status, 2);
  t.equal(run.stdout, '');
  t.match(run.stderr, /Usage: ldmfit/);
});

t.test('--help states the commands, the default time limit and the exit statuses', async (t) => {
  const top = await ldmfit('--help');
  t.equal(top.status, 0);
  t.equal(top.stderr, '');
  t.match(top.stdout, /Usage: ldmfit \[options\] \[command\]/);
  t.match(top.stdout, /place \[options\] \[file\]/);
  t.match(top.stdout, /inspect \[options\] <file\.\.\.>/);
  t.match(top.stdout, /Exit status:\n {2}0 {2}feasible.*\n {2}1 {2}infeasible.*\n {2}2 {2}bad input or usage.*\n {2}3 {2}unknown.*\n {2}4 {2}internal error/);
  const place = await ldmfit('place', '--help');
  t.equal(place.status, 0);
  t.match(place.stdout, /--time-limit <ms>[\s\S]*\(default 5000 unless --node-limit/);
  t.match(place.stdout, /--node-limit <n>[\s\S]*deterministic/);
  t.match(place.stdout, /--profile <release>/);
  t.match(place.stdout, /Exit status:/);
  t.match(place.stdout, /--source <capture>[\s\S]*--target <capture>[\s\S]*--domain <name>/);
});

t.test('--version prints the package version', async (t) => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const run = await ldmfit('--version');
  t.equal(run.status, 0);
  t.equal(run.stdout, `${version}\n`);
});

t.test('a 200k-block answer arrives whole through a pipe', async (t) => {
  const blocks = 200_000;
  const memory = Array.from({ length: blocks }, (_, i) => ({ ra: '0x' + (i * 2 * 2 ** 20).toString(16), size: '1M' }));
  const file = scratchFile('big.json', JSON.stringify({ alignment: '8K', domain: { name: 'ldg-big', memory }, target: { name: 'huge', free: [{ pa: '0x0', size: '1T' }] } }));
  const run = await ldmfit('place', file, '--json');
  t.equal(run.status, 0);
  t.equal(run.stderr, '');
  t.ok(run.stdout.length > 10 * 2 ** 20, `${run.stdout.length} bytes`);
  const document = JSON.parse(run.stdout) as { status: string; placements: { ra: string; size: string }[]; message: string };
  t.equal(document.status, 'feasible');
  t.equal(document.placements.length, blocks);
  t.same(document.placements[blocks - 1]!.ra, memory[blocks - 1]!.ra);
  t.equal(document.message, 'ldg-big: 200000 blocks placed in 200000 pieces on huge; largest free range left 848576M');
});

t.test('a reader that stops early is not an error', async (t) => {
  const child = spawn(process.execPath, [BIN, 'place', 'examples/feasible-three-blocks.json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const err: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  child.stdout.destroy();
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  t.equal(Buffer.concat(err).toString('utf8'), '', 'no stack trace');
  t.equal(status, 0);
});

t.test('--svg writes the memory map next to the usual output; stdout and the exit status do not change', async (t) => {
  for (const [example, status] of [['seed-2g-into-two-1g.json', 1], ['split-2g-into-two-1g.json', 0]] as const) {
    for (const json of [[], ['--json']]) {
      const plain = await ldmfit('place', `examples/${example}`, ...json);
      const svg = join(scratch, `${example}.svg`);
      const drawn = await ldmfit('place', `examples/${example}`, ...json, '--svg', svg);
      t.equal(drawn.status, status, `${example} ${json.join(' ')}: exit ${status}`);
      t.equal(drawn.stdout, plain.stdout, 'the same standard output');
      t.equal(drawn.stderr, '');
      t.match(readFileSync(svg, 'utf8'), /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
  }
  t.match(readFileSync(join(scratch, 'seed-2g-into-two-1g.json.svg'), 'utf8'), /<text [^>]*>Unable to bind 2G memory region at real address 0x8000000<\/text>/);
});

t.test('--svg with --profile ovm-3.6 words the map\'s failure line as later releases do', async (t) => {
  const svg = join(scratch, 'ovm.svg');
  await ldmfit('place', 'examples/seed-2g-into-two-1g.json', '--profile', 'ovm-3.6', '--svg', svg);
  t.match(readFileSync(svg, 'utf8'), />Free memory layout and congruency requirements prevent binding the memory block with PA 0x208000000/);
});

t.test('--svg into a directory that does not exist: one line naming the file, exit 2, nothing on stdout', async (t) => {
  const run = await ldmfit('place', 'examples/split-2g-into-two-1g.json', '--json', '--svg', join(scratch, 'missing', 'map.svg'));
  t.equal(run.status, 2);
  t.equal(run.stdout, '');
  t.equal(run.stderr, `ldmfit: ${join(scratch, 'missing', 'map.svg')}: no such directory\n`);
});

/** The binary with its standard output on a terminal: util-linux `script` gives it a pseudo-terminal. */
function onTerminal(args: readonly string[], env: NodeJS.ProcessEnv): string {
  const command = [process.execPath, BIN, ...args].map((word) => `'${word}'`).join(' ');
  const child = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env, encoding: 'utf8' });
  return child.stdout.replace(/\r\n/g, '\n');
}

t.test('colour on a terminal: ldm\'s failure lines red; none with NO_COLOR, none through a pipe', { skip: existsSync('/usr/bin/script') ? false : 'util-linux script is not installed' }, async (t) => {
  const environment = { ...process.env };
  delete environment['NO_COLOR'];
  const coloured = onTerminal(['place', 'examples/seed-2g-into-two-1g.json'], environment);
  t.match(coloured, /^\x1b\[31mUnable to bind 2G memory region at real address 0x8000000\x1b\[0m\n/);
  const plain = onTerminal(['place', 'examples/seed-2g-into-two-1g.json'], { ...environment, NO_COLOR: '1' });
  t.match(plain, /^Unable to bind 2G memory region at real address 0x8000000\n/);
  t.notMatch(plain, /\x1b/);
  const json = onTerminal(['place', 'examples/seed-2g-into-two-1g.json', '--json'], environment);
  t.notMatch(json, /\x1b/, 'the JSON contract is never coloured');
  const piped = await ldmfit('place', 'examples/seed-2g-into-two-1g.json');
  t.notMatch(piped.stdout, /\x1b/);
});
