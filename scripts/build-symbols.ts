// Builds the bundled symbol set: src/app/features/schedule/symbols/catalog.json from the
// curated list beside it (list.tsv: OpenMoji hexcode, category, labels in en/ar/ur/pl)
// and the OpenMoji colour SVGs of the npm package `openmoji` (CC BY-SA 4.0).
//
//   node scripts/build-symbols.ts
//
// The package (4 MB) is fetched with `npm pack` into a cache under the system temp
// directory; the generated catalog is committed, so builds never need this script.
// Every SVG is optimised with svgo (no ids, no style attributes, no width/height) so it
// can be inlined many times on one page under a strict Content-Security-Policy.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { optimize } from 'svgo';

const version = '17.0.0';
const here = join(import.meta.dirname, '..', 'src', 'app', 'features', 'schedule', 'symbols');
const categories = [
  'routines',
  'lessons',
  'places',
  'food',
  'feelings',
  'breaks',
  'people',
  'general',
];

function openmojiDir(): string {
  const cache = join(tmpdir(), `homeward-openmoji-${version}`);
  const svgDir = join(cache, 'package', 'color', 'svg');
  if (existsSync(svgDir)) return svgDir;
  mkdirSync(cache, { recursive: true });
  const tgz = execFileSync('npm', ['pack', `openmoji@${version}`, '--silent'], {
    cwd: cache,
    encoding: 'utf8',
  }).trim();
  execFileSync('tar', ['xzf', tgz], { cwd: cache });
  return svgDir;
}

type Row = { code: string; category: string; labels: Record<string, string> };

function readList(): Row[] {
  const rows: Row[] = [];
  for (const line of readFileSync(join(here, 'list.tsv'), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [code, category, en, ar, ur, pl] = line.split('\t').map((c) => c.trim());
    if (!code || !category || !en || !ar || !ur || !pl) throw new Error(`bad line: ${line}`);
    if (!categories.includes(category)) throw new Error(`unknown category ${category}`);
    rows.push({ code, category, labels: { en, ar, ur, pl } });
  }
  const codes = new Set(rows.map((r) => r.code));
  if (codes.size !== rows.length) throw new Error('a code is listed twice');
  return rows;
}

function optimiseSvg(svg: string, code: string): string {
  const { data } = optimize(svg, {
    multipass: true,
    floatPrecision: 1,
    plugins: [
      { name: 'preset-default', params: { overrides: { cleanupIds: { minify: true } } } },
      'convertStyleToAttrs',
      'removeDimensions',
      { name: 'removeAttrs', params: { attrs: ['id', 'data-name', 'class', 'style'] } },
    ],
  });
  if (/<script|href=|url\(/i.test(data)) throw new Error(`${code}: references or script left`);
  if (!/viewBox=/.test(data)) throw new Error(`${code}: no viewBox`);
  return data;
}

const svgDir = openmojiDir();
const symbols = readList().map((row) => ({
  ...row,
  svg: optimiseSvg(readFileSync(join(svgDir, `${row.code}.svg`), 'utf8'), row.code),
}));
const catalog = {
  source: `OpenMoji ${version} (openmoji.org)`,
  licence: 'CC BY-SA 4.0',
  symbols,
};
const json = `${JSON.stringify(catalog)}\n`;
writeFileSync(join(here, 'catalog.json'), json);
const perCategory = Object.fromEntries(
  categories.map((c) => [c, symbols.filter((s) => s.category === c).length]),
);
console.log(
  `catalog.json: ${symbols.length} symbols, ${json.length} bytes, ${gzipSync(json).length} gzip`,
  perCategory,
);
