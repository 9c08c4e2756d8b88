import { readFileSync } from 'node:fs';
import t from 'tap';
import { FLEET_FACTS_SCHEMA, parseFleetFacts } from '../../../src/formats/ldm/fleet-facts.js';
import { InputError } from '../../../src/quantity.js';

t.test('schema/fleet-facts.schema.json is FLEET_FACTS_SCHEMA (regenerate it from the module if this fails)', async (t) => {
  t.equal(readFileSync(new URL('../../../schema/fleet-facts.schema.json', import.meta.url), 'utf8'), JSON.stringify(FLEET_FACTS_SCHEMA, null, 2) + '\n');
});

t.test('the example fleet facts, and an empty file, are read as written', async (t) => {
  const example = JSON.parse(readFileSync(new URL('../../../examples/fleet-captures/facts.json', import.meta.url), 'utf8')) as unknown;
  t.same(parseFleetFacts(example), example);
  t.same(parseFleetFacts({}), {});
});

t.test('a misspelt fact is named first, with "did you mean", in defaults and under a host\'s or a domain\'s name', async (t) => {
  const error = t.throws(() => parseFleetFacts({ defaults: { host: { powerPolcy: 'performance' } } })) as InputError;
  t.ok(error instanceof InputError);
  t.equal(error.message, 'defaults.host.powerPolcy: unknown field; did you mean "powerPolicy"?');
  t.throws(() => parseFleetFacts({ hosts: { 'host-a': { cpu: { tpye: 'SPARC-T4' } } } }), { message: 'hosts.host-a.cpu.tpye: unknown field; did you mean "type"?' });
  t.throws(() => parseFleetFacts({ domains: { ldg1: { os: { cpuDr: true } } } }), { message: 'domains.ldg1.os.cpuDr: unknown field; did you mean "cpuDR"?' });
  t.throws(() => parseFleetFacts({ default: {} }), { message: 'default: unknown field; did you mean "defaults"?' });
  t.throws(() => parseFleetFacts({ hosts: { 'host-a': { name: 'host-a' } } }), { message: /^hosts\.host-a\.name: unknown field; expected one of cpu, / }, 'a host\'s name is its key');
});

t.test('other problems are named by their path', async (t) => {
  t.throws(() => parseFleetFacts({ defaults: { host: { powerPolicy: 'eco' } } }), /defaults\.host\.powerPolicy: must be one of "performance", "elastic"/);
  t.throws(() => parseFleetFacts({ hosts: { 'host-a': { primary: { strands: -1 } } } }), /hosts\.host-a\.primary\.strands: must be >= 0/);
  t.throws(() => parseFleetFacts({ granule: 'big' }), /^granule:/);
});
