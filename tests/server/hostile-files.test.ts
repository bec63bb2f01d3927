// Hostile and odd files, table-driven: each is uploaded over tus and committed as a page.
// It must be refused with a clear reason (status + code + message) and leave no stored
// file, or be re-encoded into a clean JPEG under a server-made name. All files are made
// here at test time (nothing big in the repository).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxUploadBytes, uploadsPath } from '../../src/shared/submissions.ts';
import { bearer, startApp, twoFamilies, type TestApp } from './helpers.ts';
import {
  encodeMetadata,
  sha256Hex,
  tusCreate,
  tusHead,
  tusPatch,
  uploadIdOf,
  uploadPage,
} from './tus.ts';

let t: TestApp;
let token: string;
let pupilId: string;

const uuidName = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function stored(): string[] {
  const root = join(t.dataDir, 'files');
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[] = [];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(n);
    }
  };
  walk(root);
  return out.toSorted();
}

// ---- generators -------------------------------------------------------------------------
const svgDoc = (w: number, h: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="#fc0"/><circle cx="${w / 2}" cy="${h / 2}" r="${Math.min(w, h) / 3}" fill="#036"/></svg>`;
const picture = (w = 64, h = 48) => sharp(Buffer.from(svgDoc(w, h)));
const jpeg = () => picture().jpeg().toBuffer();

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** A PNG declaring w×h (1-bit grey) whose IDAT inflates to `rows` zero rows. */
function craftedPng(w: number, h: number, rows: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc(rows * (1 + Math.ceil(w / 8)));
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
/** Patches the first SOFn frame header of a JPEG to claim w×h. */
function patchJpegSize(bytes: Buffer, w: number, h: number): Buffer {
  const out = Buffer.from(bytes);
  let i = 2;
  while (i < out.length) {
    const marker = out[i + 1] as number;
    const len = out.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) {
      out.writeUInt16BE(h, i + 5);
      out.writeUInt16BE(w, i + 7);
      return out;
    }
    i += 2 + len;
  }
  throw new Error('no SOF');
}
function bmp(): Buffer {
  const w = 2;
  const h = 2;
  const row = 8; // 2 px × 3 bytes, padded to 4
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + row * h, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(w, 18);
  header.writeInt32LE(h, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  return Buffer.concat([header, Buffer.alloc(row * h, 0x7f)]);
}
function ico(): Buffer {
  const png = craftedPng(16, 16, 16);
  const head = Buffer.alloc(22);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(1, 4);
  head[6] = 16;
  head[7] = 16;
  head.writeUInt32LE(png.length, 14);
  head.writeUInt32LE(22, 18);
  return Buffer.concat([head, png]);
}
function heic(): Buffer {
  const ftyp = Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
  ]);
  return Buffer.concat([
    ftyp,
    Buffer.from([0, 0, 0, 0x10]),
    Buffer.from('meta\0\0\0\0hdlrpict', 'latin1'),
    Buffer.alloc(200),
  ]);
}
function random(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x >> 16;
  }
  return b;
}
const zipBytes = () =>
  Buffer.concat([
    Buffer.from('PK\x03\x04\x14\0\0\0\0\0', 'latin1'),
    Buffer.from('evil.sh#!/bin/sh\nrm -rf /\n'),
    Buffer.from('PK\x05\x06', 'latin1'),
    Buffer.alloc(18),
  ]);
const html = '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>';

type Expect =
  { accept: true; mustNotContain?: string[] } | { status: number; code: string; message?: RegExp };
type Case = {
  name: string;
  make: () => Buffer | Promise<Buffer>;
  meta?: Record<string, string>;
  expect: Expect;
};

const refused = (message?: RegExp): Expect => ({ status: 422, code: 'unsupported_image', message });
const tooLarge: Expect = {
  status: 422,
  code: 'image_too_large',
  message: /megapixels|too many pixels/,
};

const cases: Case[] = [
  {
    name: 'SVG with a script',
    make: () => Buffer.from(svgDoc(10, 10).replace('</svg>', '<script>alert(1)</script></svg>')),
    expect: refused(/SVG/),
  },
  {
    name: 'SVG named .jpg',
    make: () => Buffer.from(svgDoc(10, 10)),
    meta: { filename: 'page.jpg', filetype: 'image/jpeg' },
    expect: refused(/SVG/),
  },
  {
    name: 'SVG after a BOM and spaces',
    make: () => Buffer.from(`\ufeff   \n${svgDoc(10, 10)}`),
    expect: refused(/SVG|not a photo/),
  },
  {
    name: 'HTML named .jpg',
    make: () => Buffer.from(html),
    meta: { filename: 'page.jpg' },
    expect: refused(/HTML/),
  },
  {
    name: 'PHP script',
    make: () => Buffer.from('<?php system($_GET["c"]); ?>'),
    expect: refused(),
  },
  {
    name: 'PDF',
    make: () =>
      Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n'),
    expect: refused(/PDF/),
  },
  {
    name: 'ZIP renamed .jpg',
    make: zipBytes,
    meta: { filename: 'photo.jpg' },
    expect: refused(/ZIP/),
  },
  {
    name: 'GZIP renamed .jpg',
    make: () => gzipSync(Buffer.from('hello '.repeat(100))),
    expect: refused(/GZIP/),
  },
  { name: 'GIF', make: () => picture().gif().toBuffer(), expect: refused(/GIF/) },
  {
    name: 'GIF89a header named .jpg',
    make: () => Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(40)]),
    expect: refused(/GIF/),
  },
  { name: 'BMP', make: bmp, expect: refused(/BMP/) },
  { name: 'TIFF', make: () => picture().tiff().toBuffer(), expect: refused(/TIFF/) },
  { name: 'ICO', make: ico, expect: refused(/icon/) },
  { name: 'AVIF', make: () => picture().avif({ effort: 0 }).toBuffer(), expect: refused(/AVIF/) },
  {
    name: 'HEIC-branded ftyp box',
    make: heic,
    meta: { filetype: 'image/heic' },
    expect: refused(/HEIC.*JPEG/),
  },
  { name: 'random bytes', make: () => random(4096), expect: refused() },
  { name: 'JPEG with only SOI', make: () => Buffer.from([0xff, 0xd8]), expect: refused(/short/) },
  {
    name: 'JPEG magic then HTML',
    make: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(html)]),
    expect: refused(/damaged/),
  },
  {
    name: 'truncated JPEG',
    make: async () => {
      const b = await picture(400, 300).jpeg().toBuffer();
      return b.subarray(0, Math.floor(b.length * 0.6));
    },
    expect: refused(/damaged/),
  },
  {
    name: 'PNG with a bad CRC',
    make: async () => {
      const b = Buffer.from(await picture().png().toBuffer());
      b[29] = (b[29] as number) ^ 0xff;
      return b;
    },
    expect: refused(/damaged/),
  },
  {
    name: 'PNG magic then garbage',
    make: () => Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), random(500)]),
    expect: refused(/damaged/),
  },
  {
    name: 'WebP header then garbage',
    make: () => Buffer.concat([Buffer.from('RIFF\x10\0\0\0WEBPVP8 ', 'latin1'), random(300)]),
    expect: refused(/damaged/),
  },
  {
    name: 'PNG pixel flood (100000×100000 declared)',
    make: () => craftedPng(100_000, 100_000, 1),
    expect: tooLarge,
  },
  {
    name: 'JPEG pixel flood (65000×65000 header)',
    make: async () => patchJpegSize(await jpeg(), 65_000, 65_000),
    expect: tooLarge,
  },
  {
    name: 'PNG decompression bomb (20000×20000 of zeros)',
    make: () => craftedPng(20_000, 20_000, 20_000),
    expect: tooLarge,
  },
  { name: 'valid JPEG', make: jpeg, expect: { accept: true } },
  {
    name: 'tiny 1×1 JPEG',
    make: () =>
      sharp({ create: { width: 1, height: 1, channels: 3, background: '#f00' } })
        .jpeg()
        .toBuffer(),
    expect: { accept: true },
  },
  {
    name: 'valid PNG (re-encoded to JPEG)',
    make: () => picture().png().toBuffer(),
    expect: { accept: true },
  },
  {
    name: 'PNG with transparency',
    make: () =>
      sharp({
        create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
      })
        .png()
        .toBuffer(),
    expect: { accept: true },
  },
  {
    name: '16-bit PNG',
    make: () => picture().toColourspace('rgb16').png().toBuffer(),
    expect: { accept: true },
  },
  { name: 'valid WebP', make: () => picture().webp().toBuffer(), expect: { accept: true } },
  {
    name: 'animated WebP (first frame taken)',
    make: async () => {
      const frames = await Promise.all(
        ['#f00', '#0f0', '#00f'].map((c) =>
          sharp({ create: { width: 32, height: 32, channels: 3, background: c } })
            .png()
            .toBuffer(),
        ),
      );
      return sharp(frames, { join: { animated: true } })
        .webp()
        .toBuffer();
    },
    expect: { accept: true },
  },
  {
    name: 'CMYK JPEG',
    make: () => picture().toColourspace('cmyk').jpeg().toBuffer(),
    expect: { accept: true },
  },
  {
    name: 'JPEG + ZIP polyglot',
    make: async () => Buffer.concat([await jpeg(), zipBytes()]),
    expect: { accept: true, mustNotContain: ['PK\x03\x04', 'evil.sh'] },
  },
  {
    name: 'JPEG + HTML polyglot',
    make: async () => Buffer.concat([await jpeg(), Buffer.from(html)]),
    expect: { accept: true, mustNotContain: ['<script>', 'alert('] },
  },
  {
    name: 'JPEG with script in EXIF and XMP',
    make: () =>
      picture()
        .withExif({
          IFD0: { ImageDescription: '<script>alert(1)</script>', Artist: 'Home Address 1' },
        })
        .withXmp(
          '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>Lat 51.5</rdf:Description></rdf:RDF></x:xmpmeta>',
        )
        .jpeg()
        .toBuffer(),
    expect: { accept: true, mustNotContain: ['<script>', 'Home Address', 'xmpmeta', 'Exif\0\0'] },
  },
  {
    name: 'client filename with ../ and NUL (ignored)',
    make: jpeg,
    meta: {
      filename: '../../../etc/passwd\0.jpg',
      filetype: 'text/html\0',
      submissionId: '../x',
      page: '../../0',
    },
    expect: { accept: true },
  },
];

beforeAll(async () => {
  t = await startApp();
  const f = await twoFamilies(t);
  token = f.khan.token;
  pupilId = f.pupils.Amira!.id;
});
afterAll(() => t.close());

type Accepted = Case & { expect: { accept: true; mustNotContain?: string[] } };
type Refused = Case & { expect: { status: number; code: string; message?: RegExp } };
const acceptedCases = cases.filter((c): c is Accepted => 'accept' in c.expect);
const refusedCases = cases.filter((c): c is Refused => !('accept' in c.expect));

/** Uploads the case's bytes over tus and commits them as a one-page submission. */
async function uploadAndCommit(c: Case) {
  const bytes = Buffer.from(await c.make());
  expect(bytes.length).toBeLessThan(maxUploadBytes);
  const created = await tusCreate(
    t.app,
    token,
    bytes.length,
    c.meta ? { 'upload-metadata': encodeMetadata(c.meta) } : {},
  );
  expect(created.statusCode).toBe(201);
  const uploadId = uploadIdOf(created.headers.location);
  expect(uploadId).toMatch(uuidName);
  // The upload area only ever holds server-named files, whatever the metadata said.
  const names = readdirSync(join(t.dataDir, 'uploads'));
  expect(names.filter((n) => !uuidName.test(n.replace(/\.json$/, '')))).toEqual([]);
  expect((await tusPatch(t.app, token, uploadId, 0, bytes)).statusCode).toBe(204);
  const before = stored();
  const id = uuid();
  const res = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/submissions/${id}`,
    headers: bearer(token),
    payload: {
      pupilId,
      sessionId: null,
      note: c.name,
      createdAt: '2026-11-23T10:00:00.000Z',
      pages: [{ uploadId, sha256: sha256Hex(bytes), bytes: bytes.length }],
    },
  });
  return { id, res, before, after: stored() };
}

describe('hostile and odd files, one page each', () => {
  it('covers at least 30 files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(refusedCases)('refuses: $name', async (c) => {
    const { id, res, before, after } = await uploadAndCommit(c);
    expect({ status: res.statusCode, code: res.json().error.code }).toEqual({
      status: c.expect.status,
      code: c.expect.code,
    });
    const message = res.json().error.message as string;
    expect(message).toMatch(/^Page 1: /);
    expect(message).toMatch(c.expect.message ?? /./);
    expect(after).toEqual(before);
    const rows = await t.app.db
      .selectFrom('submissions')
      .select('id')
      .where('id', '=', id)
      .execute();
    expect(rows).toEqual([]);
  });

  it.each(acceptedCases)('re-encodes to a clean JPEG: $name', async (c) => {
    const { id, res, before, after } = await uploadAndCommit(c);
    expect(res.statusCode).toBe(201);
    const added = after.filter((n) => !before.includes(n));
    expect(added).toHaveLength(2);
    expect(added.filter((n) => !uuidName.test(n))).toEqual([]);
    const page = await t.app.db
      .selectFrom('submission_pages')
      .selectAll()
      .where('submission_id', '=', id)
      .executeTakeFirstOrThrow();
    const file = await t.app.storage.get(page.file_key);
    const out = Buffer.concat(await Array.fromAsync(file!.stream as AsyncIterable<Buffer>));
    const meta = await sharp(out).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', space: 'srgb' });
    expect([meta.exif, meta.icc, meta.xmp]).toEqual([undefined, undefined, undefined]);
    expect(meta.pages ?? 1).toBe(1);
    // Nothing after the end-of-image marker.
    expect(out.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    const leaked = (c.expect.mustNotContain ?? []).filter((n) =>
      out.includes(Buffer.from(n, 'latin1')),
    );
    expect(leaked).toEqual([]);
  });
});

describe('tus protocol abuse', () => {
  it('refuses a 100 MB Upload-Length at creation, without the bytes', async () => {
    const res = await tusCreate(t.app, token, 100 * 1024 * 1024);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    expect(res.headers.location).toBeUndefined();
  });

  it('refuses zero, missing, deferred and malformed lengths', async () => {
    const variants: Record<string, string>[] = [
      { 'upload-length': '0' },
      { 'upload-length': '-5' },
      { 'upload-length': '1e3' },
      { 'upload-length': '', 'upload-defer-length': '1' },
    ];
    for (const headers of variants) {
      const res = await tusCreate(t.app, token, 1, headers);
      expect({ headers, status: res.statusCode }).toEqual({ headers, status: 400 });
      expect(res.json().error.code).toBe('bad_request');
    }
  });

  it('needs a device token and the right Tus-Resumable', async () => {
    const anon = await tusCreate(t.app, null, 10);
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('unauthorized');
    const bad = await tusCreate(t.app, 'not-a-token', 10);
    expect(bad.statusCode).toBe(401);
    const wrong = await tusCreate(t.app, token, 10, { 'tus-resumable': '0.2.2' });
    expect(wrong.statusCode).toBe(412);
    const created = await tusCreate(t.app, token, 10);
    const id = uploadIdOf(created.headers.location);
    const noAuthPatch = await t.app.inject({
      method: 'PATCH',
      url: `${uploadsPath}/${id}`,
      headers: {
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      },
      payload: Buffer.from('0123456789'),
    });
    expect(noAuthPatch.statusCode).toBe(401);
    const noAuthHead = await t.app.inject({
      method: 'HEAD',
      url: `${uploadsPath}/${id}`,
      headers: { 'tus-resumable': '1.0.0' },
    });
    expect(noAuthHead.statusCode).toBe(401);
  });

  it('refuses huge metadata', async () => {
    const res = await tusCreate(t.app, token, 10, {
      'upload-metadata': encodeMetadata({ filename: 'x'.repeat(10_000) }),
    });
    expect(res.statusCode).toBe(400);
  });

  it('never writes more bytes than declared (Upload-Length lying)', async () => {
    const created = await tusCreate(t.app, token, 10);
    const id = uploadIdOf(created.headers.location);
    const res = await tusPatch(t.app, token, id, 0, Buffer.alloc(5000, 0x41));
    expect(res.statusCode).toBe(413);
    const head = await tusHead(t.app, token, id);
    expect(Number(head.headers['upload-offset'])).toBeLessThanOrEqual(10);
    expect(statSync(join(t.dataDir, 'uploads', id)).size).toBeLessThanOrEqual(10);
  });

  it('does not serve uploads back, and unknown or odd ids are 404', async () => {
    const ref = await uploadPage(t.app, token, Buffer.from(html));
    const get = await t.app.inject({
      method: 'GET',
      url: `${uploadsPath}/${ref.uploadId}`,
      headers: { ...bearer(token), 'tus-resumable': '1.0.0' },
    });
    expect(get.statusCode).toBe(404);
    expect(get.body).not.toContain('<script>');
    for (const id of [uuid(), '..%2F..%2Fhomeward.sqlite', '..', 'x'.repeat(90)]) {
      const res = await tusHead(t.app, token, id);
      expect({ id, status: res.statusCode }).toEqual({ id, status: 404 });
    }
    // Fastify refuses over-long path parameters before anything else runs.
    expect((await tusHead(t.app, token, 'x'.repeat(300))).statusCode).toBe(414);
  });
});
