/**
 * Virtual I/O: every service the domain uses must exist on the target under
 * the same name (the 1.3 guide: "All virtual I/O services used by the source
 * domain must be available on the target machine").
 *
 * @module
 */
import { finding, type Finding } from '../finding.js';
import type { MigrationRequest } from '../request.js';

/**
 * One finding per missing vdisk volume, vnet switch, and for a missing
 * console concentrator. Pure; O(devices).
 */
export function checkVirtualIo(request: MigrationRequest): Finding[] {
  const { domain, target } = request;
  const services = target.services;
  const findings: Finding[] = [];
  for (const vdisk of domain.vdisks) {
    if (services.vds.get(vdisk.service)?.has(vdisk.volume) !== true) {
      findings.push(finding('VIO_DISK_MISSING', vdisk.name, `Volume ${vdisk.volume} of ${vdisk.name} is not exported by a virtual disk service ${vdisk.service} on ${target.name}`));
    }
  }
  for (const vnet of domain.vnets) {
    if (!services.vsw.has(vnet.switch)) {
      findings.push(finding('VIO_SWITCH_MISSING', vnet.name, `Virtual switch ${vnet.switch} of ${vnet.name} does not exist on ${target.name}`));
    }
  }
  if (domain.vcc !== undefined && !services.vcc.has(domain.vcc)) {
    findings.push(finding('VIO_CONSOLE_MISSING', domain.vcc, `Console concentrator ${domain.vcc} does not exist on ${target.name} (rule uncertain: the console may be rebound to another vcc)`));
  }
  return findings;
}
