/**
 * "Did you mean" for unknown fields (formats/suggest.ts): the typos users
 * make are matched to the field they meant, and unrelated names are not.
 */
import fc from 'fast-check';
import leven from 'leven';
import t from 'tap';
import { closestField, unknownFieldDetail } from '../../src/formats/suggest.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);

const VNET = ['name', 'switch', 'hybrid'];
const DOMAIN = ['name', 'state', 'os', 'runState', 'migrating', 'cpuArch', 'effectiveLargestPage', 'strands', 'cryptoUnits', 'memory', 'vnets'];
const TOP = ['$schema', 'granule', 'alignment', 'split', 'splitAlignment', 'domain', 'target'];

t.test('the typos of the issue find the field that was meant', async (t) => {
  t.equal(closestField('swtich', VNET), 'switch', 'two letters swapped');
  t.equal(closestField('strand', DOMAIN), 'strands', 'singular for plural');
  t.equal(closestField('vnet', DOMAIN), 'vnets');
  t.equal(closestField('memroy', DOMAIN), 'memory');
  t.equal(closestField('alignmnet', TOP), 'alignment');
  t.equal(closestField('Granule', TOP), 'granule', 'case');
  t.equal(closestField('RUNSTATE', DOMAIN), 'runState', 'case, all of it');
  t.equal(closestField('split_alignment', TOP), 'splitAlignment', 'snake case');
  t.equal(closestField('nmae', VNET), 'name');
});

t.test('names far from every field get no suggestion', async (t) => {
  t.equal(closestField('x', VNET), undefined);
  t.equal(closestField('limit', TOP), undefined);
  t.equal(closestField('freeRanges', ['name', 'free']), undefined);
  t.equal(closestField('', ['pa', 'size']), undefined);
  t.equal(closestField('s'.repeat(10_000_000), VNET), undefined, 'a huge name is ruled out by its length');
  t.equal(closestField('name', []), undefined);
});

t.test('the nearest field wins, and the first of equally near ones', async (t) => {
  t.equal(closestField('splt', TOP), 'split', 'splt is one edit from split, more from splitAlignment');
  t.equal(closestField('rb', ['ra', 'pa', 'size']), 'ra');
  t.equal(closestField('xa', ['ra', 'pa', 'size']), 'ra', 'ra and pa are both one edit away: the first is taken');
  t.equal(closestField('xa', ['pa', 'ra']), 'pa');
});

t.test('property: a known field is its own match, in any case', async (t) => {
  fc.assert(
    fc.property(fc.constantFrom(...DOMAIN, ...TOP), fc.boolean(), (name, upper) => {
      return closestField(upper ? name.toUpperCase() : name, [...new Set([...DOMAIN, ...TOP])]) === name;
    }),
    { numRuns: FUZZ_RUNS },
  );
  t.pass('known fields match themselves');
});

t.test('property: one typo in a field of three or more letters is always matched, to a field one edit away', async (t) => {
  const letters = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_');
  const typo = fc.oneof(
    fc.tuple(fc.nat(), letters).map(([at, letter]) => (name: string) => name.slice(0, at % (name.length + 1)) + letter + name.slice(at % (name.length + 1))),
    fc.nat().map((at) => (name: string) => name.slice(0, at % name.length) + name.slice((at % name.length) + 1)),
    fc.tuple(fc.nat(), letters).map(([at, letter]) => (name: string) => name.slice(0, at % name.length) + letter + name.slice((at % name.length) + 1)),
  );
  const known = [...new Set([...DOMAIN, ...TOP, ...VNET])].filter((name) => name.length >= 3);
  fc.assert(
    fc.property(fc.constantFrom(...known), typo, (name, change) => {
      const written = change(name);
      const match = closestField(written, known);
      return match !== undefined && leven(written.toLowerCase(), match.toLowerCase()) <= 1;
    }),
    { numRuns: FUZZ_RUNS * 3 },
  );
  t.pass('one typo is matched');
});

t.test('the error detail suggests, or lists the fields allowed', async (t) => {
  t.equal(unknownFieldDetail('swtich', VNET), 'unknown field; did you mean "switch"?');
  t.equal(unknownFieldDetail('x', VNET), 'unknown field; expected one of name, switch, hybrid');
});
