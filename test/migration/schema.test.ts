import t from 'tap';
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv } from 'ajv';
import { REQUEST_SCHEMA } from '../../src/migration/request-schema.js';
import { checkExitCode, checkRequest } from '../../src/migration/check.js';

const root = new URL('../../', import.meta.url);
const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

t.test('schema/request.schema.json is REQUEST_SCHEMA (regenerate it from the module if this fails)', async (t) => {
  t.equal(readFileSync(new URL('schema/request.schema.json', root), 'utf8'), JSON.stringify(REQUEST_SCHEMA, null, 2) + '\n');
});

const EXPECTED: Record<string, { status: number; codes: string[] }> = {
  'check-pass.json': { status: 0, codes: ['CPU_DR_AFTER_REBOOT'] },
  'check-seed-2g-into-two-1g.json': { status: 1, codes: ['MEMORY_LAYOUT', 'CPU_DR_AFTER_REBOOT'] },
  'check-refused-several.json': {
    status: 1,
    codes: ['CPU_TYPE_MISMATCH', 'CPU_FREQUENCY_MISMATCH', 'IO_DOMAIN', 'VIO_DISK_MISSING', 'DELAYED_RECONFIG', 'CPU_DR_AFTER_REBOOT'],
  },
  'check-refused-bound.json': { status: 1, codes: ['CPU_STRANDS_INSUFFICIENT', 'VIO_SWITCH_MISSING', 'POWER_ELASTIC'] },
  'check-ovm36-split-pass.json': { status: 0, codes: [] },
  'check-ovm36-mblockmap-refused.json': { status: 1, codes: ['MEMORY_LAYOUT', 'DOMAIN_NOT_RUNNING_OS'] },
};

t.test('every example request validates against the shipped schema and gives its documented verdict', async (t) => {
  const validate = new Ajv().compile(readJson('schema/request.schema.json') as object);
  const files = readdirSync(new URL('examples/', root)).filter((f) => f.startsWith('check-')).sort();
  t.same(files, Object.keys(EXPECTED).sort());
  for (const file of files) {
    const json = readJson(`examples/${file}`);
    t.ok(validate(json), file);
    const result = checkRequest(json);
    t.same({ status: checkExitCode(result), codes: result.findings.map((f) => f.code) }, EXPECTED[file], file);
  }
});
