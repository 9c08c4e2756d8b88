import t from 'tap';
import { findDomain, findHost } from '../../src/fleet/fleet.js';
import { score, SCORE_WEIGHTS, scoreParts } from '../../src/fleet/score.js';
import { fleet } from './fixtures.js';

const piece = (ra: string, pa: string, size: string) => ({ ra: BigInt(ra), pa: BigInt(pa), size: BigInt(size) });

t.test('the parts: room and compactness from the ranges left, headroom from the units left', async (t) => {
  const parsed = fleet();
  const parts = scoreParts(parsed, findDomain(parsed, 'ldg1').domain, findHost(parsed, 'host-c'), [piece('0x8000000', '0x808000000', '0x80000000')]);
  const largest = 0x178000000;
  t.equal(parts.room, largest / (largest + 0x80000000));
  t.equal(parts.compact, largest / (largest + 0x8000000));
  t.equal(parts.cpu, 24 / 32);
  t.equal(parts.crypto, 1 / 2);
  t.equal(score(parts), Math.round((0.4 * parts.room + 0.2 * parts.compact + 0.2 * parts.cpu + 0.2 * parts.crypto) * 1e4) / 1e4);
  t.equal(Object.values(SCORE_WEIGHTS).reduce((a, b) => a + b), 1);
});

t.test('nothing left and nothing asked: the ratios that have no denominator', async (t) => {
  const parsed = fleet((json) => {
    json.hosts[0].domains[0].state = 'inactive';
    delete json.hosts[0].domains[0].cryptoUnits;
    json.hosts[1].freeMemory = [];
    delete json.hosts[1].freeCryptoUnits;
    json.hosts[1].cpu.freeStrands = 0;
  });
  t.same(scoreParts(parsed, findDomain(parsed, 'ldg1').domain, findHost(parsed, 'host-b'), []), { room: 1, compact: 1, cpu: 0, crypto: 0 });
});
