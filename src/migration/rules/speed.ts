/**
 * Speed hints: the primary domains on both machines encrypt and move the
 * memory, so crypto units and vCPUs there speed the transfer (1.3 guide
 * note). Advice only.
 *
 * @module
 */
import { finding, type Finding } from '../finding.js';
import type { MachineCommon, MigrationRequest } from '../request.js';

/**
 * Below this many vCPUs a primary domain is called "few": one core of the
 * T2 generation. The guide gives no number; this threshold is ldmfit's choice.
 */
export const SPEED_HINT_MIN_PRIMARY_STRANDS = 8;

function hint(role: string, machine: MachineCommon): Finding[] {
  const primary = machine.primary;
  if (primary === undefined) return [];
  const advice: string[] = [];
  if (primary.cryptoUnits === 0) advice.push('add crypto units');
  if (primary.strands !== undefined && primary.strands < SPEED_HINT_MIN_PRIMARY_STRANDS) {
    advice.push(`add vCPUs (it has ${primary.strands})`);
  }
  if (advice.length === 0) return [];
  return [finding('SPEED_HINT', machine.name, `The migration would be faster: ${advice.join(' and ')} to the primary domain of the ${role} machine ${machine.name}`)];
}

/** One `SPEED_HINT` per machine whose primary domain lacks crypto units or has few vCPUs. Pure; O(1). */
export function checkSpeed(request: MigrationRequest): Finding[] {
  return [...hint('source', request.source), ...hint('target', request.target)];
}
