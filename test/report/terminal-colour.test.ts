import t from 'tap';
import { colourWanted, paint } from '../../src/report/terminal-colour.js';

t.test('colour only on a terminal, and never when NO_COLOR is set to something', async (t) => {
  t.equal(colourWanted(true, {}), true);
  t.equal(colourWanted(true, { NO_COLOR: '1' }), false);
  t.equal(colourWanted(true, { NO_COLOR: '0' }), false, 'any value but the empty string');
  t.equal(colourWanted(true, { NO_COLOR: '' }), true, 'an empty NO_COLOR is unset (no-color.org)');
  t.equal(colourWanted(false, {}), false, 'a pipe or a file');
});

t.test('paint wraps the line\'s text in the tint and a reset, and nothing else', async (t) => {
  t.equal(paint('Unable to bind 2G', 'red', true), '\x1b[31mUnable to bind 2G\x1b[0m');
  t.equal(paint('warning X', 'yellow', true), '\x1b[33mwarning X\x1b[0m');
  t.equal(paint('placed', 'green', true), '\x1b[32mplaced\x1b[0m');
  t.equal(paint('info X', 'dim', true), '\x1b[2minfo X\x1b[0m');
  t.equal(paint('Unable to bind 2G', 'red', false), 'Unable to bind 2G', 'off');
  t.equal(paint('Reason: …', undefined, true), 'Reason: …', 'no tint');
  t.equal(paint('', 'red', true), '', 'an empty line stays empty');
});
