/**
 * The assignment MIP of an evacuation, on aggregate capacities: which domain
 * goes to which target, counting only totals. One binary `x_d_t` per pair
 * the check allows; per domain at most one target; per target the memory
 * total, and the strands (ovm-3.6) or whole cores (ldoms-1.3) the rules
 * count; and the no-good cuts "not all of these together on that target"
 * that the joint layouts found. Every row is a necessary condition of a
 * valid plan (the rules compare exactly these totals), so the MIP's optimum
 * is an upper bound on what any plan moves, as long as every cut is a proof.
 *
 * The objective counts domains first and memory second: each domain is
 * worth 1 plus its share of all the host's memory, a share that sums to
 * less than 1 over every domain, so one more domain always beats any
 * amount of memory.
 *
 * @module
 */
import { solveLpModel, type LpModel } from '../solve/lp.js';

/** A pair the MIP may choose, with what it takes from the target. */
export interface AssignmentPair {
  /** Index of the domain. */
  readonly domain: number;
  /** Index of the target. */
  readonly target: number;
}

/** The capacities and demands the MIP compares, as plain numbers. */
export interface AssignmentQuestion {
  /** Per domain: memory in MiB (0 when it holds none), strands, whole cores per target. */
  readonly domains: readonly { readonly memoryMiB: number; readonly strands: number; readonly coresOn: readonly number[] }[];
  /** Per target: free memory in MiB, free strands, free whole cores; `undefined` rows are not the profile's rule. */
  readonly targets: readonly { readonly memoryMiB: number; readonly strands: number | undefined; readonly cores: number | undefined }[];
  /** The pairs the check allows. */
  readonly pairs: readonly AssignmentPair[];
}

/** A no-good cut: these domains may not all go to this target. */
export interface NoGoodCut {
  /** The target's index. */
  readonly target: number;
  /** The domains' indices. */
  readonly domains: readonly number[];
}

/** The solved MIP: the chosen target of each domain (or -1) and the count it promises. */
export interface Assignment {
  /** Per domain, the index of its target, or -1 when it stays. */
  readonly targetOf: readonly number[];
  /** Domains assigned: with proven cuts only, an upper bound on any plan. */
  readonly count: number;
}

/** Slack on the memory rows: their MiB are doubles, and a rounding must never cut a valid plan. */
const MEMORY_SLACK = 1e-6;

const column = (pair: AssignmentPair): string => `x_${pair.domain}_${pair.target}`;

/**
 * The model, printable as JSON (`JSON.stringify(model, null, 2)`) for
 * debugging; `relaxed` drops integrality (the LP relaxation, whose optimum
 * bounds the MIP's from above).
 */
export function assignmentModel(question: AssignmentQuestion, cuts: readonly NoGoodCut[], relaxed = false): LpModel {
  const totalMemory = question.domains.reduce((sum, d) => sum + d.memoryMiB, 0);
  const constraints: Record<string, { max: number }> = {};
  question.domains.forEach((_, d) => (constraints[`domain_${d}`] = { max: 1 }));
  question.targets.forEach((target, t) => {
    constraints[`memory_${t}`] = { max: target.memoryMiB * (1 + MEMORY_SLACK) + MEMORY_SLACK };
    if (target.strands !== undefined) constraints[`strands_${t}`] = { max: target.strands };
    if (target.cores !== undefined) constraints[`cores_${t}`] = { max: target.cores };
  });
  cuts.forEach((cut, k) => (constraints[`cut_${k}`] = { max: cut.domains.length - 1 }));
  const variables: Record<string, Record<string, number>> = {};
  const binaries: Record<string, 1> = {};
  for (const pair of question.pairs) {
    const domain = question.domains[pair.domain]!;
    const target = question.targets[pair.target]!;
    const entry: Record<string, number> = {
      value: 1 + domain.memoryMiB / (totalMemory + 1),
      [`domain_${pair.domain}`]: 1,
      [`memory_${pair.target}`]: domain.memoryMiB,
    };
    if (target.strands !== undefined) entry[`strands_${pair.target}`] = domain.strands;
    if (target.cores !== undefined) entry[`cores_${pair.target}`] = domain.coresOn[pair.target]!;
    cuts.forEach((cut, k) => {
      if (cut.target === pair.target && cut.domains.includes(pair.domain)) entry[`cut_${k}`] = 1;
    });
    variables[column(pair)] = entry;
    if (!relaxed) binaries[column(pair)] = 1;
  }
  return { optimize: 'value', opType: 'max', constraints, variables, binaries, options: { presolve: false } };
}

/**
 * Solve the assignment MIP with its cuts by the deadline; undefined when the
 * deadline came first, or the solver's cycle guard cut a node short (then
 * its optimum proves nothing).
 */
export function solveAssignment(question: AssignmentQuestion, cuts: readonly NoGoodCut[], deadline: number): Assignment | undefined {
  const solution = solveLpModel(assignmentModel(question, cuts), deadline);
  if (solution === undefined || solution.cycled) return undefined;
  const targetOf = question.domains.map(() => -1);
  for (const pair of question.pairs) {
    if ((solution.values[column(pair)] ?? 0) > 0.5) targetOf[pair.domain] = pair.target;
  }
  return { targetOf, count: targetOf.filter((t) => t >= 0).length };
}

/**
 * A quick upper bound on the domains any plan moves: the LP relaxation's
 * optimum, rounded down (each domain is worth 1 plus a memory share that
 * sums to less than 1, so the count is at most the floor). Undefined when
 * the deadline came first. One simplex, no branching: it answers when the
 * MIP is still searching.
 */
export function assignmentBound(question: AssignmentQuestion, deadline: number): number | undefined {
  const solution = solveLpModel(assignmentModel(question, [], true), deadline);
  return solution === undefined || solution.cycled ? undefined : Math.floor(solution.objective + 1e-9);
}
