// Absence notices: revisions, acknowledgement, withdrawal, sync visibility; and the
// start-up clean-up of abandoned uploads.
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { asStaff, bearer, signIn, startApp, twoFamilies, type TestApp } from './helpers.ts';
import { tusCreate, tusPatch, uploadIdOf, uploadPage } from './tus.ts';

let t: TestApp;
let khan: string;
let novak: string;
let pupils: Record<string, { id: string; class_id: string }>;
let cookie: string;

beforeAll(async () => {
  t = await startApp();
  const f = await twoFamilies(t);
  khan = f.khan.token;
  novak = f.novak.token;
  pupils = f.pupils;
  const teacher = t.demo.staff[0]!;
  cookie = (await signIn(t.app, teacher.email, teacher.password)).cookie;
});
afterAll(() => t.close());

const put = (id: string, body: object, token = khan) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/absence-notices/${id}`,
    headers: bearer(token),
    payload: body,
  });

const syncChanges = async (token: string) => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/sync', headers: bearer(token) });
  return (res.json() as { changes: { entity: string; data: Record<string, unknown> }[] }).changes;
};

describe('absence notices', () => {
  const id = uuid();
  const base = () => ({
    pupilId: pupils.Amira!.id,
    reason: 'ill' as const,
    from: '2026-11-23',
    to: '2026-11-24',
    note: 'Temperature since last night.',
    revision: 1,
    withdrawnReason: null,
    createdAt: '2026-11-23T07:30:00.000Z',
  });

  it('creates once; a repeat is a 200 with one row; same revision other body is a 409', async () => {
    const first = await put(id, base());
    expect(first.statusCode).toBe(201);
    expect(first.json().notice).toMatchObject({
      id,
      revision: 1,
      acknowledgedAt: null,
      acknowledgedBy: null,
    });
    const again = await put(id, base());
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await t.app.db.selectFrom('absence_notices').select('id').execute()).toHaveLength(1);
    const other = await put(id, { ...base(), note: 'different' });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('conflict');
  });

  it('takes a higher revision and ignores a stale lower one', async () => {
    const edit = await put(id, { ...base(), revision: 2, to: '2026-11-26', note: 'Still poorly.' });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().notice).toMatchObject({
      revision: 2,
      to: '2026-11-26',
      note: 'Still poorly.',
    });
    const stale = await put(id, base());
    expect(stale.statusCode).toBe(200);
    expect(stale.json().notice.revision).toBe(2);
    const revisions = await t.app.db
      .selectFrom('absence_notice_revisions')
      .selectAll()
      .where('notice_id', '=', id)
      .execute();
    expect(revisions.map((r) => r.revision).toSorted()).toEqual([1, 2]);
  });

  it('refuses another family’s child (404) and moving a notice to another child (409)', async () => {
    const maja = await put(uuid(), { ...base(), pupilId: pupils.Maja!.id });
    expect(maja.statusCode).toBe(404);
    const stolen = await put(id, { ...base(), pupilId: pupils.Maja!.id, revision: 9 }, novak);
    expect(stolen.statusCode).toBe(404);
    const moved = await put(id, { ...base(), pupilId: pupils.Yusuf!.id, revision: 3 });
    expect(moved.statusCode).toBe(409);
    const backwards = await put(uuid(), { ...base(), from: '2026-11-25', to: '2026-11-24' });
    expect(backwards.statusCode).toBe(400);
  });

  it('staff list and acknowledge it (idempotent); then edits are refused but a withdrawal is taken', async () => {
    const list = await t.app.inject(
      asStaff(cookie, {
        method: 'GET',
        url: `/api/v1/staff/absence-notices?classId=${pupils.Amira!.class_id}`,
      }),
    );
    expect(list.statusCode).toBe(200);
    expect(list.json().notices).toEqual([
      expect.objectContaining({ id, pupilName: 'Amira', revision: 2 }),
    ]);

    const ack = await t.app.inject(
      asStaff(cookie, {
        method: 'POST',
        url: `/api/v1/staff/absence-notices/${id}/acknowledge`,
        payload: {},
      }),
    );
    expect(ack.statusCode).toBe(200);
    const notice = ack.json().notice;
    expect(notice.acknowledgedAt).toBeTruthy();
    expect(notice.acknowledgedBy).toBe(t.demo.staff[0]!.name);
    const again = await t.app.inject(
      asStaff(cookie, {
        method: 'POST',
        url: `/api/v1/staff/absence-notices/${id}/acknowledge`,
        payload: {},
      }),
    );
    expect(again.json().notice.acknowledgedAt).toBe(notice.acknowledgedAt);

    const edit = await put(id, { ...base(), revision: 3, to: '2026-11-30' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('already_acknowledged');

    const withdraw = await put(id, {
      ...base(),
      revision: 3,
      to: '2026-11-30',
      withdrawnReason: 'Better today, doing the work.',
    });
    expect(withdraw.statusCode).toBe(200);
    expect(withdraw.json().notice).toMatchObject({
      revision: 3,
      withdrawnReason: 'Better today, doing the work.',
      to: '2026-11-26', // as acknowledged: only the withdrawal is applied
      acknowledgedAt: notice.acknowledgedAt,
    });
  });

  it('syncs to the family with acknowledgedAt; a second family never sees it; other schools get 404', async () => {
    const khanNotice = (await syncChanges(khan)).find((c) => c.entity === 'absenceNotice');
    expect(khanNotice?.data).toMatchObject({
      id,
      revision: 3,
      acknowledgedBy: t.demo.staff[0]!.name,
    });
    expect(khanNotice?.data.acknowledgedAt).toBeTruthy();
    expect((await syncChanges(novak)).some((c) => c.entity === 'absenceNotice')).toBe(false);

    const unknown = await t.app.inject(
      asStaff(cookie, {
        method: 'POST',
        url: `/api/v1/staff/absence-notices/${uuid()}/acknowledge`,
        payload: {},
      }),
    );
    expect(unknown.statusCode).toBe(404);
    const anon = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/absence-notices?classId=${pupils.Amira!.class_id}`,
    });
    expect(anon.statusCode).toBe(401);
  });
});

describe('abandoned uploads', () => {
  it('are deleted on start after 7 days; committed work and recent uploads stay', async () => {
    // One committed submission, one fresh unfinished upload, one old unfinished upload.
    const photoRef = await uploadPage(
      t.app,
      khan,
      Buffer.from(
        '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==',
        'base64',
      ),
    );
    const sub = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/submissions/${uuid()}`,
      headers: bearer(khan),
      payload: {
        pupilId: pupils.Amira!.id,
        sessionId: null,
        note: '',
        createdAt: '2026-11-23T10:00:00.000Z',
        pages: [photoRef],
      },
    });
    expect(sub.statusCode).toBe(201);
    const fresh = uploadIdOf((await tusCreate(t.app, khan, 100)).headers.location);
    const old = uploadIdOf((await tusCreate(t.app, khan, 100)).headers.location);
    expect((await tusPatch(t.app, khan, old, 0, Buffer.alloc(50))).statusCode).toBe(204);
    await t.app.db
      .updateTable('uploads')
      .set({ created_at: new Date(Date.now() - 8 * 86_400_000).toISOString() })
      .where('id', '=', old)
      .execute();
    // A stray file nobody knows, written long ago.
    const stray = join(t.dataDir, 'uploads', '5f0c7e3a-1b2c-4d3e-8f40-123456789abc');
    writeFileSync(stray, 'stray');
    utimesSync(stray, new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() - 2 * 86_400_000));
    const storedBefore = await t.app.db
      .selectFrom('submission_pages')
      .select(['file_key', 'thumb_key'])
      .execute();

    const second = await buildApp({
      dataDir: t.dataDir,
      databaseUrl: t.databaseUrl,
      distDir: false,
    });
    try {
      expect(existsSync(join(t.dataDir, 'uploads', old))).toBe(false);
      expect(existsSync(join(t.dataDir, 'uploads', `${old}.json`))).toBe(false);
      expect(existsSync(stray)).toBe(false);
      expect(existsSync(join(t.dataDir, 'uploads', fresh))).toBe(true);
      const rows = await second.db.selectFrom('uploads').select('id').execute();
      expect(rows.map((r) => r.id)).not.toContain(old);
      expect(rows.map((r) => r.id)).toContain(fresh);
      expect(rows.map((r) => r.id)).toContain(photoRef.uploadId);
      for (const p of storedBefore) {
        expect(await second.storage.size(p.file_key)).toBeGreaterThan(0);
        expect(await second.storage.size(p.thumb_key)).toBeGreaterThan(0);
      }
    } finally {
      await second.close();
    }
  });
});
