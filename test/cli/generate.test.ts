/** `ldmfit generate`: reproducible instance files that `ldmfit place` reads back. */
import t from 'tap';
import { runCli } from '../../src/cli/program.js';
import { capturedIo as io } from './captured-io.js';
import { parseInstance } from '../../src/formats/instance-json.js';
import { solvePlacement } from '../../src/solve/place.js';
import { verify } from '../../src/memory/verify.js';


t.test('the same options give the same bytes, and the file is a valid instance', async (t) => {
  const args = ['generate', '--seed', '7', '--ranges', '200', '--blocks', '20', '--shape', 'tight'];
  const first = io();
  const second = io();
  t.equal(await runCli(args, first.io), 0);
  t.equal(await runCli(args, second.io), 0);
  t.equal(first.out.join(''), second.out.join(''));
  const instance = parseInstance(first.out.join(''), 'generated.json');
  t.equal(instance.blocks.length, 20);
  t.equal(instance.free.count, 200);
  t.equal(solvePlacement(instance).status, 'feasible', 'tight instances are feasible by construction');
});

t.test('the default tight question (no size options) is one ldmfit place decides, within its default budget', async (t) => {
  const generated = io();
  t.equal(await runCli(['generate', '--shape', 'tight'], generated.io), 0);
  const instance = parseInstance(generated.out.join(''), 'tight.json');
  t.equal(instance.blocks.length, 200);
  t.equal(instance.free.count, 10000);
  const solved = solvePlacement(instance);
  t.equal(solved.status, 'feasible');
  t.same(verify(instance, solved.pieces), []);
  const random = io();
  t.equal(await runCli(['generate'], random.io), 0);
  t.equal(parseInstance(random.out.join('')).blocks.length, 1000, 'other shapes keep 1000 blocks');
});

t.test('every size option is passed through', async (t) => {
  const run = io();
  const args = ['generate', '--ranges', '50', '--blocks', '5', '--unit', '256M', '--pa-space', '1T', '--max-block', '1G',
    '--granule', '4K', '--alignment', '512M', '--shape', 'deep-fragmented'];
  t.equal(await runCli(args, run.io), 0);
  const instance = parseInstance(run.out.join(''));
  t.equal(instance.granuleBytes, 4096);
  t.equal(instance.alignment, (512 * 2 ** 20) / 4096);
});

t.test('bad options are one-line usage errors', async (t) => {
  const shape = io();
  t.equal(await runCli(['generate', '--shape', 'bogus'], shape.io), 2);
  t.match(shape.err.join(''), /^ldmfit: .*bogus.*\n$/);
  const count = io();
  t.equal(await runCli(['generate', '--ranges', '-3'], count.io), 2);
  const unit = io();
  t.equal(await runCli(['generate', '--unit', '3K'], unit.io), 2);
  t.match(unit.err.join(''), /^ldmfit: unit: /);
});
