// Renders public/icons/*.png from public/icons/icon.svg. Run by hand when the icon changes
// (`node scripts/make-icons.ts`); the PNGs are committed so builds need no image tools.
import sharp from 'sharp';

const dir = new URL('../public/icons/', import.meta.url);
const svg = Buffer.from(
  await (await import('node:fs/promises')).readFile(new URL('icon.svg', dir)),
);
// Maskable icons keep their content inside the central 80 % "safe zone": pad with the
// theme colour and no rounded corners.
const maskable = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 640"><rect width="640" height="640" fill="#1f5f5b"/>' +
    '<g transform="translate(64 64)"><circle cx="366" cy="150" r="54" fill="#f6c453"/>' +
    '<path d="M256 118 96 250h44v150h92v-92h48v92h92V250h44z" fill="#fbf8f3"/></g></svg>',
);
const out = (name: string) => new URL(name, dir).pathname;
await sharp(svg).resize(192, 192).png({ compressionLevel: 9 }).toFile(out('icon-192.png'));
await sharp(svg).resize(512, 512).png({ compressionLevel: 9 }).toFile(out('icon-512.png'));
await sharp(svg)
  .resize(180, 180)
  .flatten({ background: '#1f5f5b' })
  .png()
  .toFile(out('apple-touch-icon.png'));
await sharp(maskable)
  .resize(512, 512)
  .png({ compressionLevel: 9 })
  .toFile(out('icon-maskable-512.png'));
console.log('icons written');
