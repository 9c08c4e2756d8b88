/**
 * Reading the memory map back, for its tests: the document checked and
 * parsed by a real XML parser (fast-xml-parser), every element flattened
 * with its attributes, text and enclosing group ids, and the map's
 * geometry from the attributes it publishes (PA window, band position).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One element of the document. */
export interface SvgElement {
  /** Tag name (`rect`, `text`, `g`, …). */
  readonly tag: string;
  /** Attributes, as written. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Its own text (entities decoded), for `text` and `title`. */
  readonly text: string;
  /** Ids of the groups around it, outermost first. */
  readonly within: readonly string[];
  /** Its fill, its own or inherited from its groups. */
  readonly fill: string | undefined;
}

type Node = Record<string, unknown>;

/** Whether `svg` is well-formed XML; the parser's complaint otherwise. */
export function xmlError(svg: string): string | undefined {
  const result = XMLValidator.validate(svg);
  return result === true ? undefined : `${result.err.msg} (line ${result.err.line}, column ${result.err.col})`;
}

/** Every element of the document, in document order. */
export function elements(svg: string): SvgElement[] {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, trimValues: false });
  const out: SvgElement[] = [];
  const walk = (nodes: Node[], within: string[], inherited: string | undefined): void => {
    for (const node of nodes) {
      const tag = Object.keys(node).find((key) => key !== ':@')!;
      if (tag === '#text' || tag === '?xml') continue;
      const attributes = (node[':@'] ?? {}) as Record<string, string>;
      const children = node[tag] as Node[];
      const text = children.filter((child) => '#text' in child).map((child) => String(child['#text'])).join('');
      const fill = attributes['fill'] ?? inherited;
      out.push({ tag, attributes, text, within, fill });
      walk(children, attributes['id'] === undefined ? within : [...within, attributes['id']], fill);
    }
  };
  walk(parser.parse(svg) as Node[], [], undefined);
  return out;
}

/** The map band's place in the picture and its PA window, as the map group publishes them. */
export interface MapGeometry {
  readonly from: bigint;
  readonly to: bigint;
  /** Left edge of the plot in the picture. */
  readonly x: number;
  /** Top of the band. */
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Where PA `pa` falls, in picture pixels from the left. */
  xOf(pa: bigint): number;
  /** Where PA `pa` falls, in pixels from the plot's left edge (the map group's own coordinates). */
  plotXOf(pa: bigint): number;
}

/** The geometry of the map of `svg`. */
export function mapGeometry(svg: string): MapGeometry {
  const map = elements(svg).find((element) => element.attributes['id'] === 'map')!.attributes;
  const from = BigInt(map['data-pa-from']!);
  const to = BigInt(map['data-pa-to']!);
  const x = Number(map['data-x']);
  const width = Number(map['data-width']);
  const plotXOf = (pa: bigint): number => (Number(pa - from) / Number(to - from)) * width;
  return { from, to, x, y: Number(map['data-y']), width, height: Number(map['data-height']), plotXOf, xOf: (pa) => x + plotXOf(pa) };
}

/** The elements inside the map group. */
export function mapElements(svg: string): SvgElement[] {
  return elements(svg).filter((element) => element.within.includes('map'));
}

/** All the text of the document's `text` elements, one line each. */
export function texts(svg: string): string[] {
  return elements(svg).filter((element) => element.tag === 'text').map((element) => element.text);
}
