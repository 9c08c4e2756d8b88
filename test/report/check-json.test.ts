import t from 'tap';
import { checkRequest } from '../../src/migration/check.js';
import { checkJson } from '../../src/report/check-json.js';
import { request } from '../migration/fixtures.js';

t.test('{status, ok, findings, placements} with lowercase hex placements sorted by RA', async (t) => {
  const result = checkRequest(request((r) => {
    r.profile = 'ovm-3.6';
    r.domain.memory = [
      { ra: '0x100000000', pa: '0x300000000', size: '1G' },
      { ra: '0x8000000', pa: '0x208000000', size: '2G' },
    ];
    r.target.freeMemory = [{ pa: '0x108000000', size: '4G' }, { pa: '0x400000000', size: '1G' }];
    r.domain.mblockmap = [{ pa: '0x300000000', targetPa: '0x400000000' }, { pa: '0x208000000', targetPa: '0x108000000' }];
  }));
  t.same(checkJson(result), {
    status: 'ok',
    ok: true,
    findings: [],
    placements: [
      { ra: '0x8000000', pa: '0x108000000', size: '0x80000000' },
      { ra: '0x100000000', pa: '0x400000000', size: '0x40000000' },
    ],
  });
});

t.test('a refusal has status refused, ok false, its findings and no placements', async (t) => {
  const json = checkJson(checkRequest(request((r) => { r.target.freeMemory = []; })));
  t.equal(json.status, 'refused');
  t.equal(json.ok, false);
  t.equal(json.findings[0]!.code, 'MEMORY_INSUFFICIENT');
  t.same(json.placements, []);
  t.same(Object.keys(json), ['status', 'ok', 'findings', 'placements']);
});
