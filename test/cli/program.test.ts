/**
 * The command line in-process: {@link runCli} with buffers for streams, for
 * the paths a spawned binary cannot reach (internal errors, unreadable files).
 */
import { constants } from 'node:buffer';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { EXIT, exitCodeFor } from '../../src/cli/exit-codes.js';
import { addCheckCommand } from '../../src/cli/check.js';
import { addGenerateCommand } from '../../src/cli/generate.js';
import { addInspectCommand } from '../../src/cli/inspect.js';
import { addPlaceCommand } from '../../src/cli/place.js';
import { COMMANDS, type CliIo, processIo, runCli } from '../../src/cli/program.js';
import { capturedIo } from './captured-io.js';

const SEED = readFileSync(new URL('../../examples/seed-2g-into-two-1g.json', import.meta.url), 'utf8');

interface Captured {
  readonly io: CliIo;
  readonly out: string[];
  readonly err: string[];
  readonly written: Map<string, string>;
}

/**
 * Streams that collect text; `files` maps a path to its text or to the error
 * reading (or writing) it throws, and the key `-` gives standard input the
 * same way. Files written land in `written`.
 */
function capture(files: Record<string, string | Error> = {}, writeOut?: (text: string) => Promise<void>): Captured {
  const out: string[] = [];
  const err: string[] = [];
  const read = async (path: string): Promise<Uint8Array> => {
    const content = files[path];
    if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    if (content instanceof Error) throw content;
    return new TextEncoder().encode(content);
  };
  const written = new Map<string, string>();
  const io: CliIo = {
    writeOut: writeOut ?? (async (text) => void out.push(text)),
    writeErr: async (text) => void err.push(text),
    readFile: read,
    readStdin: () => read('-'),
    writeFile: async (path, text) => {
      const content = files[path];
      if (content instanceof Error) throw content;
      written.set(path, text);
    },
  };
  return { io, out, err, written };
}

function errno(code: string | undefined): Error {
  return Object.assign(new Error(`${code ?? 'odd'} failure`), { code });
}

t.test('the seed runs in-process with the same answer as the binary', async (t) => {
  const { io, out, err } = capture({ 'seed.json': SEED });
  t.equal(await runCli(['place', 'seed.json'], io), EXIT.infeasible);
  t.match(out.join(''), /^Unable to bind 2G memory region at real address 0x8000000\n/);
  t.same(err, []);
});

t.test('verdicts map to the contract\'s exit statuses', async (t) => {
  t.equal(exitCodeFor('feasible'), 0);
  t.equal(exitCodeFor('infeasible'), 1);
  t.equal(exitCodeFor('unknown'), 3);
  t.same(EXIT, { feasible: 0, infeasible: 1, usage: 2, unknown: 3, internal: 4 });
});

t.test('place, check, inspect and generate are the registered commands', async (t) => {
  t.same(COMMANDS, [addPlaceCommand, addCheckCommand, addInspectCommand, addGenerateCommand]);
});

t.test('an unreadable file is bad input naming the file and why', async (t) => {
  const cases: [Error, string][] = [
    [errno('EISDIR'), 'ldmfit: d: is a directory\n'],
    [errno('EACCES'), 'ldmfit: d: permission denied\n'],
    [errno('EIO'), 'ldmfit: d: cannot read (EIO)\n'],
    [errno(undefined), 'ldmfit: d: cannot read (Error: odd failure)\n'],
  ];
  for (const [error, line] of cases) {
    const { io, out, err } = capture({ d: error });
    t.equal(await runCli(['place', 'd'], io), EXIT.usage);
    t.same(err, [line]);
    t.same(out, []);
  }
  const { io, err } = capture();
  t.equal(await runCli(['place', 'gone.json'], io), EXIT.usage);
  t.same(err, ['ldmfit: gone.json: no such file\n']);
});

t.test('a file that cannot be written is bad input naming it and why, with nothing on standard output', async (t) => {
  const cases: [Error, string][] = [
    [errno('ENOENT'), 'ldmfit: map.svg: no such directory\n'],
    [errno('EISDIR'), 'ldmfit: map.svg: is a directory\n'],
    [errno('EACCES'), 'ldmfit: map.svg: permission denied\n'],
    [errno('EROFS'), 'ldmfit: map.svg: cannot write (EROFS)\n'],
  ];
  for (const [error, line] of cases) {
    const { io, out, err } = capture({ 'seed.json': SEED, 'map.svg': error });
    t.equal(await runCli(['place', 'seed.json', '--svg', 'map.svg'], io), EXIT.usage);
    t.same(err, [line]);
    t.same(out, []);
  }
});

t.test('an unexpected failure is one internal-error line and exit 4', async (t) => {
  const { io, err } = capture({ 'seed.json': SEED }, () => {
    throw new Error('disk on fire\nsecond line');
  });
  t.equal(await runCli(['place', 'seed.json'], io), EXIT.internal);
  t.same(err, ['ldmfit: internal error: disk on fire second line\n']);
  const thrown = capture({ 'seed.json': SEED }, () => {
    // What a careless dependency might throw.
    throw 'a string';
  });
  t.equal(await runCli(['place', 'seed.json'], thrown.io), EXIT.internal);
  t.same(thrown.err, ['ldmfit: internal error: a string\n']);
});

t.test('help and version succeed without an exit status of their own', async (t) => {
  const help = capture();
  t.equal(await runCli(['--help'], help.io), EXIT.feasible);
  t.match(help.out.join(''), /Exit status:/);
  const version = capture();
  t.equal(await runCli(['-V'], version.io), 0);
  t.match(version.out.join(''), /^\d+\.\d+\.\d+/);
});

t.test('a usage error is reported once, on one line', async (t) => {
  const { io, out, err } = capture();
  t.equal(await runCli(['place', 'x.json', '--jsno'], io), EXIT.usage);
  t.same(err, ["ldmfit: unknown option '--jsno' (Did you mean --json?)\n"]);
  t.same(out, []);
});

t.test('overlapping free ranges are bad input naming the file and both ranges', async (t) => {
  const overlap = JSON.stringify({ domain: { memory: [] }, target: { free: [{ pa: '0x0', size: '1G' }, { pa: '0x20000000', size: '1G' }] } });
  const { io, err } = capture({ 'o.json': overlap });
  t.equal(await runCli(['place', 'o.json'], io), EXIT.usage);
  t.same(err, ['ldmfit: o.json: target.free[1]: overlaps target.free[0]\n']);
});

t.test('--time-limit takes whole milliseconds and reaches the solver', async (t) => {
  const hard = readFileSync(new URL('fixtures/undecided-bin-packing.json', import.meta.url), 'utf8');
  const { io, out } = capture({ 'hard.json': hard });
  t.equal(await runCli(['place', 'hard.json', '--json', '--time-limit', '1'], io), EXIT.unknown);
  t.match(out.join(''), /"message": "undecided: the time limit of 1 ms ran out/);
  for (const bad of ['-1', '1.5', '1e3', '99999999999999999999', '']) {
    const run = capture({ 'hard.json': hard });
    t.equal(await runCli(['place', 'hard.json', '--time-limit', bad], run.io), EXIT.usage, JSON.stringify(bad));
    t.match(run.err.join(''), /^ldmfit: option '--time-limit <ms>' argument .* is invalid\. expected a whole number of milliseconds\n$/);
  }
});

t.test('processIo writes to the process streams and reads files', async (t) => {
  const io = processIo();
  await io.writeOut('');
  await io.writeErr('');
  const bytes = await io.readFile(new URL('../../examples/seed-2g-into-two-1g.json', import.meta.url).pathname);
  t.equal(new TextDecoder().decode(bytes), SEED, 'the file\'s bytes');
});

t.test('processIo writes files whole, replacing them', async (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'ldmfit-io-'));
  t.teardown(() => rmSync(directory, { recursive: true, force: true }));
  const path = join(directory, 'map.svg');
  const io = processIo();
  await io.writeFile(path, 'first, longer text');
  await io.writeFile(path, '<svg/>\n');
  t.equal(readFileSync(path, 'utf8'), '<svg/>\n');
});

t.test('place reads an instance file longer than the longest string', async (t) => {
  const head = new TextEncoder().encode(SEED.trimEnd());
  const file = new Uint8Array(constants.MAX_STRING_LENGTH + 2);
  file.set(head);
  // The seed with half a gigabyte of whitespace before its last brace.
  file.fill(0x20, head.length - 1, file.length - 1);
  file[file.length - 1] = head[head.length - 1]!;
  const run = capturedIo({ 'big.json': file });
  t.equal(await runCli(['place', 'big.json', '--json'], run.io), EXIT.infeasible);
  t.match(run.out.join(''), /Unable to bind 2G memory region at real address 0x8000000/);
  t.same(run.err, []);
});
