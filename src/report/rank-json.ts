/**
 * The JSON answer of `ldmfit rank --json` (fleet.md): `{ domain, from,
 * targets }`, each target `{ host, ok: true, score, placements, findings }`
 * or `{ host, ok: false, findings }`, keys in that order, quantities as
 * lowercase hex byte strings. A refused target advised on (`rank --advise`)
 * adds `advice` after `findings`, each entry as `check --advise --json`
 * prints it; without `--advise` the document is exactly fleet.md's.
 *
 * @module
 */
import type { Ranking } from '../fleet/rank.js';
import type { Finding } from '../migration/finding.js';
import { adviceJson } from './advice.js';
import type { JsonValue } from './placement-json.js';
import { type CheckJsonPlacement, placementsJson } from './check-json.js';

/** One target as `rank --json` prints it. */
export type RankJsonTarget =
  | {
      /** The target host. */
      readonly host: string;
      /** The domain may go there. */
      readonly ok: true;
      /** Larger is better (see the fleet score's parts). */
      readonly score: number;
      /** Where its memory goes, sorted by RA. */
      readonly placements: readonly CheckJsonPlacement[];
      /** Every finding (warnings and info only). */
      readonly findings: readonly Finding[];
    }
  | {
      /** The target host. */
      readonly host: string;
      /** The domain may not go there, or its layout stayed undecided. */
      readonly ok: false;
      /** Why: every finding. */
      readonly findings: readonly Finding[];
      /** With `--advise`, when the memory rule refused: verified changes that make the memory fit. */
      readonly advice?: readonly Readonly<Record<string, JsonValue>>[];
    };

/** The document `ldmfit rank --json` prints. */
export interface RankJson {
  /** The domain ranked. */
  readonly domain: string;
  /** Its host. */
  readonly from: string;
  /** The targets: feasible ones by score, then the others by host name. */
  readonly targets: readonly RankJsonTarget[];
}

/** Build the JSON document from a ranking. O(targets + pieces + findings). */
export function rankJson(ranking: Ranking): RankJson {
  return {
    domain: ranking.domain,
    from: ranking.from,
    targets: ranking.targets.map((target): RankJsonTarget => target.ok
      ? { host: target.host, ok: true, score: target.score!, placements: placementsJson(target.placements), findings: target.findings }
      : {
          host: target.host,
          ok: false,
          findings: target.findings,
          ...(target.advice === undefined ? {} : { advice: target.advice.map(adviceJson) }),
        }),
  };
}

/** The ranking as text: one line per target, its score or its first blocking finding, then any advice, one indented line each. */
export function formatRankText(ranking: Ranking): string {
  const lines = [`${ranking.domain} on ${ranking.from}: ${ranking.targets.filter((t) => t.ok).length} of ${ranking.targets.length} targets fit`];
  for (const target of ranking.targets) {
    if (target.ok) {
      lines.push(`  ${target.host}  score ${target.score!.toFixed(4)}`);
    } else {
      const blocking = target.findings.find((f) => f.severity === 'error') ?? target.findings[0];
      lines.push(`  ${target.host}  ${target.status}${blocking === undefined ? '' : `: ${blocking.code} ${blocking.message}`}`);
      if (target.advice?.length === 0) lines.push('    advice: no change found that makes the memory fit');
      for (const advice of target.advice ?? []) lines.push(`    advice: ${advice.message}`);
    }
  }
  return lines.join('\n') + '\n';
}
