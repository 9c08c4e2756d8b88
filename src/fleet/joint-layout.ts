/**
 * Several domains laid out on one target together: the check behind each
 * target's chosen set in an evacuation. Domains landing on one host share
 * its free map, so checking them one by one is not enough (each may fit
 * alone and not together), and placing them one after another with the
 * solver's own choices can fail where a joint layout exists.
 *
 * The joint question is one placement question whose blocks are all the
 * domains' blocks. Their RAs are moved apart (each domain's blocks would
 * otherwise overlap in RA; RA matters to a placement only through split
 * cuts, so every block keeps its RA modulo the alignment), their source PAs
 * and so their congruence classes are kept. Split mode is used only when
 * every domain of the set may split at the same boundary; otherwise nobody
 * splits, which can only make the question harder, so a failure is then
 * not a proof (`proven: false`).
 *
 * @module
 */
import { unitPieceBytes, type PieceBytes } from '../memory/frame.js';
import { rangeColumns, type Block } from '../memory/instance.js';
import type { MigrationRequest } from '../migration/request.js';
import { placementInstance } from '../migration/rules/memory.js';
import { solvePlacement } from '../solve/place.js';
import type { PlacementStatus, SolveOptions } from '../solve/result.js';

/** The joint layout's answer. */
export interface JointLayout {
  /** The solver's verdict on the joint question. */
  readonly status: PlacementStatus;
  /** When infeasible: whether that is a proof for the set as the rules pose it (see the module comment). */
  readonly proven: boolean;
  /** When feasible: each domain's pieces in bytes, sorted by RA, in the order of the requests. */
  readonly placements: readonly (readonly PieceBytes[])[];
}

/** A block of the joint question: where it came from and where its RA was moved. */
interface MovedBlock {
  readonly owner: number;
  readonly ra: number;
  readonly jointRa: number;
  readonly size: number;
}

/**
 * Lay out the memory of every request's domain on their common target
 * together. The requests must share source and target (one evacuated host,
 * one target); inactive domains have no memory and take nothing.
 *
 * Cost: one placement solve within `options`.
 */
export function jointLayout(requests: readonly MigrationRequest[], options: SolveOptions = {}): JointLayout {
  const holders = requests.filter((request) => request.domain.state !== 'inactive');
  const first = placementInstance(requests[0]!);
  const splits = holders.map((request) => placementInstance(request));
  const uniform = splits.every((s) => s.split === splits[0]!.split && s.splitAlignment === splits[0]!.splitAlignment);
  const split = uniform && splits.length > 0 && splits[0]!.split;
  const alignment = first.alignment;
  const moved: MovedBlock[] = [];
  const blocks: Block[] = [];
  let next = 0;
  requests.forEach((request, owner) => {
    if (request.domain.state === 'inactive') return;
    for (const block of request.domain.memory) {
      const jointRa = Math.ceil(next / alignment) * alignment + (block.ra % alignment);
      moved.push({ owner, ra: block.ra, jointRa, size: block.size });
      blocks.push({ ra: jointRa, pa: block.pa, size: block.size });
      next = jointRa + block.size;
    }
  });
  const instance = {
    ...first,
    split,
    splitAlignment: split ? splits[0]!.splitAlignment : first.splitAlignment,
    domainName: requests.map((r) => r.domain.name).join('+'),
    blocks,
    free: rangeColumns(requests[0]!.target.freeMemory),
  };
  const result = solvePlacement(instance, options);
  if (result.status !== 'feasible') return { status: result.status, proven: uniform, placements: [] };
  const placements: PieceBytes[][] = requests.map(() => []);
  for (const piece of result.pieces) {
    const block = moved.find((b) => piece.ra >= b.jointRa && piece.ra < b.jointRa + b.size)!;
    placements[block.owner]!.push(unitPieceBytes({ ra: block.ra + (piece.ra - block.jointRa), pa: piece.pa, size: piece.size }, instance.granuleBytes));
  }
  return { status: 'feasible', proven: true, placements };
}
