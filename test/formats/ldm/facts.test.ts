import { readFileSync } from 'node:fs';
import t from 'tap';
import { FACTS_SCHEMA, parseFacts } from '../../../src/formats/ldm/facts.js';
import { InputError } from '../../../src/quantity.js';

t.test('schema/facts.schema.json is FACTS_SCHEMA (regenerate it from the module if this fails)', async (t) => {
  t.equal(readFileSync(new URL('../../../schema/facts.schema.json', import.meta.url), 'utf8'), JSON.stringify(FACTS_SCHEMA, null, 2) + '\n');
});

t.test('a facts file with every field, and an empty one, are read as written', async (t) => {
  const full = {
    profile: 'ovm-3.6',
    domain: { os: { release: 'Solaris 11.4', cpuDR: true, cryptoDR: true, memorySplit: true }, cpuArch: 'migration-class1', effectiveLargestPage: '256M', boundProcesses: false, processorSets: false },
    source: { name: 'host-a', cpu: { type: 'SPARC-T5', mhz: 3600 }, largestPage: '16G', powerPolicy: 'performance' },
    target: { name: 'host-b', cpu: { type: 'SPARC-T7', mhz: 4133 }, largestPage: '16G', powerPolicy: 'performance', strandsPerCore: 8, freeCryptoUnits: 2, freeNiu: 0 },
  };
  t.same(parseFacts(full), full);
  t.same(parseFacts({}), {});
});

t.test('a misspelt fact is named first, with "did you mean"', async (t) => {
  const error = t.throws(() => parseFacts({ domain: { os: { cpuDr: true } } })) as InputError;
  t.ok(error instanceof InputError);
  t.equal(error.message, 'domain.os.cpuDr: unknown field; did you mean "cpuDR"?');
  t.throws(() => parseFacts({ source: { powerPolicy: 'eco' } }), /source\.powerPolicy: must be one of "performance", "elastic"/);
  t.throws(() => parseFacts({ target: { cpu: { mhz: 0 } } }), /target\.cpu\.mhz: must be >= 1/);
});
