import t from 'tap';
import { checkRequest } from '../../src/migration/check.js';
import { formatCheckText } from '../../src/report/check-text.js';
import { request, type Json } from '../migration/fixtures.js';

function seed(r: Json): void {
  r.domain.name = 'ldg-src';
  r.target.name = 'dt212-239';
  r.target.freeMemory = [{ pa: '0x108000000', size: '1G' }, { pa: '0x188000000', size: '1G' }];
}

t.test('the seed prints what ldm migrate-domain -n prints, then the other findings', async (t) => {
  t.equal(formatCheckText(checkRequest(request(seed))), [
    'Unable to bind 2G memory region at real address 0x8000000',
    '    the 2G block at RA 0x8000000 must start at a PA ≡ 0x8000000 (mod 256M); the free range with the most room from such an address, 1G at 0x108000000, holds only 1G from its first one, 0x108000000',
    'Domain Migration of LDom ldg-src would fail if attempted',
    'info CPU_DR_AFTER_REBOOT ldg-src: CPU dynamic reconfiguration stays disabled for ldg-src on dt212-239 until it reboots',
    '',
  ].join('\n'));
});

t.test('not a dry run: "failed"', async (t) => {
  t.match(formatCheckText(checkRequest(request((r) => { seed(r); r.dryRun = false; }))), /^Domain Migration of LDom ldg-src failed$/m);
});

t.test('a refusal without a memory error still says the migration would fail, and details follow their finding', async (t) => {
  const text = formatCheckText(checkRequest(request((r) => {
    r.profile = 'ovm-3.6';
    r.target.freeMemory = [{ pa: '0x110000000', size: '4G' }];
    r.domain.mblockmap = [{ pa: '0x208000000', targetPa: '0x110000000' }];
    r.domain.physicalIO = ['pci@780'];
  })));
  t.equal(text, [
    'Free memory layout and congruency requirements prevent binding the memory block with PA 0x208000000, RA 0x8000000, and size 2G',
    '    target PA 0x110000000 is not congruent to source PA 0x208000000 modulo 256M',
    'Domain Migration of LDom ldg1 would fail if attempted',
    'error IO_DOMAIN pci@780: ldg1 owns physical I/O device pci@780; I/O domains cannot migrate (remove the device first)',
    '',
  ].join('\n'));
});

t.test('a pass prints only warnings and info; an undecided layout prints its warning and no failure line', async (t) => {
  t.equal(formatCheckText(checkRequest(request((r) => { r.profile = 'ovm-3.6'; }))), '');
  const unknown = formatCheckText(checkRequest(request(), {
    solver: () => ({ status: 'unknown', pieces: [], failedBlock: 0, stats: { decidedBy: 'search', nodes: 1, elapsedMs: 1 } }),
  }));
  t.match(unknown, /^warning MEMORY_UNDECIDED 0x8000000: The memory layout was not decided/);
  t.notMatch(unknown, /would fail/);
});

t.test('MEMORY_INSUFFICIENT is part of the ldm lines', async (t) => {
  const text = formatCheckText(checkRequest(request((r) => { r.target.freeMemory = []; r.domain.physicalIO = ['pci@780']; })));
  t.match(text, /^host-b has 0 of free memory; ldg1 needs 2G\nDomain Migration of LDom ldg1 would fail if attempted\nerror IO_DOMAIN/);
});

t.test('colour, when asked: ldm\'s lines and errors red, their details plain, warnings yellow, information dim', async (t) => {
  const lines = formatCheckText(checkRequest(request((r) => { seed(r); r.target.freeCryptoUnits = 0; })), { colour: true }).split('\n');
  t.equal(lines[0], '\x1b[31mUnable to bind 2G memory region at real address 0x8000000\x1b[0m');
  t.match(lines[1], /^ {4}the 2G block/);
  t.equal(lines[2], '\x1b[31mDomain Migration of LDom ldg-src would fail if attempted\x1b[0m');
  t.match(lines.find((line) => line.includes('CRYPTO')), /^\x1b\[33mwarning CRYPTO_[A-Z_]+ /);
  t.match(lines.find((line) => line.includes('CPU_DR_AFTER_REBOOT')), /^\x1b\[2minfo CPU_DR_AFTER_REBOOT .*\x1b\[0m$/);
  t.notMatch(formatCheckText(checkRequest(request(seed))), /\x1b/, 'no codes unless asked');
});
