// Pack files from the workspace go up resumably (tus at /api/v1/staff/uploads) and are
// committed as a pack's file by `POST /staff/packs/:id/files/:fileId/upload`: only the
// member who made an upload can touch it; other staff, other schools, phones and the
// signed-out get 404 or 401; given-up uploads are cleaned like families'.
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffUploadsPath } from '../../src/shared/publishing.ts';
import { asStaff, bearer, signIn, startApp, twoFamilies, type TestApp } from './helpers.ts';
import { packBody, staffClient, tinyPdf } from './pack-fixtures.ts';
import { secondSchool, type SecondSchool } from './second-school.ts';
import { sha256Hex, tusVersion, uploadIdOf } from './tus.ts';

let clock = new Date('2026-11-25T10:00:00Z');
let t: TestApp;
let f: Awaited<ReturnType<typeof twoFamilies>>;
let elm: SecondSchool;
let teacherCookie: string;
let oak: string;

beforeAll(async () => {
  t = await startApp({ now: () => clock });
  f = await twoFamilies(t);
  elm = await secondSchool(t);
  oak = f.pupils.Amira!.class_id;
  const teacher = t.demo.staff.find((s) => s.role === 'teacher')!;
  teacherCookie = (await signIn(t.app, teacher.email, teacher.password)).cookie;
});
afterAll(() => t.close());

const create = (cookie: string | null, length: number, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: staffUploadsPath,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...tusVersion,
      'upload-length': String(length),
      ...headers,
    },
  });
const patch = (cookie: string, id: string, offset: number, bytes: Buffer) =>
  t.app.inject({
    method: 'PATCH',
    url: `${staffUploadsPath}/${id}`,
    headers: {
      cookie,
      ...tusVersion,
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    },
    payload: bytes,
  });
const head = (headers: Record<string, string>, id: string) =>
  t.app.inject({
    method: 'HEAD',
    url: `${staffUploadsPath}/${id}`,
    headers: { ...headers, ...tusVersion },
  });
const commit = (cookie: string, packId: string, fileId: string, body: object) =>
  t.app.inject(
    asStaff(cookie, {
      method: 'POST',
      url: `/api/v1/staff/packs/${packId}/files/${fileId}/upload`,
      payload: body,
    }),
  );

async function newPack() {
  const id = uuid();
  const res = await staffClient(t.app, f.adminCookie).putPack(id, packBody(oak));
  expect(res.statusCode).toBe(201);
  return id;
}

describe('a pack file sent from the workspace', () => {
  it('resumes from what arrived, then becomes the pack’s file', async () => {
    const pdf = Buffer.concat([
      tinyPdf('resumed').subarray(0, 40),
      Buffer.alloc(5000, 0x20),
      tinyPdf('resumed').subarray(40),
    ]);
    const created = await create(f.adminCookie, pdf.length);
    expect(created.statusCode).toBe(201);
    const id = uploadIdOf(created.headers.location);
    expect((await patch(f.adminCookie, id, 0, pdf.subarray(0, 2000))).statusCode).toBe(204);
    // The connection dropped: ask where it got to, and go on from there.
    const where = await head({ cookie: f.adminCookie }, id);
    expect(where.statusCode).toBe(200);
    expect(where.headers['upload-offset']).toBe('2000');
    const packId = await newPack();
    const fileId = uuid();
    const early = await commit(f.adminCookie, packId, fileId, {
      uploadId: id,
      contentType: 'application/pdf',
      name: 'Sheet.pdf',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.code).toBe('upload_incomplete');
    expect((await patch(f.adminCookie, id, 2000, pdf.subarray(2000))).statusCode).toBe(204);
    const done = await commit(f.adminCookie, packId, fileId, {
      uploadId: id,
      contentType: 'application/pdf',
      name: 'Sheet.pdf',
    });
    expect(done.statusCode).toBe(201);
    expect(done.json().file).toMatchObject({
      id: fileId,
      sha256: sha256Hex(pdf),
      bytes: pdf.length,
    });
    // Used up: its bytes left the upload area, and it cannot be committed twice.
    expect((await t.app.uploads.read(id)).size).toBeNull();
    const twice = await commit(f.adminCookie, packId, uuid(), {
      uploadId: id,
      contentType: 'application/pdf',
      name: 'Again.pdf',
    });
    expect(twice.statusCode).toBe(410);
    expect((await head({ cookie: f.adminCookie }, id)).statusCode).toBe(404);
  });

  it('is checked by its bytes like any pack file', async () => {
    const text = Buffer.from('not a pdf at all, just words\n');
    const created = await create(f.adminCookie, text.length);
    const id = uploadIdOf(created.headers.location);
    await patch(f.adminCookie, id, 0, text);
    const res = await commit(f.adminCookie, await newPack(), uuid(), {
      uploadId: id,
      contentType: 'application/pdf',
      name: 'Notes.pdf',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'unsupported_file' });
    expect(res.json().error.message).toMatch(/plain text/);
    const odd = await commit(f.adminCookie, await newPack(), uuid(), {
      uploadId: id,
      contentType: 'text/plain',
      name: 'Notes.txt',
    });
    expect(odd.statusCode).toBe(415);
    expect(odd.json().error.details.issues[0].path).toBe('body.contentType');
  });

  it('refuses what is too large or not tus before a byte is stored', async () => {
    const big = await create(f.adminCookie, 25 * 1024 * 1024 + 1);
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('payload_too_large');
    const form = await create(f.adminCookie, 10, { 'content-type': 'text/plain' });
    expect(form.statusCode).toBe(415);
  });

  it('is only ever its maker’s', async () => {
    const created = await create(f.adminCookie, 100);
    const id = uploadIdOf(created.headers.location);
    expect((await head({ cookie: teacherCookie }, id)).statusCode).toBe(404);
    expect((await head({ cookie: elm.cookie }, id)).statusCode).toBe(404);
    expect((await head(bearer(f.khan.token), id)).statusCode).toBe(401);
    expect((await head({}, id)).statusCode).toBe(401);
    expect((await create(null, 100)).statusCode).toBe(401);
    expect((await create(null, 100, bearer(f.khan.token))).statusCode).toBe(401);
    const teacherCommit = await commit(teacherCookie, await newPack(), uuid(), {
      uploadId: id,
      contentType: 'application/pdf',
      name: 'Theirs.pdf',
    });
    expect(teacherCommit.statusCode).toBe(410);
    // Another school's member cannot commit into this school's pack either.
    const elmUpload = uploadIdOf((await create(elm.cookie, 10)).headers.location);
    const cross = await commit(elm.cookie, await newPack(), uuid(), {
      uploadId: elmUpload,
      contentType: 'application/pdf',
      name: 'x.pdf',
    });
    expect(cross.statusCode).toBe(404);
    // Only this URL, exactly: a query string is refused.
    const tricked = await t.app.inject({
      method: 'HEAD',
      url: `${staffUploadsPath}/${id}?x=1`,
      headers: { cookie: f.adminCookie, ...tusVersion },
    });
    expect(tricked.statusCode).toBe(400);
  });

  it('is cleaned up when never written to for an hour', async () => {
    const created = await create(f.adminCookie, 100);
    const id = uploadIdOf(created.headers.location);
    clock = new Date(clock.getTime() + 61 * 60 * 1000);
    // The admin stayed active meanwhile (their session is not idle).
    await t.app.db
      .updateTable('staff_sessions')
      .set({ last_seen_at: clock.toISOString() })
      .execute();
    expect(await t.app.cleanUploads()).toBeGreaterThanOrEqual(1);
    const row = await t.app.db
      .selectFrom('staff_uploads')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row).toBeUndefined();
    expect((await head({ cookie: f.adminCookie }, id)).statusCode).toBe(404);
  });
});
