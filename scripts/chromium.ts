/**
 * SVG documents rendered to PNG in headless Chromium, for the memory map's
 * rendering test, its benchmark and the picture in the README.
 *
 * The browser is Debian's `chromium` package at `/usr/bin/chromium`
 * (`chromium-path.ts` says whether it is installed), driven
 * by `playwright-core` (a development dependency: the automation library
 * without a browser download of its own, which fails on closed networks).
 * It starts with the flags that keep it off the network and a fresh profile
 * (Playwright gives each launch a new temporary `--user-data-dir`).
 *
 * Each document is written to a file and opened as `file://…/map.svg`, so
 * Chromium reads it as a standalone XML document (`image/svg+xml`), as a user
 * opening the file would: a document that is not well-formed XML is an error
 * here, not a page of error text.
 *
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { CHROMIUM } from './chromium-path.js';

/** Headless, no sandbox (CI runs as root), and nothing that reaches for the network. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A rendering: the screenshot, decoded, and how long loading and painting took. */
export interface Rendering {
  /** The PNG file's bytes. */
  readonly png: Buffer;
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** RGBA bytes, row by row. */
  readonly rgba: Buffer;
  /** Milliseconds from opening the file to the screenshot in hand. */
  readonly ms: number;
  /** The colour at pixel (x, y) as `[r, g, b]`. */
  pixel(x: number, y: number): [number, number, number];
}

/** A running browser that renders SVG documents. */
export interface SvgRenderer {
  /**
   * Render `svg` at its own size (its root's `width` and `height`), one CSS
   * pixel a device pixel; loading may take `timeoutMs` (default 30 s) before
   * Playwright's `TimeoutError`.
   */
  render(svg: string, timeoutMs?: number): Promise<Rendering>;
  /** Stop the browser and remove the scratch files. */
  close(): Promise<void>;
}

/** Start the browser. */
export async function startRenderer(): Promise<SvgRenderer> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
  const scratch = mkdtempSync(join(tmpdir(), 'ldmfit-svg-'));
  let documents = 0;
  return {
    render: async (svg, timeoutMs = 30_000) => {
      const size = /<svg\b[^>]*?\swidth="(\d+)"[^>]*?\sheight="(\d+)"/.exec(svg);
      if (size === null) throw new Error('the document has no <svg width height>');
      const [width, height] = [Number(size[1]), Number(size[2])];
      const file = join(scratch, `map-${documents++}.svg`);
      writeFileSync(file, svg);
      const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
      try {
        const started = performance.now();
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: timeoutMs });
        const png = await page.screenshot({ type: 'png', timeout: timeoutMs });
        const ms = performance.now() - started;
        // A string, not a function: the project compiles without the DOM's types.
        const parsed = await page.evaluate("document.documentElement.localName === 'svg' && document.getElementsByTagName('parsererror').length === 0");
        if (parsed !== true) throw new Error('Chromium did not read the document as SVG (not well-formed XML?)');
        const image = PNG.sync.read(png);
        const pixel = (x: number, y: number): [number, number, number] => {
          const at = (Math.round(y) * image.width + Math.round(x)) * 4;
          return [image.data[at]!, image.data[at + 1]!, image.data[at + 2]!];
        };
        return { png, width: image.width, height: image.height, rgba: image.data, ms, pixel };
      } finally {
        await page.close();
      }
    },
    close: async () => {
      await browser.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
