// Browser tests never skip silently: without Chromium or a build they fail and say why.
import { existsSync } from 'node:fs';
import { chromiumPath } from './browser.ts';

export default function setup(): void {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install it with: ` +
        'apt-get update && apt-get install -y chromium  (or set CHROMIUM_PATH).',
    );
  }
  if (!existsSync(new URL('../../dist/sw.js', import.meta.url))) {
    throw new Error('No production build in dist/: run `npm run build` first (npm test does).');
  }
}
