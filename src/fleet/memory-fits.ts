/**
 * The one test every piece of advice passes before it is given: the memory
 * rule, run again on the changed question, accepts it within the budget.
 * One home, so that "verified" means the same thing for every kind of
 * advice.
 *
 * @module
 */
import type { CheckOptions } from '../migration/check.js';
import type { MigrationRequest } from '../migration/request.js';
import { checkMemory } from '../migration/rules/memory.js';
import { solvePlacement } from '../solve/place.js';

/**
 * Whether the memory rule accepts the request: no finding, and not left
 * undecided (an unproved layout is never advice). Cost: one run of the
 * memory rule, within `options.solve`. Pure.
 */
export function memoryFits(request: MigrationRequest, options: CheckOptions): boolean {
  const memory = checkMemory(request, options.solver ?? solvePlacement, options.solve);
  return memory.findings.length === 0 && !memory.undecided;
}
