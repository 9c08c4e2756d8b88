/**
 * `place` and `check` with `--source --target --domain`: questions built from
 * ldm captures, end to end. The seed's own example (the target's
 * `list-devices memory`, the source's `list -o memory ldg-src`) must give
 * ldm's message; examples/ldm/migrate is a migration that passes.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { runCli } from '../../src/cli/program.js';
import { MAP_COLOURS } from '../../src/report/svg.js';
import { capturedIo as io } from './captured-io.js';

const example = (path: string): string => readFileSync(new URL(`../../examples/${path}`, import.meta.url), 'utf8');

const seed = {
  'target.txt': example('ldm/human/list-devices-memory-1.3-seed-target.txt'),
  'source.txt': example('ldm/human/list-o-memory-1.3-seed-source.txt'),
};
const migrate = {
  'source.txt': example('ldm/migrate/source.txt'),
  'target.txt': example('ldm/migrate/target.txt'),
  'facts.json': example('ldm/migrate/facts.json'),
};
const fromSeed = ['--source', 'source.txt', '--target', 'target.txt', '--domain', 'ldg-src'];
const fromMigrate = ['--source', 'source.txt', '--target', 'target.txt', '--domain', 'ldg1'];

t.test('the seed from captures: ldm\'s message, exit 1, and the same answer as the seed\'s JSON file', async (t) => {
  const run = io(seed);
  t.equal(await runCli(['place', ...fromSeed], run.io), 1);
  t.equal(run.out.join('').split('\n')[0], 'Unable to bind 2G memory region at real address 0x8000000');
  t.same(run.err, [], 'nothing assumed for a placement question');
  const json = io(seed);
  t.equal(await runCli(['place', ...fromSeed, '--json'], json.io), 1);
  const file = io({ 'seed.json': example('seed-2g-into-two-1g.json') });
  await runCli(['place', 'seed.json', '--json'], file.io);
  const fromCaptures = JSON.parse(json.out.join('')) as Record<string, unknown>;
  const fromFile = JSON.parse(file.out.join('')) as Record<string, unknown>;
  t.same(fromCaptures['status'], 'infeasible');
  t.same(fromCaptures['message'], fromFile['message']);
  t.same(fromCaptures['certificate'], fromFile['certificate']);
});

t.test('the seed\'s map from captures shows the block that cannot be bound and the free ranges', async (t) => {
  const run = io(seed);
  t.equal(await runCli(['place', ...fromSeed, '--svg', 'seed.svg'], run.io), 1);
  const svg = run.written.get('seed.svg')!;
  t.match(svg, /^<\?xml [^\n]*\n<svg /);
  t.ok(svg.includes(MAP_COLOURS.free), 'free ranges drawn');
  t.match(svg, /Unable to bind 2G memory region at real address 0x8000000/);
});

t.test('bound memory in the target capture is drawn by owner on the map', async (t) => {
  const run = io(migrate);
  t.equal(await runCli(['place', ...fromMigrate, '--svg', 'm.svg'], run.io), 0);
  const svg = run.written.get('m.svg')!;
  t.match(svg, /ldg7/, 'the other domain bound on the target is named');
  t.match(svg, /_sys_/);
});

t.test('a migration from captures and facts that passes: exit 0, warnings only from the rules', async (t) => {
  const run = io(migrate);
  t.equal(await runCli(['check', ...fromMigrate, '--facts', 'facts.json', '--json'], run.io), 0);
  const result = JSON.parse(run.out.join('')) as { status: string; placements: { ra: string; pa: string; size: string }[] };
  t.equal(result.status, 'ok');
  t.same(result.placements.map((piece) => piece.ra), ['0x8000000', '0x88000000']);
  t.same(run.err, [], 'every fact given: nothing assumed');
  const place = io(migrate);
  t.equal(await runCli(['place', ...fromMigrate, '--json'], place.io), 0);
  t.same((JSON.parse(place.out.join('')) as { placements: unknown }).placements, result.placements, 'place and check agree');
});

t.test('without facts every assumption is named on stderr and the check refuses, never passes', async (t) => {
  const run = io(migrate);
  t.equal(await runCli(['check', ...fromMigrate], run.io), 1);
  const warnings = run.err.join('');
  for (const fact of ['source.cpu.type', 'target.cpu.mhz', 'domain.os.cpuDR', 'target.powerPolicy']) t.match(warnings, `ldmfit: warning: ${fact} not given`);
  t.match(run.out.join(''), /CPU_TYPE_MISMATCH/);
});

t.test('settings captures do not show: --split, --granule, --alignment', async (t) => {
  const split = io(seed);
  t.equal(await runCli(['place', ...fromSeed, '--split'], split.io), 1, 'cut at 256M, the seed still needs 7 whole windows where 6 are free');
  t.match(split.out.join(''), /7 whole 256M windows/);
  const finer = io(seed);
  t.equal(await runCli(['place', ...fromSeed, '--split', '--split-alignment', '128M', '--json'], finer.io), 0, 'cut at 128M it fits in the two 1G ranges');
  t.equal((JSON.parse(finer.out.join('')) as { placements: unknown[] }).placements.length, 2, 'merged into one piece a range');
  const granule = io(seed);
  t.equal(await runCli(['place', ...fromSeed, '--granule', '4M', '--alignment', '128M', '--split'], granule.io), 0, 'with 128M pages, split, the 2G block fits');
  const bad = io(seed);
  t.equal(await runCli(['place', ...fromSeed, '--alignment', '3M'], bad.io), 2);
  t.match(bad.err.join(''), /^ldmfit: --alignment: .*3M/);
});

t.test('usage errors name the option', async (t) => {
  const cases: [string[], RegExp][] = [
    [['place', 'x.json', '--source', 'source.txt'], /^ldmfit: --source: give either the instance file \(x\.json\) or captures, not both/],
    [['place', '--source', 'source.txt', '--domain', 'ldg-src'], /^ldmfit: --target: missing: --source, --target and --domain go together/],
    [['place'], /^ldmfit: instance file: missing: give it, or --source/],
    [['check'], /^ldmfit: request file: missing/],
    [['place', 'seed.json', '--granule', '4M'], /^ldmfit: --granule: only with captures/],
    [['place', 'seed.json', '--split-alignment', '4M'], /^ldmfit: --split-alignment: only with captures/],
    [['check', 'seed.json', '--facts', 'facts.json'], /^ldmfit: --facts: only with captures/],
    [['place', '--source', 'source.txt', '--target', 'target.txt', '--domain', 'ldg-dst'], /^ldmfit: --domain: the source captures show only ldg-src; capture "ldm list -o memory ldg-dst"/],
    [['place', '--source', 'source.txt', '--target', 'source.txt', '--domain', 'ldg-src'], /^ldmfit: --target: the target captures show no free memory/],
  ];
  for (const [args, expected] of cases) {
    const run = io({ ...seed, 'seed.json': example('seed-2g-into-two-1g.json'), 'facts.json': '{}' });
    t.equal(await runCli(args, run.io), 2, args.join(' '));
    t.match(run.err.join(''), expected);
    t.equal(run.err.join('').split('\n').length, 2, 'one line');
  }
});

t.test('a facts file with a typo names the file and the field, with did you mean', async (t) => {
  const run = io({ ...migrate, 'facts.json': JSON.stringify({ domain: { os: { cpuDr: true } } }) });
  t.equal(await runCli(['check', ...fromMigrate, '--facts', 'facts.json'], run.io), 2);
  t.match(run.err.join(''), /^ldmfit: facts\.json: domain\.os\.cpuDr: unknown field; did you mean "cpuDR"\?/);
  const broken = io({ ...migrate, 'facts.json': '{ oops' });
  t.equal(await runCli(['check', ...fromMigrate, '--facts', 'facts.json'], broken.io), 2);
  t.match(broken.err.join(''), /^ldmfit: facts\.json: line 1/);
  const value = io({ ...migrate, 'facts.json': JSON.stringify({ target: { largestPage: '3M' } }) });
  t.equal(await runCli(['check', ...fromMigrate, '--facts', 'facts.json'], value.io), 2);
  t.match(value.err.join(''), /^ldmfit: facts\.json: target\.largestPage: .*3M/, 'a value the request refuses names the facts file');
});

t.test('captures that contradict themselves name the machine\'s capture files', async (t) => {
  const overlapping = '# ldm list -o memory ldg-src\nNAME\nldg-src\n\nMEMORY\n    RA          PA           SIZE\n    0x8000000   0x208000000  2G\n    0x48000000  0x308000000  1G\n';
  const source = io({ ...seed, 'source.txt': overlapping });
  t.equal(await runCli(['place', ...fromSeed], source.io), 2);
  t.match(source.err.join(''), /^ldmfit: source\.txt: domain\.memory\[1\]/);
  const target = io({ ...seed, 'target.txt': '# ldm list-devices memory\nMEMORY\n    PA          SIZE\n    0x108000000 1G\n    0x108000000 2G\n' });
  t.equal(await runCli(['place', ...fromSeed], target.io), 2);
  t.match(target.err.join(''), /^ldmfit: target\.txt: /);
  const checkSource = io({ ...migrate, 'source.txt': overlapping.replaceAll('ldg-src', 'ldg1') });
  t.equal(await runCli(['check', ...fromMigrate, '--facts', 'facts.json'], checkSource.io), 2);
  t.match(checkSource.err.join(''), /^ldmfit: source\.txt: domain\.memory\[1\]/, 'check: a field the facts do not hold is the captures\' doing');
  t.equal(checkSource.err.join('').split('\n').length, 2, 'no warnings before the error');
  const checkTarget = io({ ...migrate, 'target.txt': '# ldm list-devices memory\nMEMORY\n    PA          SIZE\n    0x108000000 1G\n    0x108000000 2G\n' });
  t.equal(await runCli(['check', ...fromMigrate, '--facts', 'facts.json'], checkTarget.io), 2);
  t.match(checkTarget.err.join(''), /^ldmfit: target\.txt: target\.freeMemory/);
});

/** examples/ldm/migrate's target with its MEMORY rows replaced: `rows` as `PA SIZE [OWNER]`. */
function targetWithMemory(rows: readonly string[]): string {
  const target = example('ldm/migrate/target.txt');
  const start = target.indexOf('MEMORY\n');
  const end = target.indexOf('target# ldm list-services');
  return `${target.slice(0, start)}MEMORY\n    PA                   SIZE            BOUND\n${rows.map((row) => `    ${row}\n`).join('')}\n${target.slice(end)}`;
}

// ldg1 (2G and 1G, both ≡ 0x8000000 mod 256M) into 1G and 2G free ranges that cannot hold them at their congruence.
const crowdedRows = ['0x0 256M _sys_', '0x10000000 7936M primary', '0x200000000 2G ldg7', '0x280000000 1G', '0x2c0000000 1G ldg8', '0x300000000 2G', '0x380000000 4G primary'];
const crowded = { ...migrate, 'target.txt': targetWithMemory(crowdedRows) };

t.test('check --advise from captures: the target\'s domains in the way, each verified by checking the changed captures', async (t) => {
  const run = io(crowded);
  t.equal(await runCli(['check', ...fromMigrate, '--facts', 'facts.json', '--advise', '--json'], run.io), 1);
  const advice = (JSON.parse(run.out.join('')) as { advice: Record<string, unknown>[] }).advice;
  const aboutDomains = advice.filter((a) => a['kind'] === 'free-domain' || a['kind'] === 'shrink-domain');
  t.same(aboutDomains.map((a) => [a['kind'], a['domains'] ?? a['domain']]), [['free-domain', ['ldg8']], ['free-domain', ['ldg7']], ['shrink-domain', 'ldg7']]);
  t.same(aboutDomains[2], { kind: 'shrink-domain', domain: 'ldg7', pa: '0x230000000', size: '0x50000000', message: aboutDomains[2]!['message'] });
  const checkWith = async (rows: readonly string[]): Promise<number> =>
    runCli(['check', ...fromMigrate, '--facts', 'facts.json'], io({ ...migrate, 'target.txt': targetWithMemory(rows) }).io);
  t.equal(await checkWith(crowdedRows.map((row) => row.replace(' ldg8', ''))), 0, 'ldg8 moved off: the check passes');
  t.equal(await checkWith(crowdedRows.map((row) => row.replace(' ldg7', ''))), 0, 'ldg7 moved off: the check passes');
  const shrunk = (kept: string, freed: string, at: string): string[] => crowdedRows.flatMap((row) => (row.endsWith('ldg7') ? [`0x200000000 ${kept} ldg7`, `${at} ${freed}`] : [row]));
  t.equal(await checkWith(shrunk('768M', '1280M', '0x230000000')), 0, 'ldg7 shrunk by 1280M at its high end: the check passes');
  t.equal(await checkWith(shrunk('1G', '1G', '0x240000000')), 1, 'one 256M step less does not');
});

t.test('check --advise from captures as text; the control domain and the hypervisor are never advised; no owners, no domains', async (t) => {
  const run = io(crowded);
  t.equal(await runCli(['check', ...fromMigrate, '--facts', 'facts.json', '--advise'], run.io), 1);
  const text = run.out.join('');
  t.match(text, /\nAdvice: move domain ldg8 \(1G bound at 0x2c0000000\) off sparc-b: the memory then fits \(verified\)\nAdvice: move domain ldg7 \(2G bound at 0x200000000\) off sparc-b: [^\n]*\nAdvice: or shrink domain ldg7 on sparc-b by 1280M, freeing PA 0x230000000 to 0x280000000 \(next to free memory\)[^\n]*\n$/);
  t.notMatch(text, /domain (primary|_sys_)/);
  const walled = io({ ...migrate, 'target.txt': targetWithMemory(['0x0 256M _sys_', '0x10000000 7936M primary', '0x200000000 1G', '0x240000000 1G _sys_', '0x280000000 2G']) });
  await runCli(['check', ...fromMigrate, '--facts', 'facts.json', '--advise'], walled.io);
  t.notMatch(walled.out.join(''), /move domain/, 'only immovable owners in the way');
  const bare = io(seed);
  t.equal(await runCli(['check', ...fromSeed, '--advise'], bare.io), 1);
  t.notMatch(bare.out.join(''), /move domain/, 'list-devices without -a shows no owners');
});
