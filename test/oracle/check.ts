/**
 * An exact checker of a `ldmfit place --json` answer against its instance
 * file, in BigInt bytes, written from docs/placement.md alone ("What a
 * placement is", rules 1–4, and "Command-line contract"). It shares nothing
 * with `src/`, in particular not the product's `verify`.
 *
 * @module
 */
import { ascending, readQuestion, TWO_POW_64, type OracleBlock, type OracleQuestion } from './question.js';

const STATUSES: ReadonlySet<unknown> = new Set(['feasible', 'infeasible', 'unknown']);
const LOWERCASE_HEX = /^0x[0-9a-f]+$/;

interface CheckedPiece {
  readonly index: number;
  readonly ra: bigint;
  readonly pa: bigint;
  readonly size: bigint;
}

/**
 * Every way `answer` breaks the contract for the question in `file`; an
 * empty list when it keeps it. Checks the document's shape (`status` one of
 * the three verdicts, `message` a non-empty string, `placements` empty
 * unless feasible, each quantity a lowercase hex string, sorted by RA) and,
 * for a feasible answer, rules 1–4 of placement.md.
 *
 * @param file the instance file's parsed JSON
 * @param answer the parsed `place --json` document
 */
export function checkAnswer(file: Readonly<Record<string, unknown>>, answer: unknown): string[] {
  if (typeof answer !== 'object' || answer === null) return ['the answer is not a JSON object'];
  const { status, placements, message } = answer as Record<string, unknown>;
  const problems: string[] = [];
  if (!STATUSES.has(status)) problems.push(`status ${JSON.stringify(status)} is not a verdict`);
  if (typeof message !== 'string' || message === '') problems.push('message is not a non-empty string');
  if (!Array.isArray(placements)) return [...problems, 'placements is not an array'];
  if (status !== 'feasible') {
    if (placements.length > 0) problems.push(`placements is not empty although status is ${JSON.stringify(status)}`);
    return problems;
  }
  const pieces = readPieces(placements, problems);
  if (problems.length > 0) return problems;
  return placementProblems(readQuestion(file), pieces);
}

/** Placements as exact pieces; a problem for each field that is not lowercase hex. */
function readPieces(placements: readonly unknown[], problems: string[]): CheckedPiece[] {
  return placements.map((entry, index) => {
    const field = (key: string): bigint => {
      const text = (entry as Record<string, unknown> | null)?.[key];
      if (typeof text === 'string' && LOWERCASE_HEX.test(text)) return BigInt(text);
      problems.push(`placements[${index}].${key} is not a lowercase hex string: ${JSON.stringify(text)}`);
      return 0n;
    };
    return { index, ra: field('ra'), pa: field('pa'), size: field('size') };
  });
}

/** Rules 1–4 of placement.md and the order by RA, for pieces that parsed. */
function placementProblems(question: OracleQuestion, pieces: readonly CheckedPiece[]): string[] {
  const problems: string[] = [];
  for (let i = 1; i < pieces.length; i++) {
    if (pieces[i - 1]!.ra >= pieces[i]!.ra) problems.push(`placements[${i}] is not after placements[${i - 1}] in RA`);
  }
  const owned = new Map<OracleBlock, CheckedPiece[]>(question.blocks.map((block) => [block, []]));
  for (const piece of pieces) {
    const name = `placements[${piece.index}]`;
    if (piece.size === 0n) problems.push(`${name} is empty`);
    const block = question.blocks.find((b) => b.ra <= piece.ra && piece.ra + piece.size <= b.ra + b.size);
    if (block === undefined) {
      problems.push(`${name} is not inside one block's RA range (rule 1)`);
      continue;
    }
    owned.get(block)!.push(piece);
    problems.push(...pieceProblems(question, block, piece, name));
  }
  question.blocks.forEach((block, b) => problems.push(...tilingProblems(question, block, owned.get(block)!, b)));
  problems.push(...overlapProblems(pieces));
  return problems;
}

/** Rule 2 (inside one coalesced free range), rule 4 (congruence; cuts at multiples of splitAlignment). */
function pieceProblems(question: OracleQuestion, block: OracleBlock, piece: CheckedPiece, name: string): string[] {
  const problems: string[] = [];
  const end = piece.pa + piece.size;
  if (!question.free.some((range) => range.start <= piece.pa && end <= range.end)) {
    problems.push(`${name} is not inside one free range (rule 2)${end > TWO_POW_64 ? ', and ends past 2^64' : ''}`);
  }
  const sourcePa = block.pa + (piece.ra - block.ra);
  if (piece.pa % question.alignment !== sourcePa % question.alignment) {
    problems.push(`${name} is not congruent to its source PA modulo the alignment (rule 4)`);
  }
  if (piece.ra !== block.ra && piece.ra % question.splitAlignment !== 0n) {
    problems.push(`${name} starts a cut at an RA that is not a multiple of splitAlignment (rule 4)`);
  }
  return problems;
}

/** Rule 1: a block's pieces, in RA order, tile its RA range exactly; one piece unless split. */
function tilingProblems(question: OracleQuestion, block: OracleBlock, pieces: readonly CheckedPiece[], b: number): string[] {
  const name = `domain.memory[${b}]`;
  if (!question.split && pieces.length !== 1) return [`${name} has ${pieces.length} pieces, not 1 (rule 1, split false)`];
  let cursor = block.ra;
  for (const piece of [...pieces].sort((a, b) => ascending(a.ra, b.ra))) {
    if (piece.ra !== cursor) return [`${name} is not tiled: a gap or overlap at RA 0x${cursor.toString(16)} (rule 1)`];
    cursor = piece.ra + piece.size;
  }
  return cursor === block.ra + block.size ? [] : [`${name} is not tiled: nothing from RA 0x${cursor.toString(16)} (rule 1)`];
}

/** Rule 3: no two pieces overlap in PA. */
function overlapProblems(pieces: readonly CheckedPiece[]): string[] {
  const byPa = [...pieces].sort((a, b) => ascending(a.pa, b.pa));
  const problems: string[] = [];
  for (let i = 1; i < byPa.length; i++) {
    const [before, after] = [byPa[i - 1]!, byPa[i]!];
    if (before.pa + before.size > after.pa) {
      problems.push(`placements[${before.index}] and placements[${after.index}] overlap in PA (rule 3)`);
    }
  }
  return problems;
}
