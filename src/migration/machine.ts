/**
 * A stateful model of two or more machines and their domains, for
 * orchestration tools that want to rehearse `ldm` operations, and for the
 * property tests that prove a migration never loses a resource.
 *
 * Each machine owns its installed memory (a {@link FreeMap} of what is free),
 * strands and crypto units (numbered units), NIU hybrid resources (a count)
 * and its domains. Every operation that takes resources is a short list of
 * named steps run by one transaction helper: a step may refuse (not enough
 * strands, say) or be made to fail by a caller's {@link FaultInjector}; in
 * both cases the steps already done are undone in reverse order, so the
 * machines end exactly as they began — the free maps range for range, the
 * same unit numbers free.
 *
 * Migration (migration.md, "Operations while a migration runs"):
 * {@link Machine.beginMigration} locks the domain's machine description on
 * both machines and reserves memory (at the placement solver's answer),
 * strands, crypto units and NIU resources on the target. While it runs, any
 * operation on that domain, `bind` or `stop` of any other domain on either
 * machine, starting a delayed reconfiguration, and a second migration
 * touching either machine are refused with `MIGRATION_IN_PROGRESS`.
 * {@link Migration.commit} moves the domain (the source frees, the target
 * keeps); {@link Migration.abort}, or a failure at any step of `commit`,
 * returns every reservation.
 *
 * Strands are handed out lowest number first, one by one: the model
 * conserves units, it does not model whole-core binding.
 *
 * @module
 */
import { formatGranulesSize } from '../quantity.js';
import { ascending } from '../sorted.js';
import { rangeColumns, type Block, type Piece } from '../memory/instance.js';
import { FreeMap } from '../memory/free-map.js';
import { solvePlacement } from '../solve/place.js';
import type { SolveOptions } from '../solve/result.js';
import type { FindingCode } from './finding.js';
import { unitBlockBytes } from '../memory/frame.js';
import { bindFailureMessage } from '../wording/ldm.js';
import type { PlacementSolver } from './rules/memory.js';
import { MIGRATION_GRANULE } from './request.js';

/** Why an operation was refused: a finding code, or a reason about the call itself. */
export type RefusalCode = FindingCode | 'NO_SUCH_DOMAIN' | 'DOMAIN_EXISTS' | 'WRONG_STATE' | 'STEP_FAILED';

/** A refused operation; the machines are exactly as before the call. */
export interface Refusal {
  /** Always false: test `ok` to tell a refusal from a success. */
  readonly ok: false;
  /** Why, for programs: a finding code when a migration rule refused, else a reason about the call. */
  readonly code: RefusalCode;
  /** Why, for a person: one sentence, ldm's wording where ldm has one. */
  readonly message: string;
}

/** The outcome of an operation that returns nothing else. */
export type OperationResult =
  | {
      /** The operation ran every step; its changes are in place. */
      readonly ok: true;
    }
  | Refusal;

/** The named steps an operation runs; a {@link FaultInjector} may fail any of them. */
export type MachineStep =
  | 'bind-memory' | 'bind-strands' | 'bind-crypto' | 'bind-niu'
  | 'lock' | 'reserve-memory' | 'reserve-strands' | 'reserve-crypto' | 'reserve-niu'
  | 'release-source' | 'move-domain' | 'unlock';

/** Asked before each step; returning true makes the step fail (tests, chaos drills). */
export type FaultInjector = (step: MachineStep) => boolean;

/** Options of the resource-taking operations. */
export interface OperationOptions {
  /** Fail chosen steps, to test that a failure part-way leaves the machines as they were. Default: none fail. */
  readonly fault?: FaultInjector;
  /** The placement solver's budget. */
  readonly solve?: SolveOptions;
  /** Replace the placement solver (tests, embedders). Default `solvePlacement`. */
  readonly solver?: PlacementSolver;
}

/** A machine as built: everything installed, nothing bound. Memory in granules of 8K. */
export interface MachineSpec {
  /** Host name. */
  readonly name: string;
  /** Hardware largest page (granules), the congruence modulus of bindings. */
  readonly largestPage: number;
  /** Installed memory available to domains (granules), non-overlapping. */
  readonly memory: readonly {
    /** Physical address of the range's first granule. */
    readonly pa: number;
    /** Length of the range, in granules; > 0. */
    readonly size: number;
  }[];
  /** Installed strands (hardware threads), numbered `0 … strands-1`. */
  readonly strands: number;
  /** Installed crypto units, numbered `0 … cryptoUnits-1`. */
  readonly cryptoUnits: number;
  /** NIU hybrid I/O resources. */
  readonly niu: number;
}

/** A domain's constraints: what `bind` must find. Memory as RA blocks in granules. */
export interface DomainSpec {
  /** Domain name, unique on its machine. */
  readonly name: string;
  /** RA blocks `{ra, size}`; bound congruent to their RA (`pa ≡ ra`), the usual binding. */
  readonly memory: readonly {
    /** Real address of the block's first granule, as the guest sees it. */
    readonly ra: number;
    /** Length of the block, in granules. */
    readonly size: number;
  }[];
  /** Strands `bind` must find; a refusal when the machine has fewer free. */
  readonly strands: number;
  /** Crypto units wanted (soft: `bind` takes as many as are free). */
  readonly cryptoUnits: number;
  /** NIU hybrid resources wanted (soft: a target without them binds fewer). */
  readonly niu: number;
}

/** `ldm list` states the model distinguishes. */
export type DomainStatus = 'inactive' | 'bound' | 'active';

/** Resources a domain holds or a migration has reserved. Units are numbered. */
export interface Holding {
  /** RA → PA pieces, sorted by RA (granules). */
  readonly pieces: readonly Piece[];
  /** Numbers of the strands held, ascending. */
  readonly strands: readonly number[];
  /** Numbers of the crypto units held, ascending. */
  readonly crypto: readonly number[];
  /** How many NIU hybrid resources are held (NIU resources are counted, not numbered). */
  readonly niu: number;
}

/** A domain as {@link Machine.snapshot} shows it. */
export interface DomainSnapshot {
  /** Domain name, unique on its machine. */
  readonly name: string;
  /** Its `ldm list` state; a domain in a migration keeps its state until commit. */
  readonly status: DomainStatus;
  /** What it holds; undefined when inactive. */
  readonly holding: Holding | undefined;
}

/** Everything observable about a machine, as plain data that compares with deep equality. */
export interface MachineSnapshot {
  /** Free memory, coalesced, ascending `{pa, size}` (granules). */
  readonly free: readonly {
    /** Physical address of the free range's first granule. */
    readonly pa: number;
    /** Length of the free range, in granules. */
    readonly size: number;
  }[];
  /** Free strand numbers, ascending. */
  readonly freeStrands: readonly number[];
  /** Free crypto unit numbers, ascending. */
  readonly freeCrypto: readonly number[];
  /** Free NIU resources. */
  readonly freeNiu: number;
  /** Domains, by name. */
  readonly domains: readonly DomainSnapshot[];
  /** Domains whose machine description is locked by a migration, by name. */
  readonly locked: readonly string[];
  /** Reservations held for incoming migrations, by domain name. */
  readonly incoming: readonly {
    /** The migrating domain. */
    readonly name: string;
    /** What this machine has reserved for it; taken from the free pools until commit or abort. */
    readonly holding: Holding;
  }[];
  /** The domain with a pending delayed reconfiguration, if any. */
  readonly delayedReconfig: string | undefined;
}

const EMPTY: Holding = { pieces: [], strands: [], crypto: [], niu: 0 };

/** Numbered units (strands, crypto units), lowest free number first. */
class UnitPool {
  private readonly free: boolean[];

  constructor(count: number) {
    this.free = new Array<boolean>(count).fill(true);
  }

  get total(): number {
    return this.free.length;
  }

  freeUnits(): number[] {
    const units: number[] = [];
    this.free.forEach((isFree, unit) => { if (isFree) units.push(unit); });
    return units;
  }

  /** The `count` lowest free units, marked used; undefined (nothing changed) when too few. O(total). */
  take(count: number): number[] | undefined {
    const units = this.freeUnits().slice(0, count);
    if (units.length < count) return undefined;
    for (const unit of units) this.free[unit] = false;
    return units;
  }

  /** Mark exactly these units used again (undo of a give). */
  retake(units: readonly number[]): void {
    for (const unit of units) {
      if (!this.free[unit]) throw new Error(`unit ${unit} is not free`);
      this.free[unit] = false;
    }
  }

  give(units: readonly number[]): void {
    for (const unit of units) {
      if (this.free[unit]) throw new Error(`unit ${unit} is already free`);
      this.free[unit] = true;
    }
  }
}

/** One step of a transaction: `run` either succeeds (undefined) or refuses; `undo` reverts a success. */
interface Step {
  readonly name: MachineStep;
  readonly run: () => Refusal | undefined;
  /** Absent on a transaction's last step: nothing runs after it that could fail and need it undone. */
  readonly undo?: () => void;
}

function refuse(code: RefusalCode, message: string): Refusal {
  return { ok: false, code, message };
}

/**
 * Run steps in order; on a refusal or an injected fault undo the done steps
 * newest first. This is the only place that sequences resource changes, so
 * "a failure at any step returns everything" holds by construction.
 */
function transact(steps: readonly Step[], fault: FaultInjector | undefined): OperationResult {
  const done: Step[] = [];
  for (const step of steps) {
    const refusal = fault?.(step.name) === true
      ? refuse('STEP_FAILED', `step ${step.name} failed`)
      : step.run();
    if (refusal !== undefined) {
      for (let i = done.length - 1; i >= 0; i--) done[i]!.undo?.();
      return refusal;
    }
    done.push(step);
  }
  return { ok: true };
}

/** What {@link Machine.acquire} takes: memory blocks (granules) at a congruence modulus, and unit counts. */
interface Wanted {
  readonly domainName: string;
  readonly blocks: readonly Block[];
  /** The congruence modulus of the memory placement (granules). */
  readonly alignment: number;
  readonly strands: number;
  /** Crypto units wanted; the machine gives as many as are free. */
  readonly cryptoUnits: number;
  /** NIU resources wanted; the machine gives as many as are free. */
  readonly niu: number;
}

interface DomainRecord {
  readonly spec: DomainSpec;
  status: DomainStatus;
  holding: Holding | undefined;
}

/** A machine: free resources, domains, locks. See the module comment. */
export class Machine {
  /** Host name. */
  readonly name: string;
  /** Hardware largest page (granules). */
  readonly largestPage: number;
  private readonly installed: readonly { readonly pa: number; readonly size: number }[];
  private readonly memory: FreeMap;
  private readonly strands: UnitPool;
  private readonly crypto: UnitPool;
  private readonly niuTotal: number;
  private niuFree: number;
  private readonly domains = new Map<string, DomainRecord>();
  private readonly locked = new Set<string>();
  private readonly incoming = new Map<string, Holding>();
  private migrations = 0;
  private delayedReconfig: string | undefined;

  /**
   * Build a machine with everything free. O(r log r) for r memory ranges.
   *
   * @throws {@link InputError} when memory ranges overlap or are empty
   */
  constructor(spec: MachineSpec) {
    this.name = spec.name;
    this.largestPage = spec.largestPage;
    this.memory = FreeMap.fromColumns(rangeColumns(spec.memory), 'memory');
    this.installed = this.freeRanges();
    this.strands = new UnitPool(spec.strands);
    this.crypto = new UnitPool(spec.cryptoUnits);
    this.niuTotal = spec.niu;
    this.niuFree = spec.niu;
  }

  // ------------------------------------------------------------ observation

  /** Everything observable, as plain data (compare two with deep equality). O(r + units + domains). */
  snapshot(): MachineSnapshot {
    const byName = <T extends { name: string }>(a: T, b: T): number => ascending(a.name, b.name);
    return {
      free: this.freeRanges(),
      freeStrands: this.strands.freeUnits(),
      freeCrypto: this.crypto.freeUnits(),
      freeNiu: this.niuFree,
      domains: [...this.domains].map(([name, record]) => ({ name, status: record.status, holding: record.holding })).sort(byName),
      locked: [...this.locked].sort(),
      incoming: [...this.incoming].map(([name, holding]) => ({ name, holding })).sort(byName),
      delayedReconfig: this.delayedReconfig,
    };
  }

  /** A domain's state, or undefined when the machine has no such domain. */
  status(name: string): DomainStatus | undefined {
    return this.domains.get(name)?.status;
  }

  /**
   * Assert conservation: free memory and every holding (domains and incoming
   * reservations) tile the installed memory exactly, without overlap; every
   * strand and crypto unit is free or held by exactly one holder; free NIU
   * plus held NIU is the total. Also the free map's own invariants. O(r log r + units).
   *
   * @throws Error naming the first violation
   */
  checkValid(): void {
    this.memory.checkValid();
    const holdings = [...[...this.domains.values()].map((r) => r.holding ?? EMPTY), ...this.incoming.values()];
    const spans = [
      ...this.freeRanges(),
      ...holdings.flatMap((h) => h.pieces.map((p) => ({ pa: p.pa, size: p.size }))),
    ].sort((a, b) => a.pa - b.pa);
    const tiled = FreeMap.fromColumns(rangeColumns(spans), `${this.name} memory`);
    const coalesced: { pa: number; size: number }[] = [];
    tiled.forEachRange((start, end) => coalesced.push({ pa: start, size: end - start }));
    if (JSON.stringify(coalesced) !== JSON.stringify(this.installed)) {
      throw new Error(`${this.name}: free and held memory ${JSON.stringify(coalesced)} differ from installed ${JSON.stringify(this.installed)}`);
    }
    checkUnits(`${this.name} strands`, this.strands, holdings.map((h) => h.strands));
    checkUnits(`${this.name} crypto`, this.crypto, holdings.map((h) => h.crypto));
    const niuHeld = holdings.reduce((sum, h) => sum + h.niu, 0);
    if (niuHeld + this.niuFree !== this.niuTotal) throw new Error(`${this.name}: NIU ${niuHeld} held + ${this.niuFree} free ≠ ${this.niuTotal}`);
  }

  // ------------------------------------------------------------ domain operations

  /** Define an inactive domain. O(1). */
  addDomain(spec: DomainSpec): OperationResult {
    if (this.locked.has(spec.name)) return this.lockedRefusal(spec.name);
    if (this.domains.has(spec.name)) return refuse('DOMAIN_EXISTS', `${this.name} already has a domain ${spec.name}`);
    this.domains.set(spec.name, { spec, status: 'inactive', holding: undefined });
    return { ok: true };
  }

  /** Remove an inactive domain. O(1). */
  removeDomain(name: string): OperationResult {
    const found = this.find(name, 'inactive');
    if ('ok' in found) return found;
    this.domains.delete(name);
    return { ok: true };
  }

  /**
   * Bind an inactive domain: memory where the placement solver puts its RA
   * blocks (congruent to their RA modulo the largest page), then the lowest
   * free strands, crypto units and NIU resources. Crypto units and NIU are
   * soft in this model (as many as are free), as they are for migration.
   * Refused while any migration involves this machine.
   */
  bind(name: string, options: OperationOptions = {}): OperationResult {
    if (this.migrations > 0) return this.busyRefusal('bind', name);
    const found = this.find(name, 'inactive');
    if ('ok' in found) return found;
    const spec = found.spec;
    const acquired = this.acquire('bind', {
      domainName: spec.name,
      blocks: spec.memory.map((b) => ({ ra: b.ra, pa: b.ra, size: b.size })),
      alignment: this.largestPage,
      strands: spec.strands,
      cryptoUnits: spec.cryptoUnits,
      niu: spec.niu,
    }, [], options);
    if ('ok' in acquired) return acquired;
    found.status = 'bound';
    found.holding = acquired;
    return { ok: true };
  }

  /** Return a bound domain's resources. O(pieces log r + units). */
  unbind(name: string): OperationResult {
    const found = this.find(name, 'bound');
    if ('ok' in found) return found;
    this.releaseHolding(found.holding!);
    this.memory.commit();
    found.status = 'inactive';
    found.holding = undefined;
    return { ok: true };
  }

  /** Start a bound domain. */
  start(name: string): OperationResult {
    return this.moveStatus(name, 'bound', 'active');
  }

  /** Stop an active domain. Refused while any migration involves this machine. */
  stop(name: string): OperationResult {
    if (this.migrations > 0) return this.busyRefusal('stop', name);
    return this.moveStatus(name, 'active', 'bound');
  }

  /** Start a delayed reconfiguration on a domain. Refused while a migration involves this machine, or when one is pending. */
  startDelayedReconfig(name: string): OperationResult {
    if (this.migrations > 0) return this.busyRefusal('start a delayed reconfiguration of', name);
    const found = this.find(name, undefined);
    if ('ok' in found) return found;
    if (this.delayedReconfig !== undefined) {
      return refuse('DELAYED_RECONFIG', `A delayed reconfiguration of ${this.delayedReconfig} is already pending on ${this.name}`);
    }
    this.delayedReconfig = name;
    return { ok: true };
  }

  /** Finish (reboot) or cancel the pending delayed reconfiguration. */
  finishDelayedReconfig(): OperationResult {
    if (this.delayedReconfig === undefined) return refuse('WRONG_STATE', `No delayed reconfiguration is pending on ${this.name}`);
    this.delayedReconfig = undefined;
    return { ok: true };
  }

  // ------------------------------------------------------------ migration

  /**
   * Start migrating a domain to `target`: lock its machine description on
   * both machines, then reserve on the target its memory at the placement
   * solver's answer (each block keeps its RA and its congruence modulo the
   * larger largest page), its strands, and as many of its crypto units and
   * NIU resources as are free (the domain may end with fewer: warnings in
   * `checkMigration`, not refusals). An inactive domain reserves nothing.
   *
   * Refused with `MIGRATION_IN_PROGRESS` when the domain or either machine
   * is already in a migration, with `DELAYED_RECONFIG` when either machine
   * has one pending; with the memory or strand codes when the target lacks
   * them; with `STEP_FAILED` when the fault injector fails a step. A refusal
   * leaves both machines exactly as they were.
   */
  beginMigration(
    name: string,
    target: Machine,
    options: OperationOptions = {},
  ): {
    /** Both machines are locked and the target's reservations are made. */
    readonly ok: true;
    /** The running migration; until its `commit` or `abort`, both machines refuse conflicting operations. */
    readonly migration: Migration;
  } | Refusal {
    if (target === this) return refuse('WRONG_STATE', `${name}: the target must be another machine`);
    if (this.locked.has(name) || target.locked.has(name)) return this.lockedRefusal(name);
    const record = this.domains.get(name);
    if (record === undefined) return refuse('NO_SUCH_DOMAIN', `${this.name} has no domain ${name}`);
    if (this.migrations > 0 || target.migrations > 0) {
      return refuse('MIGRATION_IN_PROGRESS', `A migration involving ${this.migrations > 0 ? this.name : target.name} is in progress`);
    }
    for (const [role, machine] of [['source', this], ['target', target]] as const) {
      if (machine.delayedReconfig !== undefined) {
        return refuse('DELAYED_RECONFIG', `A delayed reconfiguration of ${machine.delayedReconfig} is pending on the ${role} machine ${machine.name}`);
      }
    }
    if (target.domains.has(name)) return refuse('DOMAIN_EXISTS', `${target.name} already has a domain ${name}`);
    const held = record.holding ?? EMPTY;
    const lock: Step = {
      name: 'lock',
      run: () => { this.lock(name); target.lock(name); return undefined; },
      undo: () => { this.unlock(name); target.unlock(name); },
    };
    const reserved = target.acquire('reserve', {
      domainName: name,
      blocks: held.pieces,
      alignment: Math.max(this.largestPage, target.largestPage),
      strands: held.strands.length,
      cryptoUnits: held.crypto.length,
      niu: held.niu,
    }, [lock], options);
    if ('ok' in reserved) return reserved;
    target.incoming.set(name, reserved);
    return { ok: true, migration: new Migration(name, this, target, record.status, reserved) };
  }

  // ------------------------------------------------------------ internals shared with Migration

  /** @internal Lock a domain's machine description for a migration. */
  lock(name: string): void {
    this.locked.add(name);
    this.migrations++;
  }

  /** @internal Undo {@link Machine.lock}. */
  unlock(name: string): void {
    this.locked.delete(name);
    this.migrations--;
  }

  /** @internal Give back everything a holding has. */
  releaseHolding(holding: Holding): void {
    this.releasePieces(holding.pieces);
    this.strands.give(holding.strands);
    this.crypto.give(holding.crypto);
    this.niuFree += holding.niu;
    this.memory.commit();
  }

  /** @internal Take exactly a holding's resources again (undo of {@link Machine.releaseHolding}). */
  retakeHolding(holding: Holding): void {
    for (const piece of holding.pieces) this.memory.reserve(piece.pa, piece.size);
    this.strands.retake(holding.strands);
    this.crypto.retake(holding.crypto);
    this.niuFree -= holding.niu;
    this.memory.commit();
  }

  /** @internal Drop an incoming reservation's record (its resources stay with whoever holds them). */
  takeIncoming(name: string): Holding {
    return takeEntry(this.incoming, name);
  }

  /** @internal Put an incoming reservation back (undo of {@link Machine.takeIncoming}). */
  putIncoming(name: string, holding: Holding): void {
    this.incoming.set(name, holding);
  }

  /** @internal What a domain holds, undefined when inactive. */
  holdingOf(name: string): Holding | undefined {
    return this.domains.get(name)?.holding;
  }

  /** @internal Move a domain record out of this machine. */
  detachDomain(name: string): DomainRecord {
    return takeEntry(this.domains, name);
  }

  /** @internal Put a domain record on this machine. */
  attachDomain(name: string, record: DomainRecord): void {
    this.domains.set(name, record);
  }

  // ------------------------------------------------------------ private helpers

  private freeRanges(): { pa: number; size: number }[] {
    const ranges: { pa: number; size: number }[] = [];
    this.memory.forEachRange((start, end) => ranges.push({ pa: start, size: end - start }));
    return ranges;
  }

  private find(name: string, wanted: DomainStatus | undefined): DomainRecord | Refusal {
    if (this.locked.has(name)) return this.lockedRefusal(name);
    const record = this.domains.get(name);
    if (record === undefined) return refuse('NO_SUCH_DOMAIN', `${this.name} has no domain ${name}`);
    if (wanted !== undefined && record.status !== wanted) {
      return refuse('WRONG_STATE', `${name} is ${record.status}, not ${wanted}`);
    }
    return record;
  }

  /** Move a domain from state `from` to `to`; refused as {@link Machine.find} refuses. */
  private moveStatus(name: string, from: DomainStatus, to: DomainStatus): OperationResult {
    const found = this.find(name, from);
    if ('ok' in found) return found;
    found.status = to;
    return { ok: true };
  }

  private lockedRefusal(name: string): Refusal {
    return refuse('MIGRATION_IN_PROGRESS', `${name} is being migrated; its machine description is locked`);
  }

  private busyRefusal(what: string, name: string): Refusal {
    return refuse('MIGRATION_IN_PROGRESS', `Cannot ${what} ${name}: a migration involving ${this.name} is in progress`);
  }

  /**
   * The one transaction that takes a domain's resources on this machine, for
   * `bind` and for a migration's reservations: after the `lead` steps (a
   * migration's lock), memory at the placement solver's answer, the
   * strands, as many of the crypto units as are free, and the NIU resources
   * (soft). Steps are named `${verb}-memory`, `${verb}-strands` and so on.
   * On success the memory log is committed and the holding returned; on a
   * refusal every step done is undone.
   */
  private acquire(verb: 'bind' | 'reserve', want: Wanted, lead: readonly Step[], options: OperationOptions): Holding | Refusal {
    let pieces: readonly Piece[] = [];
    let strands: number[] = [];
    let crypto: number[] = [];
    let niu = 0;
    const result = transact([
      ...lead,
      {
        name: `${verb}-memory`,
        run: () => {
          const placed = this.placeMemory(want.domainName, want.blocks, want.alignment, options);
          if ('ok' in placed) return placed;
          pieces = placed;
          return undefined;
        },
        undo: () => this.releasePieces(pieces),
      },
      this.unitStep(`${verb}-strands`, this.strands, want.strands, (units) => { strands = units; }, () => strands),
      this.unitStep(`${verb}-crypto`, this.crypto, Math.min(want.cryptoUnits, this.crypto.freeUnits().length), (units) => { crypto = units; }, () => crypto),
      this.niuStep(`${verb}-niu`, want.niu, (count) => { niu = count; }),
    ], options.fault);
    if (!result.ok) return result;
    this.memory.commit();
    return { pieces, strands, crypto, niu };
  }

  /** Solve and reserve; the pieces, or a refusal with the memory code and ldm's wording. */
  private placeMemory(domainName: string, blocks: readonly Block[], alignment: number, options: OperationOptions): readonly Piece[] | Refusal {
    if (blocks.length === 0) return [];
    const need = blocks.reduce((sum, b) => sum + b.size, 0);
    if (need > this.memory.totalFree) {
      return refuse('MEMORY_INSUFFICIENT', `${this.name} has ${formatGranulesSize(this.memory.totalFree, MIGRATION_GRANULE)} of free memory; ${domainName} needs ${formatGranulesSize(need, MIGRATION_GRANULE)}`);
    }
    const solver = options.solver ?? solvePlacement;
    const result = solver({
      granuleBytes: MIGRATION_GRANULE, alignment, split: false, splitAlignment: alignment,
      domainName, targetName: this.name, blocks, free: this.memory.toColumns(),
    }, options.solve);
    if (result.status !== 'feasible') {
      const block = blocks[result.failedBlock ?? 0]!;
      const code = result.status === 'infeasible' ? 'MEMORY_LAYOUT' : 'MEMORY_UNDECIDED';
      return refuse(code, bindFailureMessage('ldoms-1.3', unitBlockBytes(block, MIGRATION_GRANULE)));
    }
    for (const piece of result.pieces) this.memory.reserve(piece.pa, piece.size);
    return result.pieces;
  }

  private releasePieces(pieces: readonly Piece[]): void {
    for (const piece of pieces) this.memory.release(piece.pa, piece.size);
  }

  /** Take `count` units; only strands can run short, since crypto steps ask for at most what is free (soft, like NIU). */
  private unitStep(name: MachineStep, pool: UnitPool, count: number, keep: (units: number[]) => void, kept: () => number[]): Step {
    return {
      name,
      run: () => {
        const units = pool.take(count);
        if (units === undefined) {
          return refuse('CPU_STRANDS_INSUFFICIENT', `${this.name} has ${pool.freeUnits().length} free strands; ${count} needed`);
        }
        keep(units);
        return undefined;
      },
      undo: () => pool.give(kept()),
    };
  }

  /** Take NIU resources (soft: as many as are free). Always a transaction's last step, so it has no undo. */
  private niuStep(name: MachineStep, wanted: number, keep: (count: number) => void): Step {
    return {
      name,
      run: () => {
        const count = Math.min(wanted, this.niuFree);
        this.niuFree -= count;
        keep(count);
        return undefined;
      },
    };
  }
}

/** Remove `key`'s entry from `map` and return its value (the caller knows it is there). */
function takeEntry<V>(map: Map<string, V>, key: string): V {
  const value = map.get(key)!;
  map.delete(key);
  return value;
}

function checkUnits(what: string, pool: UnitPool, held: readonly (readonly number[])[]): void {
  const owners = new Array<number>(pool.total).fill(0);
  for (const unit of pool.freeUnits()) owners[unit]!++;
  for (const units of held) for (const unit of units) owners[unit]!++;
  const wrong = owners.findIndex((count) => count !== 1);
  if (wrong >= 0) throw new Error(`${what}: unit ${wrong} is counted ${owners[wrong]} times (free or held)`);
}

/** A running migration, from {@link Machine.beginMigration} until commit or abort. */
export class Migration {
  private finished = false;

  /** @internal Built by {@link Machine.beginMigration}. */
  constructor(
    /** The migrating domain. */
    readonly domainName: string,
    /** The machine the domain runs on now; it keeps the domain's resources until commit. */
    readonly source: Machine,
    /** The machine the domain moves to; it holds the reservations. */
    readonly target: Machine,
    private readonly status: DomainStatus,
    /** What the target has reserved for it. */
    readonly reserved: Holding,
  ) {}

  /**
   * Finish: the source frees the domain's resources, the domain moves to
   * the target with the reserved ones, and the locks go. A failure injected
   * at any step undoes the steps done and aborts the migration, so both
   * machines end exactly as before {@link Machine.beginMigration}.
   */
  commit(options: { readonly fault?: FaultInjector } = {}): OperationResult {
    if (this.finished) return refuse('WRONG_STATE', `The migration of ${this.domainName} is already over`);
    const { source, target, domainName: name } = this;
    let record: DomainRecord | undefined;
    let oldHolding: Holding | undefined;
    const result = transact([
      {
        name: 'release-source',
        run: () => {
          oldHolding = source.holdingOf(name);
          if (oldHolding !== undefined) source.releaseHolding(oldHolding);
          return undefined;
        },
        undo: () => { if (oldHolding !== undefined) source.retakeHolding(oldHolding); },
      },
      {
        name: 'move-domain',
        run: () => {
          record = source.detachDomain(name);
          const reserved = target.takeIncoming(name);
          target.attachDomain(name, { spec: record.spec, status: this.status, holding: this.status === 'inactive' ? undefined : reserved });
          return undefined;
        },
        undo: () => { target.detachDomain(name); target.putIncoming(name, this.reserved); source.attachDomain(name, record!); },
      },
      {
        name: 'unlock',
        run: () => { source.unlock(name); target.unlock(name); return undefined; },
      },
    ], options.fault);
    if (result.ok) {
      this.finished = true;
      return result;
    }
    this.abort();
    return refuse(result.code, `${result.message}; the migration of ${name} was aborted`);
  }

  /** Give every reservation back to the target and unlock both machines. Cannot fail once started. */
  abort(): OperationResult {
    if (this.finished) return refuse('WRONG_STATE', `The migration of ${this.domainName} is already over`);
    this.finished = true;
    this.target.releaseHolding(this.target.takeIncoming(this.domainName));
    this.source.unlock(this.domainName);
    this.target.unlock(this.domainName);
    return { ok: true };
  }
}
