// Visual schedules: a family's own (revisions, conflicts, what they may point at, delete),
// the school's (staff API, never changeable by families), and who gets them in sync.
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asStaff, bearer, startApp, twoFamilies, type TestApp } from './helpers.ts';
import { current } from './publish-fixtures.ts';
import {
  commitMedia,
  pngBytes,
  audio,
  shareChild,
  step,
  sync,
  synced,
} from './schedule-fixtures.ts';

let t: TestApp;
let f: Awaited<ReturnType<typeof twoFamilies>>;
let khan: string;
let novak: string;
let amira: string;
let yusuf: string;
let maja: string;
let cookie: string;

beforeAll(async () => {
  t = await startApp();
  f = await twoFamilies(t);
  khan = f.khan.token;
  novak = f.novak.token;
  amira = f.pupils.Amira!.id;
  yusuf = f.pupils.Yusuf!.id;
  maja = f.pupils.Maja!.id;
  cookie = f.adminCookie;
  // Yusuf lives in two households: the Khans and the Novaks.
  await shareChild(t, f.novak.familyId, yusuf);
});
afterAll(() => t.close());

const put = (id: string, body: object, token = khan) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/visual-schedules/${id}`,
    headers: bearer(token),
    payload: body,
  });

/** A PUT names the stored revision unless it names one (publish-fixtures.ts `current`). */
const staff = async (method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject(
    asStaff(cookie, {
      method,
      url: `/api/v1/staff${url}`,
      payload: method === 'PUT' ? await current(t.app, url, payload) : payload,
    }),
  );

// Step ids only need to be distinct within a schedule; fixed ones keep bodies comparable.
const familySteps = [step('1F6BD'), step('1F9FC', { label: 'Wash hands', minutes: 5 })];
const staffSteps = [
  step('1F4D6', { label: 'Read', minutes: 10 }),
  step('2B50', { label: 'All done' }),
];

const familyBody = (pupilId: string, extra: object = {}) => ({
  pupilId,
  title: 'Bath time',
  date: null,
  sessionId: null,
  language: 'en',
  steps: familySteps,
  revision: 1,
  deleted: false,
  ...extra,
});

const staffBody = (pupilId: string, extra: object = {}) => ({
  pupilId,
  title: 'Phonics morning',
  date: '2026-11-23',
  sessionId: null,
  language: 'en',
  steps: staffSteps,
  ...extra,
});

describe('a family’s own schedule', () => {
  const id = uuid();
  let base: ReturnType<typeof familyBody>;
  beforeAll(() => {
    base = familyBody(amira);
  });

  it('creates once; the same revision again is a 200; with another body a 409', async () => {
    const first = await put(id, base);
    expect(first.statusCode).toBe(201);
    expect(first.json().schedule).toMatchObject({
      id,
      pupilId: amira,
      madeBy: 'family',
      revision: 1,
      steps: base.steps,
    });
    const again = await put(id, base);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const other = await put(id, { ...base, title: 'Bedtime' });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('conflict');
    expect(other.json().error.message).toMatch(/revision 2/);
  });

  it('takes a higher revision and ignores a stale lower one', async () => {
    const edit = await put(id, { ...base, revision: 3, title: 'Bedtime' });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().schedule).toMatchObject({ revision: 3, title: 'Bedtime' });
    const stale = await put(id, { ...base, revision: 2, title: 'Something older' });
    expect(stale.statusCode).toBe(200);
    expect(stale.json().schedule).toMatchObject({ revision: 3, title: 'Bedtime' });
  });

  it('is 404 for another family’s child or schedule, and 409 when moved to another child', async () => {
    expect((await put(uuid(), familyBody(maja))).statusCode).toBe(404);
    // Novak has Yusuf, but the schedule is Amira's: still a 404, never a hint it exists.
    const stolen = await put(id, familyBody(yusuf, { revision: 9 }), novak);
    expect(stolen.statusCode).toBe(404);
    const moved = await put(id, familyBody(yusuf, { revision: 4 }));
    expect(moved.statusCode).toBe(409);
    expect(moved.json().error.code).toBe('conflict');
    const bad = await put('not-a-uuid', base);
    expect(bad.statusCode).toBe(400);
    const noSteps = await put(uuid(), { ...base, steps: [] });
    expect(noSteps.statusCode).toBe(400);
  });

  it('syncs to every household of the child, and to no other family', async () => {
    const yusufId = uuid();
    expect((await put(yusufId, familyBody(yusuf))).statusCode).toBe(201);
    const novakSees = (await synced(t.app, novak, 'visualSchedule')).map((s) => s.id);
    expect(novakSees).toContain(yusufId);
    expect(novakSees).not.toContain(id);
    const khanSees = (await synced(t.app, khan, 'visualSchedule')).map((s) => s.id);
    expect(khanSees).toEqual(expect.arrayContaining([id, yusufId]));
    // The other household may change it (it is the child's, not one phone's).
    const edit = await put(yusufId, familyBody(yusuf, { revision: 2, title: 'At Dad’s' }), novak);
    expect(edit.statusCode).toBe(200);
  });
});

describe('what a schedule may point at', () => {
  it('takes pictures and clips made for this child or by the school, refusing others with the step', async () => {
    const picture = await commitMedia(t.app, khan, {
      pupilId: amira,
      kind: 'image',
      bytes: await pngBytes(),
    });
    const clip = await commitMedia(t.app, khan, {
      pupilId: amira,
      kind: 'audio',
      bytes: audio.ogg(),
    });
    const yusufPicture = await commitMedia(t.app, khan, {
      pupilId: yusuf,
      kind: 'image',
      bytes: await pngBytes(100, 100),
    });
    const ok = await put(
      uuid(),
      familyBody(amira, {
        steps: [
          step('1F6BD'),
          step('1F9FC', { symbol: { kind: 'media', mediaId: picture.id }, audioId: clip.id }),
        ],
      }),
    );
    expect(ok.statusCode).toBe(201);

    const refused = async (steps: object[], stepIndex: number, what: RegExp) => {
      const res = await put(uuid(), familyBody(amira, { steps }));
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('bad_request');
      expect(res.json().error.details).toEqual({ step: stepIndex });
      expect(res.json().error.message).toMatch(what);
    };
    await refused(
      [step(), step('1F455', { symbol: { kind: 'media', mediaId: uuid() } })],
      1,
      /Step 2: that picture/,
    );
    // A clip is not a picture, and a picture is not a clip.
    await refused([step('1F455', { symbol: { kind: 'media', mediaId: clip.id } })], 0, /picture/);
    await refused([step('1F455', { audioId: picture.id })], 0, /sound clip/);
    // Made for Yusuf: his other household could not fetch it for Amira's schedule.
    await refused(
      [step('1F455', { symbol: { kind: 'media', mediaId: yusufPicture.id } })],
      0,
      /picture/,
    );
    const twin = step();
    await refused([twin, { ...twin, label: 'Again' }], 1, /same id/);
  });

  it('takes a session the child has, and 404s any other', async () => {
    const sessions = t.app.db
      .selectFrom('timetable_sessions as s')
      .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
      .select('s.id');
    const amiraSession = await sessions
      .where('w.class_id', '=', f.pupils.Amira!.class_id)
      .where('s.pupil_id', 'is', null)
      .executeTakeFirstOrThrow();
    const majaOnly = await sessions.where('s.pupil_id', '=', maja).executeTakeFirstOrThrow();
    expect((await put(uuid(), familyBody(amira, { sessionId: amiraSession.id }))).statusCode).toBe(
      201,
    );
    expect((await put(uuid(), familyBody(amira, { sessionId: majaOnly.id }))).statusCode).toBe(404);
    expect((await put(uuid(), familyBody(yusuf, { sessionId: amiraSession.id }))).statusCode).toBe(
      404,
    );
    expect((await put(uuid(), familyBody(amira, { sessionId: uuid() }))).statusCode).toBe(404);
  });

  it('takes a session of a week not yet published, so a copy of a school schedule is never stuck', async () => {
    const weekId = uuid();
    const sessionId = uuid();
    const classId = f.pupils.Yusuf!.class_id;
    const week = await staff('PUT', `/timetable-weeks/${weekId}`, {
      classId,
      weekStart: '2027-01-04',
      published: false,
    });
    expect(week.statusCode).toBe(201);
    const session = await staff('PUT', `/timetable-sessions/${sessionId}`, {
      weekId,
      baseRevision: 1,
      date: '2027-01-04',
      startTime: '09:00',
      endTime: '09:30',
      subject: 'Phonics',
      kind: 'lesson',
    });
    expect(session.statusCode).toBe(201);
    const school = await staff(
      'PUT',
      `/visual-schedules/${uuid()}`,
      staffBody(yusuf, { sessionId }),
    );
    expect(school.statusCode).toBe(201);
    const copy = await put(uuid(), familyBody(yusuf, { sessionId }));
    expect(copy.statusCode).toBe(201);
    expect(copy.json().schedule.sessionId).toBe(sessionId);
  });
});

describe('deleting a schedule', () => {
  it('sends a delete to both households, drops it from snapshots, and the id stays taken', async () => {
    const id = uuid();
    const body = familyBody(yusuf);
    expect((await put(id, body)).statusCode).toBe(201);
    const khanBefore = await sync(t.app, khan);
    const novakBefore = await sync(t.app, novak);

    const gone = await put(id, { ...body, revision: 2, deleted: true });
    expect(gone.statusCode).toBe(200);
    for (const [token, before] of [
      [khan, khanBefore],
      [novak, novakBefore],
    ] as const) {
      const delta = await sync(t.app, token, before.cursor);
      expect(delta.changes).toContainEqual({ op: 'delete', entity: 'visualSchedule', id });
      expect((await synced(t.app, token, 'visualSchedule')).map((s) => s.id)).not.toContain(id);
    }

    expect((await put(id, { ...body, revision: 2, deleted: true })).statusCode).toBe(200);
    const back = await put(id, { ...body, revision: 3, deleted: false });
    expect(back.statusCode).toBe(409);
    expect(back.json().error.code).toBe('gone');
  });
});

describe('the school’s schedules', () => {
  const id = uuid();

  it('are made by staff: revision 1, then +1 on each real change, nothing for the same body', async () => {
    const created = await staff('PUT', `/visual-schedules/${id}`, staffBody(yusuf));
    expect(created.statusCode).toBe(201);
    expect(created.json().schedule).toMatchObject({ id, madeBy: 'school', revision: 1 });
    const changesBefore = await t.app.db
      .selectFrom('changes')
      .select('seq')
      .where('entity_id', '=', id)
      .execute();
    const same = await staff('PUT', `/visual-schedules/${id}`, staffBody(yusuf));
    expect(same.statusCode).toBe(200);
    expect(same.json().schedule.revision).toBe(1);
    const changesAfter = await t.app.db
      .selectFrom('changes')
      .select('seq')
      .where('entity_id', '=', id)
      .execute();
    expect(changesAfter).toHaveLength(changesBefore.length);
    const edited = await staff(
      'PUT',
      `/visual-schedules/${id}`,
      staffBody(yusuf, { title: 'Maths morning' }),
    );
    expect(edited.statusCode).toBe(200);
    expect(edited.json().schedule).toMatchObject({ revision: 2, title: 'Maths morning' });

    const list = await staff('GET', `/visual-schedules?pupilId=${yusuf}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().schedules.map((s: { id: string }) => s.id)).toContain(id);
    for (const token of [khan, novak]) {
      const got = (await synced(t.app, token, 'visualSchedule')).find((s) => s.id === id);
      expect(got).toMatchObject({ madeBy: 'school', revision: 2, title: 'Maths morning' });
    }
  });

  it('cannot be changed by a family (409 made_by_school), whatever the revision', async () => {
    for (const revision of [1, 2, 3]) {
      const res = await put(id, familyBody(yusuf, { revision }));
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('made_by_school');
      expect(res.json().error.message).toBe('The school made this schedule; copy it to change it.');
    }
    // …and a family that does not have the child learns nothing: 404.
    const res = await put(id, familyBody(amira, { revision: 5 }), novak);
    expect(res.statusCode).toBe(404);
  });

  it('leaves a family’s own schedule alone, and 404s children of no school of theirs', async () => {
    const familyId = uuid();
    expect((await put(familyId, familyBody(yusuf))).statusCode).toBe(201);
    expect((await staff('PUT', `/visual-schedules/${familyId}`, staffBody(yusuf))).statusCode).toBe(
      409,
    );
    expect((await staff('DELETE', `/visual-schedules/${familyId}`)).statusCode).toBe(409);
    expect((await staff('PUT', `/visual-schedules/${uuid()}`, staffBody(uuid()))).statusCode).toBe(
      404,
    );
    expect((await staff('GET', `/visual-schedules?pupilId=${uuid()}`)).statusCode).toBe(404);
    expect((await staff('DELETE', `/visual-schedules/${uuid()}`)).statusCode).toBe(404);
    const anon = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/visual-schedules?pupilId=${yusuf}`,
    });
    expect(anon.statusCode).toBe(401);
  });

  it('are deleted by staff for good: a delete in sync, gone from lists, never back', async () => {
    const before = await sync(t.app, novak);
    const del = await staff('DELETE', `/visual-schedules/${id}`);
    expect(del.statusCode).toBe(204);
    expect((await staff('DELETE', `/visual-schedules/${id}`)).statusCode).toBe(204);
    const delta = await sync(t.app, novak, before.cursor);
    expect(delta.changes).toEqual([{ op: 'delete', entity: 'visualSchedule', id }]);
    const list = await staff('GET', `/visual-schedules?pupilId=${yusuf}`);
    expect(list.json().schedules.map((s: { id: string }) => s.id)).not.toContain(id);
    const again = await staff('PUT', `/visual-schedules/${id}`, staffBody(yusuf));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('gone');
    const row = await t.app.db
      .selectFrom('visual_schedules')
      .select(['revision', 'deleted'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ revision: 3, deleted: 1 });
  });
});

describe('the OpenAPI document', () => {
  it('lists the schedule, reward and media endpoints', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/media/{id}',
      '/api/v1/visual-schedules/{id}',
      '/api/v1/reward-charts/{id}',
      '/api/v1/reward-events/{id}',
      '/api/v1/staff/visual-schedules',
      '/api/v1/staff/visual-schedules/{id}',
      '/api/v1/staff/reward-charts',
      '/api/v1/staff/reward-charts/{id}',
      '/api/v1/staff/media',
      '/api/v1/staff/media/{id}',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/api/v1/visual-schedules/{id}'].put.requestBody).toBeDefined();
  });
});
