/**
 * Certificates of infeasibility in words a person can check against the
 * two maps. The solver proves; this says what it proved.
 *
 * @module
 */
import type { PlacementInstance } from '../memory/instance.js';
import { alignmentBytes, blockBytes, residueBytes } from '../memory/frame.js';
import { formatGranulesSize, formatHex, formatSize } from '../quantity.js';
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
  const modulus = formatSize(alignmentBytes(instance));
  const at = (residue: number): string => formatHex(residueBytes(instance, residue));
  switch (certificate.kind) {
    case 'total':
      return `domain needs ${size(certificate.needGranules)}; target has ${size(certificate.offerGranules)} free`;
    case 'block': {
      if (instance.blocks[certificate.block] === undefined) throw new RangeError(`certificate names block ${certificate.block}, not in the instance`);
      const block = blockBytes(instance, certificate.block);
      return `the ${formatSize(block.size)} block at RA ${formatHex(block.ra)} fits in no free range`;
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
    case 'residue': {
      const last = residueBytes(instance, certificate.fromGranules) + BigInt(certificate.toGranules - certificate.fromGranules) * BigInt(instance.granuleBytes) - 1n;
      const arc = `${at(certificate.fromGranules)}–${formatHex(last)}`;
      return (
        `every block keeps its PA modulo ${modulus}, and the domain's memory covers each PA ≡ ${arc} ` +
        `(mod ${modulus}) ${times(certificate.need)}; the free ranges cover it only ${times(certificate.offer)}`
      );
    }
    case 'slots': {
      const where = certificate.classes === 1
        ? `at PA ≡ ${at(certificate.fromGranules)}`
        : `at each of the ${certificate.classes} slot positions from PA ≡ ${at(certificate.fromGranules)} on`;
      const windows = count(certificate.need, `whole ${size(certificate.slotGranules)} window`);
      const offer = certificate.offer === 0 ? 'none' : `only ${certificate.offer}`;
      return `the domain needs ${windows} ${where} (mod ${modulus}); the free ranges hold ${offer} whole`;
    }
    case 'partial-slots': {
      const pieces = certificate.pieces === 1 ? 'partial piece' : `${certificate.pieces} partial pieces`;
      return (
        `the ${pieces} of the ${size(certificate.slotGranules)} window at PA ≡ ${at(certificate.fromGranules)} (mod ${modulus}) ` +
        `${certificate.pieces === 1 ? 'fits' : 'fit'} neither in the ${count(certificate.wholeSlots, 'whole window')} left there nor in its ` +
        `${count(certificate.partialSlots, 'partial window')} (exhaustive search over ${count(certificate.nodes, 'node')})`
      );
    }
    case 'exhaustive':
      return `exhaustive search over ${certificate.nodes} node${certificate.nodes === 1 ? '' : 's'} found no placement`;
  }
}

/** `once`, `twice`, `3 times`. */
function times(count: number): string {
  return count === 1 ? 'once' : count === 2 ? 'twice' : `${count} times`;
}

/** `1 node`, `3 nodes`. */
function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}
