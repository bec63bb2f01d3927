import { brotliDecompressSync } from 'node:zlib';
import { v7 as uuid } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncResponseSchema, type SyncChange, type SyncResponse } from '../../src/shared/api.ts';
import { bearer, join_, signIn, startApp, type TestApp } from './helpers.ts';
import { weekRevision } from './publish-fixtures.ts';

type Ctx = TestApp & { token: string; cookie: string };

async function sync(t: Ctx, since?: string, limit?: number): Promise<SyncResponse> {
  const q = new URLSearchParams();
  if (since !== undefined) q.set('since', since);
  if (limit !== undefined) q.set('limit', String(limit));
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/sync?${q}`,
    headers: bearer(t.token),
  });
  expect(res.statusCode).toBe(200);
  return syncResponseSchema.parse(res.json());
}

const ids = (changes: SyncChange[], entity: string) =>
  changes.filter((c) => c.entity === entity).map((c) => (c.op === 'upsert' ? c.data.id : c.id));

async function pupilsByName(t: TestApp) {
  const rows = await t.app.db
    .selectFrom('pupils')
    .select(['id', 'display_name', 'class_id'])
    .execute();
  return Object.fromEntries(rows.map((r) => [r.display_name, r]));
}

describe('sync', () => {
  let t: Ctx;
  beforeEach(async () => {
    const base = await startApp();
    const { token } = await join_(base.app, base.demo.joinCode);
    const teacher = base.demo.staff[0]!;
    const { cookie } = await signIn(base.app, teacher.email, teacher.password);
    t = { ...base, token, cookie };
  });
  afterEach(() => t.close());

  it('starts with a snapshot of exactly the family’s world', async () => {
    const first = await sync(t);
    expect(first.reset).toBe(true);
    expect(first.more).toBe(false);
    const p = await pupilsByName(t);
    expect(ids(first.changes, 'pupil').toSorted()).toEqual([p.Amira!.id, p.Yusuf!.id].toSorted());
    expect(ids(first.changes, 'class').toSorted()).toEqual(
      [p.Amira!.class_id, p.Yusuf!.class_id].toSorted(),
    );
    expect(ids(first.changes, 'school')).toHaveLength(1);
    const weeks = await t.app.db
      .selectFrom('timetable_weeks')
      .select('id')
      .where('published_at', 'is not', null)
      .execute();
    expect(ids(first.changes, 'timetableWeek').toSorted()).toEqual(
      weeks.map((w) => w.id).toSorted(),
    );
    const sessions = first.changes.flatMap((c) =>
      c.op === 'upsert' && c.entity === 'timetableSession' ? [c.data] : [],
    );
    expect(sessions.length).toBeGreaterThan(100);
    // Yusuf's personalised sessions come; Maja's (same class as Amira) never do.
    expect(sessions.some((s) => s.pupilId === p.Yusuf!.id)).toBe(true);
    expect(sessions.some((s) => s.pupilId === p.Maja!.id)).toBe(false);
    expect(sessions.every((s) => s.pupilId === null || s.pupilId === p.Yusuf!.id)).toBe(true);
    expect(JSON.stringify(first)).not.toContain(p.Maja!.id);
  });

  it('answers a sync with nothing new in a tiny response', async () => {
    const first = await sync(t);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/sync?since=${encodeURIComponent(first.cursor)}`,
      headers: bearer(t.token),
    });
    expect(res.json()).toEqual({ cursor: first.cursor, more: false, reset: false, changes: [] });
    expect(res.body.length).toBeLessThan(100);
    const headerBytes = Object.entries(res.headers).reduce(
      (n, [k, v]) => n + k.length + String(v).length + 4,
      0,
    );
    expect(headerBytes + res.body.length + 17).toBeLessThan(1024);
  });

  it('pages a snapshot with a small limit: everything exactly once, then deltas', async () => {
    const whole = await sync(t);
    const seen: string[] = [];
    let page = await sync(t, undefined, 7);
    expect(page.reset).toBe(true);
    seen.push(...page.changes.map((c) => (c.op === 'upsert' ? c.data.id : c.id)));
    let pages = 1;
    while (page.more) {
      page = await sync(t, page.cursor, 7);
      expect(page.reset).toBe(false);
      seen.push(...page.changes.map((c) => (c.op === 'upsert' ? c.data.id : c.id)));
      pages++;
    }
    expect(pages).toBeGreaterThan(10);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.toSorted()).toEqual(
      whole.changes.map((c) => (c.op === 'upsert' ? c.data.id : c.id)).toSorted(),
    );
    expect((await sync(t, page.cursor)).changes).toEqual([]);
  });

  it('carries staff edits: upsert, delete, unpublish, publish', async () => {
    const first = await sync(t);
    const p = await pupilsByName(t);
    const week = first.changes.find(
      (c) =>
        c.op === 'upsert' && c.entity === 'timetableWeek' && c.data.classId === p.Amira!.class_id,
    );
    if (week?.op !== 'upsert' || week.entity !== 'timetableWeek') throw new Error('no week');
    const sessionId = uuid();
    const body = {
      weekId: week.data.id,
      date: week.data.weekStart,
      startTime: '14:00',
      endTime: '14:30',
      subject: 'Music',
      kind: 'lesson',
      details: 'Clap the rhythm.',
    };
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/timetable-sessions/${sessionId}`,
      headers: { cookie: t.cookie },
      payload: { ...body, baseRevision: await weekRevision(t.app, week.data.id) },
    });
    expect(put.statusCode).toBe(201);
    const d1 = await sync(t, first.cursor);
    expect(d1.reset).toBe(false);
    expect(d1.changes).toEqual([
      {
        op: 'upsert',
        entity: 'timetableSession',
        data: expect.objectContaining({ id: sessionId, subject: 'Music', pupilId: null }),
      },
    ]);

    // Personalised for Maja (another family): Amira's family must lose it.
    const toMaja = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/timetable-sessions/${sessionId}`,
      headers: { cookie: t.cookie },
      payload: {
        ...body,
        pupilId: p.Maja!.id,
        baseRevision: await weekRevision(t.app, week.data.id),
      },
    });
    expect(toMaja.statusCode).toBe(200);
    const d2 = await sync(t, d1.cursor);
    expect(d2.changes).toEqual([{ op: 'delete', entity: 'timetableSession', id: sessionId }]);

    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/staff/timetable-sessions/${sessionId}`,
      headers: { cookie: t.cookie },
    });
    expect(del.statusCode).toBe(204);
    const d3 = await sync(t, d2.cursor);
    // A change in Maja's scope is none of this family's business: nothing at all.
    expect(d3.changes).toEqual([]);

    const unpublish = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/timetable-weeks/${week.data.id}`,
      headers: { cookie: t.cookie },
      payload: {
        classId: week.data.classId,
        weekStart: week.data.weekStart,
        note: '',
        published: false,
        baseRevision: await weekRevision(t.app, week.data.id),
      },
    });
    expect(unpublish.statusCode).toBe(200);
    const d4 = await sync(t, d3.cursor);
    expect(d4.changes.every((c) => c.op === 'delete')).toBe(true);
    expect(ids(d4.changes, 'timetableWeek')).toEqual([week.data.id]);
    const weekSessions = first.changes.filter(
      (c) => c.op === 'upsert' && c.entity === 'timetableSession' && c.data.weekId === week.data.id,
    );
    expect(ids(d4.changes, 'timetableSession').toSorted()).toEqual(
      weekSessions.map((c) => (c.op === 'upsert' ? c.data.id : '')).toSorted(),
    );

    const republish = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/timetable-weeks/${week.data.id}`,
      headers: { cookie: t.cookie },
      payload: {
        classId: week.data.classId,
        weekStart: week.data.weekStart,
        published: true,
        baseRevision: await weekRevision(t.app, week.data.id),
      },
    });
    expect(republish.statusCode).toBe(200);
    const d5 = await sync(t, d4.cursor);
    expect(d5.changes.every((c) => c.op === 'upsert')).toBe(true);
    expect(d5.changes).toHaveLength(weekSessions.length + 1);
  });

  it('answers a malformed or foreign cursor with a reset snapshot', async () => {
    const first = await sync(t);
    for (const bad of ['garbage', '1.nope.1.0', '1.x', first.cursor.replace(/\.\d+$/, '.999999')]) {
      const res = await sync(t, bad);
      expect(res.reset).toBe(true);
      expect(res.changes.length).toBe(first.changes.length);
    }
  });

  it('starts again when the family’s children change', async () => {
    const first = await sync(t);
    const p = await pupilsByName(t);
    // A school admin adds Maja to the Khan household (e.g. a step-sibling).
    await t.app.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('family_pupils')
        .values({ family_id: t.demo.familyId, pupil_id: p.Maja!.id })
        .execute();
      await trx
        .updateTable('families')
        .set((eb) => ({ scope_version: eb('scope_version', '+', 1) }))
        .where('id', '=', t.demo.familyId)
        .execute();
    });
    const next = await sync(t, first.cursor);
    expect(next.reset).toBe(true);
    expect(ids(next.changes, 'pupil')).toContain(p.Maja!.id);
  });
});

describe('sync on the wire', () => {
  it('compresses a large first sync and leaves a no-change sync small and plain', async () => {
    const t = await startApp();
    try {
      const { token } = await join_(t.app, t.demo.joinCode);
      const first = await t.app.inject({
        method: 'GET',
        url: '/api/v1/sync',
        headers: { ...bearer(token), 'accept-encoding': 'br, gzip' },
      });
      expect(first.statusCode).toBe(200);
      expect(first.headers['content-encoding']).toBe('br');
      const plain = brotliDecompressSync(first.rawPayload);
      expect(first.rawPayload.length).toBeLessThan(plain.length / 4);
      const { cursor } = JSON.parse(plain.toString()) as { cursor: string };

      const again = await t.app.inject({
        method: 'GET',
        url: `/api/v1/sync?since=${encodeURIComponent(cursor)}`,
        headers: { ...bearer(token), 'accept-encoding': 'br, gzip' },
      });
      expect(again.headers['content-encoding']).toBeUndefined();
      expect(again.json()).toMatchObject({ changes: [], more: false });
    } finally {
      await t.close();
    }
  });
});
