// Writes .br (brotli 11) and .gz (gzip 9) beside every compressible file over 512 bytes
// in a built directory, so the server sends precompressed files and never compresses
// per request. Usage: node scripts/compress.ts dist
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const compressible = new Set([
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.svg',
  '.json',
  '.webmanifest',
  '.txt',
]);
const minBytes = 512;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

export function compressDir(dir: string): { files: number; bytes: number; brotli: number } {
  let count = 0;
  let bytes = 0;
  let brotli = 0;
  for (const path of files(dir)) {
    if (!compressible.has(extname(path)) || statSync(path).size <= minBytes) continue;
    const data = readFileSync(path);
    const br = brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
    count++;
    bytes += data.length;
    brotli += br.length;
  }
  return { files: count, bytes, brotli };
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/compress.ts <dir>');
    process.exit(2);
  }
  const r = compressDir(dir);
  console.log(`compressed ${r.files} files: ${r.bytes} bytes → ${r.brotli} bytes brotli`);
}
