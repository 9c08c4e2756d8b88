import t from 'tap';
import { charsIn, clip, escapeXml, px, textWidth, wrap } from '../../src/report/svg-text.js';

t.test('escapeXml: the five special characters become entities', async (t) => {
  t.equal(escapeXml(`ldg<1> & "web" 'a'`), 'ldg&lt;1&gt; &amp; &quot;web&quot; &apos;a&apos;');
});

t.test('escapeXml: characters XML 1.0 cannot carry become U+FFFD; tab, newline and pairs stay', async (t) => {
  t.equal(escapeXml('a\u0000b\u001Fc\uFFFEd\uFFFF'), 'a\uFFFDb\uFFFDc\uFFFDd\uFFFD');
  t.equal(escapeXml('lone \uD800 high, lone \uDC00 low'), 'lone \uFFFD high, lone \uFFFD low');
  t.equal(escapeXml('tab\tnewline\n pair \uD83D\uDE00'), 'tab\tnewline\n pair \uD83D\uDE00');
});

t.test('textWidth and charsIn: 0.6 em a character, astral characters count once', async (t) => {
  t.equal(textWidth('0x8000000', 10), 54);
  t.equal(textWidth('\uD83D\uDE00', 10), 6);
  t.equal(charsIn(60, 10), 10);
  t.equal(charsIn(59.9, 10), 9);
});

t.test('clip: short text unchanged, long text cut with an ellipsis', async (t) => {
  t.equal(clip('ldg-src', 7), 'ldg-src');
  t.equal(clip('ldg-source', 7), 'ldg-so…');
  t.equal(clip('\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00', 2), '\uD83D\uDE00…');
  t.equal(clip('ab', 0), '…');
});

t.test('wrap: breaks at spaces, cuts words longer than a line, keeps an empty text as one line', async (t) => {
  t.same(wrap('the 2G block at RA 0x8000000', 12), ['the 2G block', 'at RA', '0x8000000']);
  t.same(wrap('ab 0123456789abc de', 5), ['ab', '01234', '56789', 'abc', 'de']);
  t.same(wrap('0123456789', 5), ['01234', '56789']);
  t.same(wrap('', 5), ['']);
});

t.test('px: two decimals at most, never -0', async (t) => {
  t.equal(px(12.345678), '12.35');
  t.equal(px(3), '3');
  t.equal(px(-0.001), '0');
  t.equal(px(-2.5), '-2.5');
});
