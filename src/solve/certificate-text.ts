/**
 * Certificates of infeasibility in words a person can check against the
 * two maps. The solver proves; this says what it proved.
 *
 * @module
 */
import type { PlacementInstance } from '../memory/instance.js';
import { formatGranulesHex, formatGranulesSize } from '../quantity.js';
import type { Certificate, PlacementResult } from './result.js';

/**
 * A certificate in words a person can check against the maps:
 * - total: `domain needs 6G; target has 4G free`
 * - block: `the 2G block at RA 0x8000000 fits in no free range`
 * - threshold: `blocks of at least 1G need 3G; ranges able to hold them offer 2G`
 * - count: `the blocks need at least 3 free ranges of 1G; the target has 2`
 * - exhaustive: `exhaustive search over 1234 nodes found no placement`
 *
 * One wording for every report, `ldmfit place` and `ldmfit check` alike.
 *
 * @param certificate the proof from {@link PlacementResult.certificate}
 * @param instance the question it proves something about
 * @throws RangeError when a `block` certificate names a block not in the instance
 */
export function certificateText(certificate: Certificate, instance: PlacementInstance): string {
  const size = (granules: number): string => formatGranulesSize(granules, instance.granuleBytes);
  switch (certificate.kind) {
    case 'total':
      return `domain needs ${size(certificate.needGranules)}; target has ${size(certificate.offerGranules)} free`;
    case 'block': {
      const block = instance.blocks[certificate.block];
      if (block === undefined) throw new RangeError(`certificate names block ${certificate.block}, not in the instance`);
      return `the ${size(block.size)} block at RA ${formatGranulesHex(block.ra, instance.granuleBytes)} fits in no free range`;
    }
    case 'threshold':
      return (
        `blocks of at least ${size(certificate.thresholdGranules)} need ${size(certificate.needGranules)}; ` +
        `ranges able to hold them offer ${size(certificate.offerGranules)}`
      );
    case 'count':
      return (
        `the blocks need at least ${certificate.needRanges} free ranges of ${size(certificate.rangeGranules)}; ` +
        `the target has ${certificate.offerRanges}`
      );
    case 'exhaustive':
      return `exhaustive search over ${certificate.nodes} node${certificate.nodes === 1 ? '' : 's'} found no placement`;
  }
}
