/**
 * The memory map: a placement answer as a picture of the target's physical
 * address space, one standalone SVG document (`ldmfit place --svg FILE`).
 *
 * From left to right the target's PAs, low to high; from top to bottom:
 *
 * - the title (domain, target, verdict) and the answer in words: ldm's
 *   failure line and the certificate, or how many pieces were placed;
 * - ticks above the map for placed pieces narrower than a pixel;
 * - the map band: free ranges in green on a grey ground (grey is memory
 *   not listed free), memory bound on the target in its owner's colour
 *   (when the caller gives it), the placed pieces in their source block's
 *   colour with their RA where the label fits; the free range the failed
 *   block would need, outlined in red;
 * - for a block that fits nowhere (a `block` certificate): a lane under
 *   the map with the block laid from its first congruent address (a red
 *   marker) in the best range, light red where the range holds it, red
 *   where it runs past the range's end;
 * - the axis: ticks at a power-of-two step, each labelled with its address
 *   as an ldm size (`4G`, `4608M`) and in hex, and the map's scale;
 * - the legend.
 *
 * Large maps stay legible and small (see `svg-scale.ts`): an interval
 * narrower than a pixel is aggregated into its pixel column, which is drawn
 * once, as tall as the fraction of it that is free (bound memory is stacked
 * above the free part in the column's main owner's colour); the file is
 * O(width) long, whatever the number of ranges. Drawing costs O(n + p log b)
 * for n free ranges, p pieces and b blocks.
 *
 * The same inputs give the same bytes: no clock, no randomness, numbers
 * rounded to two decimals, ties broken by index.
 *
 * @module
 */
import { alignmentBytes, blockBytes, type BlockBytes, type PieceBytes } from '../memory/frame.js';
import type { PlacementInstance } from '../memory/instance.js';
import { formatHex, formatSize } from '../quantity.js';
import type { BlockCertificate, FeasibleAnswer, InfeasibleAnswer, UnknownAnswer } from '../solve/answer.js';
import type { StopReason } from '../solve/result.js';
import { certificateText, DEFAULT_PROFILE, type MessageProfile, unableToBindMessage } from './messages.js';
import { columnHeight, type PaScale, paScale, pixelOf, type PixelIntervals, type Raster, rasterize, ticksOf } from './svg-scale.js';
import { charsIn, clip, escapeXml, px, textWidth, wrap } from './svg-text.js';

/** Memory bound on the target, in bytes: `[pa, pa + size)` held by `owner` (a domain, or `_sys_` for the hypervisor). */
export interface BoundMemory {
  /** First byte. */
  readonly pa: bigint;
  /** Length in bytes, > 0. */
  readonly size: bigint;
  /** Who holds it, as `ldm list-devices -a memory` prints the BOUND column. */
  readonly owner: string;
}

/**
 * What the map draws of an answer. Every {@link PlacementAnswer} is one; a
 * caller holding only pieces (a checked `mblockmap`) can build the feasible
 * form.
 */
export type MapAnswer =
  | Pick<FeasibleAnswer, 'status' | 'placements'>
  | Pick<InfeasibleAnswer, 'status' | 'failedBlock' | 'certificate'>
  | Pick<UnknownAnswer, 'status' | 'stoppedBy'>;

/** Choices for {@link placementSvg}. */
export interface PlacementSvgOptions {
  /** Width of the picture in pixels (default 1200; at least 480). */
  readonly width?: number;
  /** Memory bound on the target, by owner, in bytes; drawn in the owner's colour. Rows must not overlap each other or the free ranges. */
  readonly bound?: readonly BoundMemory[];
  /** Wording of ldm's failure line (default {@link DEFAULT_PROFILE}). */
  readonly profile?: MessageProfile;
  /** Lines printed under the answer (`ldmfit check` puts its memory findings here). */
  readonly notes?: readonly string[];
}

/** The colours of source blocks, in RA order, repeating; each with a text colour that reads on it. */
const BLOCK_COLOURS: readonly { readonly fill: string; readonly text: string }[] = [
  { fill: '#1f77b4', text: '#ffffff' },
  { fill: '#ff7f0e', text: '#000000' },
  { fill: '#9467bd', text: '#ffffff' },
  { fill: '#8c564b', text: '#ffffff' },
  { fill: '#e377c2', text: '#000000' },
  { fill: '#bcbd22', text: '#000000' },
  { fill: '#17becf', text: '#000000' },
  { fill: '#393b79', text: '#ffffff' },
];
/** The colours of bound memory by owner, in order of first appearance, repeating: muted, so pieces stand out. */
const OWNER_COLOURS: readonly string[] = ['#c9b79c', '#b0b0d6', '#9fbfd3', '#d4a9a9', '#c4c48f', '#a9cfc0', '#d1b3d6', '#e0c990'];
/** Everything else. Exported for tests that look for these colours in a rendering. */
export const MAP_COLOURS = {
  /** Free memory. */
  free: '#a6dba0',
  /** Labels on free memory. */
  freeText: '#1b5e20',
  /** Memory not listed free (the band's ground). */
  notFree: '#e6e6e6',
  /** The block that cannot be bound, where it runs past the best range; the marker of its first congruent address. */
  fail: '#d62728',
  /** The same block where the best range holds it. */
  failRoom: '#f4a6a6',
  /** Text and the axis. */
  ink: '#222222',
  /** Secondary text. */
  muted: '#666666',
  /** The picture's background. */
  paper: '#ffffff',
} as const;

const DEFAULT_WIDTH = 1200;
const MIN_WIDTH = 480;
const MARGIN = 16;
const FONT = 11;
const TITLE_FONT = 15;
const LINE = 16;
/** The map band: pieces in the upper part, the free range they sit in showing below them with its label. */
const BAND = 72;
const RANGE_STRIP = 18;
const TICK_STRIP = 8;
const LANE = 18;

/** The picture's horizontal layout: where the plot starts, how wide it is, and its scale. */
interface Frame {
  /** Left edge of the plot in the picture (inset from the margin by half a tick label). */
  readonly left: number;
  /** Width of the text above and below the plot, which starts at the margin. */
  readonly textWidth: number;
  /** Width of the plot in pixels. */
  readonly plot: number;
  /** Pixel columns of the plot. */
  readonly columns: number;
  /** PAs across the plot. */
  readonly scale: PaScale;
}

/**
 * Draw the target's physical address space with the answer on it (see the
 * module comment for what is drawn where).
 *
 * @param instance the question (its free ranges and blocks)
 * @param answer the answer to draw, or undefined for the map alone (a check that never asked the solver)
 * @param options width, bound memory, wording, extra lines
 * @returns a standalone SVG document (UTF-8 text, `<?xml …?>` first)
 */
export function placementSvg(instance: PlacementInstance, answer: MapAnswer | undefined, options: PlacementSvgOptions = {}): string {
  const width = Math.max(MIN_WIDTH, Math.round(options.width ?? DEFAULT_WIDTH));
  const blocks = blocksByRa(instance);
  const pieces = answer?.status === 'feasible' ? answer.placements : [];
  const failure = answer?.status === 'infeasible' && answer.certificate.kind === 'block' ? answer.certificate : undefined;
  const bound = options.bound ?? [];
  const frame = frameOf(instance, pieces, bound, failure, width);
  const free = freeIntervals(instance, frame.scale);
  const placed = pieceIntervals(blocks, pieces, frame);
  const out: string[] = [];
  const tickTop = header(out, instance, answer, blocks.length, options, frame, MARGIN);
  const bandTop = tickTop + (placed.ticks ? TICK_STRIP + 4 : 0);
  const body = [`<rect x="0" y="${bandTop}" width="${px(frame.plot)}" height="${BAND}" fill="${MAP_COLOURS.notFree}"/>`];
  const aggregated = memoryLayers(body, instance, free, bound, frame, bandTop);
  body.push(...pieceRects(blocks, pieces, placed, frame, tickTop, bandTop));
  const laneBottom = failure === undefined ? bandTop + BAND : failureLane(body, failure, frame, bandTop, bandTop + BAND + 6);
  out.push(mapGroup(frame, bandTop, body));
  let y = axis(out, frame, laneBottom + 8);
  y = summary(out, instance, free.total, bound.length, frame, aggregated, y);
  y = legend(out, { blocks, placed: pieces.length > 0, owners: ownersOf(bound), failure, ticks: placed.ticks, aggregated }, frame, y);
  return document(width, y + MARGIN, instance, answer, out);
}

/** The blocks as the question gave them, in bytes, in RA order (ldm's binding order; the colour order). */
function blocksByRa(instance: PlacementInstance): BlockBytes[] {
  // Blocks do not overlap in RA: no two compare equal.
  return instance.blocks.map((_, index) => blockBytes(instance, index)).sort((a, b) => (a.ra < b.ra ? -1 : 1));
}

/** The window: every free range, bound row, piece, and the failed block laid in its best range, rounded out to ticks. */
function frameOf(
  instance: PlacementInstance,
  pieces: readonly PieceBytes[],
  bound: readonly BoundMemory[],
  failure: BlockCertificate | undefined,
  width: number,
): Frame {
  let low: bigint | undefined;
  let high = 0n;
  const include = (pa: bigint, size: bigint): void => {
    if (low === undefined || pa < low) low = pa;
    if (pa + size > high) high = pa + size;
  };
  const extent = freeExtent(instance);
  if (extent !== undefined) include(extent.low, extent.high - extent.low);
  for (const row of [...bound, ...pieces]) include(row.pa, row.size);
  if (failure?.bestRange !== undefined) {
    include(failure.bestRange.pa, failure.bestRange.size);
    include(failure.bestRangeAt!, failure.item.size);
  }
  const first = low ?? 0n;
  const last = high > first ? high : first + alignmentBytes(instance);
  // A tick label is an address in hex under an ldm size, centred on its tick: the hex is the longer
  // (rounding the window out may add a digit). Ticks leave a gap between labels; the plot leaves
  // half a label at each end so the end labels stay in the picture.
  const label = textWidth(formatHex(last) + '0', FONT);
  const left = MARGIN + Math.ceil(label / 2);
  const plot = width - 2 * left;
  const scale = paScale(first, last, BigInt(instance.granuleBytes), plot, label + 16);
  return { left, textWidth: width - 2 * MARGIN, plot, columns: Math.ceil(plot), scale };
}

/** The lowest free byte and one past the highest, in bytes; undefined when nothing is free. O(n). */
function freeExtent(instance: PlacementInstance): { readonly low: bigint; readonly high: bigint } | undefined {
  const { count, start, size } = instance.free;
  if (count === 0) return undefined;
  const frame = instance.frame;
  const g = BigInt(instance.granuleBytes);
  if (frame !== undefined) {
    // Framed ranges are sorted and disjoint: the last one ends highest.
    const last = count - 1;
    return { low: frame.rangeTrueStart[0]!, high: frame.rangeTrueStart[last]! + BigInt(size[last]!) * g };
  }
  let low = Infinity;
  let high = 0;
  for (let i = 0; i < count; i++) {
    low = Math.min(low, start[i]!);
    high = Math.max(high, start[i]! + size[i]!);
  }
  return { low: BigInt(low) * g, high: BigInt(high) * g };
}

/** The title, the answer in words and the notes; returns the next free y. */
function header(
  out: string[],
  instance: PlacementInstance,
  answer: MapAnswer | undefined,
  blockCount: number,
  options: PlacementSvgOptions,
  frame: Frame,
  top: number,
): number {
  let y = top + TITLE_FONT;
  const heading = `${clip(instance.domainName, 64)} on ${clip(instance.targetName, 64)}: ${verdictOf(answer)}`;
  out.push(text(MARGIN, y, heading, { size: TITLE_FONT, weight: 'bold' }));
  const lines = [...answerLines(answer, blockCount, options.profile ?? DEFAULT_PROFILE), ...(options.notes ?? [])];
  for (const line of lines.flatMap((line) => wrap(line, charsIn(frame.textWidth, FONT)))) {
    y += LINE;
    out.push(text(MARGIN, y, line, {}));
  }
  return y + 12;
}

function verdictOf(answer: MapAnswer | undefined): string {
  return answer === undefined ? 'free memory' : answer.status === 'unknown' ? 'undecided' : answer.status;
}

const STOPPED_BY: Readonly<Record<StopReason, string>> = {
  'time-limit': 'the time limit',
  'node-limit': 'the node limit',
  'work-limit': 'the LP solver\'s work limit',
  'size-limit': 'the model size limit',
};

/** The answer in words: what the text report says, shortly. */
function answerLines(answer: MapAnswer | undefined, blockCount: number, profile: MessageProfile): string[] {
  if (answer === undefined) return [];
  switch (answer.status) {
    case 'feasible':
      return [`${count(blockCount, 'block')} placed in ${count(answer.placements.length, 'piece')}`];
    case 'infeasible':
      return [
        ...(answer.failedBlock === undefined ? [] : [unableToBindMessage(answer.failedBlock, profile)]),
        `Reason: ${certificateText(answer.certificate)}`,
      ];
    case 'unknown':
      return [`undecided: ${STOPPED_BY[answer.stoppedBy]} ran out before a verdict`];
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The free ranges in pixels, and their total in bytes. O(n). */
function freeIntervals(instance: PlacementInstance, scale: PaScale): PixelIntervals & { readonly total: bigint } {
  const { count: n, start, size } = instance.free;
  const g = BigInt(instance.granuleBytes);
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const pxPerUnit = scale.pxPerByte * instance.granuleBytes;
  const framed = instance.frame;
  // Unframed, units are granules from 0 and the window starts on a granule: plain doubles place them.
  const fromUnits = Number(scale.from / g);
  let units = 0;
  for (let i = 0; i < n; i++) {
    x[i] = framed === undefined ? (start[i]! - fromUnits) * pxPerUnit : pixelOf(scale, framed.rangeTrueStart[i]!);
    w[i] = size[i]! * pxPerUnit;
    units += size[i]!;
  }
  // Ranges do not overlap and end below 2^52 units: the sum is exact.
  return { count: n, x, w, total: BigInt(units) * g };
}

/**
 * The band's memory: bound rows and free ranges at least a pixel wide as
 * themselves (with their size or owner where the label fits), narrower ones
 * as columns, free from the bottom and bound stacked on it. Returns whether
 * any column was aggregated.
 */
function memoryLayers(
  body: string[],
  instance: PlacementInstance,
  free: PixelIntervals,
  bound: readonly BoundMemory[],
  frame: Frame,
  top: number,
): boolean {
  const owners = new Map(ownersOf(bound).map((owner, k) => [owner, k]));
  const boundPixels = bytesIntervals(bound, frame.scale, (row) => owners.get(row.owner)!);
  const boundRaster = rasterize(boundPixels, frame.columns);
  for (const i of boundRaster.exact) body.push(...boundRect(bound[i]!, owners.get(bound[i]!.owner)!, boundPixels.x[i]!, boundPixels.w[i]!, top));
  const freeRaster = rasterize(free, frame.columns);
  const exact = freeRaster.exact.map((i) => freeRect(instance, i, free.x[i]!, free.w[i]!, top));
  const freeHeight = Array.from(freeRaster.cover, (cover) => columnHeight(cover, BAND));
  const boundHeight = Array.from(boundRaster.cover, (cover) => columnHeight(cover, BAND));
  const freeColumns = runs(
    frame.columns,
    (c) => freeHeight[c]! > 0,
    (a, b) => freeHeight[a] === freeHeight[b],
    (c, run) => `<rect x="${c}" y="${top + BAND - freeHeight[c]!}" width="${run}" height="${freeHeight[c]}"/>`,
  );
  const boundColumns = runs(
    frame.columns,
    (c) => boundHeight[c]! > 0,
    (a, b) => boundHeight[a] === boundHeight[b] && freeHeight[a] === freeHeight[b] && boundRaster.dominant[a] === boundRaster.dominant[b],
    (c, run) => {
      const y = Math.max(top, top + BAND - freeHeight[c]! - boundHeight[c]!);
      return `<rect x="${c}" y="${y}" width="${run}" height="${top + BAND - freeHeight[c]! - y}" fill="${ownerColour(boundRaster.dominant[c]!)}"/>`;
    },
  );
  // The ranges take their fill from the group; their labels, in another colour, come after it.
  const rects = exact.map((range) => range.rect).join('');
  const labels = exact.flatMap((range) => (range.label === undefined ? [] : [range.label]));
  body.push(`<g fill="${MAP_COLOURS.free}">${rects}${freeColumns.join('')}</g>`, ...labels, ...boundColumns);
  return freeColumns.length > 0 || boundColumns.length > 0;
}

/** A bound row at least a pixel wide, with its owner's name where it fits. */
function boundRect(row: BoundMemory, owner: number, x: number, w: number, top: number): string[] {
  const tip = `${row.owner}: ${formatSize(row.size)} bound at ${formatHex(row.pa)}`;
  const rect = `<rect x="${px(x)}" y="${top}" width="${px(w)}" height="${BAND}" fill="${ownerColour(owner)}">${title(tip)}</rect>`;
  const room = charsIn(w - 6, FONT);
  return room < 2 ? [rect] : [rect, text(x + w / 2, top + BAND / 2 + 4, clip(row.owner, room), { anchor: 'middle' })];
}

/** A free range at least a pixel wide (its fill comes from the group), and its size and address where they fit. */
function freeRect(instance: PlacementInstance, i: number, x: number, w: number, top: number): { readonly rect: string; readonly label?: string } {
  const size = formatSize(BigInt(instance.free.size[i]!) * BigInt(instance.granuleBytes));
  const at = formatHex(instance.frame?.rangeTrueStart[i] ?? BigInt(instance.free.start[i]!) * BigInt(instance.granuleBytes));
  const rect = `<rect x="${px(x)}" y="${top}" width="${px(w)}" height="${BAND}">${title(`free ${size} at ${at}`)}</rect>`;
  const label = [`${size} at ${at}`, size].find((candidate) => textWidth(candidate, FONT) + 6 <= w);
  return label === undefined ? { rect } : { rect, label: text(x + 3, top + BAND - 5, label, { fill: MAP_COLOURS.freeText }) };
}

/**
 * One rectangle per run of columns that `draw` and are `same` as the run's
 * first: `draw(firstColumn, runLength)`. O(columns).
 */
function runs(
  columns: number,
  drawn: (column: number) => boolean,
  same: (first: number, column: number) => boolean,
  draw: (column: number, run: number) => string,
): string[] {
  const out: string[] = [];
  for (let c = 0; c < columns; ) {
    let end = c + 1;
    while (end < columns && same(c, end)) end++;
    if (drawn(c)) out.push(draw(c, end - c));
    c = end;
  }
  return out;
}

/** Rows in bytes as pixel intervals of the window, with a category each. */
function bytesIntervals<T extends { readonly pa: bigint; readonly size: bigint }>(
  rows: readonly T[],
  scale: PaScale,
  categoryOf: (row: T) => number,
): PixelIntervals & { readonly category: Int32Array } {
  const x = new Float64Array(rows.length);
  const w = new Float64Array(rows.length);
  const category = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    x[i] = pixelOf(scale, row.pa);
    w[i] = Number(row.size) * scale.pxPerByte;
    category[i] = categoryOf(row);
  });
  return { count: rows.length, x, w, category };
}

/** Owners in order of first appearance. */
function ownersOf(bound: readonly BoundMemory[]): string[] {
  return [...new Set(bound.map((row) => row.owner))];
}

function ownerColour(owner: number): string {
  return OWNER_COLOURS[owner % OWNER_COLOURS.length]!;
}

function blockColour(rank: number): { readonly fill: string; readonly text: string } {
  return BLOCK_COLOURS[rank % BLOCK_COLOURS.length]!;
}

/** The pieces in pixels, each of its block's rank in RA order, aggregated; `ticks` when some are narrower than a pixel. */
function pieceIntervals(
  blocks: readonly BlockBytes[],
  pieces: readonly PieceBytes[],
  frame: Frame,
): PixelIntervals & { readonly category: Int32Array; readonly raster: Raster; readonly ticks: boolean } {
  const intervals = bytesIntervals(pieces, frame.scale, (piece) => blockRank(blocks, piece.ra));
  const raster = rasterize(intervals, frame.columns);
  return { ...intervals, raster, ticks: raster.dominant.some((rank) => rank >= 0) };
}

/** The placed pieces: those at least a pixel wide in the band, the narrower ones as ticks above it in their column's main block colour. */
function pieceRects(
  blocks: readonly BlockBytes[],
  pieces: readonly PieceBytes[],
  placed: ReturnType<typeof pieceIntervals>,
  frame: Frame,
  tickTop: number,
  bandTop: number,
): string[] {
  const { raster, category } = placed;
  const dominant = raster.dominant;
  const ticks = runs(
    frame.columns,
    (c) => dominant[c]! >= 0,
    (a, b) => dominant[a] === dominant[b],
    (c, run) => `<rect x="${c}" y="${tickTop}" width="${run}" height="${TICK_STRIP}" fill="${blockColour(dominant[c]!).fill}"/>`,
  );
  const exact = raster.exact.map((i) => pieceRect(pieces[i]!, blocks[category[i]!]!, category[i]!, placed.x[i]!, placed.w[i]!, bandTop));
  return [...ticks, ...exact];
}

/** The rank in RA order of the block holding `ra`: the last block starting at or below it. O(log b). */
function blockRank(blocks: readonly BlockBytes[], ra: bigint): number {
  let low = 0;
  let high = blocks.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (blocks[mid]!.ra <= ra) low = mid;
    else high = mid - 1;
  }
  return low;
}

function pieceRect(piece: PieceBytes, block: BlockBytes, rank: number, x: number, w: number, top: number): string {
  const colour = blockColour(rank);
  const tip = `RA ${formatHex(piece.ra)} at PA ${formatHex(piece.pa)}, ${formatSize(piece.size)}, of the ${formatSize(block.size)} block at RA ${formatHex(block.ra)}`;
  const rect = `<rect x="${px(x)}" y="${top}" width="${px(w)}" height="${BAND - RANGE_STRIP}" fill="${colour.fill}" stroke="${MAP_COLOURS.paper}" stroke-width="0.5">${title(tip)}</rect>`;
  const ra = formatHex(piece.ra);
  const label = [`RA ${ra}, ${formatSize(piece.size)}`, `RA ${ra}`, ra].find((candidate) => textWidth(candidate, FONT) + 6 <= w);
  return label === undefined ? rect : rect + text(x + 3, top + (BAND - RANGE_STRIP) / 2 + 4, label, { fill: colour.text });
}

/**
 * The lane of a block that fits nowhere: the block laid from its first
 * congruent address in the best range; the best range outlined in the band;
 * the marker at that address. Returns the lane's bottom.
 */
function failureLane(body: string[], certificate: BlockCertificate, frame: Frame, bandTop: number, top: number): number {
  const best = certificate.bestRange;
  if (best === undefined) return top;
  const { scale } = frame;
  const at = certificate.bestRangeAt!;
  const x = pixelOf(scale, best.pa);
  const w = Math.max(2, Number(best.size) * scale.pxPerByte);
  body.push(`<rect x="${px(x)}" y="${bandTop + 1}" width="${px(w)}" height="${BAND - 2}" fill="none" stroke="${MAP_COLOURS.fail}" stroke-width="2"/>`);
  const start = pixelOf(scale, at);
  const room = Math.min(Number(certificate.bestRangeRoom), Number(certificate.item.size)) * scale.pxPerByte;
  const needed = Math.max(1, Number(certificate.item.size) * scale.pxPerByte);
  if (room > 0) body.push(`<rect x="${px(start)}" y="${top}" width="${px(room)}" height="${LANE}" fill="${MAP_COLOURS.failRoom}"/>`);
  body.push(`<rect x="${px(start + room)}" y="${top}" width="${px(Math.max(1, needed - room))}" height="${LANE}" fill="${MAP_COLOURS.fail}"/>`);
  const label = `${formatSize(certificate.item.size)} needed from ${formatHex(at)}`;
  if (textWidth(label, FONT) + 8 <= needed) body.push(text(start + 4, top + LANE / 2 + 4, label, { fill: MAP_COLOURS.ink }));
  // The marker: a line through band and lane at the first congruent address, and a triangle above the band.
  body.push(`<path d="M${px(start)} ${bandTop - 2}V${top + LANE}" stroke="${MAP_COLOURS.fail}" stroke-width="2"/>`);
  body.push(`<path d="M${px(start - 5)} ${bandTop - 9}h10l-5 7z" fill="${MAP_COLOURS.fail}"/>`);
  return top + LANE;
}

/** The map group: its geometry in data attributes, so a reader can map a pixel back to a PA. */
function mapGroup(frame: Frame, bandTop: number, body: readonly string[]): string {
  const { scale } = frame;
  const data =
    `data-pa-from="${formatHex(scale.from)}" data-pa-to="${formatHex(scale.to)}" ` +
    `data-x="${frame.left}" data-y="${bandTop}" data-width="${px(frame.plot)}" data-height="${BAND}"`;
  return `<g id="map" transform="translate(${frame.left} 0)" ${data}>${body.join('')}</g>`;
}

/** The axis under the map: a line, a tick per step labelled in ldm units and hex, and the step itself. */
function axis(out: string[], frame: Frame, top: number): number {
  const { scale } = frame;
  const parts: string[] = [`<path d="M0 ${top}H${px(frame.plot)}" stroke="${MAP_COLOURS.ink}"/>`];
  for (const pa of ticksOf(scale)) {
    const x = pixelOf(scale, pa);
    parts.push(`<path d="M${px(x)} ${top}v5" stroke="${MAP_COLOURS.ink}"/>`);
    parts.push(text(x, top + 17, formatSize(pa), { anchor: 'middle' }));
    parts.push(text(x, top + 30, formatHex(pa), { anchor: 'middle', fill: MAP_COLOURS.muted, size: FONT - 1 }));
  }
  out.push(`<g id="axis" transform="translate(${frame.left} 0)">${parts.join('')}</g>`);
  return top + 30;
}

/** The line under the axis: what the map holds, the tick step and what one pixel column is. */
function summary(
  out: string[],
  instance: PlacementInstance,
  total: bigint,
  boundRows: number,
  frame: Frame,
  aggregated: boolean,
  top: number,
): number {
  const { scale } = frame;
  const ranges = count(instance.free.count, 'free range');
  const bound = boundRows === 0 ? '' : `, ${count(boundRows, 'bound row')}`;
  const column = approximateSize(Number(scale.to - scale.from) / frame.plot);
  const parts = [
    `PA ${formatHex(scale.from)} to ${formatHex(scale.to)}, a tick every ${formatSize(scale.step)}`,
    `${ranges} (${roundSize(total)})${bound}`,
    `one pixel column ≈ ${column}${aggregated ? '; columns narrower ranges share are drawn as tall as the fraction free' : ''}`,
  ];
  let y = top;
  for (const line of wrap(parts.join('; '), charsIn(frame.textWidth, FONT))) {
    y += LINE;
    out.push(text(MARGIN, y, line, { fill: MAP_COLOURS.muted }));
  }
  return y + 8;
}

/** A size as ldm prints it when that is short (`2G`, `7488M`), else about as much (`≈ 271T`). */
function roundSize(bytes: bigint): string {
  const exact = formatSize(bytes);
  return exact.length <= 6 ? exact : `≈ ${approximateSize(Number(bytes))}`;
}

/** A byte count with three significant digits and ldm's units (`389G`, `2.99M`, `512`). */
function approximateSize(bytes: number): string {
  const units = ['', 'K', 'M', 'G', 'T', 'P', 'E'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toPrecision(3))}${units[unit]}`;
}

/** One legend entry: a swatch and its words. */
interface LegendItem {
  readonly swatch: string;
  readonly label: string;
}

/** What the legend lists. */
interface LegendContent {
  readonly blocks: readonly BlockBytes[];
  readonly placed: boolean;
  readonly owners: readonly string[];
  readonly failure: BlockCertificate | undefined;
  readonly ticks: boolean;
  readonly aggregated: boolean;
}

/** How many blocks and owners the legend names before it says how many more there are. */
const LEGEND_NAMED = 12;

/** The legend, wrapped to the picture's width; returns the next free y. */
function legend(out: string[], content: LegendContent, frame: Frame, top: number): number {
  const { blocks, placed, owners, failure, ticks, aggregated } = content;
  const swatch = (fill: string): string => `<rect width="14" height="10" y="-9" fill="${fill}"/>`;
  const items: LegendItem[] = [
    { swatch: swatch(MAP_COLOURS.free), label: 'free' },
    { swatch: swatch(MAP_COLOURS.notFree), label: owners.length > 0 ? 'neither free nor bound' : 'not listed free' },
  ];
  if (aggregated) items.push({ swatch: `<rect width="14" height="4" y="-3" fill="${MAP_COLOURS.free}"/>`, label: 'free fraction of a pixel column' });
  owners.slice(0, LEGEND_NAMED).forEach((owner, k) => items.push({ swatch: swatch(ownerColour(k)), label: `bound to ${clip(owner, 32)}` }));
  if (owners.length > LEGEND_NAMED) items.push({ swatch: '', label: `${owners.length - LEGEND_NAMED} more owners (colours repeat)` });
  if (placed) {
    blocks.slice(0, LEGEND_NAMED).forEach((block, k) => items.push({ swatch: swatch(blockColour(k).fill), label: `block RA ${formatHex(block.ra)}, ${formatSize(block.size)}` }));
    if (blocks.length > LEGEND_NAMED) items.push({ swatch: '', label: `${blocks.length - LEGEND_NAMED} more blocks (colours repeat every ${BLOCK_COLOURS.length})` });
  }
  if (ticks) items.push({ swatch: `<rect width="3" height="10" y="-9" fill="${blockColour(0).fill}"/>`, label: 'piece narrower than a pixel (tick above the map)' });
  if (failure !== undefined) {
    const residue = `PA ≡ ${formatHex(failure.residue)} (mod ${formatSize(failure.alignment)})`;
    items.push(
      { swatch: `<rect width="14" height="10" y="-9" fill="none" stroke="${MAP_COLOURS.fail}" stroke-width="2"/>`, label: 'best range' },
      { swatch: `<path d="M7 -10v12" stroke="${MAP_COLOURS.fail}" stroke-width="2"/>`, label: `its first ${residue}` },
      { swatch: swatch(MAP_COLOURS.failRoom), label: 'block: held by the range' },
      { swatch: swatch(MAP_COLOURS.fail), label: 'block: past the range\'s end' },
    );
  }
  let x = 0;
  let y = top + LINE;
  const parts: string[] = [];
  for (const item of items) {
    const w = 20 + textWidth(item.label, FONT) + 18;
    if (x > 0 && x + w > frame.textWidth) {
      x = 0;
      y += LINE + 2;
    }
    parts.push(`<g transform="translate(${px(x)} ${y})">${item.swatch}${text(item.swatch === '' ? 0 : 20, 0, item.label, {})}</g>`);
    x += w;
  }
  out.push(`<g id="legend" transform="translate(${MARGIN} 0)">${parts.join('')}</g>`);
  return y + 4;
}

/** A `<text>` element. */
function text(x: number, y: number, content: string, style: { size?: number; weight?: string; anchor?: string; fill?: string }): string {
  const attributes = [
    `x="${px(x)}"`,
    `y="${px(y)}"`,
    style.size === undefined ? '' : `font-size="${style.size}"`,
    style.weight === undefined ? '' : `font-weight="${style.weight}"`,
    style.anchor === undefined ? '' : `text-anchor="${style.anchor}"`,
    style.fill === undefined ? '' : `fill="${style.fill}"`,
  ].filter((attribute) => attribute !== '');
  return `<text ${attributes.join(' ')}>${escapeXml(content)}</text>`;
}

/** A `<title>` child: the tooltip a browser shows. */
function title(content: string): string {
  return `<title>${escapeXml(content)}</title>`;
}

/** The whole document around the parts. */
function document(width: number, height: number, instance: PlacementInstance, answer: MapAnswer | undefined, parts: readonly string[]): string {
  const name = `${instance.domainName} on ${instance.targetName}: ${verdictOf(answer)}`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="${FONT}" fill="${MAP_COLOURS.ink}">\n` +
    `<title>${escapeXml(name)}</title>\n` +
    `<rect width="${width}" height="${height}" fill="${MAP_COLOURS.paper}"/>\n` +
    parts.join('\n') +
    '\n</svg>\n'
  );
}
