/**
 * One migration inside a fleet: the full check of migration.md for a domain
 * and a target host as the fleet stands, with the placement the move will use.
 *
 * The check is `checkMigration` itself, on the request the fleet poses. One
 * addition: a bound domain. The check compares only its memory total (the
 * target binds it afresh), but the fleet must know where the memory lands,
 * since "a bound domain moves like an active one" (fleet.md). So a bound
 * domain's blocks are laid out as an active domain's would be (keeping their
 * congruence, one binding among those the target could choose), and a layout
 * that does not exist is a `MEMORY_LAYOUT` error here: the fleet would have
 * nowhere to put it.
 *
 * @module
 */
import { unitPieceBytes, type PieceBytes } from '../memory/frame.js';
import { checkMigration, type CheckOptions, type CheckResult } from '../migration/check.js';
import { compareFindings } from '../migration/finding.js';
import { parseRequest, type MigrationRequest } from '../migration/request.js';
import { checkMemory } from '../migration/rules/memory.js';
import { solvePlacement } from '../solve/place.js';
import { migrationRequest, type Fleet } from './fleet.js';

/** A check inside a fleet: the check's answer, and the parsed request it answered. */
export interface FleetCheck {
  /** The answer of the full check; for a bound domain with a layout, `placements` holds it. */
  readonly result: CheckResult;
  /** The request the fleet posed (granule units), for callers that go deeper (scores, layouts). */
  readonly request: MigrationRequest;
}

/**
 * Check whether the domain named `domainName` may migrate from its host to
 * the host named `targetName`, as `fleet` stands.
 *
 * Cost: one `checkMigration` (the placement solver within `options.solve`).
 *
 * @throws {@link InputError} for a name that names nothing
 */
export function checkInFleet(fleet: Fleet, domainName: string, targetName: string, options: CheckOptions = {}): FleetCheck {
  const request = parseRequest(migrationRequest(fleet, domainName, targetName));
  const result = checkMigration(request, options);
  if (request.domain.state !== 'bound' || result.status === 'refused') return { result, request };
  const memory = checkMemory({ ...request, domain: { ...request.domain, state: 'active' } }, options.solver ?? solvePlacement, options.solve);
  const findings = [...result.findings, ...memory.findings].sort(compareFindings);
  const status = findings.some((f) => f.severity === 'error') ? 'refused' : memory.undecided ? 'unknown' : result.status;
  const placements: PieceBytes[] = status === 'refused' ? [] : memory.pieces.map((piece) => unitPieceBytes(piece, request.granuleBytes));
  return { result: { ...result, findings, status, ok: status === 'ok', placements }, request };
}
