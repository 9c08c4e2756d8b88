/**
 * `ldmfit/fleet`: questions over many hosts. Where should this domain go
 * ({@link rankTargets}), how do I empty this host ({@link planEvacuation}),
 * and the fleet model they share: a validated fleet file ({@link parseFleet})
 * and the change one migration makes to it ({@link moveDomain}). A fleet
 * comes from a fleet file, or from `ldm` captures, one set per host, and a
 * fleet facts file ({@link fleetFromCaptures}).
 *
 * @packageDocumentation
 */

export { parseFleet } from './fleet.js';
export type { DomainLocation, Fleet, FleetDomainFile, FleetHostFile } from './fleet.js';
export { FLEET_SCHEMA } from './fleet-schema.js';
export { fleetFromCaptures } from './from-captures.js';
export type { FleetFromCaptures, HostCaptures } from './from-captures.js';
export { FLEET_FACTS_SCHEMA } from '../formats/ldm/fleet-facts.js';
export type { FleetFacts, HostFacts } from '../formats/ldm/fleet-facts.js';
export type { CaptureFile } from '../formats/ldm/read.js';
export type { FleetFile } from './fleet-schema.js';
export { freeWholeCores, moveCost, moveDomain } from './move.js';
export type { MoveCost } from './move.js';
export { checkInFleet } from './pair.js';
export type { FleetCheck } from './pair.js';
export { boundBlocks, passesAggregate, rankExitCode, rankTargets } from './rank.js';
export type { RankedTarget, Ranking, RankOptions } from './rank.js';
export { score, SCORE_WEIGHTS, scoreParts } from './score.js';
export type { ScoreParts } from './score.js';
export type { ByteRange } from './ranges.js';
export { DEFAULT_EVACUATION_TIME_LIMIT_MS, evacuateExitCode, planEvacuation } from './evacuate.js';
export type { EvacuationOptions, EvacuationPlan, EvacuationStats, EvacuationStep, UnplacedDomain } from './evacuate.js';
export { DEFAULT_TRANSFER_MODEL, estimateTransferSeconds } from './transfer.js';
export type { PrimaryResources, TransferModel, TransferQuestion } from './transfer.js';
export { adviseMemory, memoryRefused } from './advice.js';
export type { Advice, AdviceOptions } from './advice.js';
export { adviseDomainsInTheWay, MOVE_ADVICE_LIMIT, PAIR_TRIES } from './in-the-way.js';
export type { BoundBlock } from './in-the-way.js';
export { InputError } from '../quantity.js';
