/**
 * `ldmfit place -` and `ldmfit check -`: the input file read from standard
 * input, as bytes, named `<stdin>` in every message. In-process with
 * captured streams, and through the real binary with a pipe.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import t from 'tap';
import { STDIN_ARGUMENT, STDIN_NAME, inputName, readStream } from '../../src/cli/input.js';
import { type CliIo, runCli } from '../../src/cli/program.js';
import { ensureBuilt, oneErrorLine, runBinary } from './binary.js';
import { capturedIo } from './captured-io.js';

const example = (name: string): string => readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');
const SEED = example('seed-2g-into-two-1g.json');
const CHECK_PASS = example('check-pass.json');

ensureBuilt();

t.test('- names standard input, <stdin> in messages; any other argument is a path', async (t) => {
  t.equal(STDIN_ARGUMENT, '-');
  t.equal(inputName('-'), '<stdin>');
  t.equal(inputName(STDIN_ARGUMENT), STDIN_NAME);
  t.equal(inputName('map.json'), 'map.json');
  t.equal(inputName('./-'), './-', 'a file really named - is reached as ./-');
});

t.test('readStream joins the chunks byte for byte', async (t) => {
  const text = '{"name": "dømain"}';
  const bytes = new TextEncoder().encode(text);
  // Cut inside the two-byte ø: the join must not decode chunk by chunk.
  const cut = text.indexOf('ø') + 1;
  const joined = await readStream(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]));
  t.same([...joined], [...bytes]);
  t.equal(new TextDecoder().decode(joined), text);
  t.equal((await readStream(Readable.from([]))).length, 0, 'an empty stream is no bytes');
});

t.test('readStream passes on the stream\'s error', async (t) => {
  const failing = new Readable({
    read() {
      this.destroy(Object.assign(new Error('read failed'), { code: 'EIO' }));
    },
  });
  await t.rejects(readStream(failing), { code: 'EIO' });
});

t.test('place - reads the instance from standard input: the same answer as the file', async (t) => {
  const fromFile = capturedIo({ 'seed.json': SEED });
  const fromStdin = capturedIo({}, SEED);
  t.equal(await runCli(['place', 'seed.json', '--json'], fromFile.io), 1);
  t.equal(await runCli(['place', '-', '--json'], fromStdin.io), 1);
  t.equal(fromStdin.out.join(''), fromFile.out.join(''));
  t.same(fromStdin.err, []);
});

t.test('check - reads the request from standard input', async (t) => {
  const run = capturedIo({}, CHECK_PASS);
  t.equal(await runCli(['check', '-', '--json'], run.io), 0);
  t.equal((JSON.parse(run.out.join('')) as { status: string }).status, 'ok');
  t.same(run.err, []);
});

t.test('bad input on standard input is one line naming <stdin>', async (t) => {
  const cases: [string[], string, string | RegExp][] = [
    [['place', '-'], '', 'ldmfit: <stdin>: line 1 column 1: invalid JSON: Unexpected end of JSON input\n'],
    [['place', '-'], '{"alignmnet": "4M", "domain": {"memory": []}, "target": {"free": []}}', 'ldmfit: <stdin>: alignmnet: unknown field; did you mean "alignment"?\n'],
    [
      ['place', '-', '--json'],
      JSON.stringify({ domain: { memory: [] }, target: { free: [{ pa: '0x0', size: '1G' }, { pa: '0x20000000', size: '1G' }] } }),
      'ldmfit: <stdin>: target.free[1]: overlaps target.free[0]\n',
    ],
    [['check', '-'], CHECK_PASS.replace('"strands"', '"strandz"'), 'ldmfit: <stdin>: domain.strandz: unknown field; did you mean "strands"?\n'],
    // V8's wording of a syntax error varies between Node releases; the location does not.
    [['check', '-', '--json'], '{\n  oops\n}', /^ldmfit: <stdin>: line 2 column 3: invalid JSON: [^\n]+\n$/],
  ];
  for (const [args, stdin, line] of cases) {
    const run = capturedIo({}, stdin);
    t.equal(await runCli(args, run.io), 2, args.join(' '));
    t.equal(run.err.length, 1, 'one line');
    if (typeof line === 'string') t.equal(run.err[0], line);
    else t.match(run.err[0], line);
    t.same(run.out, []);
  }
});

t.test('standard input that cannot be read is bad input naming <stdin>', async (t) => {
  const { io, err } = capturedIo();
  const failing: CliIo = { ...io, readStdin: () => Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' })) };
  t.equal(await runCli(['place', '-'], failing), 2);
  t.same(err, ['ldmfit: <stdin>: cannot read (EIO)\n']);
});

t.test('the binary reads place - and check - from a pipe', async (t) => {
  const file = await runBinary(['place', 'examples/seed-2g-into-two-1g.json']);
  const piped = await runBinary(['place', '-'], SEED);
  t.equal(piped.status, 1);
  t.equal(piped.stderr, '');
  t.equal(piped.stdout, file.stdout, 'the same report as from the file');
  const split = await runBinary(['place', '-', '--json'], example('split-2g-into-two-1g.json'));
  t.equal(split.status, 0);
  t.equal((JSON.parse(split.stdout) as { status: string }).status, 'feasible');
  const check = await runBinary(['check', '-', '--json'], example('check-seed-2g-into-two-1g.json'));
  t.equal(check.status, 1);
  t.equal((JSON.parse(check.stdout) as { status: string }).status, 'refused');
});

t.test('the binary reads a many-chunk pipe whole: ldmfit generate | ldmfit place -', async (t) => {
  const generated = capturedIo();
  t.equal(await runCli(['generate', '--seed', '3', '--ranges', '100000', '--blocks', '50', '--shape', 'tight'], generated.io), 0);
  const text = generated.out.join('');
  t.ok(text.length > 1_000_000, `${text.length} bytes, far more than one pipe chunk`);
  const run = await runBinary(['place', '-', '--json'], text);
  t.equal(run.stderr, '');
  t.equal(run.status, 0);
  t.equal((JSON.parse(run.stdout) as { placements: unknown[] }).placements.length, 50);
});

t.test('the binary with nothing on standard input: one line naming <stdin>, exit 2', async (t) => {
  for (const command of ['place', 'check']) {
    t.equal(
      oneErrorLine(t, await runBinary([command, '-'])),
      'ldmfit: <stdin>: line 1 column 1: invalid JSON: Unexpected end of JSON input\n',
      command,
    );
  }
  const line = oneErrorLine(t, await runBinary(['place', '-'], '{"domain": {"memory": [{"ra": "0x8000000", "size": "2G", "pa": "0x1000"}]}, "target": {"free": []}}'));
  t.equal(line, 'ldmfit: <stdin>: domain.memory[0].pa: must be a multiple of the granule 8K (got "0x1000")\n');
});
