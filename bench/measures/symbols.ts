// symbolsPrecacheGzipBytes: the bundled symbol set (OpenMoji subset) as the service worker
// precaches it: the hashed catalog asset in dist/, gzipped. No browser needed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Measure } from '../lib/context.ts';

export const symbols: Measure = {
  name: 'symbols',
  title: 'Symbol set',
  needsBrowser: false,
  async run(ctx) {
    const assets = join(ctx.root, 'dist', 'assets');
    const file = readdirSync(assets).find((f) => /^catalog-.*\.json$/.test(f));
    if (!file) throw new Error('no catalog-*.json in dist/assets: is the symbol set built in?');
    const raw = readFileSync(join(assets, file));
    const sw = readFileSync(join(ctx.root, 'dist', 'sw.js'), 'utf8');
    if (!sw.includes(`assets/${file}`)) throw new Error(`${file} is not precached by sw.js`);
    const count = (JSON.parse(raw.toString('utf8')) as { symbols: unknown[] }).symbols.length;
    return {
      values: { symbolsPrecacheGzipBytes: gzipSync(raw, { level: 9 }).length, symbolCount: count },
      details: [`${file}: ${count} symbols, ${raw.length} bytes raw, precached`],
      warnings: [],
    };
  },
};
