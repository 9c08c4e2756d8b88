/**
 * The answer of `ldmfit evacuate`: the JSON document of fleet.md (`{ host,
 * status, optimal, bound, steps, unplaced }`, keys in that order,
 * quantities as lowercase hex byte strings) and the text form, which is the
 * `ldm migrate-domain` command sequence to run, one line per step.
 *
 * @module
 */
import type { EvacuationPlan } from '../fleet/evacuate.js';
import type { Finding } from '../migration/finding.js';
import { formatSize } from '../quantity.js';
import { type CheckJsonPlacement, placementsJson } from './check-json.js';

/** One step as `evacuate --json` prints it. */
export interface EvacuateJsonStep {
  /** The domain moved. */
  readonly domain: string;
  /** The evacuated host. */
  readonly from: string;
  /** Its final host. */
  readonly to: string;
  /** Where its memory goes on `to`, sorted by RA. */
  readonly placements: readonly CheckJsonPlacement[];
  /** The check's findings for the step (never an error). */
  readonly findings: readonly Finding[];
  /** The transfer-time model's estimate, in seconds. */
  readonly estimatedSeconds: number;
}

/** The document `ldmfit evacuate --json` prints. */
export interface EvacuateJson {
  /** The evacuated host. */
  readonly host: string;
  /** `complete` or `partial`. */
  readonly status: 'complete' | 'partial';
  /** The maximum is proven. */
  readonly optimal: boolean;
  /** Steps when optimal, else a proven upper bound on them. */
  readonly bound: number;
  /** The migrations in order. */
  readonly steps: readonly EvacuateJsonStep[];
  /** The domains that stay, each with its reason. */
  readonly unplaced: readonly { readonly domain: string; readonly reason: string }[];
}

/** Build the JSON document from a plan. O(steps + pieces + findings). */
export function evacuateJson(plan: EvacuationPlan): EvacuateJson {
  return {
    host: plan.host,
    status: plan.status,
    optimal: plan.optimal,
    bound: plan.bound,
    steps: plan.steps.map((step) => ({
      domain: step.domain,
      from: step.from,
      to: step.to,
      placements: placementsJson(step.placements),
      findings: step.findings,
      estimatedSeconds: step.estimatedSeconds,
    })),
    unplaced: plan.unplaced.map((u) => ({ domain: u.domain, reason: u.reason })),
  };
}

/**
 * The plan as the commands to run, in order, one migration at a time (the
 * machine description lock allows no more), each with its estimate and the
 * memory it lands on; then the domains that stay.
 */
export function formatEvacuateText(plan: EvacuationPlan): string {
  const total = plan.steps.reduce((sum, step) => sum + step.estimatedSeconds, 0);
  const proof = plan.optimal ? 'optimal' : `not proven optimal; at most ${plan.bound} of the host's domains can move`;
  const lines = [`# evacuate ${plan.host}: ${plan.status}, ${plan.steps.length} migrations, about ${total.toFixed(1)} s (${proof})`];
  for (const step of plan.steps) {
    const memory = step.placements.reduce((sum, p) => sum + p.size, 0n);
    const where = step.placements.length === 0 ? 'no memory bound' : `${formatSize(memory)} in ${step.placements.length} piece${step.placements.length === 1 ? '' : 's'} from PA 0x${step.placements[0]!.pa.toString(16)}`;
    lines.push(`ldm migrate-domain ${step.domain} root@${step.to}   # ~${step.estimatedSeconds.toFixed(1)} s; ${where}`);
  }
  for (const u of plan.unplaced) lines.push(`# stays on ${plan.host}: ${u.domain}: ${u.reason}`);
  return lines.join('\n') + '\n';
}
