/**
 * Crypto units: the manager removes them by crypto DR before the transfer
 * and re-adds them after (1.3 guide), so the guest needs crypto DR, and the
 * domain may end with fewer units when the target lacks free ones.
 *
 * @module
 */
import { finding, type Finding } from '../finding.js';
import type { MigrationRequest } from '../request.js';

/** `CRYPTO_DR_UNSUPPORTED` and `CRYPTO_REDUCED`. Pure; O(1). */
export function checkCrypto(request: MigrationRequest): Finding[] {
  const { domain, target } = request;
  const findings: Finding[] = [];
  if (domain.cryptoUnits > 0 && !domain.os.cryptoDR) {
    findings.push(finding('CRYPTO_DR_UNSUPPORTED', domain.name, `${domain.name} has ${domain.cryptoUnits} crypto units bound but its OS does not support crypto unit dynamic reconfiguration`));
  }
  if (domain.cryptoUnits > target.freeCryptoUnits) {
    findings.push(finding('CRYPTO_REDUCED', domain.name, `${target.name} has ${target.freeCryptoUnits} free crypto units; ${domain.name} will have ${target.freeCryptoUnits} instead of ${domain.cryptoUnits} after the migration`));
  }
  return findings;
}
