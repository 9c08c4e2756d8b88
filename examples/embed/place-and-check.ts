/**
 * An orchestration tool embedding ldmfit: build a placement question in code,
 * place it in a worker thread with a timeout, check a whole migration
 * request, and print every address in bytes.
 *
 * CI compiles this with `tsc --strict` against the packed tarball (not the
 * source tree) and runs it: see `.ci/embed`.
 */
import { check, type MigrationRequestFile, placeAsync, type PlacementQuestion } from 'ldmfit';

const question: PlacementQuestion = {
  alignment: '256M',
  split: true,
  splitAlignment: '128M',
  domain: { name: 'ldg-src', memory: [{ ra: 0x8000000n, pa: 0x208000000n, size: 2n ** 31n }] },
  target: { name: 'dt212-239', free: [{ pa: '0x108000000', size: '1G' }, { pa: '0x188000000', size: '1G' }] },
};

const answer = await placeAsync(question, { nodeLimit: 1_000_000, signal: AbortSignal.timeout(30_000) });
switch (answer.status) {
  case 'feasible':
    for (const piece of answer.placements) {
      console.log(`RA 0x${piece.ra.toString(16)} -> PA 0x${piece.pa.toString(16)} (${piece.size} bytes)`);
    }
    console.log(`largest free range left: ${answer.largestFreeLeft} bytes`);
    break;
  case 'infeasible':
    console.log(`infeasible: ${answer.certificate.kind}, failed block at RA ${answer.failedBlock?.ra}`);
    break;
  case 'unknown':
    console.log(`undecided: ${answer.stoppedBy}`);
}

const request: MigrationRequestFile = {
  profile: 'ovm-3.6',
  domain: {
    name: 'ldg-src',
    strands: 8,
    os: { memorySplit: true },
    effectiveLargestPage: '128M',
    memory: [{ ra: '0x8000000', pa: '0x208000000', size: '2G' }],
  },
  source: { name: 'host-a', cpu: { type: 'SPARC-T5', mhz: 3600 } },
  target: {
    name: 'dt212-239',
    cpu: { type: 'SPARC-T5', mhz: 3600, freeStrands: 16 },
    freeMemory: [{ pa: '0x108000000', size: '1G' }, { pa: '0x188000000', size: '1G' }],
  },
};
const result = check(request, { solve: { nodeLimit: 1_000_000 } });
console.log(`check: ${result.status}; ${result.findings.length} findings; ${result.placements.length} pieces`);
