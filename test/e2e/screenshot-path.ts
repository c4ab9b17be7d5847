// `npm test` must never rewrite tracked files: screenshots land in .tmp/screenshots, and only
// `npm run screenshots` (UPDATE_SCREENSHOTS=1) writes the README's copies in docs/screenshots.
import { join } from 'node:path';

const folder = process.env['UPDATE_SCREENSHOTS'] === '1' ? 'docs/screenshots' : '.tmp/screenshots';

/** Where the e2e run writes the screenshot called `name` (e.g. `editor.png`). */
export function screenshotPath(name: string): string {
  return join(folder, name);
}
