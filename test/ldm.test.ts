/**
 * The `ldmfit/ldm` entry as an embedder meets it: captures as bytes in, the
 * question out, answered by the main entry's `place` and `check`.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { check, place } from '../src/index.js';
import { FACTS_SCHEMA, InputError, inspectJson, placementFromCaptures, readLdmCaptures, requestFromCaptures } from '../src/ldm.js';

const bytes = (path: string): Uint8Array => readFileSync(new URL(`../examples/ldm/${path}`, import.meta.url));

t.test('the seed from captures read as bytes: infeasible, the failed block in bytes', async (t) => {
  const source = readLdmCaptures([{ name: 'source.txt', content: bytes('human/list-o-memory-1.3-seed-source.txt') }]);
  const target = readLdmCaptures([{ name: 'target.txt', content: bytes('human/list-devices-memory-1.3-seed-target.txt') }]);
  const answer = place(placementFromCaptures(source, target, 'ldg-src').question);
  t.equal(answer.status, 'infeasible');
  t.match(answer, { status: 'infeasible', failedBlock: { ra: 0x8000000n, size: 0x80000000n } });
  t.same(inspectJson(target).memory.map((row) => row.pa), ['0x108000000', '0x188000000']);
});

t.test('a passing migration from captures and facts, checked', async (t) => {
  const source = readLdmCaptures([{ name: 'source.txt', content: bytes('migrate/source.txt') }]);
  const target = readLdmCaptures([{ name: 'target.txt', content: bytes('migrate/target.txt') }]);
  const facts = JSON.parse(new TextDecoder().decode(bytes('migrate/facts.json'))) as Record<string, unknown>;
  const { question, warnings } = requestFromCaptures(source, target, 'ldg1', facts);
  t.same(warnings, []);
  t.equal(check(question).status, 'ok');
  t.throws(() => requestFromCaptures(source, target, 'ldg1', { domain: { os: { cpuDr: true } } } as never), InputError, 'a typo in facts built in code is caught too');
  t.equal(FACTS_SCHEMA.title, 'ldmfit facts');
});

t.test('a byte order mark and invalid UTF-8 do not stop the reading', async (t) => {
  const text = new TextEncoder().encode('\ufeff# ldm list-devices memory\nMEMORY\n    PA  SIZE\n    0x108000000  1G\n\xff\n');
  const withJunk = new Uint8Array([...text.slice(0, -2), 0xff, 0x0a]);
  const reading = readLdmCaptures([{ name: 'odd.txt', content: withJunk }]);
  t.equal(reading.memory.length, 1);
  t.equal(reading.outputs[0]!.line, 1);
});
