import t from 'tap';
import type { StopReason } from '../../src/solve/result.js';
import { instanceFromJson } from '../../src/formats/instance-json.js';
import {
  certificateText,
  DEFAULT_PROFILE,
  feasibleSummary,
  migrationFailedMessage,
  unableToBindMessage,
  unknownReason,
} from '../../src/report/messages.js';
import type { PlacementResult } from '../../src/solve/result.js';

const G_IN_8K = 2 ** 30 / 8192;

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

function unknownResult(nodes: number, stoppedBy: StopReason): PlacementResult {
  return { status: 'unknown', pieces: [], stats: { decidedBy: 'search', nodes, elapsedMs: 12, stoppedBy } };
}

t.test('the seed failure in LDoms 1.3 wording, the default profile', async (t) => {
  t.equal(DEFAULT_PROFILE, 'ldoms-1.3');
  t.equal(unableToBindMessage(instance, 0), 'Unable to bind 2G memory region at real address 0x8000000');
  t.equal(unableToBindMessage(instance, 2, 'ldoms-1.3'), 'Unable to bind 1536K memory region at real address 0x800000000');
});

t.test('the ovm-3.6 wording names the block by its source PA, RA and size', async (t) => {
  t.equal(
    unableToBindMessage(instance, 1, 'ovm-3.6'),
    'Free memory layout and congruency requirements prevent binding the memory block with PA 0x880000000, RA 0x400000000, and size 6G',
  );
});

t.test('a block index outside the instance is a programming error', async (t) => {
  t.throws(() => unableToBindMessage(instance, 3), RangeError);
});

t.test('the migration line, real and dry run', async (t) => {
  t.equal(migrationFailedMessage('ldg-src', false), 'Domain Migration of LDom ldg-src failed');
  t.equal(migrationFailedMessage('ldg-src', true), 'Domain Migration of LDom ldg-src would fail if attempted');
});

t.test('certificates in words, sizes as ldm prints them', async (t) => {
  t.equal(certificateText({ kind: 'total', needGranules: 6 * G_IN_8K, offerGranules: 4 * G_IN_8K }, instance), 'domain needs 6G; target has 4G free');
  t.equal(certificateText({ kind: 'total', needGranules: 5632 * 128, offerGranules: 3 }, instance), 'domain needs 5632M; target has 24K free');
  t.equal(certificateText({ kind: 'block', block: 0 }, instance), 'the 2G block at RA 0x8000000 fits in no free range');
  t.equal(
    certificateText({ kind: 'threshold', thresholdGranules: G_IN_8K, needGranules: 3 * G_IN_8K, offerGranules: 2 * G_IN_8K }, instance),
    'blocks of at least 1G need 3G; ranges able to hold them offer 2G',
  );
  t.equal(certificateText({ kind: 'exhaustive', nodes: 1234 }, instance), 'exhaustive search over 1234 nodes found no placement');
  t.equal(certificateText({ kind: 'exhaustive', nodes: 1 }, instance), 'exhaustive search over 1 node found no placement');
  t.throws(() => certificateText({ kind: 'block', block: 9 }, instance), RangeError);
});

t.test('the feasible summary counts blocks and pieces and names the largest range left', async (t) => {
  t.equal(feasibleSummary(instance, 4, G_IN_8K), 'ldg-src: 3 blocks placed in 4 pieces on dt212-239; largest free range left 1G');
  t.equal(feasibleSummary(instance, 1, 192), 'ldg-src: 3 blocks placed in 1 piece on dt212-239; largest free range left 1536K');
  t.equal(feasibleSummary(instance, 3, 0), 'ldg-src: 3 blocks placed in 3 pieces on dt212-239; no free memory left');
});

t.test('unknown says which budget ran out', async (t) => {
  t.equal(
    unknownReason(unknownResult(500, 'node-limit'), { nodeLimit: 500 }, 5000),
    'undecided: the node limit of 500 ran out after 500 search nodes',
  );
  t.equal(
    unknownReason(unknownResult(1, 'time-limit'), { nodeLimit: 500, timeLimitMs: 20 }, 5000),
    'undecided: the time limit of 20 ms ran out after 1 search node',
  );
  t.equal(unknownReason(unknownResult(77, 'time-limit'), {}, 5000), 'undecided: the time limit of 5000 ms ran out after 77 search nodes');
  t.equal(
    unknownReason(unknownResult(0, 'size-limit'), {}, 5000),
    "undecided: the question is too large for this strategy's exact model; try the default strategy, or --strategy search",
  );
  t.match(unknownReason(unknownResult(9, 'work-limit'), {}, 5000), /^undecided: the LP solver stopped on a node that would not converge after 9 search nodes/);
});

t.test('the range-count certificate names the ranges needed and offered', async (t) => {
  t.equal(
    certificateText({ kind: 'count', rangeGranules: G_IN_8K, needRanges: 3, offerRanges: 2 }, instance),
    'the blocks need at least 3 free ranges of 1G; the target has 2',
  );
});
