import t from 'tap';
import { bindFailureMessage, migrationFailedMessage } from '../../src/wording/ldm.js';

const block = { ra: 0x400000000n, pa: 0x880000000n, size: 6n << 30n };

t.test('ldm 1.3 names the block by size and real address', async (t) => {
  t.equal(bindFailureMessage('ldoms-1.3', block), 'Unable to bind 6G memory region at real address 0x400000000');
});

t.test('ldm 3.6 names the source PA, the RA and the size', async (t) => {
  t.equal(
    bindFailureMessage('ovm-3.6', block),
    'Free memory layout and congruency requirements prevent binding the memory block with PA 0x880000000, RA 0x400000000, and size 6G',
  );
});

t.test('the last line of a refused migration, for a run and a dry run', async (t) => {
  t.equal(migrationFailedMessage('ldg1', false), 'Domain Migration of LDom ldg1 failed');
  t.equal(migrationFailedMessage('ldg1', true), 'Domain Migration of LDom ldg1 would fail if attempted');
});
