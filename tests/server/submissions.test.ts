// Photo submissions end to end: tus upload with a dropped connection, commit, what is
// stored (and what is not), idempotency, refusals, quota, and the staff side.
import {
  defaultSchoolDaySettings,
  saveSchoolDaySettings,
} from '../../src/server/db/school-day-settings.ts';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyBytes } from '../../src/server/db/uploads.ts';
import { uploadsPath } from '../../src/shared/submissions.ts';
import { asStaff, bearer, signIn, startApp, twoFamilies, type TestApp } from './helpers.ts';
import { sha256Hex, tusCreate, tusHead, tusPatch, uploadIdOf, uploadPage } from './tus.ts';

let t: TestApp;
let khan: string;
let novak: string;
let f: Awaited<ReturnType<typeof twoFamilies>>;
let pupils: Record<string, { id: string; class_id: string }>;
let photo: Buffer;

/** A 1200×800 JPEG (landscape as stored) shown portrait by EXIF orientation 6, with GPS. */
async function phonePhoto(): Promise<Buffer> {
  const w = 1200;
  const h = 800;
  const svg = `<svg width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="#eee"/><rect width="300" height="100" fill="red"/><circle cx="600" cy="400" r="200" fill="navy"/></svg>`;
  return sharp(Buffer.from(svg))
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'HomewardPhone', Model: 'Secret Model 9', Artist: 'Parent Name' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '51/1 30/1 1234/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '0/1 7/1 4000/100',
      },
    })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** Every JPEG APP marker segment (APP0..APP15) and COM in the header. */
function jpegSegments(bytes: Buffer): { marker: number; body: Buffer }[] {
  const out: { marker: number; body: Buffer }[] = [];
  let i = 2;
  while (i + 4 <= bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1] as number;
    if (marker === 0xda) break; // start of scan
    const len = bytes.readUInt16BE(i + 2);
    out.push({ marker, body: bytes.subarray(i + 4, i + 2 + len) });
    i += 2 + len;
  }
  return out;
}

function storedFiles(dir: string): string[] {
  const root = join(dir, 'files');
  const found: string[] = [];
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
      else found.push(p.slice(root.length + 1));
    }
  };
  walk(root);
  return found.toSorted();
}

const put = (id: string, body: object, token = khan) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/submissions/${id}`,
    headers: bearer(token),
    payload: body,
  });

type PageRef = { uploadId: string; sha256: string; bytes: number };
const bodyFor = (pages: PageRef[], extra: object = {}) => ({
  pupilId: pupils.Amira!.id,
  sessionId: null,
  note: 'Maths page 4',
  createdAt: '2026-11-23T10:00:00.000Z',
  pages,
  ...extra,
});

const sync = async (token: string, since?: string) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/sync${since ? `?since=${encodeURIComponent(since)}` : ''}`,
    headers: bearer(token),
  });
  expect(res.statusCode).toBe(200);
  return res.json() as {
    cursor: string;
    changes: { op: string; entity: string; data?: Record<string, unknown>; id?: string }[];
  };
};

beforeAll(async () => {
  t = await startApp({ uploadQuotaBytes: 3 * 1024 * 1024 });
  f = await twoFamilies(t);
  khan = f.khan.token;
  novak = f.novak.token;
  pupils = f.pupils;
  photo = await phonePhoto();
});
afterAll(() => t.close());

describe('a photo submission', () => {
  let submissionId: string;
  let body: ReturnType<typeof bodyFor>;

  it('uploads with a dropped connection, resumes from the server offset, and commits', async () => {
    expect(photo.includes(Buffer.from('Exif\0\0'))).toBe(true);
    expect((await sharp(photo).metadata()).orientation).toBe(6);

    const created = await tusCreate(t.app, khan, photo.length);
    expect(created.statusCode).toBe(201);
    expect(created.headers['tus-resumable']).toBe('1.0.0');
    expect(created.headers.location).toMatch(/^\/api\/v1\/uploads\/[0-9a-f-]{36}$/);
    // The strict /api headers apply to tus answers too.
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.headers['x-content-type-options']).toBe('nosniff');
    expect(created.headers['access-control-allow-origin']).toBeUndefined();
    const id = uploadIdOf(created.headers.location);

    const half = Math.floor(photo.length / 2);
    const first = await tusPatch(t.app, khan, id, 0, photo.subarray(0, half));
    expect(first.statusCode).toBe(204);
    expect(first.headers['upload-offset']).toBe(String(half));

    // The connection "drops": the phone asks where to carry on.
    const head = await tusHead(t.app, khan, id);
    expect(head.statusCode).toBe(200);
    expect(head.headers['upload-offset']).toBe(String(half));
    expect(head.headers['upload-length']).toBe(String(photo.length));

    // Committing now is refused: not every byte has arrived.
    const early = await put(
      uuid(),
      bodyFor([{ uploadId: id, sha256: sha256Hex(photo), bytes: photo.length }]),
    );
    expect(early.statusCode).toBe(422);
    expect(early.json().error).toMatchObject({ code: 'upload_incomplete', details: { page: 0 } });

    // A wrong offset is a conflict, the right one finishes it.
    const wrong = await tusPatch(t.app, khan, id, 0, photo.subarray(half));
    expect(wrong.statusCode).toBe(409);
    const rest = await tusPatch(t.app, khan, id, half, photo.subarray(half));
    expect(rest.statusCode).toBe(204);
    expect(rest.headers['upload-offset']).toBe(String(photo.length));

    submissionId = uuid();
    body = bodyFor([{ uploadId: id, sha256: sha256Hex(photo), bytes: photo.length }]);
    const res = await put(submissionId, body);
    expect(res.statusCode).toBe(201);
    expect(res.json().submission).toMatchObject({
      id: submissionId,
      pupilId: pupils.Amira!.id,
      pageCount: 1,
      seenAt: null,
    });

    const pages = await t.app.db
      .selectFrom('submission_pages')
      .selectAll()
      .where('submission_id', '=', submissionId)
      .execute();
    expect(pages).toHaveLength(1);
    const page = pages[0]!;
    // Orientation applied: the 1200×800 landscape pixels are now an 800×1200 portrait.
    expect([page.width, page.height]).toEqual([800, 1200]);
    const full = await t.app.storage.get(page.file_key);
    const bytes = Buffer.concat(await Array.fromAsync(full!.stream as AsyncIterable<Buffer>));
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 800, height: 1200 });
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    // Byte-level: no EXIF/XMP APP1, no ICC APP2, no comment, none of the identifying strings.
    const segments = jpegSegments(bytes);
    expect(
      segments.filter((s) => s.marker === 0xe1 || s.marker === 0xe2 || s.marker === 0xfe),
    ).toEqual([]);
    for (const needle of [
      'Exif\0\0',
      'HomewardPhone',
      'Secret Model',
      'Parent Name',
      'http://ns.adobe.com/xap',
    ]) {
      expect(bytes.includes(Buffer.from(needle))).toBe(false);
    }
    const thumb = await t.app.storage.get(page.thumb_key);
    const thumbMeta = await sharp(
      Buffer.concat(await Array.fromAsync(thumb!.stream as AsyncIterable<Buffer>)),
    ).metadata();
    expect(thumbMeta).toMatchObject({ format: 'jpeg', width: 213, height: 320 });

    // The tus upload is gone; the stored files have server-made names only (besides the
    // demo seed's learning-pack files).
    expect(readdirSync(join(t.dataDir, 'uploads')).filter((n) => n.startsWith(id))).toEqual([]);
    const seeded = new Set(
      (await t.app.db.selectFrom('file_blobs').select('storage_key').execute()).map(
        (b) => b.storage_key,
      ),
    );
    expect(
      storedFiles(t.dataDir)
        .map((p) => p.split('/').pop())
        .filter((name) => !seeded.has(name ?? ''))
        .toSorted(),
    ).toEqual([page.file_key, page.thumb_key].toSorted());
    // The upload can no longer be written.
    const after = await tusPatch(t.app, khan, id, photo.length, Buffer.from('x'));
    expect(after.statusCode).toBe(404);
  });

  it('is idempotent: the same PUT again is a 200 and creates nothing', async () => {
    const files = storedFiles(t.dataDir);
    const again = await put(submissionId, structuredClone(body));
    expect(again.json().submission.receivedAt).toBeTruthy();
    expect(again.statusCode).toBe(200);
    expect(again.json().submission).toMatchObject({ id: submissionId, pageCount: 1 });
    const count = await t.app.db
      .selectFrom('submissions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    expect(storedFiles(t.dataDir)).toEqual(files);

    // The phone lost the answer and sent the page again under a new upload: still a 200.
    const reuploaded = await uploadPage(t.app, khan, photo);
    const retry = await put(submissionId, { ...body, pages: [reuploaded] });
    expect(retry.statusCode).toBe(200);
    expect(storedFiles(t.dataDir)).toEqual(files);
    // A resuming client asking about the committed upload hears "complete".
    const head = await tusHead(t.app, khan, body.pages[0]!.uploadId);
    expect(head.statusCode).toBe(200);
    expect(head.headers['upload-offset']).toBe(String(photo.length));
    expect(head.headers['upload-length']).toBe(String(photo.length));
    expect(head.headers['cache-control']).toBe('no-store');
    expect((await tusHead(t.app, novak, body.pages[0]!.uploadId)).statusCode).toBe(404);
    // Abandon the re-upload so the quota test below starts from the stored bytes only.
    await t.app.inject({
      method: 'DELETE',
      url: `${uploadsPath}/${reuploaded.uploadId}`,
      headers: { ...bearer(khan), 'tus-resumable': '1.0.0' },
    });

    const other = await put(submissionId, { ...body, note: 'Something else' });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('conflict');
  });

  it('reaches the family’s other phones through sync, and never another family', async () => {
    const khanSync = await sync(khan);
    const sub = khanSync.changes.find((c) => c.entity === 'submission');
    expect(sub?.data).toMatchObject({ id: submissionId, pageCount: 1, note: 'Maths page 4' });
    const novakSync = await sync(novak);
    expect(novakSync.changes.some((c) => c.entity === 'submission')).toBe(false);
  });

  it('refuses a sha256 mismatch, a length mismatch and another family’s upload; stores nothing', async () => {
    const files = storedFiles(t.dataDir);
    const ref = await uploadPage(t.app, khan, photo);
    const badHash = await put(uuid(), bodyFor([{ ...ref, sha256: 'a'.repeat(64) }]));
    expect(badHash.statusCode).toBe(422);
    expect(badHash.json().error).toMatchObject({ code: 'upload_incomplete' });
    expect(badHash.json().error.message).toMatch(/Page 1.*sha256/);
    const badLength = await put(uuid(), bodyFor([{ ...ref, bytes: ref.bytes - 1 }]));
    expect(badLength.statusCode).toBe(422);
    expect(badLength.json().error.code).toBe('upload_incomplete');

    // Novak's phone cannot commit, HEAD or PATCH Khan's upload: for Novak it is not there.
    const stolen = await put(uuid(), bodyFor([ref], { pupilId: pupils.Maja!.id }), novak);
    expect(stolen.statusCode).toBe(410);
    expect(stolen.json().error.code).toBe('upload_gone');
    expect((await tusHead(t.app, novak, ref.uploadId)).statusCode).toBe(404);
    expect((await tusPatch(t.app, novak, ref.uploadId, 0, Buffer.from('x'))).statusCode).toBe(404);
    // A second page naming the same upload twice.
    const twice = await put(uuid(), bodyFor([ref, ref]));
    expect(twice.statusCode).toBe(400);
    expect(storedFiles(t.dataDir)).toEqual(files);
    expect(await t.app.db.selectFrom('submissions').select('id').execute()).toHaveLength(1);

    // The upload is still usable for a correct commit.
    const ok = await put(uuid(), bodyFor([ref]));
    expect(ok.statusCode).toBe(201);
  });

  it('answers 410 upload_gone for an upload the server no longer has, and takes the page sent again', async () => {
    const ref = await uploadPage(t.app, khan, photo);
    // The start-up clean-up of uploads never committed for a week (plugins/files.ts).
    await t.app.db.deleteFrom('uploads').where('id', '=', ref.uploadId).execute();
    await t.app.uploads.remove(ref.uploadId);
    const id = uuid();
    const gone = await put(id, bodyFor([ref]));
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error).toMatchObject({ code: 'upload_gone', details: { page: 0 } });
    // Not the 404 a child who is not the family's gets: the phone can tell them apart.
    const notOurs = await put(uuid(), bodyFor([ref], { pupilId: pupils.Maja!.id }));
    expect(notOurs.json().error.code).toBe('not_found');
    // The phone still has the page: it uploads it afresh and commits the same id.
    const again = await uploadPage(t.app, khan, photo);
    expect((await put(id, bodyFor([again]))).statusCode).toBe(201);
    // An upload a commit already used is gone for any other submission.
    const reused = await put(uuid(), bodyFor([again]));
    expect(reused.statusCode).toBe(410);
    expect(reused.json().error.code).toBe('upload_gone');
  });

  it('refuses another family’s child and a session the child does not have (404)', async () => {
    const ref = await uploadPage(t.app, khan, photo);
    const maja = await put(uuid(), bodyFor([ref], { pupilId: pupils.Maja!.id }));
    expect(maja.statusCode).toBe(404);
    expect(maja.json().error.code).toBe('not_found');
    const willowSession = await t.app.db
      .selectFrom('timetable_sessions as s')
      .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
      .select('s.id')
      .where('w.class_id', '=', pupils.Yusuf!.class_id)
      .executeTakeFirstOrThrow();
    const wrongSession = await put(uuid(), bodyFor([ref], { sessionId: willowSession.id }));
    expect(wrongSession.statusCode).toBe(404);
    const amiraSession = await t.app.db
      .selectFrom('timetable_sessions as s')
      .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
      .select('s.id')
      .where('w.class_id', '=', pupils.Amira!.class_id)
      .where('s.pupil_id', 'is', null)
      .executeTakeFirstOrThrow();
    const right = await put(uuid(), bodyFor([ref], { sessionId: amiraSession.id }));
    expect(right.statusCode).toBe(201);
    expect(right.json().submission.sessionId).toBe(amiraSession.id);
  });

  it('refuses an upload over the family quota at creation (413 quota_exceeded)', async () => {
    // 3 MB quota; stored pages and pending uploads both count.
    const quota = 3 * 1024 * 1024;
    const used = await familyBytes(t.app.db, f.khan.familyId, t.app.now());
    expect(used).toBeGreaterThan(0);
    const half = Math.floor((quota - used) / 2);
    const a = await tusCreate(t.app, khan, half);
    expect(a.statusCode).toBe(201);
    const b = await tusCreate(t.app, khan, half);
    expect(b.statusCode).toBe(201);
    const c = await tusCreate(t.app, khan, quota - used - 2 * half + 1);
    expect(c.statusCode).toBe(413);
    expect(c.headers['content-type']).toMatch(/application\/json/);
    expect(c.json().error.code).toBe('quota_exceeded');
    expect(c.json().error.message).toMatch(/full/);
    // Abandoning an upload (tus termination) gives the room back.
    const del = await t.app.inject({
      method: 'DELETE',
      url: `${uploadsPath}/${uploadIdOf(b.headers.location)}`,
      headers: { ...bearer(khan), 'tus-resumable': '1.0.0' },
    });
    expect(del.statusCode).toBe(204);
    expect((await tusCreate(t.app, khan, half)).statusCode).toBe(201);
    const big = 1024 * 1024;
    // Another family has its own allowance.
    expect((await tusCreate(t.app, novak, big)).statusCode).toBe(201);
  });
});

describe('staff and returned work', () => {
  let cookie: string;
  let pageId: string;
  let subId: string;

  beforeAll(async () => {
    const teacher = t.demo.staff[0]!;
    cookie = (await signIn(t.app, teacher.email, teacher.password)).cookie;
  });

  it('lists a class’s submissions newest first, with pages and file URLs', async () => {
    const res = await t.app.inject(
      asStaff(cookie, {
        method: 'GET',
        url: `/api/v1/staff/submissions?classId=${pupils.Amira!.class_id}`,
      }),
    );
    expect(res.statusCode).toBe(200);
    const subs = res.json().submissions as {
      id: string;
      receivedAt: string;
      pupilName: string;
      pages: { id: string; url: string; thumbUrl: string; width: number }[];
    }[];
    expect(subs.length).toBeGreaterThanOrEqual(3);
    expect(subs.map((s) => s.receivedAt)).toEqual(
      subs
        .map((s) => s.receivedAt)
        .toSorted()
        .toReversed(),
    );
    const s = subs[0]!;
    expect(s.pupilName).toBe('Amira');
    pageId = s.pages[0]!.id;
    subId = s.id;
    expect(s.pages[0]).toMatchObject({
      url: `/api/v1/staff/files/${pageId}`,
      thumbUrl: `/api/v1/staff/files/${pageId}/thumb`,
    });
    // Another class of the school: none of Amira's work.
    const willow = await t.app.inject(
      asStaff(cookie, {
        method: 'GET',
        url: `/api/v1/staff/submissions?classId=${pupils.Yusuf!.class_id}`,
      }),
    );
    expect(willow.json().submissions).toEqual([]);
  });

  it('serves the files to staff only', async () => {
    for (const suffix of ['', '/thumb']) {
      const url = `/api/v1/staff/files/${pageId}${suffix}`;
      const res = await t.app.inject(asStaff(cookie, { method: 'GET', url }));
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
      expect(res.headers['content-disposition']).toBe('inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      const anon = await t.app.inject({ method: 'GET', url });
      expect(anon.statusCode).toBe(401);
      const family = await t.app.inject({ method: 'GET', url, headers: bearer(khan) });
      expect(family.statusCode).toBe(401);
    }
    const unknown = await t.app.inject(
      asStaff(cookie, { method: 'GET', url: `/api/v1/staff/files/${uuid()}` }),
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('marks seen once and sends feedback; the family’s sync shows both', async () => {
    // Whatever the hour this runs at: reply hours are tested in feedback-hours.test.ts.
    const { school_id: schoolId } = await t.app.db
      .selectFrom('classes')
      .select('school_id')
      .where('id', '=', pupils.Amira!.class_id)
      .executeTakeFirstOrThrow();
    await saveSchoolDaySettings(
      t.app.db,
      schoolId,
      { ...defaultSchoolDaySettings, holdOutsideReplyHours: false },
      t.app.now(),
    );
    const before = await sync(khan);
    const seen = await t.app.inject(
      asStaff(cookie, {
        method: 'POST',
        url: `/api/v1/staff/submissions/${subId}/seen`,
        payload: {},
      }),
    );
    expect(seen.statusCode).toBe(200);
    const seenAt = seen.json().submission.seenAt as string;
    expect(seenAt).toBeTruthy();
    const again = await t.app.inject(
      asStaff(cookie, {
        method: 'POST',
        url: `/api/v1/staff/submissions/${subId}/seen`,
        payload: {},
      }),
    );
    expect(again.json().submission.seenAt).toBe(seenAt);

    const fb = await t.app.inject(
      asStaff(cookie, {
        method: 'POST',
        url: `/api/v1/staff/submissions/${subId}/feedback`,
        payload: { text: 'Lovely neat working, Amira!' },
      }),
    );
    expect(fb.statusCode).toBe(201);
    expect(fb.json().feedback).toMatchObject({
      submissionId: subId,
      pupilId: pupils.Amira!.id,
      staffName: t.demo.staff[0]!.name,
      text: 'Lovely neat working, Amira!',
    });
    const form = await t.app.inject(
      asStaff(cookie, {
        method: 'POST',
        url: `/api/v1/staff/submissions/${subId}/feedback`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'text=hi',
      }),
    );
    expect(form.statusCode).toBe(415);

    const delta = await sync(khan, before.cursor);
    expect(delta.changes.find((c) => c.entity === 'submission')?.data).toMatchObject({
      id: subId,
      seenAt,
    });
    expect(delta.changes.find((c) => c.entity === 'submissionFeedback')?.data).toMatchObject({
      submissionId: subId,
      text: 'Lovely neat working, Amira!',
    });
    const novakSync = await sync(novak);
    expect(novakSync.changes.some((c) => c.entity === 'submissionFeedback')).toBe(false);
  });

  it('is a 404 for staff of another school', async () => {
    // A second school with its own teacher.
    const db = t.app.db;
    const schoolId = uuid();
    const at = new Date().toISOString();
    await db
      .insertInto('schools')
      .values({
        id: schoolId,
        name: 'Elsewhere',
        contact_hours: '',
        contacts: '[]',
        time_zone: 'Europe/London',
        updated_at: at,
      })
      .execute();
    const { hashPassword } = await import('../../src/server/lib/crypto.ts');
    await db
      .insertInto('staff')
      .values({
        id: uuid(),
        school_id: schoolId,
        email: 'other@elsewhere.example.org',
        name: 'Mr Other',
        role: 'teacher',
        password_hash: await hashPassword('correct horse battery'),
        created_at: at,
      })
      .execute();
    const other = (await signIn(t.app, 'other@elsewhere.example.org', 'correct horse battery'))
      .cookie;
    for (const url of [
      `/api/v1/staff/files/${pageId}`,
      `/api/v1/staff/files/${pageId}/thumb`,
      `/api/v1/staff/submissions?classId=${pupils.Amira!.class_id}`,
    ]) {
      const res = await t.app.inject(asStaff(other, { method: 'GET', url }));
      expect(res.statusCode).toBe(404);
    }
    const seen = await t.app.inject(
      asStaff(other, {
        method: 'POST',
        url: `/api/v1/staff/submissions/${subId}/seen`,
        payload: {},
      }),
    );
    expect(seen.statusCode).toBe(404);
    const fb = await t.app.inject(
      asStaff(other, {
        method: 'POST',
        url: `/api/v1/staff/submissions/${subId}/feedback`,
        payload: { text: 'x' },
      }),
    );
    expect(fb.statusCode).toBe(404);
  });
});
