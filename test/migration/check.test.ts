import t from 'tap';
import { checkExitCode, checkMigration, checkRequest } from '../../src/migration/check.js';
import { compareFindings, finding, FINDING_CODES, SEVERITY } from '../../src/migration/finding.js';
import type { PlacementResult } from '../../src/solve/result.js';
import { check, codes, model, request, type Json } from './fixtures.js';

/** A check result's placements (bytes) in the tests' 8K granules. */
const inUnits = (pieces: readonly { ra: bigint; pa: bigint; size: bigint }[]): { ra: number; pa: number; size: number }[] =>
  pieces.map((piece) => ({ ra: Number(piece.ra / 8192n), pa: Number(piece.pa / 8192n), size: Number(piece.size / 8192n) }));

const GB = 2 ** 30;
const G = GB / 8192;

/** The seed: ldg-src's 2G block at RA 0x8000000 and the target's two separate 1G free ranges. */
function seed(r: Json): void {
  r.domain.name = 'ldg-src';
  r.domain.memory = [{ ra: '0x8000000', pa: '0x208000000', size: '2G' }];
  r.target.name = 'dt212-239';
  r.target.freeMemory = [{ pa: '0x108000000', size: '1G' }, { pa: '0x188000000', size: '1G' }];
}

t.test('seed: a 2G block into two 1G ranges is MEMORY_LAYOUT with the exact 1.3 message', async (t) => {
  const result = check(seed);
  t.equal(result.status, 'refused');
  t.equal(result.ok, false);
  const layout = result.findings[0]!;
  t.equal(layout.code, 'MEMORY_LAYOUT');
  t.equal(layout.severity, 'error');
  t.equal(layout.message, 'Unable to bind 2G memory region at real address 0x8000000');
  t.equal(layout.subject, '0x8000000');
  t.same(inUnits(result.placements), []);
  t.equal(checkExitCode(result), 1);
});

t.test('seed under ovm-3.6 uses the later wording with the source PA', async (t) => {
  const result = check((r) => { seed(r); r.profile = 'ovm-3.6'; });
  t.equal(result.findings[0]!.message, 'Free memory layout and congruency requirements prevent binding the memory block with PA 0x208000000, RA 0x8000000, and size 2G');
});

t.test('seed under ovm-3.6 with a splitting guest fits in two pieces cut at the effective largest page', async (t) => {
  // The only cut that works is at RA 0x48000000, a multiple of 128M but not of 256M.
  t.equal(check((r) => { seed(r); r.profile = 'ovm-3.6'; r.domain.os = { memorySplit: true }; }).findings[0]!.code, 'MEMORY_LAYOUT');
  const result = check((r) => { seed(r); r.profile = 'ovm-3.6'; r.domain.os = { memorySplit: true }; r.domain.effectiveLargestPage = '128M'; });
  t.equal(result.status, 'ok');
  t.same(inUnits(result.placements), [
    { ra: 0x8000000 / 8192, pa: 0x108000000 / 8192, size: G },
    { ra: (0x8000000 + GB) / 8192, pa: 0x188000000 / 8192, size: G },
  ]);
});

t.test('memorySplit is ignored under ldoms-1.3', async (t) => {
  t.equal(check((r) => { seed(r); r.domain.os = { memorySplit: true }; }).findings[0]!.code, 'MEMORY_LAYOUT');
});

t.test('clean pass: ok, placement, only the 1.3 CPU DR info', async (t) => {
  const result = check();
  t.equal(result.status, 'ok');
  t.equal(result.ok, true);
  t.same(codes(result), ['CPU_DR_AFTER_REBOOT']);
  t.same(inUnits(result.placements), [{ ra: 0x8000000 / 8192, pa: 0x108000000 / 8192, size: 2 * G }]);
  t.equal(checkExitCode(result), 0);
  t.equal(result.domainName, 'ldg1');
  t.equal(result.profile, 'ldoms-1.3');
});

t.test('clean pass under ovm-3.6 has no finding at all', async (t) => {
  t.same(codes(check((r) => { r.profile = 'ovm-3.6'; })), []);
});

t.test('MEMORY_INSUFFICIENT comes instead of MEMORY_LAYOUT', async (t) => {
  const result = check((r) => { r.target.freeMemory = [{ pa: '0x108000000', size: '1G' }]; });
  t.same(codes(result), ['MEMORY_INSUFFICIENT', 'CPU_DR_AFTER_REBOOT']);
  t.equal(result.findings[0]!.message, 'host-b has 1G of free memory; ldg1 needs 2G');
  t.equal(result.findings[0]!.subject, 'host-b');
});

t.test('MEMORY_LAYOUT detail carries the solver certificate, worded as by ldmfit place', async (t) => {
  const certificates: PlacementResult['certificate'][] = [
    { kind: 'total', needGranules: 2, offerGranules: 1 },
    { kind: 'block', block: 0, item: { ra: 0x8000000 / 8192, size: 2 * G, phase: 0x8000000 / 8192 }, bestRange: { start: 0x108000000 / 8192, length: G, at: 0x108000000 / 8192 } },
    { kind: 'threshold', thresholdGranules: G, needGranules: 3 * G, offerGranules: 2 * G },
    { kind: 'count', rangeGranules: G, needRanges: 3, offerRanges: 2 },
    { kind: 'exhaustive', nodes: 42 },
    undefined,
  ];
  const details = certificates.map((certificate) => check(undefined, {
    solver: () => ({ status: 'infeasible', pieces: [], failedBlock: 0, certificate, stats: { decidedBy: 'search', nodes: 0, elapsedMs: 0 } }),
  }).findings[0]!.detail);
  t.same(details, [
    'domain needs 16K; target has 8K free',
    'the 2G block at RA 0x8000000 must start at a PA ≡ 0x8000000 (mod 256M); the free range with the most room from such an address, 1G at 0x108000000, holds only 1G from its first one, 0x108000000',
    'blocks of at least 1G need 3G; ranges able to hold them offer 2G',
    'the blocks need at least 3 free ranges of 1G; the target has 2',
    'exhaustive search over 42 nodes found no placement',
    undefined,
  ]);
});

t.test('an undecided layout makes the status unknown (exit 3) unless an error refuses anyway', async (t) => {
  const solver = (): PlacementResult => ({ status: 'unknown', pieces: [], stats: { decidedBy: 'search', nodes: 9, elapsedMs: 1 } });
  const result = check(undefined, { solver });
  t.equal(result.status, 'unknown');
  t.equal(result.ok, false);
  t.equal(checkExitCode(result), 3);
  t.same(codes(result), ['MEMORY_UNDECIDED', 'CPU_DR_AFTER_REBOOT']);
  t.equal(result.findings[0]!.severity, 'warning');
  const refused = check((r) => { r.source.delayedReconfig = true; }, { solver });
  t.equal(refused.status, 'refused');
  t.same(inUnits(refused.placements), []);
});

t.test('the solver receives the options and the instance built from the request', async (t) => {
  let seen: unknown;
  check((r) => { r.profile = 'ovm-3.6'; r.domain.os = { memorySplit: true }; r.domain.effectiveLargestPage = '4M'; r.target.largestPage = '2G'; }, {
    solve: { timeLimitMs: 7 },
    solver: (instance, options) => {
      seen = { split: instance.split, splitAlignment: instance.splitAlignment, alignment: instance.alignment, options, target: instance.targetName };
      return { status: 'feasible', pieces: [], stats: { decidedBy: 'greedy', nodes: 0, elapsedMs: 0 } };
    },
  });
  t.same(seen, { split: true, splitAlignment: 512, alignment: (2 * GB) / 8192, options: { timeLimitMs: 7 }, target: 'host-b' });
});

t.test('CPU type and frequency, 1.3: exact compare', async (t) => {
  const result = check((r) => { r.target.cpu.type = 'SPARC-T3'; r.target.cpu.mhz = 1649; });
  t.same(codes(result).slice(0, 2), ['CPU_TYPE_MISMATCH', 'CPU_FREQUENCY_MISMATCH']);
  t.equal(result.findings[0]!.message, 'Processor type SPARC-T3 on host-b differs from UltraSPARC-T2 on host-a');
  t.equal(result.findings[1]!.message, 'Processor clock 1649 MHz on host-b differs from 1415 MHz on host-a');
});

t.test('1.3 ignores cpu-arch classes', async (t) => {
  t.same(codes(check((r) => { r.domain.cpuArch = 'generic'; r.target.cpu.type = 'UltraSPARC-T2+'; })).slice(0, 1), ['CPU_TYPE_MISMATCH']);
});

t.test('ovm-3.6 cpu-arch classes', async (t) => {
  const verdict = (cpuArch: string, from: string, to: string, mhz = 1415): string[] =>
    codes(check((r) => {
      r.profile = 'ovm-3.6';
      r.domain.cpuArch = cpuArch;
      r.source.cpu.type = from;
      r.target.cpu.type = to;
      r.target.cpu.mhz = mhz;
    })).filter((code) => code.startsWith('CPU_TYPE') || code.startsWith('CPU_FREQ'));
  t.same(verdict('native', 'SPARC-T4', 'SPARC-T4'), []);
  t.same(verdict('native', 'SPARC-T4', 'SPARC-T4', 3600), ['CPU_FREQUENCY_MISMATCH']);
  t.same(verdict('native', 'SPARC-T4', 'SPARC-T5'), ['CPU_TYPE_MISMATCH']);
  t.same(verdict('native', 'Imaginary-1', 'Imaginary-1'), [], 'an unlisted name compares exactly under native');
  t.same(verdict('generic', 'UltraSPARC-T1', 'SPARC-T4', 3000), [], 'generic ignores the clock');
  t.same(verdict('generic', 'SPARC64-X', 'SPARC64-XII'), []);
  t.same(verdict('generic', 'SPARC-T4', 'SPARC64-X'), ['CPU_TYPE_MISMATCH']);
  t.same(verdict('generic', 'Imaginary-1', 'Imaginary-1'), ['CPU_TYPE_MISMATCH'], 'an unknown member fails a class');
  t.same(verdict('migration-class1', 'SPARC-T4', 'SPARC-M8'), []);
  t.same(verdict('migration-class1', 'SPARC-T3', 'SPARC-T4'), ['CPU_TYPE_MISMATCH']);
  t.same(verdict('sparc64-class1', 'SPARC64-X+', 'SPARC64-X'), []);
  t.same(verdict('sparc64-class1', 'SPARC-T4', 'SPARC-T4'), ['CPU_TYPE_MISMATCH']);
  t.same(verdict('generic', 'SPARC-T3', 'SPARC-T5'), ['CPU_TYPE_MISMATCH'], 'release notes exclusion');
  t.same(verdict('generic', 'SPARC-M7', 'UltraSPARC-T2'), ['CPU_TYPE_MISMATCH'], 'exclusion works both ways');
  t.same(verdict('generic', 'SPARC-T3', 'SPARC-T4'), []);
  const message = check((r) => { r.profile = 'ovm-3.6'; r.domain.cpuArch = 'generic'; r.target.cpu.type = 'SPARC-T7'; }).findings[0]!.message;
  t.equal(message, 'Live migration between UltraSPARC-T2 and SPARC-T7 is not supported by Oracle VM Server for SPARC 3.6, whatever the cpu-arch');
  const classMessage = check((r) => { r.profile = 'ovm-3.6'; r.domain.cpuArch = 'sparc64-class1'; }).findings[0]!.message;
  t.equal(classMessage, 'cpu-arch=sparc64-class1 does not allow migration from UltraSPARC-T2 to UltraSPARC-T2');
});

t.test('CPU_STRANDS_INSUFFICIENT: 1.3 counts whole free cores, 3.6 counts strands', async (t) => {
  const scarce = (r: Json): void => { r.domain.strands = 12; r.target.cpu.freeStrands = 14; r.target.cpu.freeWholeCores = 1; };
  const old = check(scarce);
  t.ok(codes(old).includes('CPU_STRANDS_INSUFFICIENT'));
  t.equal(old.findings.find((f) => f.code === 'CPU_STRANDS_INSUFFICIENT')!.message, '12 strands need 2 whole free cores of 8 strands; host-b has 1');
  t.notOk(codes(check((r) => { scarce(r); r.profile = 'ovm-3.6'; })).includes('CPU_STRANDS_INSUFFICIENT'));
  const newer = check((r) => { scarce(r); r.profile = 'ovm-3.6'; r.domain.strands = 15; });
  t.equal(newer.findings.find((f) => f.code === 'CPU_STRANDS_INSUFFICIENT')!.message, '15 vCPUs needed; host-b has 14 free strands');
});

t.test('CPU_PARTIAL_CORE: 1.3 warns when the last core is partly used', async (t) => {
  const result = check((r) => { r.domain.strands = 12; });
  t.equal(result.findings.find((f) => f.code === 'CPU_PARTIAL_CORE')!.message, '4 strands of the last core bound on host-b stay unusable until ldg1 reboots');
  t.equal(result.status, 'ok');
  t.notOk(codes(check((r) => { r.domain.strands = 12; r.profile = 'ovm-3.6'; })).includes('CPU_PARTIAL_CORE'));
});

t.test('CPU_DR_REQUIRED: 1.3, more than one strand, no CPU DR', async (t) => {
  t.ok(codes(check((r) => { r.domain.os = { cpuDR: false }; })).includes('CPU_DR_REQUIRED'));
  t.notOk(codes(check((r) => { r.domain.os = { cpuDR: false }; r.domain.strands = 1; })).includes('CPU_DR_REQUIRED'));
  t.notOk(codes(check((r) => { r.domain.os = { cpuDR: false }; r.profile = 'ovm-3.6'; })).includes('CPU_DR_REQUIRED'));
});

t.test('CPU_DR_BLOCKED: bound processes or processor sets, one finding naming both', async (t) => {
  const both = check((r) => { r.domain.boundProcesses = true; r.domain.processorSets = true; });
  const blocked = both.findings.filter((f) => f.code === 'CPU_DR_BLOCKED');
  t.equal(blocked.length, 1);
  t.equal(blocked[0]!.message, 'processes bound to CPUs and processor sets in ldg1 would stop the CPU DR that shrinks it to one strand');
  t.ok(codes(check((r) => { r.domain.processorSets = true; })).includes('CPU_DR_BLOCKED'));
  t.notOk(codes(check((r) => { r.domain.processorSets = true; r.domain.strands = 1; })).includes('CPU_DR_BLOCKED'));
});

t.test('IO_DOMAIN: one finding per device, the device as subject', async (t) => {
  const result = check((r) => { r.domain.physicalIO = ['pci@780', 'niu@80', '/SYS/MB/PCIE1']; });
  const io = result.findings.filter((f) => f.code === 'IO_DOMAIN');
  t.same(io.map((f) => f.subject), ['/SYS/MB/PCIE1', 'niu@80', 'pci@780']);
});

t.test('VIO_DISK_MISSING: volume and service name must both match, one finding per vdisk', async (t) => {
  const result = check((r) => {
    r.domain.vdisks = [
      { name: 'vdisk0', volume: 'vol1', service: 'primary-vds0' },
      { name: 'vdisk1', volume: 'vol2', service: 'primary-vds0' },
      { name: 'vdisk2', volume: 'vol1', service: 'other-vds' },
    ];
  });
  const missing = result.findings.filter((f) => f.code === 'VIO_DISK_MISSING');
  t.same(missing.map((f) => f.subject), ['vdisk1', 'vdisk2']);
  t.equal(missing[0]!.message, 'Volume vol2 of vdisk1 is not exported by a virtual disk service primary-vds0 on host-b');
});

t.test('VIO_SWITCH_MISSING and VIO_CONSOLE_MISSING', async (t) => {
  const result = check((r) => { r.domain.vnets.push({ name: 'vnet1', switch: 'backup-vsw' }); r.domain.vcc = 'other-vcc'; });
  t.same(result.findings.filter((f) => f.code.startsWith('VIO')).map((f) => [f.code, f.subject, f.severity]), [
    ['VIO_SWITCH_MISSING', 'vnet1', 'error'],
    ['VIO_CONSOLE_MISSING', 'other-vcc', 'warning'],
  ]);
  t.notOk(codes(check((r) => { delete r.domain.vcc; })).includes('VIO_CONSOLE_MISSING'));
});

t.test('NIU_UNAVAILABLE: hybrid vnets beyond the free NIU resources, a warning', async (t) => {
  const result = check((r) => {
    r.domain.vnets = [
      { name: 'vnet0', switch: 'primary-vsw0', hybrid: true },
      { name: 'vnet1', switch: 'primary-vsw0', hybrid: true },
      { name: 'vnet2', switch: 'primary-vsw0' },
    ];
    r.target.freeNiu = 1;
  });
  t.same(result.findings.filter((f) => f.code === 'NIU_UNAVAILABLE').map((f) => f.subject), ['vnet1']);
  t.equal(result.status, 'ok');
});

t.test('CRYPTO_DR_UNSUPPORTED and CRYPTO_REDUCED', async (t) => {
  const result = check((r) => { r.domain.cryptoUnits = 2; r.domain.os = { cryptoDR: false }; });
  t.same(codes(result).filter((c) => c.startsWith('CRYPTO')), ['CRYPTO_DR_UNSUPPORTED', 'CRYPTO_REDUCED']);
  t.equal(result.findings.find((f) => f.code === 'CRYPTO_REDUCED')!.message, 'host-b has 1 free crypto units; ldg1 will have 1 instead of 2 after the migration');
  t.same(codes(check((r) => { r.domain.cryptoUnits = 0; r.domain.os = { cryptoDR: false }; })).filter((c) => c.startsWith('CRYPTO')), []);
});

t.test('DELAYED_RECONFIG says which machine', async (t) => {
  const result = check((r) => { r.source.delayedReconfig = true; r.target.delayedReconfig = true; });
  t.same(result.findings.filter((f) => f.code === 'DELAYED_RECONFIG').map((f) => f.message), [
    'A delayed reconfiguration is pending on the source machine host-a; finish it (reboot) or cancel it first',
    'A delayed reconfiguration is pending on the target machine host-b; finish it (reboot) or cancel it first',
  ]);
});

t.test('POWER_ELASTIC refuses under 1.3 only', async (t) => {
  t.same(check((r) => { r.target.powerPolicy = 'elastic'; }).findings.filter((f) => f.code === 'POWER_ELASTIC').map((f) => f.subject), ['host-b']);
  t.notOk(codes(check((r) => { r.source.powerPolicy = 'elastic'; r.profile = 'ovm-3.6'; })).includes('POWER_ELASTIC'));
});

t.test('DOMAIN_NOT_RUNNING_OS: ovm-3.6, OpenBoot or kmdb', async (t) => {
  const at = (runState: string, profile: string): string[] => codes(check((r) => { r.profile = profile; r.domain.runState = runState; }));
  t.same(at('openboot', 'ovm-3.6'), ['DOMAIN_NOT_RUNNING_OS']);
  t.equal(check((r) => { r.profile = 'ovm-3.6'; r.domain.runState = 'kmdb'; }).findings[0]!.message, 'ldg1 is in the kmdb debugger; boot Solaris or leave kmdb first');
  t.notOk(at('openboot', 'ldoms-1.3').includes('DOMAIN_NOT_RUNNING_OS'));
});

t.test('MIGRATION_IN_PROGRESS in every state', async (t) => {
  for (const state of ['active', 'bound', 'inactive']) {
    t.ok(codes(check((r) => { r.domain.state = state; r.domain.migrating = true; })).includes('MIGRATION_IN_PROGRESS'), state);
  }
});

t.test('SPEED_HINT: primary domains without crypto or with few vCPUs, one per machine', async (t) => {
  const result = check((r) => { r.source.primary = { strands: 4, cryptoUnits: 0 }; r.target.primary = { strands: 16 }; });
  t.same(result.findings.filter((f) => f.code === 'SPEED_HINT').map((f) => f.message), [
    'The migration would be faster: add crypto units and add vCPUs (it has 4) to the primary domain of the source machine host-a',
  ]);
  t.notOk(codes(check((r) => { delete r.source.primary; delete r.target.primary; })).includes('SPEED_HINT'));
});

t.test('bound domains get only the bound codes and the memory total', async (t) => {
  const everything = (r: Json): void => {
    seed(r);
    r.domain.state = 'bound';
    r.domain.strands = 20;
    r.domain.cryptoUnits = 3;
    r.domain.os = { cpuDR: false, cryptoDR: false };
    r.domain.boundProcesses = true;
    r.domain.physicalIO = ['pci@780'];
    r.domain.vdisks[0].volume = 'nope';
    r.domain.vnets = [{ name: 'vnet0', switch: 'nope', hybrid: true }];
    r.domain.vcc = 'nope';
    r.domain.migrating = true;
    r.source.cpu.type = 'SPARC-T4';
    r.source.cpu.mhz = 2848;
    r.source.delayedReconfig = true;
    r.source.powerPolicy = 'elastic';
    r.source.primary = { strands: 1, cryptoUnits: 0 };
  };
  const bound = check(everything);
  t.same(codes(bound), ['CPU_STRANDS_INSUFFICIENT', 'IO_DOMAIN', 'VIO_DISK_MISSING', 'VIO_SWITCH_MISSING', 'DELAYED_RECONFIG', 'POWER_ELASTIC', 'MIGRATION_IN_PROGRESS'],
    'the seed layout is not checked for a bound domain');
  t.same(check((r) => { everything(r); r.target.freeMemory = [{ pa: '0x108000000', size: '1G' }]; }).findings[0]!.code, 'MEMORY_INSUFFICIENT');
  const active = check((r) => { everything(r); r.domain.state = 'active'; });
  t.same(codes(active), [
    'MEMORY_LAYOUT', 'CPU_TYPE_MISMATCH', 'CPU_FREQUENCY_MISMATCH', 'CPU_STRANDS_INSUFFICIENT', 'CPU_DR_REQUIRED', 'CPU_DR_BLOCKED',
    'IO_DOMAIN', 'VIO_DISK_MISSING', 'VIO_SWITCH_MISSING', 'CRYPTO_DR_UNSUPPORTED', 'DELAYED_RECONFIG', 'POWER_ELASTIC', 'MIGRATION_IN_PROGRESS',
    'CPU_PARTIAL_CORE', 'VIO_CONSOLE_MISSING', 'NIU_UNAVAILABLE', 'CRYPTO_REDUCED',
    'CPU_DR_AFTER_REBOOT', 'SPEED_HINT',
  ], 'an active domain triggers every applicable code at once, sorted by severity then table order');
  t.same(inUnits(active.placements), []);
});

t.test('inactive domains: NOT_CHECKED only, and the solver is not called', async (t) => {
  const result = check((r) => { seed(r); r.domain.state = 'inactive'; r.source.delayedReconfig = true; }, {
    solver: () => { throw new Error('must not be called'); },
  });
  t.same(codes(result), ['NOT_CHECKED']);
  t.equal(result.findings[0]!.message, 'ldg-src is inactive: nothing is checked at migration time; binding it on dt212-239 may still fail');
  t.equal(result.status, 'ok');
});

t.test('findings sort by severity, table order, then subject (hex subjects numerically)', async (t) => {
  const items = [
    finding('SPEED_HINT', 'a', ''),
    finding('MEMORY_LAYOUT', '0x10000000', ''),
    finding('IO_DOMAIN', 'b', ''),
    finding('MEMORY_LAYOUT', '0x8000000', ''),
    finding('IO_DOMAIN', 'a', ''),
    finding('IO_DOMAIN', 'a', ''),
    finding('CPU_PARTIAL_CORE', 'a', ''),
  ].sort(compareFindings);
  t.same(items.map((f) => `${f.code}:${f.subject}`), [
    'MEMORY_LAYOUT:0x8000000', 'MEMORY_LAYOUT:0x10000000', 'IO_DOMAIN:a', 'IO_DOMAIN:a', 'IO_DOMAIN:b', 'CPU_PARTIAL_CORE:a', 'SPEED_HINT:a',
  ]);
  t.equal(FINDING_CODES.length, Object.keys(SEVERITY).length);
});

t.test('checkMigration does not mutate the request and checkRequest equals parse + check', async (t) => {
  const parsed = model(seed);
  const before = JSON.stringify(parsed, (_, v: unknown) => (v instanceof Map || v instanceof Set ? [...v] : v));
  const result = checkMigration(parsed);
  t.equal(JSON.stringify(parsed, (_, v: unknown) => (v instanceof Map || v instanceof Set ? [...v] : v)), before);
  t.same(checkRequest(request(seed)).findings, result.findings);
});
