import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { findDomain, findHost, migrationRequest, parseFleet } from '../../src/fleet/fleet.js';
import { FLEET_SCHEMA } from '../../src/fleet/fleet-schema.js';
import { checkRequest } from '../../src/migration/check.js';
import { domain, fleet, fleetJson, host } from './fixtures.js';

const root = new URL('../../', import.meta.url);

t.test('schema/fleet.schema.json is FLEET_SCHEMA (regenerate it from the module if this fails)', async (t) => {
  t.equal(readFileSync(new URL('schema/fleet.schema.json', root), 'utf8'), JSON.stringify(FLEET_SCHEMA, null, 2) + '\n');
  t.ok(new Ajv().compile(FLEET_SCHEMA)(fleetJson()), 'the base fleet validates against it');
});

t.test('defaults: profile ldoms-1.3 and an 8K granule', async (t) => {
  const parsed = fleet((json) => delete json.profile);
  t.equal(parsed.profile, 'ldoms-1.3');
  t.equal(parsed.granuleBytes, 8192);
  t.equal(fleet((json) => (json.granule = '4M')).granuleBytes, 4 << 20);
});

t.test('a misspelt field is an input error naming its path, with what it may have meant', async (t) => {
  t.throws(() => fleet((json) => (json.hosts[0].domains[1].strnads = 1)), { message: 'hosts[0].domains[1].strnads: unknown field; did you mean "strands"?' });
  t.throws(() => fleet((json) => (json.hosts[2].freeMemry = []) ), { message: /^hosts\[2\]\.freeMemry: unknown field; did you mean "freeMemory"\?/ });
});

t.test('host names are unique, domain names unique across the fleet', async (t) => {
  t.throws(() => fleet((json) => (json.hosts[2].name = 'host-b')), { message: 'hosts[2].name: repeats the host name of hosts[1].name (got "host-b")' });
  t.throws(() => fleet((json) => (json.hosts[1].domains = [domain('ldg2', [['0x0', '0x0', '8K']])])), { message: 'hosts[1].domains[0].name: repeats the domain name of hosts[0].domains[1].name (got "ldg2")' });
});

t.test('a bad quantity is named at its fleet path, for a host and for a domain', async (t) => {
  t.throws(() => fleet((json) => (json.hosts[1].freeMemory[1].size = '0')), { message: /^hosts\[1\]\.freeMemory\[1\]\.size: must be greater than zero/ });
  t.throws(() => fleet((json) => (json.hosts[0].domains[0].memory[0].size = '3K')), { message: /^hosts\[0\]\.domains\[0\]\.memory\[0\]\.size:/ });
  t.throws(() => fleet((json) => (json.hosts[0].largestPage = '3M')), { message: /^hosts\[0\]\.largestPage: must be a power of two/ });
  t.throws(() => fleet((json) => (json.granule = '4K')), { message: /^granule: must be at least 8K/ });
});

t.test('every memory quantity is a multiple of the granule', async (t) => {
  t.throws(() => parseFleet({ granule: '1G', hosts: [host('h', [{ pa: '0x800000000', size: '0x8000000' }])] }), { message: 'hosts[0].freeMemory[0].size: must be a multiple of the granule (1073741824 bytes) (got "0x8000000")' });
  const misaligned = { ...host('h', []), domains: [domain('d', [['0x8000000', '0x0', '1G']])] };
  t.throws(() => parseFleet({ granule: '1G', hosts: [misaligned] }), { message: /^hosts\[0\]\.domains\[0\]\.memory\[0\]\.ra: must be a multiple of the granule/ });
});

t.test('a domain\'s memory overlaps neither free memory nor another domain on its host', async (t) => {
  t.throws(() => fleet((json) => (json.hosts[0].freeMemory[0].pa = '0x300000000')), { message: 'hosts[0].domains[1].memory[0]: overlaps hosts[0].freeMemory[0] in PA' });
  t.throws(() => fleet((json) => (json.hosts[0].domains[1].memory[0].pa = '0x280000000')), { message: 'hosts[0].domains[1].memory[0]: overlaps hosts[0].domains[0].memory[0] in PA' });
  t.doesNotThrow(() => fleet((json) => { json.hosts[0].domains[1].state = 'inactive'; json.hosts[0].domains[1].memory[0].pa = '0x208000000'; }), 'an inactive domain holds no memory');
});

t.test('a host without domains is checked all the same', async (t) => {
  t.throws(() => fleet((json) => json.hosts.push(host('host-d', [{ pa: '0x0', size: '1G' }, { pa: '0x20000000', size: '1G' }]))), { message: 'hosts[3].freeMemory[1]: overlaps hosts[3].freeMemory[0] in PA' });
});

t.test('--host and --domain naming nothing are input errors, with a suggestion when close', async (t) => {
  const parsed = fleet();
  t.equal(findHost(parsed, 'host-c').name, 'host-c');
  t.equal(findDomain(parsed, 'ldg2').host.name, 'host-a');
  t.throws(() => findHost(parsed, 'host-x'), { message: '--host: names no host of the fleet; did you mean "host-a"? (got "host-x")' });
  t.throws(() => findDomain(parsed, 'zzzzzzzz'), { message: '--domain: names no domain of the fleet (got "zzzzzzzz")' });
});

t.test('the request a pair poses is a request file check accepts', async (t) => {
  const request = migrationRequest(fleet(), 'ldg1', 'host-c') as Record<string, any>;
  t.equal(request.source.name, 'host-a');
  t.same(request.source.cpu, { type: 'UltraSPARC-T2', mhz: 1415 });
  t.notOk('domains' in request.target);
  t.equal(checkRequest(request).status, 'ok');
});

t.test('every example fleet validates against the shipped schema and parses', async (t) => {
  const validate = new Ajv().compile(JSON.parse(readFileSync(new URL('schema/fleet.schema.json', root), 'utf8')) as object);
  // The fleet file beside the captures it was written from (examples/fleet-captures/) is one too.
  const files = [...readdirSync(new URL('examples/', root)).filter((f) => f.startsWith('fleet-') && f.endsWith('.json')), 'fleet-captures/fleet.json'];
  t.ok(files.length > 1);
  for (const file of files) {
    const json = JSON.parse(readFileSync(new URL(`examples/${file}`, root), 'utf8')) as unknown;
    t.ok(validate(json), file);
    t.doesNotThrow(() => parseFleet(json), file);
  }
});
