/**
 * The same tool reading what `ldm` printed on the two machines instead of
 * building the question by hand: the source's `ldm list -o memory ldg-src`
 * and the target's `ldm list-devices memory`, as an orchestration tool gets
 * them back from an ssh session (`ldmfit/ldm`, then `place` from the main
 * entry). CI compiles and runs it beside place-and-check.ts.
 */
import { place } from 'ldmfit';
import { InputError, placementFromCaptures, readLdmCaptures } from 'ldmfit/ldm';

const sourceText = ['# ldm list -o memory ldg-src', 'NAME', 'ldg-src', '', 'MEMORY', '    RA               PA               SIZE', '    0x8000000        0x208000000      2G', ''].join('\n');
const targetText = ['# ldm list-devices memory', 'MEMORY', '    PA                   SIZE', '    0x108000000          1G', '    0x188000000          1G', ''].join('\n');

try {
  const source = readLdmCaptures([{ name: 'source', content: sourceText }]);
  const target = readLdmCaptures([{ name: 'target', content: new TextEncoder().encode(targetText) }]);
  const { question, warnings } = placementFromCaptures(source, target, 'ldg-src');
  for (const warning of warnings) console.warn(`warning: ${warning}`);
  const answer = place(question, { nodeLimit: 100_000 });
  console.log(`from captures: ${answer.status}${answer.status === 'infeasible' ? `, block at RA 0x${answer.failedBlock?.ra.toString(16)}` : ''}`);
} catch (error) {
  // A capture that does not read names its file and line.
  if (error instanceof InputError) console.error(error.message);
  else throw error;
}
