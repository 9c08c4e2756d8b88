import t from 'tap';
import { check } from '../../../src/check.js';
import { emptyDomain, type CaptureReading, type DomainFacts, type MemoryRow, MemoryRows } from '../../../src/formats/ldm/model.js';
import type { MigrationFacts } from '../../../src/formats/ldm/facts.js';
import { placementFromCaptures, requestFromCaptures } from '../../../src/formats/ldm/questions.js';
import { place } from '../../../src/place.js';
import { InputError } from '../../../src/quantity.js';
import { placementJson } from '../../../src/report/placement-json.js';

const G = 1n << 30n;

function reading(parts: Partial<Omit<CaptureReading, 'memory'>> & { readonly memory?: Iterable<MemoryRow> }): CaptureReading {
  return { outputs: [], domains: [], services: { vds: new Map(), vsw: [], vcc: [] }, cpus: [], crypto: [], warnings: [], ...parts, memory: MemoryRows.from(parts.memory ?? []) };
}

const ldgSrc: DomainFacts = { ...emptyDomain('ldg-src'), state: 'active', flags: '-n----', vcpus: 4, blocks: [{ ra: 0x8000000n, pa: 0x208000000n, size: 2n * G }] };
/** The seed's two listings, as the readers give them. */
const source = reading({ domains: [ldgSrc] });
const target = reading({
  memory: [
    { pa: 0x0n, size: 0x80000n, bound: '_sys_' },
    { pa: 0x108000000n, size: G, bound: null },
    { pa: 0x188000000n, size: G, bound: null },
  ],
});

t.test('the seed from captures: the 2G block cannot be bound, in ldm\'s words', async (t) => {
  const { question, warnings } = placementFromCaptures(source, target, 'ldg-src', { targetName: 'dt212-239' });
  t.same(warnings, []);
  t.same(question.target.free, [{ pa: '0x108000000', size: '0x40000000' }, { pa: '0x188000000', size: '0x40000000' }], 'only the free rows');
  const answer = place(question);
  t.equal(answer.status, 'infeasible');
  t.match(placementJson(answer).message, /^Unable to bind 2G memory region at real address 0x8000000; /);
  const split = placementFromCaptures(source, target, 'ldg-src', { split: true, splitAlignment: '128M', granule: '8K', alignment: '256M' });
  t.equal(place(split.question).status, 'feasible', 'settings the captures do not show come from the caller');
});

t.test('a domain the source does not show, or shows without blocks, and a target without free memory, say what to capture', async (t) => {
  const missing = t.throws(() => placementFromCaptures(source, target, 'ldg-db')) as InputError;
  t.ok(missing instanceof InputError);
  t.match(missing.message, /source captures show only ldg-src; capture "ldm list -o memory ldg-db" on the source/);
  t.throws(() => placementFromCaptures(reading({}), target, 'ldg-src'), /show no domain at all/);
  t.throws(() => placementFromCaptures(reading({ domains: [emptyDomain('ldg-src')] }), target, 'ldg-src'), /no memory blocks of ldg-src/);
  t.throws(() => placementFromCaptures(source, reading({ memory: [{ pa: 0n, size: G, bound: 'primary' }] }), 'ldg-src'), /no free memory; capture "ldm list-devices memory" on the target/);
});

const fullFacts: MigrationFacts = {
  profile: 'ldoms-1.3',
  domain: { os: { release: 'Solaris 10 10/09', cpuDR: true, cryptoDR: true, memorySplit: false }, boundProcesses: false, processorSets: false },
  source: { name: 'host-a', cpu: { type: 'SPARC-T4', mhz: 2848 }, largestPage: '256M', powerPolicy: 'performance' },
  target: { name: 'dt212-239', cpu: { type: 'SPARC-T4', mhz: 2848 }, largestPage: '256M', powerPolicy: 'performance', freeCryptoUnits: 0, freeNiu: 0, strandsPerCore: 8 },
};

t.test('a request from captures and full facts: no assumption, and the rules see the captured layout', async (t) => {
  const targetWithCpus = reading({
    ...target,
    cpus: Array.from({ length: 16 }, (_, pid) => ({ pid, free: pid < 8 ? 0 : 100, pm: null, bound: pid < 8 ? 'primary' : null })),
    services: { vds: new Map([['primary-vds0', ['vol1']]]), vsw: ['primary-vsw0'], vcc: ['primary-vcc0'] },
    domains: [{ ...emptyDomain('primary'), flags: '-n-cv-', vcpus: 8, cryptoUnits: 1 }],
  });
  const withDevices = reading({
    domains: [{ ...ldgSrc, vdisks: [{ name: 'disk0', volume: 'vol1', service: 'primary-vds0' }], vnets: [{ name: 'vnet0', switch: 'primary-vsw0', hybrid: false }], console: 'primary-vcc0', cryptoUnits: 0 }],
  });
  const { question, warnings } = requestFromCaptures(withDevices, targetWithCpus, 'ldg-src', fullFacts);
  t.same(warnings, []);
  t.equal(question.target.cpu.freeStrands, 8, 'the CPU rows 100% free and unbound');
  t.equal(question.target.cpu.freeWholeCores, 1, 'strands 8-15: core 1 whole');
  t.same(question.target.primary, { strands: 8, cryptoUnits: 1 });
  const result = check(question);
  t.equal(result.status, 'refused');
  t.same(result.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.code), ['MEMORY_LAYOUT']);
  t.equal(result.findings[0]!.message, 'Unable to bind 2G memory region at real address 0x8000000');
});

t.test('missing facts take conservative defaults, each named in a warning', async (t) => {
  const { question, warnings } = requestFromCaptures(reading({ domains: [{ ...ldgSrc, vcpus: null, flags: null }] }), target, 'ldg-src');
  t.equal(question.domain.strands, 1);
  t.match(warnings.join('\n'), /the VCPU count of ldg-src not given/);
  t.match(warnings.join('\n'), /source\.cpu\.type not given: assumed "unknown-source-cpu"/);
  t.match(warnings.join('\n'), /domain\.os\.cpuDR not given: assumed false/);
  t.match(warnings.join('\n'), /target\.powerPolicy not given: assumed "elastic"/);
  t.match(warnings.join('\n'), /no CPU rows: 0 free strands assumed/);
  const result = check(question);
  t.equal(result.status, 'refused', 'conservative: an unknown fact never turns into a yes');
  t.ok(result.findings.some((finding) => finding.code === 'CPU_TYPE_MISMATCH'));
});

t.test('flags, states and soft states as ldm prints them', async (t) => {
  const of = (domain: Partial<DomainFacts>) => requestFromCaptures(reading({ domains: [{ ...ldgSrc, ...domain }] }), target, 'ldg-src', fullFacts).question.domain;
  t.equal(of({ flags: 's----' }).migrating, true, 'letter codes: s is the source of a migration');
  t.equal(of({ flags: '-n----' }).migrating, false);
  t.equal(of({ flags: 'normal,source' }).migrating, true, 'words, from list -l -p');
  t.equal(of({ flags: 'normal,control,vio-service' }).migrating, false, 'the letters of words are not flags');
  t.equal(of({ state: 'bound' }).state, 'bound');
  t.equal(of({ state: 'inactive' }).state, 'inactive');
  t.equal(of({ state: 'suspending' }).state, 'active', 'a transitional state is checked as active');
  t.equal(of({ state: null }).state, 'active');
  t.equal(of({ softstate: 'OpenBoot Running' }).runState, 'openboot');
  t.equal(of({ softstate: 'in kmdb' }).runState, 'kmdb');
  t.equal(of({ softstate: 'Solaris running' }).runState, 'solaris');
  const delayed = requestFromCaptures(source, reading({ ...target, domains: [{ ...emptyDomain('primary'), flags: '-ndcv-' }] }), 'ldg-src', fullFacts).question;
  t.equal(delayed.target.delayedReconfig, true, 'd in the target primary\'s flags');
  const delayedWords = requestFromCaptures(reading({ domains: [ldgSrc, { ...emptyDomain('primary'), flags: 'normal,delayed-reconfig' }] }), target, 'ldg-src', fullFacts).question;
  t.equal(delayedWords.source.delayedReconfig, true);
});

t.test('whole free cores are counted from the strands of each core, never from the total of free strands', async (t) => {
  // Eight free strands, one on each of eight cores: no whole core, where floor(8 / 8) would say one.
  const scattered = reading({ ...target, cpus: Array.from({ length: 64 }, (_, pid) => ({ pid, free: pid % 8 === 0 ? 100 : 0, pm: null, bound: null })) });
  const one = requestFromCaptures(reading({ domains: [ldgSrc] }), scattered, 'ldg-src', fullFacts).question;
  t.equal(one.target.cpu.freeStrands, 8);
  t.equal(one.target.cpu.freeWholeCores, 0);
  // Four strands a core, two whole cores free (pids 4-7 and 12-15), a bound strand on core 2.
  const four = reading({
    ...target,
    cpus: Array.from({ length: 16 }, (_, pid) => ({ pid, free: [4, 5, 6, 7, 8, 12, 13, 14, 15].includes(pid) ? 100 : 0, pm: null, bound: null })),
  });
  const facts = { ...fullFacts, target: { ...fullFacts.target, strandsPerCore: 4 } };
  t.equal(requestFromCaptures(reading({ domains: [ldgSrc] }), four, 'ldg-src', facts).question.target.cpu.freeWholeCores, 2);
  t.equal(check(requestFromCaptures(reading({ domains: [ldgSrc] }), scattered, 'ldg-src', fullFacts).question).findings.some((f) => f.code === 'CPU_STRANDS_INSUFFICIENT'), true, 'the 1.3 rule then refuses, as ldm would');
});

t.test('free crypto units from the target\'s crypto rows when captured; the facts file wins; a warning when neither says', async (t) => {
  const withUnits = reading({ ...target, crypto: [{ id: 0, bound: 'primary' }, { id: 1, bound: null }, { id: 2, bound: null }] });
  const noFact = { ...fullFacts, target: { ...fullFacts.target, freeCryptoUnits: undefined } };
  const captured = requestFromCaptures(reading({ domains: [ldgSrc] }), withUnits, 'ldg-src', noFact);
  t.equal(captured.question.target.freeCryptoUnits, 2, 'the unbound rows');
  t.notOk(captured.warnings.some((warning) => warning.startsWith('target.freeCryptoUnits')));
  t.equal(requestFromCaptures(reading({ domains: [ldgSrc] }), withUnits, 'ldg-src', fullFacts).question.target.freeCryptoUnits, 0, 'the facts file says 0');
  const neither = requestFromCaptures(reading({ domains: [ldgSrc] }), reading({ ...target }), 'ldg-src', noFact);
  t.equal(neither.question.target.freeCryptoUnits, 0);
  t.ok(neither.warnings.some((warning) => /^target\.freeCryptoUnits not given: assumed 0 .*ldm list-devices -a crypto/.test(warning)));
});
