/**
 * Rules about the state of the machines and of the guest rather than its
 * resources: delayed reconfiguration, elastic power mode (1.3), the OpenBoot
 * prompt or kmdb (3.6), a migration already running, and the inactive
 * domain that is not checked at all.
 *
 * @module
 */
import { finding, type Finding } from '../finding.js';
import type { MachineCommon, MigrationRequest } from '../request.js';

function machines(request: MigrationRequest): [role: string, machine: MachineCommon][] {
  return [['source', request.source], ['target', request.target]];
}

/** One `DELAYED_RECONFIG` per machine with a pending delayed reconfiguration, saying which. Pure; O(1). */
export function checkDelayedReconfig(request: MigrationRequest): Finding[] {
  return machines(request)
    .filter(([, machine]) => machine.delayedReconfig)
    .map(([role, machine]) => finding('DELAYED_RECONFIG', machine.name, `A delayed reconfiguration is pending on the ${role} machine ${machine.name}; finish it (reboot) or cancel it first`));
}

/** 1.3: one `POWER_ELASTIC` per machine in elastic power mode. Pure; O(1). */
export function checkPowerMode(request: MigrationRequest): Finding[] {
  if (request.profile !== 'ldoms-1.3') return [];
  return machines(request)
    .filter(([, machine]) => machine.powerPolicy === 'elastic')
    .map(([role, machine]) => finding('POWER_ELASTIC', machine.name, `The ${role} machine ${machine.name} is in elastic power mode; set the power policy to performance`));
}

/** ovm-3.6: a guest at the OpenBoot prompt or in kmdb cannot migrate. Pure; O(1). */
export function checkRunState(request: MigrationRequest): Finding[] {
  const domain = request.domain;
  if (request.profile !== 'ovm-3.6' || domain.runState === 'solaris') return [];
  const where = domain.runState === 'openboot' ? 'at the OpenBoot prompt' : 'in the kmdb debugger';
  return [finding('DOMAIN_NOT_RUNNING_OS', domain.name, `${domain.name} is ${where}; boot Solaris or leave kmdb first`)];
}

/** A domain already migrating (flag s or t in `ldm list`). Checked in every state. Pure; O(1). */
export function checkInProgress(request: MigrationRequest): Finding[] {
  const name = request.domain.name;
  return request.domain.migrating
    ? [finding('MIGRATION_IN_PROGRESS', name, `${name} is already the source or target of a migration`)]
    : [];
}

/** An inactive domain: nothing is checked now. Pure; O(1). */
export function checkNotChecked(request: MigrationRequest): Finding[] {
  const name = request.domain.name;
  return request.domain.state === 'inactive'
    ? [finding('NOT_CHECKED', name, `${name} is inactive: nothing is checked at migration time; binding it on ${request.target.name} may still fail`)]
    : [];
}
