/**
 * "Did you mean": the known field a misspelt one was meant to be, for the
 * unknown-field errors of every file ldmfit reads (instance files and request
 * files). A misspelt field is never ignored, since a constraint silently
 * dropped gives a wrong verdict; the error names the field the user wrote and
 * the one they probably meant.
 *
 * @module
 */
import leven from 'leven';

/**
 * The known field closest to `key`, or `undefined` when none is close.
 *
 * Close means: after folding case, at most one edit (Levenshtein: insert,
 * delete, replace) per three characters of the known name, and at least one.
 * That takes `swtich` → `switch`, `strand` → `strands`, `Memory` → `memory`,
 * `alignmnet` → `alignment`, `nmae` → `name`, and leaves `x` or `freeRanges`
 * without a suggestion (the error then lists the known fields). The nearest
 * wins; of equally near ones, the first in `known`.
 *
 * Cost: O(|key| · f) per known field of f characters, and O(1) for a key
 * whose length alone rules it out (however long it is).
 *
 * @param key the field name as the user wrote it
 * @param known the field names allowed where it appeared
 */
export function closestField(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const limit = Math.max(1, Math.ceil(candidate.length / 3));
    if (Math.abs(key.length - candidate.length) > limit) continue;
    const distance = leven(key.toLowerCase(), candidate.toLowerCase(), { maxDistance: limit + 1 });
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * What an unknown-field error says after the field's path: the suggestion of
 * {@link closestField} when there is one, else the fields allowed there.
 *
 * @param key the unknown field's name as the user wrote it
 * @param known the field names allowed where it appeared
 * @returns `unknown field; did you mean "switch"?` or
 *   `unknown field; expected one of name, switch, hybrid`
 */
export function unknownFieldDetail(key: string, known: readonly string[]): string {
  const suggestion = closestField(key, known);
  return suggestion === undefined
    ? `unknown field; expected one of ${known.join(', ')}`
    : `unknown field; did you mean ${JSON.stringify(suggestion)}?`;
}
