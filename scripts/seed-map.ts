/**
 * Render the seed's memory map to `docs/seed-map.png`, the picture in the
 * README: `npm run docs:map` (builds first; needs `/usr/bin/chromium`).
 *
 * The map is what `ldmfit place examples/seed-2g-into-two-1g.json --svg
 * FILE` writes; Chromium turns it into pixels. Run it again when the map's
 * drawing changes, and commit the PNG.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseInstance } from '../src/formats/instance-json.js';
import { placeInstance } from '../src/place.js';
import { placementSvg } from '../src/report/svg.js';
import { startRenderer } from './chromium.js';

/** The repository's root (this file runs from `dist/scripts/`). */
const ROOT = new URL('../../', import.meta.url);
const EXAMPLE = new URL('examples/seed-2g-into-two-1g.json', ROOT);
const OUTPUT = new URL('docs/seed-map.png', ROOT);

const instance = parseInstance(readFileSync(EXAMPLE), 'examples/seed-2g-into-two-1g.json');
const renderer = await startRenderer();
try {
  const rendering = await renderer.render(placementSvg(instance, placeInstance(instance)));
  writeFileSync(OUTPUT, rendering.png);
  console.log(`${fileURLToPath(OUTPUT)}: ${rendering.width}×${rendering.height}, ${rendering.png.length} bytes`);
} finally {
  await renderer.close();
}
