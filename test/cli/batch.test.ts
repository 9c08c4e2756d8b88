/** `ldmfit batch` in-process: files and standard input, order, bad lines, progress on a terminal, interrupts. */
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import t from 'tap';
import { runCli } from '../../src/cli/program.js';
import { capturedIo as io } from './captured-io.js';

const one = (name: string): string => JSON.stringify(JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8')));
const ndjson = [one('seed-2g-into-two-1g.json'), one('check-pass.json'), 'nope'].join('\n') + '\n';
const lines = (out: string[]): { line: number; error?: string; status?: string }[] => out.join('').trim().split('\n').map((l) => JSON.parse(l));

t.test('files in order, lines numbered across them, one answer a line', async (t) => {
  const run = io({ 'a.ndjson': ndjson, 'b.ndjson': ndjson });
  t.equal(await runCli(['batch', 'a.ndjson', 'b.ndjson', '--workers', '2'], run.io), 0);
  t.same(lines(run.out).map((a) => [a.line, a.status ?? a.error]), [
    [1, 'infeasible'], [2, 'ok'], [3, 'column 2: invalid JSON: Unexpected token \'o\''],
    [4, 'infeasible'], [5, 'ok'], [6, 'column 2: invalid JSON: Unexpected token \'o\''],
  ]);
  t.same(run.err, []);
});

t.test('no file, or -, reads standard input', async (t) => {
  const run = io({}, ndjson);
  t.equal(await runCli(['batch', '--workers', '1', '--node-limit', '10000'], run.io), 0);
  t.equal(lines(run.out).length, 3);
  const dash = io({}, ndjson);
  t.equal(await runCli(['batch', '-'], dash.io), 0);
  t.equal(lines(dash.out).length, 3);
});

t.test('a file that cannot be read is exit 2 naming it', async (t) => {
  const run = io({});
  t.equal(await runCli(['batch', 'missing.ndjson'], run.io), 2);
  t.same(run.err, ['ldmfit: missing.ndjson: no such file\n']);
});

t.test('on a terminal a progress bar draws on stderr, never on stdout', async (t) => {
  const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
  const drawn: Buffer[] = [];
  terminal.on('data', (chunk: Buffer) => drawn.push(chunk));
  const run = io({ 'a.ndjson': ndjson });
  t.equal(await runCli(['batch', 'a.ndjson'], { ...run.io, progress: terminal }), 0);
  t.match(Buffer.concat(drawn).toString(), /batch .* 3\/3 lines/);
  t.equal(lines(run.out).length, 3);
});

t.test('SIGINT stops the batch with status 130 and stops listening after', async (t) => {
  const run = io({ 'a.ndjson': ndjson });
  let listening = false;
  const status = await runCli(['batch', 'a.ndjson'], {
    ...run.io,
    onInterrupt: (handler) => {
      listening = true;
      handler();
      return () => void (listening = false);
    },
  });
  t.same([status, listening, run.out], [130, false, []]);
});
