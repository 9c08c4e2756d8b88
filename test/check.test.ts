import t from 'tap';
import { check } from '../src/check.js';
import { InputError } from '../src/quantity.js';
import type { MigrationRequestFile } from '../src/migration/request-schema.js';
import { request } from './migration/fixtures.js';

t.test('check takes a request object, its text or its bytes', async (t) => {
  const object = check((request() as MigrationRequestFile));
  const text = check(JSON.stringify((request() as MigrationRequestFile)), {}, 'r.json');
  const bytes = check(new TextEncoder().encode(JSON.stringify((request() as MigrationRequestFile))));
  t.equal(object.status, 'ok');
  t.same(text, object);
  t.same(bytes, object);
  t.same(object.placements[0], { ra: 0x8000000n, pa: 0x108000000n, size: 2n ** 31n });
});

t.test('bad input names the file when one is given', async (t) => {
  const error = t.throws(() => check('{"domain": {}}', {}, 'r.json')) as InputError;
  t.ok(error instanceof InputError);
  t.match(error.message, /^r\.json: /);
  t.throws(() => check({} as never), InputError, 'no file: no name');
});
