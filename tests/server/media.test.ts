// Media files for schedules and rewards: a family's picture or clip committed from a tus
// upload (rebuilt or checked by its bytes, idempotent, counted in the quota), what is
// refused and that nothing of it is kept, who may fetch the bytes, and the school's own.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyBytes } from '../../src/server/db/uploads.ts';
import { sniffAudio } from '../../src/server/lib/audio.ts';
import { maxAudioBytes } from '../../src/shared/schedules.ts';
import { asStaff, bearer, join_, startApp, twoFamilies, type TestApp } from './helpers.ts';
import {
  audio,
  cameraJpeg,
  commitMedia,
  pngBytes,
  storedFiles,
  synced,
} from './schedule-fixtures.ts';
import { sha256Hex, tusCreate, tusPatch, uploadIdOf, uploadPage } from './tus.ts';

let t: TestApp;
let f: Awaited<ReturnType<typeof twoFamilies>>;
let khan: string;
let novak: string;
let amira: string;
let maja: string;

beforeAll(async () => {
  t = await startApp();
  f = await twoFamilies(t);
  khan = f.khan.token;
  novak = f.novak.token;
  amira = f.pupils.Amira!.id;
  maja = f.pupils.Maja!.id;
});
afterAll(() => t.close());

const getMedia = (id: string, token: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/media/${id}`,
    headers: { ...bearer(token), ...headers },
  });

/** Segment markers in a JPEG header (APP0..APP15, COM…), up to the start of scan. */
function jpegMarkers(bytes: Buffer): number[] {
  const out: number[] = [];
  let i = 2;
  while (i + 4 <= bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1] as number;
    if (marker === 0xda) break;
    out.push(marker);
    i += 2 + bytes.readUInt16BE(i + 2);
  }
  return out;
}

describe('a family picture for a symbol', () => {
  let id: string;
  let ref: { uploadId: string; sha256: string; bytes: number };
  let stored: { sha256: string; bytes: number; contentType: string };

  it('is rebuilt: at most 800 px, orientation applied, JPEG without EXIF or GPS', async () => {
    const photo = await cameraJpeg();
    expect(photo.includes(Buffer.from('Exif\0\0'))).toBe(true);
    const before = storedFiles(t.dataDir);
    const done = await commitMedia(t.app, khan, { pupilId: amira, kind: 'image', bytes: photo });
    id = done.id;
    ref = done.ref;
    expect(done.res.statusCode).toBe(201);
    stored = done.res.json().media;
    expect(stored).toMatchObject({ id, pupilId: amira, kind: 'image', contentType: 'image/jpeg' });

    const res = await getMedia(id, khan);
    expect(res.statusCode).toBe(200);
    const bytes = res.rawPayload;
    expect(bytes.length).toBe(stored.bytes);
    expect(sha256Hex(bytes)).toBe(stored.sha256);
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('jpeg');
    // 2000×1500 shown portrait (orientation 6): 600×800 after rotation and resizing.
    expect([meta.width, meta.height]).toEqual([600, 800]);
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(jpegMarkers(bytes).filter((m) => m >= 0xe1 && m <= 0xef)).toEqual([]);
    expect(bytes.includes(Buffer.from('Secret Model'))).toBe(false);
    expect(storedFiles(t.dataDir)).toHaveLength(before.length + 1);
  });

  it('is served private, immutable, nosniff, inline, with the sha256 as ETag (and 304s)', async () => {
    const res = await getMedia(id, khan);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe('inline');
    expect(res.headers.etag).toBe(`"${stored.sha256}"`);
    const again = await getMedia(id, khan, { 'if-none-match': `"${stored.sha256}"` });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('marks the upload committed and deletes its file, like a submission', async () => {
    const row = await t.app.db
      .selectFrom('uploads')
      .select('committed_at')
      .where('id', '=', ref.uploadId)
      .executeTakeFirstOrThrow();
    expect(row.committed_at).not.toBeNull();
    expect(existsSync(join(t.dataDir, 'uploads', ref.uploadId))).toBe(false);
  });

  it('is idempotent by id: the same body is a 200, another body a 409', async () => {
    const put = (body: object) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/media/${id}`,
        headers: bearer(khan),
        payload: body,
      });
    const again = await put({ pupilId: amira, kind: 'image', ...ref });
    expect(again.statusCode).toBe(200);
    expect(again.json().media).toEqual(stored);
    // Uploaded again by a phone that lost the answer: new upload id, same bytes.
    const reuploaded = await uploadPage(t.app, khan, await cameraJpeg());
    expect((await put({ pupilId: amira, kind: 'image', ...reuploaded })).statusCode).toBe(200);
    const other = await put({ pupilId: amira, kind: 'image', ...ref, sha256: 'a'.repeat(64) });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('conflict');
    expect(
      await t.app.db.selectFrom('media_files').select('id').where('id', '=', id).execute(),
    ).toHaveLength(1);
  });

  it('turns a transparent PNG into a JPEG on white', async () => {
    const png = await sharp({
      create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const { res } = await commitMedia(t.app, khan, { pupilId: amira, kind: 'image', bytes: png });
    expect(res.statusCode).toBe(201);
    const bytes = (await getMedia(res.json().media.id, khan)).rawPayload;
    const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
    expect(Math.min(...data.subarray(0, 300))).toBeGreaterThan(240);
  });
});

describe('refused media', () => {
  const refusedCases = [
    {
      name: 'an HTML page named .jpg sent as a picture',
      kind: 'image' as const,
      make: async () => Buffer.from('<!doctype html><html><script>alert(1)</script></html>'),
      status: 422,
      code: 'unsupported_image',
      message: /HTML/,
    },
    {
      name: 'a PDF sent as audio',
      kind: 'audio' as const,
      make: async () => Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'),
      status: 422,
      code: 'unsupported_media',
      message: /PDF.*WebM, Ogg, M4A or MP3/,
    },
    {
      name: 'a WAV recording',
      kind: 'audio' as const,
      make: async () =>
        Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1'), Buffer.alloc(100)]),
      status: 422,
      code: 'unsupported_media',
      message: /WAV/,
    },
    {
      name: 'a picture sent as audio',
      kind: 'audio' as const,
      make: () => pngBytes(),
      status: 422,
      code: 'unsupported_media',
      message: /PNG/,
    },
    {
      name: 'an oversized clip',
      kind: 'audio' as const,
      make: async () => audio.ogg(maxAudioBytes + 200 * 1024),
      status: 413,
      code: 'payload_too_large',
      message: /at most 1024 KB/,
    },
  ];

  for (const c of refusedCases) {
    it(`refuses ${c.name} with a clear message and keeps nothing`, async () => {
      const before = storedFiles(t.dataDir);
      const rowsBefore = await t.app.db.selectFrom('media_files').select('id').execute();
      const bytes = await c.make();
      const { id, res } = await commitMedia(t.app, khan, { pupilId: amira, kind: c.kind, bytes });
      expect(res.statusCode).toBe(c.status);
      expect(res.json().error.code).toBe(c.code);
      expect(res.json().error.message).toMatch(c.message);
      expect(storedFiles(t.dataDir)).toEqual(before);
      expect(await t.app.db.selectFrom('media_files').select('id').execute()).toHaveLength(
        rowsBefore.length,
      );
      expect((await getMedia(id, khan)).statusCode).toBe(404);
    });
  }

  it('answers 410 upload_gone once the server cleaned the upload up, then takes it sent again', async () => {
    const bytes = audio.ogg();
    const upload = async () => {
      const created = await tusCreate(t.app, khan, bytes.length);
      const uploadId = uploadIdOf(created.headers.location);
      await tusPatch(t.app, khan, uploadId, 0, bytes);
      return uploadId;
    };
    const first = await upload();
    await t.app.db.deleteFrom('uploads').where('id', '=', first).execute();
    await t.app.uploads.remove(first);
    const id = uuid();
    const body = { pupilId: amira, kind: 'audio', sha256: sha256Hex(bytes), bytes: bytes.length };
    const commit = (uploadId: string) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/media/${id}`,
        headers: bearer(khan),
        payload: { ...body, uploadId },
      });
    const gone = await commit(first);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error.code).toBe('upload_gone');
    expect((await commit(await upload())).statusCode).toBe(201);
  });

  it('refuses an upload that is not finished, not this family’s, or not what was declared', async () => {
    const bytes = audio.ogg();
    const created = await tusCreate(t.app, khan, bytes.length);
    const uploadId = uploadIdOf(created.headers.location);
    await tusPatch(t.app, khan, uploadId, 0, bytes.subarray(0, 1000));
    const body = {
      pupilId: amira,
      kind: 'audio',
      uploadId,
      sha256: sha256Hex(bytes),
      bytes: bytes.length,
    };
    const put = (payload: object, token = khan) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/media/${uuid()}`,
        headers: bearer(token),
        payload,
      });
    const half = await put(body);
    expect(half.statusCode).toBe(422);
    expect(half.json().error.code).toBe('upload_incomplete');
    await tusPatch(t.app, khan, uploadId, 1000, bytes.subarray(1000));
    const wrongHash = await put({ ...body, sha256: 'b'.repeat(64) });
    expect(wrongHash.statusCode).toBe(422);
    expect(wrongHash.json().error.message).toMatch(/sha256/);
    const wrongLength = await put({ ...body, bytes: bytes.length + 1 });
    expect(wrongLength.statusCode).toBe(422);
    // Novak's phone naming Khan's upload (and its own child): for Novak it is not there.
    const stolen = await put({ ...body, pupilId: maja }, novak);
    expect(stolen.statusCode).toBe(410);
    expect(stolen.json().error.code).toBe('upload_gone');
    // For a child who is not the family's: 404 before anything is read.
    expect((await put({ ...body, pupilId: maja })).statusCode).toBe(404);
    expect((await put(body)).statusCode).toBe(201);
  });

  it('needs a phone: no token is a 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/media/${uuid()}` });
    expect(res.statusCode).toBe(401);
  });
});

describe('sound clips', () => {
  for (const [name, make, type] of [
    ['WebM', audio.webm, 'audio/webm'],
    ['Ogg', audio.ogg, 'audio/ogg'],
    ['M4A', audio.m4a, 'audio/mp4'],
    ['MP3 with ID3', audio.mp3, 'audio/mpeg'],
    ['MP3 frame', audio.mpegFrame, 'audio/mpeg'],
  ] as const) {
    it(`keeps ${name} as it came, served as ${type}`, async () => {
      const bytes = make();
      const { id, res } = await commitMedia(t.app, khan, { pupilId: amira, kind: 'audio', bytes });
      expect(res.statusCode).toBe(201);
      expect(res.json().media).toMatchObject({
        kind: 'audio',
        contentType: type,
        bytes: bytes.length,
      });
      expect(res.json().media.sha256).toBe(sha256Hex(bytes));
      const got = await getMedia(id, khan);
      expect(got.headers['content-type']).toBe(type);
      expect(got.rawPayload.equals(bytes)).toBe(true);
    });
  }

  it('tells audio from look-alikes by the first bytes', () => {
    // AAC in ADTS (layer bits 00) is not MPEG audio; a JPEG (FF D8) is not a frame sync.
    expect(sniffAudio(Buffer.from([0xff, 0xf1, 0x50, 0x80, ...Array(20).fill(0)])).kind).toBe(
      'refused',
    );
    expect(sniffAudio(Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array(20).fill(0)]))).toEqual({
      kind: 'refused',
      what: 'a JPEG picture',
    });
    const heic = Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from('ftypheic', 'latin1'),
      Buffer.alloc(12),
    ]);
    expect(sniffAudio(heic).kind).toBe('refused');
    expect(sniffAudio(Buffer.from('OggS')).kind).toBe('refused'); // too short
  });
});

describe('who sees media', () => {
  it('gives another family a 404 for a child’s media, and never syncs it to them', async () => {
    const { id, res } = await commitMedia(t.app, khan, {
      pupilId: amira,
      kind: 'image',
      bytes: await pngBytes(),
    });
    expect(res.statusCode).toBe(201);
    expect((await getMedia(id, novak)).statusCode).toBe(404);
    expect((await getMedia(uuid(), khan)).statusCode).toBe(404);
    const novakMedia = await synced(t.app, novak, 'mediaFile');
    expect(novakMedia.some((m) => m.pupilId === amira)).toBe(false);
    const khanMedia = await synced(t.app, khan, 'mediaFile');
    expect(khanMedia.map((m) => m.id)).toContain(id);
  });

  it('lets staff add the school’s own picture (every family) or a child’s (that family only)', async () => {
    const post = (type: string, body: Buffer | string, query = '') =>
      t.app.inject(
        asStaff(f.adminCookie, {
          method: 'POST',
          url: `/api/v1/staff/media${query}`,
          headers: { 'content-type': type },
          payload: body,
        }),
      );
    const school = await post('image/png', await pngBytes(1600, 1200));
    expect(school.statusCode).toBe(201);
    const schoolMedia = school.json().media;
    expect(schoolMedia).toMatchObject({ pupilId: null, kind: 'image', contentType: 'image/jpeg' });
    const forAmira = await post('audio/ogg', audio.ogg(), `?pupilId=${amira}`);
    expect(forAmira.statusCode).toBe(201);
    expect(forAmira.json().media).toMatchObject({ pupilId: amira, contentType: 'audio/ogg' });

    for (const token of [khan, novak]) {
      const got = await getMedia(schoolMedia.id, token);
      expect(got.statusCode).toBe(200);
      const meta = await sharp(got.rawPayload).metadata();
      expect(Math.max(meta.width, meta.height)).toBe(800);
      expect((await synced(t.app, token, 'mediaFile')).map((m) => m.id)).toContain(schoolMedia.id);
    }
    expect((await getMedia(forAmira.json().media.id, novak)).statusCode).toBe(404);
    expect((await getMedia(forAmira.json().media.id, khan)).statusCode).toBe(200);

    const staffGet = await t.app.inject(
      asStaff(f.adminCookie, { method: 'GET', url: `/api/v1/staff/media/${schoolMedia.id}` }),
    );
    expect(staffGet.statusCode).toBe(200);
    expect(staffGet.headers.etag).toBe(`"${schoolMedia.sha256}"`);
    const unknown = await t.app.inject(
      asStaff(f.adminCookie, { method: 'GET', url: `/api/v1/staff/media/${uuid()}` }),
    );
    expect(unknown.statusCode).toBe(404);

    // Refusals: a type that is not a picture or clip, bytes that are not what the type
    // says, a child of no school of theirs, and no session at all.
    expect((await post('text/html', '<html></html>')).statusCode).toBe(415);
    const json = await t.app.inject(
      asStaff(f.adminCookie, { method: 'POST', url: '/api/v1/staff/media', payload: {} }),
    );
    expect(json.statusCode).toBe(415);
    const pdf = await post('audio/mpeg', '%PDF-1.7 not a clip at all, really not');
    expect(pdf.statusCode).toBe(422);
    expect(pdf.json().error.code).toBe('unsupported_media');
    const fake = await post('image/jpeg', '<html><body>hello</body></html>');
    expect(fake.statusCode).toBe(422);
    expect(fake.json().error.code).toBe('unsupported_image');
    expect((await post('image/png', await pngBytes(), `?pupilId=${uuid()}`)).statusCode).toBe(404);
    const anon = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/media',
      headers: { 'content-type': 'image/png' },
      payload: await pngBytes(),
    });
    expect(anon.statusCode).toBe(401);
  });
});

describe('media and the family quota', () => {
  it('counts stored media against the family and refuses uploads past the quota', async () => {
    const q = await startApp({ uploadQuotaBytes: 200_000 });
    try {
      const { token, familyId } = await join_(q.app, q.demo.joinCode);
      const pupil = await q.app.db
        .selectFrom('pupils')
        .select('id')
        .where('display_name', '=', 'Yusuf')
        .executeTakeFirstOrThrow();
      const clip = audio.webm(150_000);
      const { res } = await commitMedia(q.app, token, {
        pupilId: pupil.id,
        kind: 'audio',
        bytes: clip,
      });
      expect(res.statusCode).toBe(201);
      // The upload is committed (no longer pending); the stored clip counts instead.
      expect(await familyBytes(q.app.db, familyId, q.app.now())).toBe(clip.length);
      const next = await tusCreate(q.app, token, 60_000);
      expect(next.statusCode).toBe(413);
      expect(next.json().error.code).toBe('quota_exceeded');
    } finally {
      await q.close();
    }
  });
});
