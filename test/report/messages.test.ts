import t from 'tap';
import { instanceFromJson } from '../../src/formats/instance-json.js';
import { blockBytes } from '../../src/memory/frame.js';
import {
  certificateText,
  DEFAULT_PROFILE,
  feasibleSummary,
  migrationFailedMessage,
  unableToBindMessage,
  unknownReason,
} from '../../src/report/messages.js';
import { certificateBytes, type FeasibleAnswer, type UnknownAnswer } from '../../src/solve/answer.js';
import type { Certificate, StopReason } from '../../src/solve/result.js';

const G_IN_8K = 2 ** 30 / 8192;
const G = 2n ** 30n;

/** The seed's domain, plus a second block whose PA differs from its RA. */
const instance = instanceFromJson({
  domain: {
    name: 'ldg-src',
    memory: [
      { ra: '0x8000000', pa: '0x208000000', size: '2G' },
      { ra: '0x400000000', pa: '0x880000000', size: '6G' },
      { ra: '0x800000000', size: '1536K' },
    ],
  },
  target: { name: 'dt212-239', free: [{ pa: '0x108000000', size: '1G' }] },
});

const common = { domainName: 'ldg-src', targetName: 'dt212-239', blockCount: 3, stats: { decidedBy: 'search', nodes: 0, elapsedMs: 12 } } as const;

function unknown(nodes: number, stoppedBy: StopReason, budget: { timeLimitMs: number; nodeLimit: number | undefined }): UnknownAnswer {
  return { ...common, stats: { ...common.stats, nodes }, budget, status: 'unknown', stoppedBy };
}

function feasible(pieces: number, largestFreeLeft: bigint): FeasibleAnswer {
  const placements = Array.from({ length: pieces }, (_, i) => ({ ra: BigInt(i) * G, pa: BigInt(i) * G, size: G }));
  return { ...common, budget: { timeLimitMs: 5000, nodeLimit: undefined }, status: 'feasible', placements, largestFreeLeft };
}

/** A certificate of the instance, in words. */
const words = (certificate: Certificate): string => certificateText(certificateBytes(instance, certificate));

t.test('the seed failure in LDoms 1.3 wording, the default profile', async (t) => {
  t.equal(DEFAULT_PROFILE, 'ldoms-1.3');
  t.equal(unableToBindMessage(blockBytes(instance, 0)), 'Unable to bind 2G memory region at real address 0x8000000');
  t.equal(unableToBindMessage(blockBytes(instance, 2), 'ldoms-1.3'), 'Unable to bind 1536K memory region at real address 0x800000000');
});

t.test('the ovm-3.6 wording names the block by its source PA, RA and size', async (t) => {
  t.equal(
    unableToBindMessage(blockBytes(instance, 1), 'ovm-3.6'),
    'Free memory layout and congruency requirements prevent binding the memory block with PA 0x880000000, RA 0x400000000, and size 6G',
  );
});

t.test('the migration line, real and dry run', async (t) => {
  t.equal(migrationFailedMessage('ldg-src', false), 'Domain Migration of LDom ldg-src failed');
  t.equal(migrationFailedMessage('ldg-src', true), 'Domain Migration of LDom ldg-src would fail if attempted');
});

t.test('certificates in words, sizes as ldm prints them', async (t) => {
  t.equal(words({ kind: 'total', needGranules: 6 * G_IN_8K, offerGranules: 4 * G_IN_8K }), 'domain needs 6G; target has 4G free');
  t.equal(words({ kind: 'total', needGranules: 5632 * 128, offerGranules: 3 }), 'domain needs 5632M; target has 24K free');
  t.equal(
    words({ kind: 'threshold', thresholdGranules: G_IN_8K, needGranules: 3 * G_IN_8K, offerGranules: 2 * G_IN_8K }),
    'blocks of at least 1G need 3G; ranges able to hold them offer 2G',
  );
  t.equal(words({ kind: 'exhaustive', nodes: 1234 }), 'exhaustive search over 1234 nodes found no placement');
  t.equal(words({ kind: 'exhaustive', nodes: 1 }), 'exhaustive search over 1 node found no placement');
  t.equal(words({ kind: 'count', rangeGranules: G_IN_8K, needRanges: 3, offerRanges: 2 }), 'the blocks need at least 3 free ranges of 1G; the target has 2');
});

t.test('the block certificate says where the block must start and how close the best range comes', async (t) => {
  // The congruence trap: 1G free at 0x100000000, but the 2G block must start at PA ≡ 0x8000000 (mod 256M).
  const item = { ra: 0x8000000 / 8192, size: 2 * G_IN_8K, phase: 0x8000000 / 8192 };
  const bestRange = { start: 0x100000000 / 8192, length: G_IN_8K, at: 0x108000000 / 8192 };
  t.equal(
    words({ kind: 'block', block: 0, item, bestRange }),
    'the 2G block at RA 0x8000000 must start at a PA ≡ 0x8000000 (mod 256M); the free range with the most room from such an ' +
      'address, 1G at 0x100000000, holds only 896M from its first one, 0x108000000',
  );
  t.equal(
    words({ kind: 'block', block: 0, item: { ...item, size: 2 * G_IN_8K / 8 }, bestRange }),
    'the 256M piece at RA 0x8000000 of the block at RA 0x8000000 must start at a PA ≡ 0x8000000 (mod 256M); the free range ' +
      'with the most room from such an address, 1G at 0x100000000, holds only 896M from its first one, 0x108000000',
    'a split piece is named as a piece of its block',
  );
  t.equal(
    words({ kind: 'block', block: 0, item, bestRange: { start: 0x100000000 / 8192, length: 1, at: 0x108000000 / 8192 } }),
    'the 2G block at RA 0x8000000 must start at a PA ≡ 0x8000000 (mod 256M); the free range with the most room from such an ' +
      'address, 8K at 0x100000000, holds no room from its first one, 0x108000000',
  );
  t.equal(words({ kind: 'block', block: 0, item, bestRange: undefined }), 'the 2G block at RA 0x8000000 must start at a PA ≡ 0x8000000 (mod 256M), and the target has no free range');
});

t.test('the feasible summary counts blocks and pieces and names the largest range left', async (t) => {
  t.equal(feasibleSummary(feasible(4, G)), 'ldg-src: 3 blocks placed in 4 pieces on dt212-239; largest free range left 1G');
  t.equal(feasibleSummary(feasible(1, 1536n * 1024n)), 'ldg-src: 3 blocks placed in 1 piece on dt212-239; largest free range left 1536K');
  t.equal(feasibleSummary(feasible(3, 0n)), 'ldg-src: 3 blocks placed in 3 pieces on dt212-239; no free memory left');
});

t.test('unknown says which budget ran out', async (t) => {
  t.equal(
    unknownReason(unknown(500, 'node-limit', { timeLimitMs: Infinity, nodeLimit: 500 })),
    'undecided: the node limit of 500 ran out after 500 search nodes',
  );
  t.equal(
    unknownReason(unknown(1, 'time-limit', { timeLimitMs: 20, nodeLimit: 500 })),
    'undecided: the time limit of 20 ms ran out after 1 search node',
  );
  t.equal(
    unknownReason(unknown(0, 'size-limit', { timeLimitMs: 5000, nodeLimit: undefined })),
    "undecided: the question is too large for this strategy's exact model; try the default strategy, or --strategy search",
  );
  t.match(unknownReason(unknown(9, 'work-limit', { timeLimitMs: 5000, nodeLimit: undefined })), /^undecided: the LP solver stopped on a node that would not converge after 9 search nodes/);
});
