/**
 * NIU hybrid I/O is a soft constraint: without a free NIU resource on the
 * target the constraint is kept but not fulfilled (1.3 guide), so this is a
 * warning.
 *
 * @module
 */
import { finding, type Finding } from '../finding.js';
import type { MigrationRequest } from '../request.js';

/**
 * One `NIU_UNAVAILABLE` per hybrid vnet beyond the target's free NIU
 * resources; the first hybrid vnets in file order are assumed served first,
 * one resource each. Pure; O(vnets).
 */
export function checkNiu(request: MigrationRequest): Finding[] {
  const target = request.target;
  const hybrid = request.domain.vnets.filter((vnet) => vnet.hybrid);
  return hybrid.slice(target.freeNiu).map((vnet) =>
    finding('NIU_UNAVAILABLE', vnet.name, `No free NIU resource on ${target.name} for hybrid I/O of ${vnet.name}: the constraint is kept but not fulfilled`));
}
