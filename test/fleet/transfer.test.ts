import t from 'tap';
import { DEFAULT_TRANSFER_MODEL, estimateTransferSeconds } from '../../src/fleet/transfer.js';

const GiB = 2n ** 30n;

t.test('with crypto units on both primaries the slower of CPU, crypto and link sets the rate', async (t) => {
  // 8 vCPUs × 64 MiB/s = 512 MiB/s; 1 crypto unit = 256 MiB/s: crypto limits. 2 GiB × 1.25 / 256 MiB/s = 10 s.
  t.equal(estimateTransferSeconds({ memoryBytes: 2n * GiB, active: true, source: { strands: 8, cryptoUnits: 1 }, target: { strands: 16, cryptoUnits: 2 } }), 15);
});

t.test('without crypto units the CPUs encrypt too: half the CPU rate', async (t) => {
  // 8 × 64 × 0.5 = 256 MiB/s; bound: no dirty pages. 2 GiB / 256 MiB/s = 8 s.
  t.equal(estimateTransferSeconds({ memoryBytes: 2n * GiB, active: false, source: undefined, target: {} }), 13);
});

t.test('every parameter can be replaced; an inactive domain costs the setup only', async (t) => {
  t.equal(estimateTransferSeconds({ memoryBytes: 0n, active: false, source: undefined, target: undefined }, { setupSeconds: 2 }), 2);
  // A 1 Gb/s link (125e6 B/s) limits: 1 GiB / 125e6 = 8.59 s.
  t.equal(estimateTransferSeconds({ memoryBytes: GiB, active: false, source: { strands: 64, cryptoUnits: 8 }, target: { strands: 64, cryptoUnits: 8 } }, { linkGbps: 1, setupSeconds: 0 }), 8.6);
  t.equal(DEFAULT_TRANSFER_MODEL.linkGbps, 10);
});
