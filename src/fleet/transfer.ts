/**
 * How long a migration takes: a stated model, not a measurement, so that a
 * plan can say which step is the long one. Every parameter can be replaced.
 *
 * The source document (the LDoms 1.3 guide, "Migrating Domains") says the
 * control domains do the work: the source's primary compresses and sends the
 * guest's memory, the target's receives it, more vCPUs make that faster, and
 * crypto units on the primaries take the encryption of the transfer off the
 * CPUs. So:
 *
 *     rate    = min(link, cpu, crypto)                 bytes per second
 *     link    = linkGbps × 10^9 / 8
 *     cpu     = strands × perStrandMBps × 2^20, halved (× softwareCryptoFactor)
 *               when the primaries have no crypto unit and encrypt in software
 *     crypto  = cryptoUnits × perCryptoUnitMBps × 2^20 (no limit without crypto units:
 *               the cost is then in `cpu`)
 *     seconds = setupSeconds + memory × (active ? dirtyFactor : 1) / rate
 *
 * where `strands` and `cryptoUnits` are the smaller of the two primaries'
 * (both ends work), taken from the hosts' `primary`, or the defaults below
 * when a host does not say. An active guest keeps writing while its memory is
 * copied; `dirtyFactor` is the share of memory sent again. An inactive
 * domain sends no memory: setup only. The answer is rounded to tenths of a
 * second.
 *
 * @module
 */

/** The parameters of the transfer-time model (see the module comment). */
export interface TransferModel {
  /** Network link between the control domains, in gigabits per second. */
  readonly linkGbps: number;
  /** Memory one primary vCPU compresses and sends per second, in MiB. */
  readonly perStrandMBps: number;
  /** Memory one crypto unit encrypts per second, in MiB. */
  readonly perCryptoUnitMBps: number;
  /** Share of the CPU rate left when the primaries encrypt in software (no crypto units). */
  readonly softwareCryptoFactor: number;
  /** Memory sent per byte of an active guest: pages dirtied during the copy go again. */
  readonly dirtyFactor: number;
  /** Fixed cost of a migration: checks, the machine description, suspend and resume. */
  readonly setupSeconds: number;
  /** A primary's vCPUs when its host does not say. */
  readonly defaultPrimaryStrands: number;
  /** A primary's crypto units when its host does not say. */
  readonly defaultPrimaryCryptoUnits: number;
}

/** The model's defaults: a 10 Gb/s link, 64 MiB/s per vCPU, 256 MiB/s per crypto unit. */
export const DEFAULT_TRANSFER_MODEL: TransferModel = {
  linkGbps: 10,
  perStrandMBps: 64,
  perCryptoUnitMBps: 256,
  softwareCryptoFactor: 0.5,
  dirtyFactor: 1.25,
  setupSeconds: 5,
  defaultPrimaryStrands: 8,
  defaultPrimaryCryptoUnits: 0,
};

/** A primary domain as a fleet host describes it; fields left out take the model's defaults. */
export interface PrimaryResources {
  /** Its vCPUs. */
  readonly strands?: number | undefined;
  /** Its crypto units. */
  readonly cryptoUnits?: number | undefined;
}

/** What one migration moves and between which primaries. */
export interface TransferQuestion {
  /** The domain's memory in bytes (0 for an inactive domain). */
  readonly memoryBytes: bigint;
  /** Whether the guest runs (its dirty pages are sent again). */
  readonly active: boolean;
  /** The source's primary domain. */
  readonly source: PrimaryResources | undefined;
  /** The target's primary domain. */
  readonly target: PrimaryResources | undefined;
}

/**
 * Estimated seconds for one migration under the model (see the module
 * comment); `model` overrides any of {@link DEFAULT_TRANSFER_MODEL}. O(1).
 */
export function estimateTransferSeconds(question: TransferQuestion, model: Partial<TransferModel> = {}): number {
  const m = { ...DEFAULT_TRANSFER_MODEL, ...model };
  const strands = Math.min(question.source?.strands ?? m.defaultPrimaryStrands, question.target?.strands ?? m.defaultPrimaryStrands);
  const cryptoUnits = Math.min(question.source?.cryptoUnits ?? m.defaultPrimaryCryptoUnits, question.target?.cryptoUnits ?? m.defaultPrimaryCryptoUnits);
  const link = (m.linkGbps * 1e9) / 8;
  const cpu = strands * m.perStrandMBps * 2 ** 20 * (cryptoUnits > 0 ? 1 : m.softwareCryptoFactor);
  const crypto = cryptoUnits > 0 ? cryptoUnits * m.perCryptoUnitMBps * 2 ** 20 : Infinity;
  const rate = Math.min(link, cpu, crypto);
  const sent = Number(question.memoryBytes) * (question.active ? m.dirtyFactor : 1);
  const seconds = m.setupSeconds + (sent === 0 ? 0 : sent / rate);
  return Math.round(seconds * 10) / 10;
}
