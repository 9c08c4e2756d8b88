import { readFileSync } from 'node:fs';
import t from 'tap';
import { instanceFromJson, parseInstance } from '../../src/formats/instance-json.js';
import type { PlacementInstance } from '../../src/memory/instance.js';
import { formatPlacementText } from '../../src/report/placement-text.js';
import { placementAnswer } from '../../src/solve/answer.js';
import { solvePlacement } from '../../src/solve/place.js';
import type { PlacementResult, SolveOptions } from '../../src/solve/result.js';

function answer(instance: PlacementInstance, result: PlacementResult = solvePlacement(instance), options: SolveOptions = {}) {
  return placementAnswer(instance, result, options);
}

function example(name: string): PlacementInstance {
  return parseInstance(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8'), name);
}

const seed = example('seed-2g-into-two-1g.json');
const stats = { decidedBy: 'search', nodes: 40, elapsedMs: 5000 } as const;

t.test('the seed: what ldm migrate-domain -n prints, then the proof', async (t) => {
  t.equal(
    formatPlacementText(answer(seed)),
    'Unable to bind 2G memory region at real address 0x8000000\n' +
      'Domain Migration of LDom ldg-src would fail if attempted\n' +
      'Reason: the 2G block at RA 0x8000000 must start at a PA ≡ 0x8000000 (mod 256M); the free range with the most room ' +
      'from such an address, 1G at 0x108000000, holds only 1G from its first one, 0x108000000\n',
  );
});

t.test('not a dry run: the migration "failed"; the ovm-3.6 wording', async (t) => {
  const text = formatPlacementText(answer(seed), { dryRun: false, profile: 'ovm-3.6' });
  t.match(text, /^Free memory layout and congruency requirements prevent binding the memory block with PA 0x208000000, RA 0x8000000, and size 2G\n/);
  t.match(text, /\nDomain Migration of LDom ldg-src failed\n/);
});

t.test('an infeasible answer without a failed block still prints the ldm line and the proof', async (t) => {
  const result: PlacementResult = { status: 'infeasible', pieces: [], stats };
  t.equal(
    formatPlacementText(answer(seed, result)),
    'Domain Migration of LDom ldg-src would fail if attempted\nReason: exhaustive search over 40 nodes found no placement\n',
  );
});

t.test('a feasible answer is the domain as ldm list -o memory would show it on the target', async (t) => {
  const split = example('split-2g-into-two-1g.json');
  t.equal(
    formatPlacementText(answer(split)),
    [
      'NAME',
      'ldg-src',
      '',
      'MEMORY',
      '    RA               PA               SIZE',
      '    0x8000000        0x108000000      1G',
      '    0x48000000       0x188000000      1G',
      '',
      'ldg-src: 1 block placed in 2 pieces on dt212-239; no free memory left',
      '',
    ].join('\n'),
  );
});

t.test('columns widen for addresses longer than ldm\'s column', async (t) => {
  const high = instanceFromJson({
    domain: { name: 'ldg-high', memory: [{ ra: '0xfffffffff0000000', pa: '0xfffffff000000000', size: '256M' }] },
    target: { name: 'big', free: [{ pa: '0xfffffff000000000', size: '1G' }] },
  });
  const lines = formatPlacementText(answer(high)).split('\n');
  t.equal(lines[4], '    RA                  PA                  SIZE');
  t.equal(lines[5], '    0xfffffffff0000000  0xfffffff000000000  256M');
});

t.test('unknown names the domain, the target and the budget that ran out', async (t) => {
  const result: PlacementResult = { status: 'unknown', pieces: [], stats: { ...stats, stoppedBy: 'time-limit' } };
  t.equal(
    formatPlacementText(answer(seed, result, { timeLimitMs: 2000 })),
    'ldg-src on dt212-239: undecided: the time limit of 2000 ms ran out after 40 search nodes\n',
  );
  t.equal(formatPlacementText(answer(seed, result)), 'ldg-src on dt212-239: undecided: the time limit of 5000 ms ran out after 40 search nodes\n');
});

t.test('colour, when asked: ldm\'s failure lines red, the proof plain', async (t) => {
  t.equal(
    formatPlacementText(answer(seed), { colour: true }),
    '\x1b[31mUnable to bind 2G memory region at real address 0x8000000\x1b[0m\n' +
      '\x1b[31mDomain Migration of LDom ldg-src would fail if attempted\x1b[0m\n' +
      'Reason: the 2G block at RA 0x8000000 must start at a PA ≡ 0x8000000 (mod 256M); the free range with the most room ' +
      'from such an address, 1G at 0x108000000, holds only 1G from its first one, 0x108000000\n',
  );
  t.notMatch(formatPlacementText(answer(seed)), /\x1b/, 'no codes unless asked');
});

t.test('colour, when asked: a placement\'s summary green, the table plain; an undecided answer yellow', async (t) => {
  const lines = formatPlacementText(answer(example('split-2g-into-two-1g.json')), { colour: true }).split('\n');
  t.equal(lines[0], 'NAME');
  t.equal(lines.at(-2), '\x1b[32mldg-src: 1 block placed in 2 pieces on dt212-239; no free memory left\x1b[0m');
  const unknown: PlacementResult = { status: 'unknown', pieces: [], stats: { ...stats, stoppedBy: 'time-limit' } };
  t.match(formatPlacementText(answer(seed, unknown), { colour: true }), /^\x1b\[33mldg-src on dt212-239: undecided: [^\n]*\x1b\[0m\n$/);
});
