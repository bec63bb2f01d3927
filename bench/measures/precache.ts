// precacheGzipBytes: what a phone downloads when the service worker installs, i.e. every
// file of the Workbox precache manifest that vite-plugin-pwa injected into dist/sw.js,
// each gzipped at level 9. Also the service worker script itself, fetched on install.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Measure } from '../lib/context.ts';
import { gzipSize, kb } from '../lib/stats.ts';

const q = `["'\`]`;
const key = (name: string) => `${q}?${name}${q}?\\s*:\\s*`;
const str = `${q}([^"'\`]*)${q}`;
// {"revision":"…","url":"…"} or {url:"…",revision:null}, in either order.
const entryPattern = new RegExp(
  `\\{\\s*(?:${key('revision')}(?:null|${str})\\s*,\\s*${key('url')}${str}` +
    `|${key('url')}${str}\\s*,\\s*${key('revision')}(?:null|${str}))\\s*\\}`,
  'g',
);

export function precacheUrls(swSource: string): string[] {
  const urls: string[] = [];
  for (const m of swSource.matchAll(entryPattern)) {
    const url = m[2] ?? m[3];
    if (url) urls.push(url);
  }
  return urls;
}

export const precache: Measure = {
  name: 'precache',
  title: 'Service worker precache',
  async run(ctx) {
    const swPath = join(ctx.distDir, 'sw.js');
    if (!existsSync(swPath)) throw new Error(`${swPath} missing: run \`npm run build\` first`);
    const sw = readFileSync(swPath);
    const urls = precacheUrls(sw.toString('utf8'));
    if (urls.length === 0) throw new Error('no precache manifest entries found in dist/sw.js');

    const unique = [...new Set(urls)];
    const warnings: string[] = [];
    if (unique.length < urls.length) {
      const dupes = unique.filter((u) => urls.indexOf(u) !== urls.lastIndexOf(u));
      warnings.push(
        `the precache manifest lists ${dupes.join(', ')} more than once (counted once: Workbox downloads each URL once)`,
      );
    }
    const files = unique.map((url) => {
      const path = join(
        ctx.distDir,
        decodeURIComponent(url.replace(/^\//, '').split('?')[0] ?? ''),
      );
      if (!existsSync(path)) throw new Error(`precached ${url} is not in dist/`);
      const data = readFileSync(path);
      return { url, raw: data.length, gzip: gzipSize(data) };
    });
    files.sort((a, b) => b.gzip - a.gzip);
    const total = files.reduce((sum, f) => sum + f.gzip, 0);
    const details = files.map(
      (f) => `${kb(f.gzip).padStart(10)} gz  ${kb(f.raw).padStart(10)} raw  ${f.url}`,
    );
    const swGzip = gzipSize(sw);
    details.push(
      `${kb(swGzip).padStart(10)} gz  ${kb(sw.length).padStart(10)} raw  sw.js (not precached, fetched on install)`,
    );
    return {
      values: {
        precacheGzipBytes: total,
        precacheFiles: files.length,
        precacheRawBytes: files.reduce((sum, f) => sum + f.raw, 0),
        serviceWorkerGzipBytes: swGzip,
      },
      details,
      warnings,
    };
  },
};
