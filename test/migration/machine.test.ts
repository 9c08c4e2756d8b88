import t from 'tap';
import fc from 'fast-check';
import {
  Machine,
  type DomainSpec,
  type MachineSnapshot,
  type MachineSpec,
  type MachineStep,
  type Migration,
} from '../../src/migration/machine.js';

/** Granule units throughout; a largest page of 4 granules makes congruence bite. */
function machine(name: string, overrides: Partial<MachineSpec> = {}): Machine {
  return new Machine({
    name,
    largestPage: 4,
    memory: [{ pa: 0, size: 64 }, { pa: 100, size: 36 }],
    strands: 16,
    cryptoUnits: 4,
    niu: 2,
    ...overrides,
  });
}

function domain(name: string, overrides: Partial<DomainSpec> = {}): DomainSpec {
  return { name, memory: [{ ra: 0, size: 8 }, { ra: 16, size: 4 }], strands: 4, cryptoUnits: 1, niu: 1, ...overrides };
}

function boundOn(host: Machine, spec: DomainSpec, start = true): void {
  host.addDomain(spec);
  host.bind(spec.name);
  if (start) host.start(spec.name);
}

function begin(source: Machine, target: Machine, name: string): Migration {
  const result = source.beginMigration(name, target);
  if (!result.ok) throw new Error(result.message);
  return result.migration;
}

t.test('bind takes memory congruent to RA, the lowest strands and crypto units; unbind returns them', async (t) => {
  const a = machine('a');
  const empty = a.snapshot();
  t.same(a.addDomain(domain('d')), { ok: true });
  t.equal(a.status('d'), 'inactive');
  t.same(a.bind('d'), { ok: true });
  const held = a.snapshot().domains[0]!.holding!;
  t.same(held.strands, [0, 1, 2, 3]);
  t.same(held.crypto, [0]);
  t.equal(held.niu, 1);
  for (const piece of held.pieces) t.equal(piece.pa % 4, piece.ra % 4);
  a.checkValid();
  t.same(a.unbind('d'), { ok: true });
  t.same(a.removeDomain('d'), { ok: true });
  t.same(a.snapshot(), empty);
});

t.test('bind refusals leave the machine unchanged', async (t) => {
  const a = machine('a');
  a.addDomain(domain('big', { memory: [{ ra: 0, size: 128 }] }));
  a.addDomain(domain('wide', { memory: [{ ra: 0, size: 40 }, { ra: 64, size: 40 }] }));
  a.addDomain(domain('busy', { strands: 17 }));
  a.addDomain(domain('soft', { cryptoUnits: 9, niu: 9 }));
  const before = a.snapshot();
  t.equal(refusalCode(a.bind('big')), 'MEMORY_INSUFFICIENT');
  const wide = a.bind('wide');
  t.equal(refusalCode(wide), 'MEMORY_LAYOUT');
  t.equal(wide.ok ? '' : wide.message, 'Unable to bind 320K memory region at real address 0x80000');
  t.equal(refusalCode(a.bind('busy')), 'CPU_STRANDS_INSUFFICIENT');
  t.same(a.snapshot(), before);
  t.same(a.bind('soft'), { ok: true }, 'crypto units and NIU are soft');
  t.equal(a.snapshot().freeCrypto.length, 0);
});

function refusalCode(result: { ok: boolean; code?: string }): string | undefined {
  return result.ok ? undefined : result.code;
}

t.test('state errors: unknown domain, wrong state, duplicate, DR bookkeeping', async (t) => {
  const a = machine('a');
  const b = machine('b');
  t.equal(refusalCode(a.bind('x')), 'NO_SUCH_DOMAIN');
  t.equal(refusalCode(a.beginMigration('x', b)), 'NO_SUCH_DOMAIN');
  a.addDomain(domain('d'));
  t.equal(refusalCode(a.addDomain(domain('d'))), 'DOMAIN_EXISTS');
  t.equal(refusalCode(a.start('d')), 'WRONG_STATE');
  t.equal(refusalCode(a.stop('d')), 'WRONG_STATE');
  t.equal(refusalCode(a.unbind('d')), 'WRONG_STATE');
  t.equal(refusalCode(a.beginMigration('d', a)), 'WRONG_STATE');
  b.addDomain(domain('d'));
  t.equal(refusalCode(a.beginMigration('d', b)), 'DOMAIN_EXISTS');
  t.equal(refusalCode(a.finishDelayedReconfig()), 'WRONG_STATE');
  t.equal(refusalCode(a.startDelayedReconfig('nobody')), 'NO_SUCH_DOMAIN');
  t.same(a.startDelayedReconfig('d'), { ok: true });
  t.equal(refusalCode(a.startDelayedReconfig('d')), 'DELAYED_RECONFIG');
  t.equal(a.snapshot().delayedReconfig, 'd');
  t.same(a.finishDelayedReconfig(), { ok: true });
  boundOn(a, domain('e'));
  t.same(a.stop('e'), { ok: true });
  t.equal(a.status('e'), 'bound');
  t.equal(a.status('nobody'), undefined);
});

t.test('a pending delayed reconfiguration on either machine refuses beginMigration', async (t) => {
  const a = machine('a');
  const b = machine('b');
  boundOn(a, domain('d'));
  b.addDomain(domain('other'));
  b.startDelayedReconfig('other');
  const refused = a.beginMigration('d', b);
  t.equal(refusalCode(refused), 'DELAYED_RECONFIG');
  t.equal(refused.ok ? '' : refused.message, 'A delayed reconfiguration of other is pending on the target machine b');
  b.finishDelayedReconfig();
  a.startDelayedReconfig('d');
  t.match(a.beginMigration('d', b), { ok: false, code: 'DELAYED_RECONFIG', message: /source machine a/ });
});

t.test('while a migration runs: the domain, bind/stop of others, DR and a second migration are refused', async (t) => {
  const a = machine('a');
  const b = machine('b');
  const c = machine('c');
  boundOn(a, domain('d'));
  boundOn(a, domain('other', { memory: [{ ra: 0, size: 4 }] }));
  b.addDomain(domain('idle', { memory: [{ ra: 0, size: 4 }] }));
  boundOn(b, domain('running', { memory: [{ ra: 0, size: 4 }] }));
  const migration = begin(a, b, 'd');
  const refused = [
    a.stop('d'), a.start('d'), a.unbind('d'), a.bind('d'), a.removeDomain('d'), a.startDelayedReconfig('d'),
    b.addDomain(domain('d')), a.addDomain(domain('d')),
    a.stop('other'), b.bind('idle'), b.stop('running'), a.startDelayedReconfig('other'), b.startDelayedReconfig('idle'),
    a.beginMigration('d', c), a.beginMigration('other', c),
  ].map((r) => refusalCode(r));
  t.same(refused, new Array(refused.length).fill('MIGRATION_IN_PROGRESS'));
  c.addDomain(domain('x'));
  t.equal(refusalCode(c.beginMigration('x', b)), 'MIGRATION_IN_PROGRESS');
  t.same(a.unbind('other') , { ok: false, code: 'WRONG_STATE', message: 'other is active, not bound' });
  t.same(b.start('idle'), { ok: false, code: 'WRONG_STATE', message: 'idle is inactive, not bound' });
  t.same(b.removeDomain('idle'), { ok: true }, 'other operations on other domains are allowed');
  t.same(a.snapshot().locked, ['d']);
  t.same(b.snapshot().locked, ['d']);
  migration.abort();
  t.same(a.stop('other'), { ok: true });
});

t.test('commit moves the domain: the source frees, the target keeps the reservation', async (t) => {
  const a = machine('a');
  const b = machine('b', { memory: [{ pa: 4, size: 60 }], strands: 8 });
  const emptyA = a.snapshot();
  boundOn(a, domain('d'));
  const migration = begin(a, b, 'd');
  t.same(b.snapshot().incoming.map((i) => i.name), ['d']);
  t.same(migration.commit(), { ok: true });
  t.same(a.snapshot(), emptyA);
  t.equal(b.status('d'), 'active');
  t.same(b.snapshot().domains[0]!.holding, migration.reserved);
  t.same(b.snapshot().locked, []);
  t.same(b.snapshot().incoming, []);
  for (const piece of migration.reserved.pieces) t.equal(piece.pa % 4, piece.ra % 4, 'RA kept, congruence kept');
  b.checkValid();
  t.equal(refusalCode(migration.commit()), 'WRONG_STATE');
  t.equal(refusalCode(migration.abort()), 'WRONG_STATE');
});

t.test('crypto units and NIU are reserved as far as the target has them', async (t) => {
  const a = machine('a');
  const b = machine('b', { cryptoUnits: 0, niu: 0 });
  boundOn(a, domain('d', { cryptoUnits: 2, niu: 1 }));
  const migration = begin(a, b, 'd');
  t.same([migration.reserved.crypto, migration.reserved.niu], [[], 0]);
});

t.test('beginMigration refuses when the target lacks memory, layout or strands', async (t) => {
  const a = machine('a');
  boundOn(a, domain('d'));
  const small = machine('small', { memory: [{ pa: 0, size: 4 }] });
  const fragmented = machine('fragmented', { memory: [{ pa: 0, size: 4 }, { pa: 8, size: 4 }, { pa: 16, size: 4 }, { pa: 24, size: 4 }] });
  const few = machine('few', { strands: 2 });
  for (const [target, code] of [[small, 'MEMORY_INSUFFICIENT'], [fragmented, 'MEMORY_LAYOUT'], [few, 'CPU_STRANDS_INSUFFICIENT']] as const) {
    const before = [a.snapshot(), target.snapshot()];
    t.equal(refusalCode(a.beginMigration('d', target)), code);
    t.same([a.snapshot(), target.snapshot()], before);
  }
});

t.test('an undecided placement refuses with MEMORY_UNDECIDED and passes the budget on', async (t) => {
  const a = machine('a');
  boundOn(a, domain('d'));
  let budget: unknown;
  const result = a.beginMigration('d', machine('b'), {
    solve: { nodeLimit: 1 },
    solver: (_instance, options) => {
      budget = options;
      return { status: 'unknown', pieces: [], stats: { decidedBy: 'search', nodes: 1, elapsedMs: 0 } };
    },
  });
  t.match(result, { ok: false, code: 'MEMORY_UNDECIDED', message: 'Unable to bind 64K memory region at real address 0x0' });
  t.same(budget, { nodeLimit: 1 });
});

t.test('an inactive domain migrates without reserving anything', async (t) => {
  const a = machine('a');
  const b = machine('b');
  a.addDomain(domain('d'));
  const before = b.snapshot();
  const migration = begin(a, b, 'd');
  t.same(migration.commit(), { ok: true });
  t.equal(b.status('d'), 'inactive');
  t.same(b.snapshot().free, before.free);
  t.equal(a.status('d'), undefined);
});

const BEGIN_STEPS: MachineStep[] = ['lock', 'reserve-memory', 'reserve-strands', 'reserve-crypto', 'reserve-niu'];
const COMMIT_STEPS: MachineStep[] = ['release-source', 'move-domain', 'unlock'];

t.test('a failure at any step of begin or commit leaves both machines exactly as before begin', async (t) => {
  for (const step of [...BEGIN_STEPS, ...COMMIT_STEPS]) {
    const a = machine('a');
    const b = machine('b');
    boundOn(a, domain('d'));
    boundOn(b, domain('resident', { memory: [{ ra: 0, size: 6 }] }));
    const before = [a.snapshot(), b.snapshot()];
    const fault = (s: MachineStep): boolean => s === step;
    const started = a.beginMigration('d', b, BEGIN_STEPS.includes(step) ? { fault } : {});
    if (started.ok) {
      const committed = started.migration.commit({ fault });
      t.match(committed, { ok: false, code: 'STEP_FAILED', message: `step ${step} failed; the migration of d was aborted` });
    } else {
      t.same(started, { ok: false, code: 'STEP_FAILED', message: `step ${step} failed` });
    }
    t.same([a.snapshot(), b.snapshot()], before, step);
    a.checkValid();
    b.checkValid();
  }
});

t.test('bind failures at any step leave the machine unchanged', async (t) => {
  for (const step of ['bind-memory', 'bind-strands', 'bind-crypto', 'bind-niu'] as MachineStep[]) {
    const a = machine('a');
    a.addDomain(domain('d'));
    const before = a.snapshot();
    t.match(a.bind('d', { fault: (s) => s === step }), { ok: false, code: 'STEP_FAILED' });
    t.same(a.snapshot(), before, step);
  }
});

t.test('checkValid catches lost resources', async (t) => {
  const a = machine('a');
  (a as unknown as { niuFree: number }).niuFree = 1;
  t.throws(() => a.checkValid(), /NIU 0 held \+ 1 free ≠ 2/);
  const b = machine('b');
  boundOn(b, domain('d'));
  (b.snapshot().domains[0]!.holding!.strands as number[]).push(9);
  t.throws(() => b.checkValid(), /strands: unit 9 is counted 2 times/);
  const c = machine('c');
  boundOn(c, domain('d'));
  (c.snapshot().domains[0]!.holding!.pieces as { ra: number; pa: number; size: number }[]).pop();
  t.throws(() => c.checkValid(), /free and held memory .* differ from installed/);
});

// ---------------------------------------------------------------- property: conservation under random interleavings

type Op =
  | { kind: 'add' | 'remove' | 'bind' | 'unbind' | 'start' | 'stop' | 'dr' | 'drEnd'; host: number; domain: number; failAt: number }
  | { kind: 'begin'; host: number; domain: number; failAt: number }
  | { kind: 'commit' | 'abort'; host: number; domain: number; failAt: number };

const DOMAINS = [0, 1, 2, 3].map((i) => domain(`d${i}`, {
  memory: [{ ra: 0, size: 4 + 5 * i }, { ra: 64, size: 1 + i }],
  strands: 2 + i * 3,
  cryptoUnits: i % 3,
  niu: i % 2,
}));

const opArbitrary: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('add', 'remove', 'bind', 'unbind', 'start', 'stop', 'dr', 'drEnd', 'begin', 'commit', 'abort'),
  host: fc.nat(1),
  domain: fc.nat(3),
  failAt: fc.integer({ min: -1, max: 5 }),
}) as fc.Arbitrary<Op>;

/** Is `[pa, pa + size)` inside one free range of the snapshot? */
function isFree(snapshot: MachineSnapshot, pa: number, size: number): boolean {
  return snapshot.free.some((range) => range.pa <= pa && pa + size <= range.pa + range.size);
}

t.test('random interleavings with injected failures conserve every range, strand and crypto unit', async (t) => {
  const runs = Number(process.env.FUZZ_RUNS ?? 150);
  fc.assert(fc.property(fc.array(opArbitrary, { maxLength: 40 }), (ops) => {
    const hosts = [machine('a'), machine('b', { memory: [{ pa: 8, size: 72 }], strands: 12 })];
    let running: { migration: Migration; before: MachineSnapshot[]; touched: boolean } | undefined;
    for (const op of ops) {
      const host = hosts[op.host]!;
      const other = hosts[1 - op.host]!;
      const spec = DOMAINS[op.domain]!;
      let calls = 0;
      const fault = (): boolean => calls++ === op.failAt;
      const before = hosts.map((h) => h.snapshot());
      let result: { ok: boolean };
      switch (op.kind) {
        case 'add': result = host.addDomain(spec); break;
        case 'remove': result = host.removeDomain(spec.name); break;
        case 'bind': result = host.bind(spec.name, { fault }); break;
        case 'unbind': result = host.unbind(spec.name); break;
        case 'start': result = host.start(spec.name); break;
        case 'stop': result = host.stop(spec.name); break;
        case 'dr': result = host.startDelayedReconfig(spec.name); break;
        case 'drEnd': result = host.finishDelayedReconfig(); break;
        case 'begin': {
          const started = host.beginMigration(spec.name, other, { fault });
          if (started.ok) running = { migration: started.migration, before, touched: false };
          result = started;
          break;
        }
        case 'commit':
        case 'abort': {
          if (running === undefined) continue;
          const { migration } = running;
          result = op.kind === 'commit' ? migration.commit({ fault }) : migration.abort();
          if (op.kind === 'abort' || !result.ok) {
            // Abort (or a failed commit) gives every reservation back ...
            const target = migration.target.snapshot();
            for (const piece of migration.reserved.pieces) if (!isFree(target, piece.pa, piece.size)) throw new Error('reserved range not returned');
            // ... and with nothing else done meanwhile, the machines are exactly as before begin.
            if (!running.touched && JSON.stringify(hosts.map((h) => h.snapshot())) !== JSON.stringify(running.before)) {
              throw new Error(`${op.kind} did not restore the machines exactly`);
            }
          }
          running = undefined;
          break;
        }
      }
      for (const h of hosts) h.checkValid();
      const after = hosts.map((h) => h.snapshot());
      if (!result.ok && op.kind !== 'commit' && JSON.stringify(after) !== JSON.stringify(before)) {
        throw new Error(`refused ${op.kind} changed the machines`);
      }
      if (result.ok && running !== undefined && op.kind !== 'begin') running.touched = true;
    }
    running?.migration.abort();
    for (const h of hosts) h.checkValid();
  }), { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 4) });
  t.pass(`${runs} runs`);
});
