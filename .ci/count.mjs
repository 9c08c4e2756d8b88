// Turn tap's closing summary ("# { total: 12, pass: 11, fail: 1, skip: 0 }")
// into the plain line CI reads: "N passed, N failed".
import { readFileSync } from 'node:fs';

const log = readFileSync(process.argv[2], 'utf8');
const summaries = [...log.matchAll(/^# \{ (total: \d+[^}]*)\}$/gm)];
if (summaries.length === 0) {
  console.log('0 passed, 1 failed');
} else {
  const fields = Object.fromEntries(
    summaries[summaries.length - 1][1].split(',').map((pair) => pair.trim().split(': ')).filter((p) => p.length === 2),
  );
  const passed = Number(fields.pass ?? 0);
  const failed = Number(fields.fail ?? 0);
  const skipped = Number(fields.skip ?? 0) + Number(fields.todo ?? 0);
  console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
}
