/**
 * Text in SVG: XML escaping, the characters XML 1.0 forbids, widths in a
 * monospace font, line wrapping and pixel numbers. What the memory map
 * needs to stay a valid, deterministic document whatever names it is given.
 *
 * @module
 */

/** Width of one character in a monospace font, as a fraction of the font size (0.6 em: DejaVu Sans Mono, Menlo, Consolas). */
export const CHAR_WIDTH_EM = 0.6;

/**
 * Characters XML 1.0 does not allow in a document even as references: C0
 * controls other than tab, newline and carriage return, U+FFFE, U+FFFF, and
 * UTF-16 surrogates that are not part of a pair.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * `text` as XML character data or an attribute value: the five special
 * characters as entities, and every character XML cannot carry replaced by
 * U+FFFD. O(length).
 */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (special) => ENTITIES[special]!);
}

/** How wide `text` is in pixels in a monospace font of `fontSize` pixels. */
export function textWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * CHAR_WIDTH_EM;
}

/** How many characters of a monospace font of `fontSize` pixels fit in `width` pixels. */
export function charsIn(width: number, fontSize: number): number {
  return Math.floor(width / (fontSize * CHAR_WIDTH_EM));
}

/** `text` cut to at most `max` characters, the last one `…` when cut (a name in a title or legend). */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/**
 * `text` in lines of at most `max` characters, broken at spaces; a word
 * longer than a line is cut into pieces. O(length).
 */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let rest = [...word];
    while (rest.length > max) {
      if (line !== '') lines.push(line);
      lines.push(rest.slice(0, max).join(''));
      rest = rest.slice(max);
      line = '';
    }
    const piece = rest.join('');
    if (line === '') line = piece;
    else if ([...line].length + 1 + rest.length <= max) line += ' ' + piece;
    else {
      lines.push(line);
      line = piece;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** A pixel coordinate as the document writes it: at most two decimals, no `-0`, no exponent. */
export function px(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? '0' : String(rounded);
}
