/**
 * Where the browser for the SVG rendering is, and whether it is there:
 * apart from `chromium.ts`, so that a test can ask without loading the
 * browser driver (and a run without Chromium covers nothing it skips).
 *
 * @module
 */
import { existsSync } from 'node:fs';

/** Where Debian's `chromium` package installs the browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Whether the browser is installed. */
export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM);
}
