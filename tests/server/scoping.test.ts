import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, join_, signIn, startApp, type TestApp } from './helpers.ts';
import { secondSchool } from './second-school.ts';

let t: TestApp;
let khan: string;
let p: Record<string, { id: string; class_id: string }>;
let amiraSession: string;
let majaOnlySession: string;

beforeAll(async () => {
  t = await startApp();
  khan = (await join_(t.app, t.demo.joinCode)).token;
  const rows = await t.app.db
    .selectFrom('pupils')
    .select(['id', 'display_name', 'class_id'])
    .execute();
  p = Object.fromEntries(rows.map((r) => [r.display_name, r]));
  const published = t.app.db
    .selectFrom('timetable_sessions as s')
    .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
    .select('s.id')
    .where('w.class_id', '=', p.Amira!.class_id)
    .where('w.published_at', 'is not', null);
  amiraSession = (await published.where('s.pupil_id', 'is', null).executeTakeFirstOrThrow()).id;
  majaOnlySession = (await published.where('s.pupil_id', '=', p.Maja!.id).executeTakeFirstOrThrow())
    .id;
});
afterAll(() => t.close());

const put = (id: string, body: object, token = khan) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/session-completions/${id}`,
    headers: bearer(token),
    payload: body,
  });

describe('session completions', () => {
  it('records a mark once; the same request again returns the stored result', async () => {
    const id = uuid();
    const body = {
      sessionId: amiraSession,
      pupilId: p.Amira!.id,
      done: true,
      at: '2026-11-23T10:00:00.000Z',
    };
    const first = await put(id, body);
    expect(first.statusCode).toBe(201);
    // A mark without a revision (an older build's) is stored at the latest one's: 0 here.
    expect(first.json()).toEqual({ completion: { id, ...body, revision: 0 } });
    const again = await put(id, {
      at: body.at,
      done: true,
      pupilId: body.pupilId,
      sessionId: body.sessionId,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const rows = await t.app.db
      .selectFrom('session_completions')
      .select('id')
      .where('id', '=', id)
      .execute();
    expect(rows).toHaveLength(1);
    const changes = await t.app.db
      .selectFrom('changes')
      .select('seq')
      .where('entity_id', '=', id)
      .execute();
    expect(changes).toHaveLength(1);

    const conflict = await put(id, { ...body, done: false });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('conflict');
    expect(conflict.json().error.message).toMatch(/different/);
  });

  it('lets the later decision win whatever the phones’ clocks say, for staff and every phone', async () => {
    const second = (await join_(t.app, t.demo.joinCode, 'Dad’s phone')).token;
    const yusufSession = await t.app.db
      .selectFrom('timetable_sessions as s')
      .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
      .select(['s.id', 's.week_id'])
      .where('w.class_id', '=', p.Yusuf!.class_id)
      .where('w.published_at', 'is not', null)
      .where('s.pupil_id', 'is', null)
      .executeTakeFirstOrThrow();
    const on = { sessionId: yusufSession.id, pupilId: p.Yusuf!.id };
    // Mum's phone ticks at 10:00; Dad's phone, an hour behind, has synced that tick and
    // unticks it at what it thinks is 09:05: the revision it sends says "after".
    const tick = uuid();
    const untick = uuid();
    expect(
      (await put(tick, { ...on, done: true, at: '2026-11-23T10:00:00.000Z', revision: 1 }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await put(
          untick,
          { ...on, done: false, at: '2026-11-23T09:05:00.000Z', revision: 2 },
          second,
        )
      ).statusCode,
    ).toBe(201);
    // A mark from a phone still on an older build (no revision) ties with the latest
    // stored and is ordered by its time among them, as before: earlier here, so it loses.
    const legacy = uuid();
    await put(legacy, { ...on, done: true, at: '2026-11-23T09:00:00.000Z' });
    const admin = t.demo.staff.find((s) => s.role === 'admin')!;
    const { cookie } = await signIn(t.app, admin.email, admin.password);
    const staffView = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/session-completions?weekId=${yusufSession.week_id}`,
      headers: { cookie },
    });
    const ofSession = (
      staffView.json().completions as Array<{ id: string; sessionId: string }>
    ).filter((c) => c.sessionId === on.sessionId);
    // Oldest first: the last one is the one that counts.
    expect(ofSession.map((c) => c.id)).toEqual([tick, legacy, untick]);
    const synced = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sync',
      headers: bearer(khan),
    });
    const marks = (
      synced.json().changes as Array<{ entity: string; data?: { id: string; revision: number } }>
    )
      .filter((c) => c.entity === 'sessionCompletion')
      .map((c) => c.data!);
    expect(
      Object.fromEntries(
        marks.filter((m) => [tick, untick, legacy].includes(m.id)).map((m) => [m.id, m.revision]),
      ),
    ).toEqual({
      [tick]: 1,
      [untick]: 2,
      [legacy]: 2,
    });
  });

  it('needs a UUID id and a valid body', async () => {
    const res = await put('not-a-uuid', {
      sessionId: amiraSession,
      pupilId: p.Amira!.id,
      done: true,
      at: '2026-11-23T10:00:00.000Z',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/params\.id/);
  });
});

describe('scoping: a family never reaches another family’s child', () => {
  it('404s a completion for another family’s pupil, or a session only for them', async () => {
    const at = '2026-11-23T10:00:00.000Z';
    const forMaja = await put(uuid(), {
      sessionId: amiraSession,
      pupilId: p.Maja!.id,
      done: true,
      at,
    });
    expect(forMaja.statusCode).toBe(404);
    expect(forMaja.json().error.code).toBe('not_found');
    const majaSession = await put(uuid(), {
      sessionId: majaOnlySession,
      pupilId: p.Amira!.id,
      done: true,
      at,
    });
    expect(majaSession.statusCode).toBe(404);
    // A session of Amira's class marked for Yusuf (another class) is not his either.
    const wrongClass = await put(uuid(), {
      sessionId: amiraSession,
      pupilId: p.Yusuf!.id,
      done: true,
      at,
    });
    expect(wrongClass.statusCode).toBe(404);
    const nonexistent = await put(uuid(), {
      sessionId: uuid(),
      pupilId: p.Amira!.id,
      done: true,
      at,
    });
    expect(nonexistent.statusCode).toBe(404);
    expect(nonexistent.json()).toEqual(majaSession.json());
  });

  it('never lets another family reuse a completion id to read a record', async () => {
    const id = uuid();
    const at = '2026-11-23T11:00:00.000Z';
    expect(
      (await put(id, { sessionId: amiraSession, pupilId: p.Amira!.id, done: true, at })).statusCode,
    ).toBe(201);
    // The Novak family gets its own code and tries the same id.
    const admin = t.demo.staff.find((s) => s.role === 'admin')!;
    const { cookie } = await signIn(t.app, admin.email, admin.password);
    const novak = await t.app.db
      .selectFrom('families')
      .select('id')
      .where('name', '=', 'Novak family')
      .executeTakeFirstOrThrow();
    const code = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/families/${novak.id}/join-codes`,
      headers: { cookie },
      payload: {},
    });
    const novakToken = (await join_(t.app, code.json().joinCode.code)).token;
    const res = await put(
      id,
      { sessionId: amiraSession, pupilId: p.Maja!.id, done: true, at },
      novakToken,
    );
    expect(res.statusCode).toBe(404);
    // And the Novak snapshot has Maja and her session, not the Khan children.
    const snap = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sync',
      headers: bearer(novakToken),
    });
    expect(snap.body).toContain(p.Maja!.id);
    expect(snap.body).not.toContain(p.Amira!.id);
    expect(snap.body).not.toContain(p.Yusuf!.id);
    expect(snap.body).toContain(majaOnlySession);
  });

  it('staff of another school get 404 for this school’s ids', async () => {
    const elm = await secondSchool(t);
    const { cookie } = elm;
    const pack = await t.app.db.selectFrom('packs').select('id').executeTakeFirstOrThrow();
    const week = await t.app.db
      .selectFrom('timetable_weeks')
      .select(['id', 'class_id', 'week_start'])
      .executeTakeFirstOrThrow();
    const family = t.demo.familyId;
    const attempts = [
      { method: 'GET' as const, url: `/api/v1/staff/timetable-weeks/${week.id}` },
      { method: 'GET' as const, url: `/api/v1/staff/timetable-weeks?classId=${week.class_id}` },
      { method: 'GET' as const, url: `/api/v1/staff/families/${family}/devices` },
      { method: 'GET' as const, url: `/api/v1/staff/session-completions?weekId=${week.id}` },
      { method: 'POST' as const, url: `/api/v1/staff/families/${family}/join-codes`, payload: {} },
      { method: 'DELETE' as const, url: `/api/v1/staff/join-codes/${t.demo.joinCode}` },
      { method: 'DELETE' as const, url: `/api/v1/staff/timetable-sessions/${amiraSession}` },
      {
        method: 'PUT' as const,
        url: `/api/v1/staff/timetable-weeks/${week.id}`,
        payload: { classId: week.class_id, weekStart: week.week_start, published: false },
      },
      { method: 'GET' as const, url: `/api/v1/staff/packs?classId=${week.class_id}` },
      { method: 'DELETE' as const, url: `/api/v1/staff/packs/${pack.id}` },
      { method: 'GET' as const, url: `/api/v1/staff/paper-requests?classId=${week.class_id}` },
    ];
    for (const a of attempts) {
      const res = await t.app.inject({ ...a, headers: { cookie } });
      expect({ status: res.statusCode, url: a.url }).toEqual({ status: 404, url: a.url });
    }
    const classes = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/classes',
      headers: { cookie },
    });
    expect(classes.json().classes.map((c: { id: string }) => c.id)).toEqual([elm.classId]);
  });
});
