/**
 * Certificates of infeasibility in words a person can check against the
 * two maps, with the numbers that make the case. The solver proves; this
 * says what it proved. One wording for every report, `ldmfit place` and
 * `ldmfit check` alike.
 *
 * @module
 */
import { formatHex, formatSize } from '../quantity.js';
import type { BlockCertificate, CertificateBytes, DualWeightsCertificate } from './answer.js';

/**
 * A certificate in words, for example:
 * - total: `domain needs 6G; target has 4G free`
 * - block: `the 1G block at RA 0x8000000 must start at a PA ≡ 0x8000000
 *   (mod 256M); the free range with the most room from such an address, 1G at
 *   0x100000000, holds only 896M from its first one, 0x108000000`
 * - threshold: `blocks of at least 1G need 3G; ranges able to hold them offer 2G`
 * - count: `the blocks need at least 3 free ranges of 1G; the target has 2`
 * - residue, slots, partial-slots: the residue or split window that runs short
 * - dual-weights: `with the weights in the certificate (the heaviest, the
 *   1G block at RA 0x0, weighs 16) the blocks weigh 100 in all; a free
 *   range holds at most: 1G at PA ≡ 0x0 (mod 256M), 2 ranges, 48 each; 96
 *   together, less than the blocks weigh, so no arrangement fits`
 * - exhaustive: `exhaustive search over 1234 nodes found no placement`
 *
 * @param certificate the proof, in bytes (see {@link CertificateBytes})
 */
export function certificateText(certificate: CertificateBytes): string {
  switch (certificate.kind) {
    case 'total':
      return `domain needs ${formatSize(certificate.need)}; target has ${formatSize(certificate.offer)} free`;
    case 'block':
      return blockText(certificate);
    case 'threshold':
      return (
        `blocks of at least ${formatSize(certificate.threshold)} need ${formatSize(certificate.need)}; ` +
        `ranges able to hold them offer ${formatSize(certificate.offer)}`
      );
    case 'count':
      return `the blocks need at least ${certificate.needRanges} free ranges of ${formatSize(certificate.rangeSize)}; the target has ${certificate.offerRanges}`;
    case 'residue': {
      const modulus = formatSize(certificate.alignment);
      return (
        `every block keeps its PA modulo ${modulus}, and the domain's memory covers each PA ≡ ` +
        `${formatHex(certificate.from)}–${formatHex(certificate.to - 1n)} (mod ${modulus}) ${times(certificate.need)}; ` +
        `the free ranges cover it only ${times(certificate.offer)}`
      );
    }
    case 'slots': {
      const at = formatHex(certificate.at);
      const where = certificate.classes === 1 ? `at PA ≡ ${at}` : `at each of the ${certificate.classes} slot positions from PA ≡ ${at} on`;
      const windows = count(certificate.need, `whole ${formatSize(certificate.slotSize)} window`);
      const offer = certificate.offer === 0 ? 'none' : `only ${certificate.offer}`;
      return `the domain needs ${windows} ${where} (mod ${formatSize(certificate.alignment)}); the free ranges hold ${offer} whole`;
    }
    case 'partial-slots': {
      const pieces = certificate.pieces === 1 ? 'partial piece' : `${certificate.pieces} partial pieces`;
      return (
        `the ${pieces} of the ${formatSize(certificate.slotSize)} window at PA ≡ ${formatHex(certificate.at)} ` +
        `(mod ${formatSize(certificate.alignment)}) ${certificate.pieces === 1 ? 'fits' : 'fit'} neither in the ` +
        `${count(certificate.wholeSlots, 'whole window')} left there nor in its ${count(certificate.partialSlots, 'partial window')} ` +
        `(exhaustive search over ${count(certificate.nodes, 'node')})`
      );
    }
    case 'dual-weights':
      return dualWeightsText(certificate);
    case 'exhaustive':
      return `exhaustive search over ${count(certificate.nodes, 'node')} found no placement`;
  }
}

/** Most range classes the dual-weights sentence names; the rest are counted. */
const CLASSES_NAMED = 3;

/**
 * The dual-weights certificate names the heaviest item (so the reader sees
 * the scale), the classes that carry the most in all, and the two totals:
 * the gap between them is what more or longer free ranges must make up.
 */
function dualWeightsText(certificate: DualWeightsCertificate): string {
  const heaviest = certificate.items.reduce((a, b) => (b.weight > a.weight ? b : a));
  const modulus = formatSize(certificate.alignment);
  const classes = [...certificate.classes].sort((a, b) => b.ranges * b.capacity - a.ranges * a.capacity);
  const named = classes
    .slice(0, CLASSES_NAMED)
    .map((c) => `${formatSize(c.size)} at PA ≡ ${formatHex(c.residue)} (mod ${modulus}), ${count(c.ranges, 'range')}, ${c.capacity} each`);
  const more = classes.length - CLASSES_NAMED;
  if (more > 0) named.push(`${more} more class${more === 1 ? '' : 'es'}`);
  return (
    `with the weights in the certificate (the heaviest, the ${formatSize(heaviest.size)} item at RA ${formatHex(heaviest.ra)}, weighs ${heaviest.weight}) ` +
    `the blocks weigh ${certificate.total} in all; a free range holds at most: ${named.join('; ')}; ` +
    `${certificate.offer} together, less than the blocks weigh, so no arrangement fits`
  );
}

/**
 * The block certificate says where the block would have to start and how
 * close the best range comes: a range can be long enough and still too
 * short from its first congruent address (the congruence trap).
 */
function blockText(certificate: BlockCertificate): string {
  const { block, item } = certificate;
  const what = item.size === block.size
    ? `the ${formatSize(item.size)} block at RA ${formatHex(block.ra)}`
    : `the ${formatSize(item.size)} piece at RA ${formatHex(item.ra)} of the block at RA ${formatHex(block.ra)}`;
  const must = `${what} must start at a PA ≡ ${formatHex(certificate.residue)} (mod ${formatSize(certificate.alignment)})`;
  const range = certificate.bestRange;
  if (range === undefined || certificate.bestRangeAt === undefined) return `${must}, and the target has no free range`;
  const room = certificate.bestRangeRoom === 0n ? 'no room' : `only ${formatSize(certificate.bestRangeRoom)}`;
  return (
    `${must}; the free range with the most room from such an address, ${formatSize(range.size)} at ${formatHex(range.pa)}, ` +
    `holds ${room} from its first one, ${formatHex(certificate.bestRangeAt)}`
  );
}

/** `once`, `twice`, `3 times`. */
function times(value: number): string {
  return value === 1 ? 'once' : value === 2 ? 'twice' : `${value} times`;
}

/** `1 node`, `3 nodes`. */
function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}
