// Publishing the week (issue 15): every staff save names the revision it started from and
// a stale one is a 409 `stale` with what is stored now; weeks are copied; sessions never
// overlap; the daily minimum per key stage; when next week is due; and another school is
// refused everywhere.
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncChange } from '../../src/shared/api.ts';
import { asStaff, signIn, startApp, twoFamilies, type TestApp } from './helpers.ts';
import { familyClient, packBody, staffClient, tinyPdf } from './pack-fixtures.ts';
import { revisionOf, weekRevision } from './publish-fixtures.ts';
import { step, sync, synced } from './schedule-fixtures.ts';
import { secondSchool, type SecondSchool } from './second-school.ts';
import { sha256Hex } from './tus.ts';

// A Wednesday in term (the e2e tests' clock), so "next week" is always the same week.
const now = new Date('2026-11-25T10:00:00Z');
const thisMonday = '2026-11-23';
const nextMonday = '2026-11-30';

let t: TestApp;
let f: Awaited<ReturnType<typeof twoFamilies>>;
let elm: SecondSchool;
let oak: string;
let willow: string;
let teacherCookie: string;

type Req = { method: 'GET' | 'PUT' | 'POST' | 'DELETE'; url: string; payload?: object };
const as = (cookie: string, r: Req) =>
  t.app.inject(asStaff(cookie, { ...r, url: `/api/v1/staff${r.url}` }));
const admin = (r: Req) => as(f.adminCookie, r);

beforeAll(async () => {
  t = await startApp({ now: () => now });
  f = await twoFamilies(t);
  elm = await secondSchool(t);
  oak = f.pupils.Amira!.class_id;
  willow = f.pupils.Yusuf!.class_id;
  const teacher = t.demo.staff.find((s) => s.role === 'teacher')!;
  teacherCookie = (await signIn(t.app, teacher.email, teacher.password)).cookie;
});
afterAll(() => t.close());

const weekOf = async (classId: string, weekStart: string) =>
  (
    await t.app.db
      .selectFrom('timetable_weeks')
      .select('id')
      .where('class_id', '=', classId)
      .where('week_start', '=', weekStart)
      .executeTakeFirstOrThrow()
  ).id;

const session = (weekId: string, extra: Record<string, unknown> = {}) => ({
  weekId,
  date: thisMonday,
  startTime: '15:00',
  endTime: '15:30',
  subject: 'Music',
  kind: 'lesson',
  details: 'Clap the rhythm.',
  ...extra,
});

async function draftWeek(classId = oak, weekStart = '2027-01-04') {
  const id = uuid();
  const res = await admin({
    method: 'PUT',
    url: `/timetable-weeks/${id}`,
    payload: { classId, weekStart, published: false },
  });
  expect(res.statusCode).toBe(201);
  expect(res.json().week.revision).toBe(1);
  return id;
}

describe('two members of staff, one week', () => {
  it('raises the week’s revision with every real change of it or its sessions', async () => {
    const weekId = await draftWeek();
    const body = { classId: oak, weekStart: '2027-01-04', published: false, note: 'Snow week' };
    const noted = await admin({
      method: 'PUT',
      url: `/timetable-weeks/${weekId}`,
      payload: { ...body, baseRevision: 1 },
    });
    expect(noted.json().week).toMatchObject({ revision: 2, note: 'Snow week' });
    // The same save again (an answer lost on the way): nothing changes, whatever it names.
    const again = await admin({
      method: 'PUT',
      url: `/timetable-weeks/${weekId}`,
      payload: { ...body, baseRevision: 1 },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().week.revision).toBe(2);

    const id = uuid();
    const added = await admin({
      method: 'PUT',
      url: `/timetable-sessions/${id}`,
      payload: session(weekId, { date: '2027-01-04', baseRevision: 2 }),
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().weekRevision).toBe(3);
    expect(await weekRevision(t.app, weekId)).toBe(3);
    const deleted = await admin({
      method: 'DELETE',
      url: `/timetable-sessions/${id}?baseRevision=3`,
    });
    expect(deleted.statusCode).toBe(204);
    expect(await weekRevision(t.app, weekId)).toBe(4);
  });

  it('refuses a save that started from an older revision, with the week as stored now', async () => {
    const weekId = await draftWeek(oak, '2027-01-11');
    const mine = uuid();
    const theirs = uuid();
    // Both opened the week at revision 1; the first save goes through.
    const first = await admin({
      method: 'PUT',
      url: `/timetable-sessions/${theirs}`,
      payload: session(weekId, { date: '2027-01-11', subject: 'Art', baseRevision: 1 }),
    });
    expect(first.statusCode).toBe(201);
    const second = await as(teacherCookie, {
      method: 'PUT',
      url: `/timetable-sessions/${mine}`,
      payload: session(weekId, {
        date: '2027-01-11',
        startTime: '09:00',
        endTime: '10:00',
        baseRevision: 1,
      }),
    });
    expect(second.statusCode).toBe(409);
    const error = second.json().error;
    expect(error.code).toBe('stale');
    expect(error.details.revision).toBe(2);
    expect(error.details.current.week).toMatchObject({ id: weekId, revision: 2 });
    expect(error.details.current.sessions).toEqual([
      expect.objectContaining({ id: theirs, subject: 'Art' }),
    ]);
    // Nothing of the stale save was kept.
    expect(
      await t.app.db.selectFrom('timetable_sessions').select('id').where('id', '=', mine).execute(),
    ).toEqual([]);
    // "Keep mine": the same save from the revision now stored goes through.
    const kept = await as(teacherCookie, {
      method: 'PUT',
      url: `/timetable-sessions/${mine}`,
      payload: session(weekId, {
        date: '2027-01-11',
        startTime: '09:00',
        endTime: '10:00',
        baseRevision: 2,
      }),
    });
    expect(kept.statusCode).toBe(201);
    // A stale week save and a stale delete are refused the same way.
    const staleWeek = await admin({
      method: 'PUT',
      url: `/timetable-weeks/${weekId}`,
      payload: { classId: oak, weekStart: '2027-01-11', published: true, baseRevision: 1 },
    });
    expect(staleWeek.statusCode).toBe(409);
    expect(staleWeek.json().error.details.current.sessions).toHaveLength(2);
    const staleDelete = await admin({
      method: 'DELETE',
      url: `/timetable-sessions/${theirs}?baseRevision=2`,
    });
    expect(staleDelete.statusCode).toBe(409);
    // A week save without a revision never overwrites a stored week.
    const blind = await admin({
      method: 'PUT',
      url: `/timetable-weeks/${weekId}`,
      payload: { classId: oak, weekStart: '2027-01-11', published: true },
    });
    expect(blind.statusCode).toBe(409);
  });

  it('refuses stale pack, schedule and chart saves with what is stored now', async () => {
    const staff = staffClient(t.app, f.adminCookie);
    const packId = uuid();
    const body = packBody(oak, { published: false });
    expect((await staff.putPack(packId, { ...body, baseRevision: 0 })).statusCode).toBe(201);
    const edited = await staff.putPack(packId, { ...body, title: 'Theirs', baseRevision: 1 });
    expect(edited.json().pack.revision).toBe(2);
    const stale = await staff.putPack(packId, { ...body, title: 'Mine', baseRevision: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'stale',
      details: { revision: 2, current: { id: packId, title: 'Theirs', revision: 2 } },
    });
    // A new pack whose id someone else used meanwhile is stale too, not an overwrite.
    expect(
      (await staff.putPack(packId, { ...body, title: 'Mine', baseRevision: 0 })).statusCode,
    ).toBe(409);
    const staleDelete = await staff.deletePack(packId, '?baseRevision=1');
    expect(staleDelete.statusCode).toBe(409);
    expect((await staff.deletePack(packId, '?baseRevision=2')).statusCode).toBe(204);
    // Deleted meanwhile: a save from the old revision says so.
    const gone = await staff.putPack(packId, { ...body, baseRevision: 2 });
    expect(gone.statusCode).toBe(409);
    expect(gone.json().error.details.current).toBeNull();

    const yusuf = f.pupils.Yusuf!.id;
    const scheduleId = uuid();
    const schedule = {
      pupilId: yusuf,
      title: 'Morning',
      date: null,
      sessionId: null,
      language: 'en',
      steps: [step('1F4D6', { label: 'Read' })],
    };
    const put = (payload: object) =>
      admin({ method: 'PUT', url: `/visual-schedules/${scheduleId}`, payload });
    expect((await put(schedule)).statusCode).toBe(201);
    expect((await put({ ...schedule, title: 'Theirs', baseRevision: 1 })).statusCode).toBe(200);
    const staleSchedule = await put({ ...schedule, title: 'Mine', baseRevision: 1 });
    expect(staleSchedule.statusCode).toBe(409);
    expect(staleSchedule.json().error.details.current).toMatchObject({
      title: 'Theirs',
      revision: 2,
    });
    expect(
      (await admin({ method: 'DELETE', url: `/visual-schedules/${scheduleId}?baseRevision=1` }))
        .statusCode,
    ).toBe(409);

    const chartId = uuid();
    const chart = {
      pupilId: yusuf,
      title: 'Stars',
      goal: 5,
      reward: { kind: 'openmoji', code: '2B50' },
      rewardLabel: 'Park',
      tokenPerStep: true,
      archived: false,
    };
    const putChart = (payload: object) =>
      admin({ method: 'PUT', url: `/reward-charts/${chartId}`, payload });
    expect((await putChart(chart)).statusCode).toBe(201);
    expect((await putChart({ ...chart, title: 'Theirs', baseRevision: 1 })).statusCode).toBe(200);
    const staleChart = await putChart({ ...chart, rewardLabel: 'Swings', baseRevision: 1 });
    expect(staleChart.statusCode).toBe(409);
    expect(staleChart.json().error.details.current).toMatchObject({ title: 'Theirs' });
    expect(await revisionOf(t.app, 'reward_charts', chartId)).toBe(2);
  });
});

describe('bad input in the week editor', () => {
  let weekId: string;
  beforeAll(async () => {
    weekId = await draftWeek(oak, '2027-02-01');
    const first = await admin({
      method: 'PUT',
      url: `/timetable-sessions/${uuid()}`,
      payload: session(weekId, {
        date: '2027-02-01',
        startTime: '09:00',
        endTime: '10:00',
        baseRevision: 1,
      }),
    });
    if (first.statusCode !== 201) throw new Error(first.body);
  });

  const save = async (extra: Record<string, unknown>) =>
    admin({
      method: 'PUT',
      url: `/timetable-sessions/${uuid()}`,
      payload: session(weekId, {
        date: '2027-02-01',
        baseRevision: await weekRevision(t.app, weekId),
        ...extra,
      }),
    });
  const issues = (res: { json: () => { error: { details?: { issues: unknown[] } } } }) =>
    res.json().error.details?.issues;

  it('names the field of a session that ends before it starts, or has no https link', async () => {
    const backwards = await save({ startTime: '11:00', endTime: '10:30' });
    expect(backwards.statusCode).toBe(400);
    expect(issues(backwards)).toEqual([
      { path: 'body.endTime', message: 'the session must end after it starts' },
    ]);
    const http = await save({ kind: 'live', liveUrl: 'http://zoom.example/j/1' });
    expect(http.statusCode).toBe(400);
    expect(issues(http)).toEqual([
      expect.objectContaining({
        path: 'body.liveUrl',
        message: expect.stringMatching(/https:\/\//),
      }),
    ]);
  });

  it('refuses sessions that overlap for some child, and takes ones that only touch', async () => {
    const overlap = await save({ startTime: '09:30', endTime: '10:30' });
    expect(overlap.statusCode).toBe(400);
    expect(issues(overlap)).toEqual([
      {
        path: 'body.startTime',
        message: expect.stringMatching(/overlaps “Music” \(09:00–10:00\) on 2027-02-01/),
      },
    ]);
    // A child's own session during a class session is two things at once for that child.
    const own = await save({ pupilId: f.pupils.Amira!.id, startTime: '09:45', endTime: '10:15' });
    expect(own.statusCode).toBe(400);
    expect((await save({ startTime: '10:00', endTime: '10:15' })).statusCode).toBe(201);
    // Two children's own sessions at the same time never meet.
    const amira = await save({ pupilId: f.pupils.Amira!.id, startTime: '14:00', endTime: '14:30' });
    expect(amira.statusCode).toBe(201);
    const maja = await save({ pupilId: f.pupils.Maja!.id, startTime: '14:00', endTime: '14:30' });
    expect(maja.statusCode).toBe(201);
    const again = await save({ pupilId: f.pupils.Maja!.id, startTime: '14:15', endTime: '14:45' });
    expect(again.statusCode).toBe(400);
  });

  it('names the steps of a schedule that has none', async () => {
    const res = await admin({
      method: 'PUT',
      url: `/visual-schedules/${uuid()}`,
      payload: {
        pupilId: f.pupils.Yusuf!.id,
        title: 'Empty',
        date: null,
        sessionId: null,
        language: 'en',
        steps: [],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(issues(res)).toEqual([
      { path: 'body.steps', message: 'a schedule needs at least one step' },
    ]);
  });
});

describe('copying a week', () => {
  it('starts next week as a draft copy of this one, sessions moved by seven days', async () => {
    const from = await weekOf(willow, thisMonday);
    // The demo's next week exists already: copy to the week after it.
    const newWeekId = uuid();
    const copy = () =>
      admin({
        method: 'POST',
        url: `/timetable-weeks/${from}/copy`,
        payload: { newWeekId, weekStart: '2026-12-07' },
      });
    const res = await copy();
    expect(res.statusCode).toBe(201);
    const { week, sessions, hours } = res.json();
    expect(week).toMatchObject({
      id: newWeekId,
      classId: willow,
      weekStart: '2026-12-07',
      published: false,
      revision: 1,
    });
    const original = await t.app.db
      .selectFrom('timetable_sessions')
      .selectAll()
      .where('week_id', '=', from)
      .execute();
    expect(sessions).toHaveLength(original.length);
    const yusufs = sessions.filter((s: { pupilId: string | null }) => s.pupilId !== null);
    expect(yusufs.length).toBeGreaterThan(0);
    for (const s of sessions) {
      expect(s.weekId).toBe(newWeekId);
      expect(original.map((o) => o.id)).not.toContain(s.id);
      const o = original.find(
        (x) => x.subject === s.subject && x.start_time === s.startTime && x.pupil_id === s.pupilId,
      );
      expect(o).toBeDefined();
    }
    expect(sessions.map((s: { date: string }) => s.date).toSorted()[0]).toBe('2026-12-07');
    expect(hours).toHaveLength(5);
    // A retry (its answer lost) answers the same week; another copy onto it is refused.
    const again = await copy();
    expect(again.statusCode).toBe(200);
    expect(again.json().sessions).toHaveLength(sessions.length);
    const onto = await admin({
      method: 'POST',
      url: `/timetable-weeks/${from}/copy`,
      payload: { newWeekId: uuid(), weekStart: '2026-12-07' },
    });
    expect(onto.statusCode).toBe(409);
    expect(onto.json().error.details.weekId).toBe(newWeekId);
    // The default is the week after; it exists in the demo, so that is a 409 too.
    const next = await admin({
      method: 'POST',
      url: `/timetable-weeks/${from}/copy`,
      payload: { newWeekId: uuid() },
    });
    expect(next.statusCode).toBe(409);
    // Nobody at home sees a draft.
    const khanWeeks = await synced(t.app, f.khan.token, 'timetableWeek');
    expect(khanWeeks.map((w) => w.id)).not.toContain(newWeekId);
  });

  it('refuses to copy onto a day that is not a Monday', async () => {
    const from = await weekOf(oak, thisMonday);
    const res = await admin({
      method: 'POST',
      url: `/timetable-weeks/${from}/copy`,
      payload: { newWeekId: uuid(), weekStart: '2027-03-02' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].path).toBe('body.weekStart');
  });
});

describe('the daily minimum per key stage', () => {
  it('counts learning, not breaks, per day against the school’s minimum', async () => {
    const week = await weekOf(oak, thisMonday);
    const res = await admin({ method: 'GET', url: `/timetable-weeks/${week}` });
    expect(res.statusCode).toBe(200);
    const { hours } = res.json();
    expect(hours.map((d: { date: string }) => d.date)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ]);
    // Year 4 Oak (KS2): 20 + 60 + 60 + 30 + 60 minutes; the 15-minute break does not count.
    expect(hours[0]).toEqual({
      date: '2026-11-23',
      classMinutes: 230,
      groups: [{ group: 'ks2', required: 240, fewestMinutes: 230, short: true }],
    });
  });

  it('follows the minimums the school sets (admins only)', async () => {
    const defaults = await admin({ method: 'GET', url: '/publishing-settings' });
    expect(defaults.json().settings).toEqual({
      minMinutes: { ks1: 180, ks2: 240, secondary: 300 },
      publishByWeekday: 5,
      publishByTime: '15:00',
    });
    const settings = {
      minMinutes: { ks1: 120, ks2: 225, secondary: 300 },
      publishByWeekday: 4,
      publishByTime: '12:00',
    };
    const byTeacher = await as(teacherCookie, {
      method: 'PUT',
      url: '/publishing-settings',
      payload: settings,
    });
    expect(byTeacher.statusCode).toBe(403);
    const saved = await admin({ method: 'PUT', url: '/publishing-settings', payload: settings });
    expect(saved.json().settings).toEqual(settings);
    const week = await weekOf(oak, thisMonday);
    const { hours } = (await admin({ method: 'GET', url: `/timetable-weeks/${week}` })).json();
    expect(hours[0].groups).toEqual([
      { group: 'ks2', required: 225, fewestMinutes: 230, short: false },
    ]);
    // Another school keeps its own (the defaults).
    const elmSettings = await as(elm.cookie, { method: 'GET', url: '/publishing-settings' });
    expect(elmSettings.json().settings.minMinutes.ks2).toBe(240);
    await admin({
      method: 'PUT',
      url: '/publishing-settings',
      payload: { ...settings, minMinutes: { ks1: 180, ks2: 240, secondary: 300 } },
    });
  });
});

describe('next week not published in time', () => {
  it('tells each class whether next week is published, when it is due and whether it is late', async () => {
    const status = await admin({ method: 'GET', url: '/publishing-status' });
    expect(status.statusCode).toBe(200);
    const { classes, settings } = status.json();
    expect(settings.publishByWeekday).toBe(4);
    // Due Thursday 26 November 12:00 in London (GMT): not yet on the Wednesday.
    expect(classes.map((c: { classId: string }) => c.classId).toSorted()).toEqual(
      [oak, willow].toSorted(),
    );
    for (const c of classes) {
      expect(c).toMatchObject({
        weekStart: nextMonday,
        published: true,
        dueAt: '2026-11-26T12:00:00.000Z',
        late: false,
      });
    }
    // Unpublished, and the clock past the time: late.
    const willowNext = await weekOf(willow, nextMonday);
    const unpublish = await admin({
      method: 'PUT',
      url: `/timetable-weeks/${willowNext}`,
      payload: {
        classId: willow,
        weekStart: nextMonday,
        published: false,
        baseRevision: await weekRevision(t.app, willowNext),
      },
    });
    expect(unpublish.statusCode).toBe(200);
    // Another school day: Friday 15:30, past the default (Friday 15:00).
    const later = await startApp({ now: () => new Date('2026-11-27T15:30:00Z') });
    try {
      const a = later.demo.staff.find((s) => s.role === 'admin')!;
      const { cookie } = await signIn(later.app, a.email, a.password);
      const demoWillow = await later.app.db
        .selectFrom('timetable_weeks as w')
        .innerJoin('pupils as p', 'p.class_id', 'w.class_id')
        .select(['w.id', 'w.class_id', 'w.revision'])
        .where('p.display_name', '=', 'Yusuf')
        .where('w.week_start', '=', nextMonday)
        .executeTakeFirstOrThrow();
      await later.app.inject(
        asStaff(cookie, {
          method: 'PUT',
          url: `/api/v1/staff/timetable-weeks/${demoWillow.id}`,
          payload: {
            classId: demoWillow.class_id,
            weekStart: nextMonday,
            published: false,
            baseRevision: demoWillow.revision,
          },
        }),
      );
      const res = await later.app.inject(
        asStaff(cookie, { method: 'GET', url: '/api/v1/staff/publishing-status' }),
      );
      const byId = new Map(
        res.json().classes.map((c: { classId: string; late: boolean }) => [c.classId, c]),
      );
      expect(byId.get(demoWillow.class_id)).toMatchObject({
        published: false,
        late: true,
        dueAt: '2026-11-27T15:00:00.000Z',
      });
    } finally {
      await later.close();
    }
  });
});

describe('next week’s due time in summer time', () => {
  it('is the school’s wall-clock time, whatever the offset', async () => {
    // Wednesday 17 June 2026: London is on BST (UTC+1), so Friday 15:00 is 14:00 UTC.
    const june = await startApp({ now: () => new Date('2026-06-17T10:00:00Z') });
    try {
      const a = june.demo.staff.find((x) => x.role === 'admin')!;
      const { cookie } = await signIn(june.app, a.email, a.password);
      const res = await june.app.inject(
        asStaff(cookie, { method: 'GET', url: '/api/v1/staff/publishing-status' }),
      );
      for (const c of res.json().classes) {
        expect(c).toMatchObject({ weekStart: '2026-06-22', dueAt: '2026-06-19T14:00:00.000Z' });
      }
    } finally {
      await june.close();
    }
  });
});

describe('replacing a pack file', () => {
  it('names what it replaces; families fetch only the new hash', async () => {
    const staff = staffClient(t.app, f.adminCookie);
    const khan = familyClient(t.app, f.khan.token);
    const packId = uuid();
    expect((await staff.putPack(packId, packBody(oak))).statusCode).toBe(201);
    const fileId = uuid();
    const v1 = tinyPdf('version one');
    const v2 = tinyPdf('version two');
    const created = await staff.putFile(packId, fileId, 'application/pdf', v1, {
      name: 'Sheet.pdf',
    });
    expect(created.statusCode).toBe(201);
    const { cursor } = await sync(t.app, f.khan.token);
    // Two staff replace the same file: the one that names the old hash second is stale.
    const first = await staff.putFile(packId, fileId, 'application/pdf', v2, {
      replaces: sha256Hex(v1),
    });
    expect(first.statusCode).toBe(200);
    const second = await staff.putFile(packId, fileId, 'application/pdf', tinyPdf('three'), {
      replaces: sha256Hex(v1),
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('stale');
    expect(second.json().error.details.current.files).toEqual([
      expect.objectContaining({ id: fileId, sha256: sha256Hex(v2) }),
    ]);
    // A delete that names an old hash is stale too.
    const staleDelete = await t.app.inject(
      asStaff(f.adminCookie, {
        method: 'DELETE',
        url: `/api/v1/staff/packs/${packId}/files/${fileId}?sha256=${sha256Hex(v1)}`,
      }),
    );
    expect(staleDelete.statusCode).toBe(409);
    // The family's next sync names only the new hash; the old one is gone.
    const changes = (await sync(t.app, f.khan.token, cursor)).changes as SyncChange[];
    const pack = changes.find((c) => c.op === 'upsert' && c.entity === 'pack');
    expect(pack?.op === 'upsert' && pack.entity === 'pack' && pack.data.files).toEqual([
      expect.objectContaining({ id: fileId, sha256: sha256Hex(v2) }),
    ]);
    expect((await khan.file(sha256Hex(v2))).statusCode).toBe(200);
    expect((await khan.file(sha256Hex(v1))).statusCode).toBe(404);
  });

  it('refuses a file whose name says another kind, and a pack grown too large', async () => {
    const staff = staffClient(t.app, f.adminCookie);
    const packId = uuid();
    expect((await staff.putPack(packId, packBody(oak))).statusCode).toBe(201);
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const misnamed = await staff.putFile(packId, uuid(), 'image/png', png, { name: 'Sheet.pdf' });
    expect(misnamed.statusCode).toBe(422);
    expect(misnamed.json().error).toMatchObject({
      code: 'unsupported_file',
      details: {
        issues: [
          {
            path: 'querystring.name',
            message: expect.stringMatching(/named like a PDF but it is a picture/),
          },
        ],
      },
    });
    const big = uuid();
    expect(
      (await staff.putFile(packId, big, 'application/pdf', tinyPdf('big'), { name: 'Big.pdf' }))
        .statusCode,
    ).toBe(201);
    // As if that file were 5 bytes short of 60 MB: one more small file passes the limit.
    await t.app.db
      .updateTable('pack_files')
      .set({ bytes: 60 * 1024 * 1024 - 5 })
      .where('id', '=', big)
      .execute();
    const over = await staff.putFile(packId, uuid(), 'application/pdf', tinyPdf('over'), {
      name: 'More.pdf',
    });
    expect(over.statusCode).toBe(413);
    expect(over.json().error.message).toMatch(/at most 60 MB/);
  });
});

describe('another school', () => {
  it('cannot copy, read the hours of, or add sessions to this school’s weeks', async () => {
    const week = await weekOf(oak, thisMonday);
    const copy = await as(elm.cookie, {
      method: 'POST',
      url: `/timetable-weeks/${week}/copy`,
      payload: { newWeekId: uuid(), weekStart: '2027-04-05' },
    });
    expect(copy.statusCode).toBe(404);
    expect(
      (await as(elm.cookie, { method: 'GET', url: `/timetable-weeks/${week}` })).statusCode,
    ).toBe(404);
    const add = await as(elm.cookie, {
      method: 'PUT',
      url: `/timetable-sessions/${uuid()}`,
      payload: session(week, { baseRevision: await weekRevision(t.app, week) }),
    });
    expect(add.statusCode).toBe(404);
    // Its status lists its own class only.
    const status = (await as(elm.cookie, { method: 'GET', url: '/publishing-status' })).json();
    expect(status.classes.map((c: { classId: string }) => c.classId)).toEqual([elm.classId]);
    expect(status.classes[0]).toMatchObject({ weekId: null, published: false });
  });
});
