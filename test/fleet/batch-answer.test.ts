import t from 'tap';
import { readFileSync } from 'node:fs';
import { answerLine } from '../../src/fleet/batch-answer.js';

const example = (name: string): string => JSON.stringify(JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8')));

t.test('a placement question gets what place --json prints, with its line first', async (t) => {
  const answer = JSON.parse(answerLine(example('seed-2g-into-two-1g.json'), 7, {})) as Record<string, unknown>;
  t.same(Object.keys(answer).slice(0, 4), ['line', 'status', 'placements', 'message']);
  t.same([answer.line, answer.status], [7, 'infeasible']);
});

t.test('a request (it has a source) gets what check --json prints', async (t) => {
  const answer = JSON.parse(answerLine(example('check-pass.json'), 2, {})) as Record<string, unknown>;
  t.same(Object.keys(answer), ['line', 'status', 'ok', 'findings', 'placements']);
  t.equal(answer.ok, true);
});

t.test('a bad line is an error answer that names what is wrong, never a throw', async (t) => {
  t.equal(answerLine('{bad', 3, {}), '{"line":3,"error":"column 2: invalid JSON: Expected property name or \'}\'"}');
  t.equal(answerLine('[1]', 4, {}), '{"line":4,"error":"the instance must be a JSON object (got \\"[1]\\")"}');
  t.match(JSON.parse(answerLine('{"source":{},"domain":{},"target":{}}', 5, {})).error, /^domain\.name: is required$/);
});
