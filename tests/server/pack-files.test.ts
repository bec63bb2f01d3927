// The files of learning packs: staff send raw bytes (checked by what the bytes are, never
// by the declared type alone), families fetch them by SHA-256 only through a published pack
// they can see (immutable, 304, byte ranges for resuming), bytes are stored once per
// content and leave storage when nothing names them, and hostile files are refused.
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxFilesPerPack, maxPackFileBytes } from '../../src/shared/packs.ts';
import { startApp, twoFamilies, type TestApp } from './helpers.ts';
import { familyClient, packBody, staffClient, tinyPdf } from './pack-fixtures.ts';
import { secondSchool } from './second-school.ts';
import { audio, cameraJpeg, pngBytes, storedFiles, sync, synced } from './schedule-fixtures.ts';
import { sha256Hex } from './tus.ts';

let t: TestApp;
let f: Awaited<ReturnType<typeof twoFamilies>>;
let staff: ReturnType<typeof staffClient>;
let khan: ReturnType<typeof familyClient>;
let novak: ReturnType<typeof familyClient>;
let oak: string;
let willow: string;

beforeAll(async () => {
  t = await startApp();
  f = await twoFamilies(t);
  staff = staffClient(t.app, f.adminCookie);
  khan = familyClient(t.app, f.khan.token);
  novak = familyClient(t.app, f.novak.token);
  oak = f.pupils.Amira!.class_id;
  willow = f.pupils.Yusuf!.class_id;
});
afterAll(() => t.close());

async function newPack(classId = oak, extra: Record<string, unknown> = {}) {
  const id = uuid();
  const res = await staff.putPack(id, packBody(classId, extra));
  expect(res.statusCode).toBe(201);
  return id;
}

const blobCount = async () =>
  (await t.app.db.selectFrom('file_blobs').select('sha256').execute()).length;

describe('a PDF in a pack', () => {
  const pdf = tinyPdf('served');
  const sha = sha256Hex(pdf);
  let packId: string;

  it('is stored as it came, as the file of a new pack', async () => {
    packId = await newPack();
    const res = await staff.putFile(packId, uuid(), 'application/pdf', pdf, { name: 'Sheet.pdf' });
    expect(res.statusCode).toBe(201);
    expect(res.json().file).toMatchObject({
      kind: 'pdf',
      name: 'Sheet.pdf',
      contentType: 'application/pdf',
      bytes: pdf.length,
      sha256: sha,
    });
    expect(res.json().pack.files).toEqual([res.json().file]);
  });

  it('is served by its hash: immutable, private, uncompressed, with the hash as ETag', async () => {
    const res = await khan.file(sha, { 'accept-encoding': 'br, gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(pdf)).toBe(true);
    expect(res.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(pdf.length),
      etag: `"${sha}"`,
      'cache-control': 'private, max-age=31536000, immutable',
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
    });
    expect(res.headers['content-encoding']).toBeUndefined();
    const head = await t.app.inject({
      method: 'HEAD',
      url: `/api/v1/files/${sha}`,
      headers: { authorization: `Bearer ${f.khan.token}` },
    });
    expect(head.statusCode).toBe(200);
    expect(head.rawPayload.length).toBe(0);
  });

  it('answers 304 to If-None-Match with its ETag', async () => {
    const res = await khan.file(sha, { 'if-none-match': `"${sha}"` });
    expect(res.statusCode).toBe(304);
    expect(res.rawPayload.length).toBe(0);
    expect(res.headers.etag).toBe(`"${sha}"`);
    expect((await khan.file(sha, { 'if-none-match': '"other"' })).statusCode).toBe(200);
  });

  it('serves one byte range, so an interrupted download resumes (416 past the end)', async () => {
    const size = pdf.length;
    const from = await khan.file(sha, { range: 'bytes=20-' });
    expect(from.statusCode).toBe(206);
    expect(from.rawPayload.equals(pdf.subarray(20))).toBe(true);
    expect(from.headers['content-range']).toBe(`bytes 20-${size - 1}/${size}`);
    expect(from.headers['content-length']).toBe(String(size - 20));
    const middle = await khan.file(sha, { range: 'bytes=5-9' });
    expect(middle.statusCode).toBe(206);
    expect(middle.rawPayload.toString('latin1')).toBe(pdf.subarray(5, 10).toString('latin1'));
    const last = await khan.file(sha, { range: 'bytes=-6' });
    expect(last.rawPayload.toString('latin1')).toBe('%%EOF\n');
    const clipped = await khan.file(sha, { range: `bytes=10-${size + 100}` });
    expect(clipped.headers['content-range']).toBe(`bytes 10-${size - 1}/${size}`);
    const past = await khan.file(sha, { range: `bytes=${size}-` });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${size}`);
    // Ranges this server does not do, and a stale If-Range, get the whole file.
    expect((await khan.file(sha, { range: 'bytes=0-1,5-6' })).statusCode).toBe(200);
    expect((await khan.file(sha, { range: 'lines=1-2' })).statusCode).toBe(200);
    const stale = await khan.file(sha, { range: 'bytes=0-1', 'if-range': '"old"' });
    expect(stale.statusCode).toBe(200);
    const fresh = await khan.file(sha, { range: 'bytes=0-1', 'if-range': `"${sha}"` });
    expect(fresh.statusCode).toBe(206);
  });

  it('is the same 404 for other schools’ files, drafts’ files and unknown hashes', async () => {
    const elm = await secondSchool(t);
    const elmStaff = staffClient(t.app, elm.cookie);
    const elmPack = uuid();
    expect((await elmStaff.putPack(elmPack, packBody(elm.classId))).statusCode).toBe(201);
    const elmPdf = tinyPdf('elm');
    const put = await elmStaff.putFile(elmPack, uuid(), 'application/pdf', elmPdf, { name: 'x' });
    expect(put.statusCode).toBe(201);
    const draft = await newPack(oak, { published: false });
    const draftPdf = tinyPdf('draft');
    await staff.putFile(draft, uuid(), 'application/pdf', draftPdf, { name: 'Draft.pdf' });
    // Elm's staff cannot touch this school's pack either.
    expect((await elmStaff.putFile(packId, uuid(), 'application/pdf', elmPdf)).statusCode).toBe(
      404,
    );

    const answers: { status: number; body: unknown }[] = [];
    for (const hash of [sha256Hex(elmPdf), sha256Hex(draftPdf), 'a'.repeat(64)]) {
      const res = await khan.file(hash);
      answers.push({ status: res.statusCode, body: res.json() });
    }
    expect(answers).toEqual(
      Array.from({ length: 3 }, () => ({ status: 404, body: answers[0]!.body })),
    );
    // A Willow pack's file: the Khans (Yusuf) see it, the Novaks (Oak only) do not.
    const willowPack = await newPack(willow);
    const willowPdf = tinyPdf('willow');
    await staff.putFile(willowPack, uuid(), 'application/pdf', willowPdf, { name: 'W.pdf' });
    expect((await khan.file(sha256Hex(willowPdf))).statusCode).toBe(200);
    expect((await novak.file(sha256Hex(willowPdf))).statusCode).toBe(404);
    // Not a hash at all; no phone.
    expect((await khan.file('not-a-hash')).statusCode).toBe(400);
    const anon = await t.app.inject({ method: 'GET', url: `/api/v1/files/${sha}` });
    expect(anon.statusCode).toBe(401);
  });
});

describe('pictures and sound files in a pack', () => {
  it('rebuilds a picture as a JPEG of at most 2000 px without EXIF or GPS', async () => {
    const packId = await newPack();
    const photo = await cameraJpeg(3000, 2250);
    const res = await staff.putFile(packId, uuid(), 'image/jpeg', photo, { name: 'Page.jpg' });
    expect(res.statusCode).toBe(201);
    const file = res.json().file;
    expect(file).toMatchObject({ kind: 'image', contentType: 'image/jpeg' });
    const got = await khan.file(file.sha256);
    expect(sha256Hex(got.rawPayload)).toBe(file.sha256);
    const meta = await sharp(got.rawPayload).metadata();
    // Orientation 6 applied: portrait, long edge 2000.
    expect([meta.width, meta.height]).toEqual([1500, 2000]);
    expect(meta.exif).toBeUndefined();
    expect(got.rawPayload.includes(Buffer.from('Secret Model'))).toBe(false);
  });

  it('keeps a sound file as it came, with the type its bytes name', async () => {
    const packId = await newPack();
    const clip = audio.ogg(50_000);
    const res = await staff.putFile(packId, uuid(), 'audio/ogg', clip, { name: 'Story.ogg' });
    expect(res.statusCode).toBe(201);
    expect(res.json().file).toMatchObject({ kind: 'audio', contentType: 'audio/ogg' });
    expect((await khan.file(sha256Hex(clip))).rawPayload.equals(clip)).toBe(true);
  });
});

describe('replacing and removing files', () => {
  it('gives a replaced file a new hash, keeps its id and the other files, and drops the old bytes', async () => {
    const packId = await newPack();
    const sheetId = uuid();
    const first = tinyPdf('v1');
    const keep = tinyPdf('answers');
    await staff.putFile(packId, sheetId, 'application/pdf', first, { name: 'Sheet.pdf' });
    const answers = await staff.putFile(packId, uuid(), 'application/pdf', keep, {
      name: 'Answers.pdf',
    });
    const before = await sync(t.app, f.khan.token);
    const packBefore = (await synced(t.app, f.khan.token, 'pack')).find((p) => p.id === packId)!;
    const storedBefore = storedFiles(t.dataDir);

    const second = tinyPdf('v2');
    const replaced = await staff.putFile(packId, sheetId, 'application/pdf', second);
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().file).toMatchObject({
      id: sheetId,
      name: 'Sheet.pdf',
      sha256: sha256Hex(second),
    });
    // Same bytes, same name and position again: nothing changes.
    const same = await staff.putFile(packId, sheetId, 'application/pdf', second);
    expect(same.statusCode).toBe(200);
    expect(same.json().pack.updatedAt).toBe(replaced.json().pack.updatedAt);

    const delta = await sync(t.app, f.khan.token, before.cursor);
    const upserts = delta.changes.flatMap((c) =>
      c.op === 'upsert' && c.entity === 'pack' ? [c.data] : [],
    );
    expect(upserts.map((p) => p.id)).toEqual([packId]);
    expect(upserts[0]!.files.map((x) => [x.id, x.sha256])).toEqual([
      [sheetId, sha256Hex(second)],
      [answers.json().file.id, sha256Hex(keep)],
    ]);
    expect(upserts[0]!.updatedAt).not.toBe(packBefore.updatedAt);

    // The old bytes are gone from storage and from the family's reach; one file replaced one.
    expect((await khan.file(sha256Hex(first))).statusCode).toBe(404);
    expect((await khan.file(sha256Hex(second))).statusCode).toBe(200);
    expect((await khan.file(sha256Hex(keep))).statusCode).toBe(200);
    const storedAfter = storedFiles(t.dataDir);
    expect(storedAfter).toHaveLength(storedBefore.length);
    expect(storedAfter).not.toEqual(storedBefore);
    const blob = await t.app.db
      .selectFrom('file_blobs')
      .select('sha256')
      .where('sha256', '=', sha256Hex(first))
      .executeTakeFirst();
    expect(blob).toBeUndefined();

    // Renamed and moved without new bytes: the hash stays.
    const renamed = await staff.putFile(packId, sheetId, 'application/pdf', second, {
      name: 'Worksheet.pdf',
      position: 5,
    });
    expect(renamed.json().pack.files.map((x: { name: string }) => x.name)).toEqual([
      'Answers.pdf',
      'Worksheet.pdf',
    ]);
  });

  it('stores the same bytes once, however many packs name them', async () => {
    const bytes = tinyPdf('shared');
    const packs = [await newPack(), await newPack()];
    const fileIds = [uuid(), uuid()];
    const blobs = await blobCount();
    const stored = storedFiles(t.dataDir).length;
    for (const [i, packId] of packs.entries()) {
      const res = await staff.putFile(packId, fileIds[i]!, 'application/pdf', bytes, { name: 'S' });
      expect(res.statusCode).toBe(201);
    }
    expect(await blobCount()).toBe(blobs + 1);
    expect(storedFiles(t.dataDir)).toHaveLength(stored + 1);
    // Removing it from one pack keeps the bytes for the other; removing both drops them.
    expect((await staff.deleteFile(packs[0]!, fileIds[0]!)).statusCode).toBe(204);
    expect((await khan.file(sha256Hex(bytes))).statusCode).toBe(200);
    expect((await staff.deletePack(packs[1]!)).statusCode).toBe(204);
    expect((await khan.file(sha256Hex(bytes))).statusCode).toBe(404);
    expect(await blobCount()).toBe(blobs);
    expect(storedFiles(t.dataDir)).toHaveLength(stored);
    expect((await staff.deleteFile(packs[0]!, fileIds[0]!)).statusCode).toBe(404);
  });

  it('needs a name for a new file, keeps a file in its own pack, and stops at the limit', async () => {
    const packId = await newPack();
    const noName = await staff.putFile(packId, uuid(), 'application/pdf', tinyPdf());
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.message).toMatch(/querystring\.name/);
    const fileId = uuid();
    await staff.putFile(packId, fileId, 'application/pdf', tinyPdf(), { name: 'A' });
    const elsewhere = await staff.putFile(await newPack(), fileId, 'application/pdf', tinyPdf());
    expect(elsewhere.statusCode).toBe(409);
    for (let i = 1; i < maxFilesPerPack; i++) {
      const res = await staff.putFile(packId, uuid(), 'application/pdf', tinyPdf(`n${i}`), {
        name: `Sheet ${i}`,
      });
      expect(res.statusCode).toBe(201);
    }
    const over = await staff.putFile(packId, uuid(), 'application/pdf', tinyPdf('over'), {
      name: 'One too many',
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().error.message).toMatch(/at most 20 files/);
    expect(
      (await staff.putFile(uuid(), uuid(), 'application/pdf', tinyPdf(), { name: 'x' })).statusCode,
    ).toBe(404);
  });
});

describe('hostile and wrong files', () => {
  let packId: string;
  beforeAll(async () => {
    packId = await newPack();
  });

  const cases = [
    {
      name: 'a PNG renamed .pdf',
      type: 'application/pdf',
      make: () => pngBytes(),
      status: 422,
      message: /sent as a PDF but it is a PNG picture/,
    },
    {
      name: 'a text file sent as a PDF',
      type: 'application/pdf',
      make: async () => Buffer.from('Dear parents,\nplease print this.\n'),
      status: 422,
      message: /plain text file/,
    },
    {
      name: 'a PDF cut off before its end',
      type: 'application/pdf',
      make: async () => tinyPdf().subarray(0, 40),
      status: 422,
      message: /incomplete/,
    },
    {
      name: 'an HTML page sent as a picture',
      type: 'image/png',
      make: async () => Buffer.from('<!doctype html><script>alert(1)</script>'),
      status: 422,
      message: /HTML/,
    },
    {
      name: 'a PDF sent as a sound file',
      type: 'audio/mpeg',
      make: async () => tinyPdf(),
      status: 422,
      message: /sound file but it is a PDF/,
    },
    {
      name: 'an SVG (scripts inside) sent as an SVG',
      type: 'image/svg+xml',
      make: async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
      status: 415,
      message: /PDFs, pictures and sound files/,
    },
    {
      name: 'a form post (text/plain, as a cross-site form could send)',
      type: 'text/plain',
      make: async () => Buffer.from('a=b'),
      status: 415,
      message: /PDFs, pictures and sound files/,
    },
    {
      name: 'JSON instead of the bytes',
      type: 'application/json',
      make: async () => Buffer.from('{"file":"x"}'),
      status: 415,
      message: /Send the file itself/,
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.name} with unsupported_file and keeps nothing`, async () => {
      const stored = storedFiles(t.dataDir);
      const res = await staff.putFile(packId, uuid(), c.type, await c.make(), { name: 'x' });
      expect(res.statusCode).toBe(c.status);
      expect(res.json().error.code).toBe('unsupported_file');
      expect(res.json().error.message).toMatch(c.message);
      expect(storedFiles(t.dataDir)).toEqual(stored);
    });
  }

  it('refuses a file over the limit: from its Content-Length, or while reading a body without one', async () => {
    const big = Buffer.alloc(maxPackFileBytes + 1, 0x20);
    tinyPdf().copy(big);
    const res = await staff.putFile(packId, uuid(), 'application/pdf', big, { name: 'Big.pdf' });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringMatching(/at most 25 MB/),
    });
    // Chunked, so no Content-Length to judge by: the body limit stops it.
    const chunked = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/packs/${packId}/files/${uuid()}?name=Big.pdf`,
      headers: { cookie: f.adminCookie, 'content-type': 'application/pdf' },
      payload: Readable.from([big.subarray(0, 1024 * 1024), big.subarray(1024 * 1024)]),
    });
    expect(chunked.statusCode).toBe(413);
    expect(chunked.json().error.code).toBe('payload_too_large');
    const rows = await t.app.db
      .selectFrom('pack_files')
      .select('id')
      .where('pack_id', '=', packId)
      .execute();
    expect(rows).toEqual([]);
  });
});
