/**
 * Physical I/O: a domain with direct access to a device (PCIe bus, endpoint
 * device, SR-IOV virtual function) is an I/O domain and cannot migrate.
 *
 * @module
 */
import { finding, type Finding } from '../finding.js';
import type { MigrationRequest } from '../request.js';

/** One `IO_DOMAIN` finding per device the domain owns, the device as subject. Pure; O(devices). */
export function checkPhysicalIo(request: MigrationRequest): Finding[] {
  const name = request.domain.name;
  return request.domain.physicalIO.map((device) =>
    finding('IO_DOMAIN', device, `${name} owns physical I/O device ${device}; I/O domains cannot migrate (remove the device first)`));
}
