import t from 'tap';
import { InputError } from '../../src/quantity.js';
import { parseRequest } from '../../src/migration/request.js';
import { model, request, type Json } from './fixtures.js';

function fieldOf(edit: (json: Json) => void): string {
  try {
    parseRequest(request(edit));
  } catch (error) {
    if (error instanceof InputError) return `${error.field}: ${error.detail}`;
    throw error;
  }
  return 'no error';
}

t.test('defaults are applied for every optional field', async (t) => {
  const parsed = parseRequest({
    domain: { name: 'd', strands: 4, memory: [{ ra: 0, pa: '8K', size: '8K' }] },
    source: { name: 's', cpu: { type: 'SPARC-T4', mhz: 2848 } },
    target: { name: 't', cpu: { type: 'SPARC-T4', mhz: 2848, freeStrands: 20 }, freeMemory: [] },
  });
  t.equal(parsed.profile, 'ldoms-1.3');
  t.equal(parsed.dryRun, true);
  t.same(parsed.domain.os, { release: '', cpuDR: true, cryptoDR: true, memorySplit: false });
  t.equal(parsed.domain.state, 'active');
  t.equal(parsed.domain.runState, 'solaris');
  t.equal(parsed.domain.cpuArch, 'native');
  t.equal(parsed.domain.migrating, false);
  t.equal(parsed.domain.cryptoUnits, 0);
  t.equal(parsed.domain.effectiveLargestPage, (256 << 20) / 8192);
  t.equal(parsed.alignment, (256 << 20) / 8192);
  t.same(parsed.domain.memory, [{ ra: 0, pa: 1, size: 1 }]);
  t.equal(parsed.domain.mblockmap, undefined);
  t.equal(parsed.domain.vcc, undefined);
  t.same(parsed.domain.physicalIO, []);
  t.equal(parsed.target.cpu.strandsPerCore, 8);
  t.equal(parsed.target.cpu.freeWholeCores, 2);
  t.equal(parsed.target.freeCryptoUnits, 0);
  t.equal(parsed.target.freeNiu, 0);
  t.equal(parsed.target.services.vds.size, 0);
  t.equal(parsed.source.powerPolicy, 'performance');
  t.equal(parsed.source.delayedReconfig, false);
  t.equal(parsed.source.primary, undefined);
});

t.test('congruence modulus is the larger largestPage; effectiveLargestPage defaults to the smaller', async (t) => {
  const parsed = model((r) => { r.source.largestPage = '2G'; r.target.largestPage = '16G'; });
  t.equal(parsed.alignment, (16 * 2 ** 30) / 8192);
  t.equal(parsed.domain.effectiveLargestPage, (2 * 2 ** 30) / 8192);
});

t.test('a vnet without hybrid is not hybrid; primary fields may be partial', async (t) => {
  const parsed = model((r) => { delete r.domain.vnets[0].hybrid; r.source.primary = { strands: 2 }; });
  t.equal(parsed.domain.vnets[0]!.hybrid, false);
  t.same(parsed.source.primary, { strands: 2, cryptoUnits: undefined });
});

t.test('unknown fields are errors naming the path', async (t) => {
  t.equal(fieldOf((r) => { r.domain.vdisks[0].servce = 'x'; }), 'domain.vdisks[0].servce: unknown field; did you mean "service"?');
  t.equal(fieldOf((r) => { r.extra = 1; }), 'extra: unknown field; expected one of profile, dryRun, domain, source, target');
  t.equal(fieldOf((r) => { r.domain.os = { Release: '11.4' }; }), 'domain.os.Release: unknown field; did you mean "release"?');
  t.equal(fieldOf((r) => { r.target.services.vsws = []; }), 'target.services.vsws: unknown field; did you mean "vsw"?');
  t.equal(fieldOf((r) => { r.target.cpu['x'.repeat(1e7)] = 1; }), `target.cpu.${'x'.repeat(40)}…: unknown field; expected one of type, mhz, strandsPerCore, freeStrands, freeWholeCores`);
  t.match(fieldOf((r) => { r.target.services.vds = { 'a/b~c': [1] }; }), /^target\.services\.vds\.a\/b~c\[0\]: must be string/);
  t.equal(fieldOf((r) => { r.target.services.vds = { ['v'.repeat(1e7)]: 'vol1' }; }), `target.services.vds.${'v'.repeat(40)}…: must be array`, 'a huge name of the user\'s is cut');
});

t.test('a misspelt field is named before the required field it leaves missing', async (t) => {
  const renamed = (owner: Json, from: string, to: string): void => {
    owner[to] = owner[from];
    delete owner[from];
  };
  t.equal(fieldOf((r) => renamed(r.domain.vnets[0], 'switch', 'swtich')), 'domain.vnets[0].swtich: unknown field; did you mean "switch"?');
  t.equal(fieldOf((r) => renamed(r.domain, 'strands', 'strand')), 'domain.strand: unknown field; did you mean "strands"?');
  t.equal(fieldOf((r) => renamed(r.target, 'freeMemory', 'FreeMemory')), 'target.FreeMemory: unknown field; did you mean "freeMemory"?');
  t.equal(fieldOf((r) => renamed(r, 'source', 'sourse')), 'sourse: unknown field; did you mean "source"?');
});

t.test('a misspelt field is named before type errors in its object and elsewhere', async (t) => {
  t.equal(fieldOf((r) => { r.domain.vnets[0].name = 5; r.domain.vnets[0].hybird = true; }), 'domain.vnets[0].hybird: unknown field; did you mean "hybrid"?');
  t.equal(fieldOf((r) => { r.dryRun = 'yes'; r.target.cpu.freeStrand = 1; }), 'target.cpu.freeStrand: unknown field; did you mean "freeStrands"?');
  t.equal(fieldOf((r) => { r.domain.os = 'solaris'; r.domain.vnets = 'none'; }), 'domain.os: must be object', 'without an unknown field the first error stands');
});

t.test('wrong types, enums, minimums and missing fields name the path', async (t) => {
  t.equal(fieldOf((r) => { r.domain.vdisks[0].service = 5; }), 'domain.vdisks[0].service: must be string');
  t.equal(fieldOf((r) => { r.dryRun = 'yes'; }), 'dryRun: must be boolean');
  t.equal(fieldOf((r) => { r.profile = 'ovm-4'; }), 'profile: must be one of "ldoms-1.3", "ovm-3.6"');
  t.equal(fieldOf((r) => { delete r.target.freeMemory; }), 'target.freeMemory: is required');
  t.equal(fieldOf((r) => { r.domain.memory = []; }), 'domain.memory: must have at least 1 entries');
  t.equal(fieldOf((r) => { r.domain.name = ''; }), 'domain.name: must not be empty');
  t.equal(fieldOf((r) => { r.domain.strands = 0; }), 'domain.strands: must be >= 1');
  t.equal(fieldOf((r) => { r.domain.strands = 1.5; }), 'domain.strands: must be integer');
  t.equal(fieldOf((r) => { r.source.cpu.mhz = 1.5; }), 'source.cpu.mhz: must be integer');
  t.equal(fieldOf((r) => { r.domain.memory[0].size = 2 ** 60; }), 'domain.memory[0].size: a number must be a non-negative safe integer; write larger values as a string');
  t.equal(fieldOf(() => undefined), 'no error');
  t.throws(() => parseRequest(null), new InputError('', 'must be object', 'null'));
});

t.test('quantities follow the quantity rules', async (t) => {
  t.equal(fieldOf((r) => { r.domain.memory[0].ra = '2 G'; }), 'domain.memory[0].ra: not a quantity: use hex (0x...), decimal, or a size like 256M');
  t.equal(fieldOf((r) => { r.domain.memory[0].ra = true; }), 'domain.memory[0].ra: expected a quantity string such as "0x8000000", "4294967296" or "2G"');
  t.equal(fieldOf((r) => { r.domain.memory[0].ra = '0x1000'; }), 'domain.memory[0].ra: must be a multiple of the granule 8K');
  t.equal(fieldOf((r) => { r.domain.memory[0].ra = '0x10000000000000000'; }), 'domain.memory[0].ra: does not fit in 64 bits');
  t.equal(fieldOf((r) => { r.domain.memory[0].size = '0'; }), 'domain.memory[0].size: must be greater than zero');
  t.equal(fieldOf((r) => { r.domain.memory[0].ra = '0xffffffffc0000000'; }), 'domain.memory[0]: ends beyond 2^64');
  t.equal(fieldOf((r) => { r.domain.memory[0].ra = '0xffffffff80000000'; }), 'no error', 'a block may end exactly at 2^64');
});

t.test('overlapping blocks and free ranges are input errors', async (t) => {
  t.equal(fieldOf((r) => { r.domain.memory.push({ ra: '0x48000000', pa: '0x400000000', size: '1G' }); }), 'domain.memory[1]: overlaps domain.memory[0] in RA');
  t.equal(fieldOf((r) => { r.domain.memory.push({ ra: '0x400000000', pa: '0x248000000', size: '1G' }); }), 'domain.memory[1]: overlaps domain.memory[0] in source PA');
  t.equal(fieldOf((r) => { r.target.freeMemory.push({ pa: '0x200000000', size: '1G' }); }), 'target.freeMemory[1]: overlaps target.freeMemory[0] in PA');
});

t.test('largestPage must be a power of two of at least 8K', async (t) => {
  t.equal(fieldOf((r) => { r.source.largestPage = '4K'; }), 'source.largestPage: must be at least 8K');
  t.equal(fieldOf((r) => { r.target.largestPage = '3M'; }), 'target.largestPage: must be a power of two');
});

t.test('effectiveLargestPage is a power of two from 8K up to the smaller largestPage', async (t) => {
  t.equal(fieldOf((r) => { r.domain.effectiveLargestPage = '512M'; }), 'domain.effectiveLargestPage: must not exceed the smaller largestPage of the two machines (256M)');
  t.equal(fieldOf((r) => { r.domain.effectiveLargestPage = '12K'; }), 'domain.effectiveLargestPage: must be a power of two');
  t.equal(model((r) => { r.domain.effectiveLargestPage = '4M'; }).domain.effectiveLargestPage, 512);
});

t.test('mblockmap needs ovm-3.6 and maps every block exactly once', async (t) => {
  const map = (r: Json, entries: unknown[]): void => { r.profile = 'ovm-3.6'; r.domain.mblockmap = entries; };
  t.equal(fieldOf((r) => { r.domain.mblockmap = []; }), 'domain.mblockmap: named memory resources need profile "ovm-3.6"');
  t.equal(fieldOf((r) => map(r, [{ pa: '0x300000000', targetPa: '0x108000000' }])), 'domain.mblockmap[0].pa: is not the source PA of any domain.memory block');
  t.equal(fieldOf((r) => map(r, [{ pa: '0x208000000', targetPa: '0x108000000' }, { pa: '0x208000000', targetPa: '0x108000000' }])), 'domain.mblockmap[1].pa: maps the same block twice');
  t.equal(fieldOf((r) => map(r, [])), 'domain.mblockmap: has no entry for domain.memory[0]; map every block');
  t.equal(fieldOf((r) => map(r, [{ pa: '0x208000000', targetPa: '0xffffffffc0000000' }])), 'domain.mblockmap[0]: ends beyond 2^64');
  const parsed = model((r) => map(r, [{ pa: '0x208000000', targetPa: '0x108000000' }]));
  t.same(parsed.domain.mblockmap, [{ block: 0, targetPa: 0x108000000 / 8192 }]);
});
