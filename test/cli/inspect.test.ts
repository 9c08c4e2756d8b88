/**
 * `ldmfit inspect` in-process: the contract document of ldm-formats.md on the
 * example captures, the summary, standard input, and the exit statuses.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { runCli } from '../../src/cli/program.js';
import { capturedIo as io } from './captured-io.js';

const capture = (path: string): string => readFileSync(new URL(`../../examples/ldm/${path}`, import.meta.url), 'utf8');

const seed = {
  'target.txt': capture('human/list-devices-memory-1.3-seed-target.txt'),
  'source.txt': capture('human/list-o-memory-1.3-seed-source.txt'),
};

t.test('--json: the seed captures as the contract writes them', async (t) => {
  const run = io(seed);
  t.equal(await runCli(['inspect', 'target.txt', 'source.txt', '--json'], run.io), 0);
  t.same(run.err, []);
  t.same(JSON.parse(run.out.join('')), {
    outputs: [
      { file: 'target.txt', line: 1, command: 'list-devices memory', format: 'human' },
      { file: 'source.txt', line: 1, command: 'list -o memory', format: 'human' },
    ],
    memory: [
      { pa: '0x108000000', size: '0x40000000', bound: null },
      { pa: '0x188000000', size: '0x40000000', bound: null },
    ],
    domains: [{ name: 'ldg-src', state: null, vcpus: null, memory: '0x80000000', blocks: [{ ra: '0x8000000', pa: '0x208000000', size: '0x80000000' }] }],
    warnings: [],
  });
  t.ok(run.out.join('').endsWith('}\n'), 'one document, newline-terminated');
});

t.test('the summary: per output what was read and its warnings', async (t) => {
  const run = io({ 'all.txt': capture('human/list-l-3.6-primary.txt') + '\n' + capture('human/list-services-3.6.txt') });
  t.equal(await runCli(['inspect', 'all.txt'], run.io), 0);
  const lines = run.out.join('').split('\n');
  t.match(lines[0], /^all\.txt:1: ldm list -l \(human\): domain primary \(2 memory blocks\)/);
  t.match(lines[1], /^ {2}warning: all\.txt:\d+: /, 'the unknown section is warned under its output');
  t.ok(lines.some((line) => /^all\.txt:\d+: ldm list-services \(human\): services primary-vds0/.test(line)));
  t.ok(lines.includes('domain primary: active, 16 vcpus, 16G memory, 2 memory blocks'));
});

t.test('standard input, and the same bytes every run', async (t) => {
  const first = io({}, seed['target.txt']);
  t.equal(await runCli(['inspect', '-', '--json'], first.io), 0);
  t.match(JSON.parse(first.out.join('')), { outputs: [{ file: '<stdin>' }] });
  const again = io({}, seed['target.txt']);
  await runCli(['inspect', '-', '--json'], again.io);
  t.equal(again.out.join(''), first.out.join(''));
});

t.test('a parseable and an XML capture are read in one call', async (t) => {
  const run = io({ 'p.txt': capture('parseable/list-devices-a-p-memory.txt'), 'x.txt': capture('xml/ovf-list-constraints.txt') });
  t.equal(await runCli(['inspect', 'p.txt', 'x.txt', '--json'], run.io), 0);
  const document = JSON.parse(run.out.join('')) as { outputs: { format: string }[]; memory: unknown[]; domains: unknown[] };
  t.same(document.outputs.map((output) => output.format), ['parseable', 'xml']);
  t.ok(document.memory.length > 0);
  t.ok(document.domains.length > 0);
});

t.test('exit 2 with one line: nothing read, a file missing, a value that does not parse', async (t) => {
  const nothing = io({ 'notes.txt': 'hello\nworld\n' });
  t.equal(await runCli(['inspect', 'notes.txt'], nothing.io), 2);
  t.match(nothing.err.join(''), /^ldmfit: notes\.txt: no ldm output found .*\n$/);
  t.same(nothing.out, []);
  const missing = io(seed);
  t.equal(await runCli(['inspect', 'target.txt', 'gone.txt'], missing.io), 2);
  t.match(missing.err.join(''), /^ldmfit: gone\.txt: no such file/);
  const broken = io({ 'b.txt': '# ldm list-devices memory\nMEMORY\n    PA          SIZE\n    0x108000000 1Q\n' });
  t.equal(await runCli(['inspect', 'b.txt'], broken.io), 2);
  t.match(broken.err.join(''), /^ldmfit: b\.txt: line 4: .*1Q/);
  t.equal(broken.err.join('').split('\n').length, 2, 'one line');
});

t.test('a file without output next to one with output: exit 0 and a warning', async (t) => {
  const run = io({ ...seed, 'notes.txt': 'nothing here\n' });
  t.equal(await runCli(['inspect', 'notes.txt', 'target.txt', '--json'], run.io), 0);
  t.match(JSON.parse(run.out.join('')), { warnings: [/^notes\.txt: no ldm output found/] });
});
