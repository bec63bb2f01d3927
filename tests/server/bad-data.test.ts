// Data phones trust: every date field takes only real calendar days (2000–2099), a new
// family record only a lower-case UUIDv7, ids are matched whatever their case, and dates
// stored before these checks are repaired by migration 0005 so no answer carries one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { v1, v3, v4, v5, v6, v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { readDemoCredentials } from '../../src/server/db/seed.ts';
import { asStaff, bearer, join_, signIn, startApp, twoFamilies, type TestApp } from './helpers.ts';
import {
  bodyFor,
  familyCollections,
  noticeBody,
  putRecord,
  scheduleBody,
  type Writer,
} from './family-write-fixtures.ts';
import { packBody } from './pack-fixtures.ts';
import { weekRevision } from './publish-fixtures.ts';
import { step } from './schedule-fixtures.ts';

const now = () => new Date('2026-11-23T09:00:00.000Z');

let t: TestApp;
let khan: Writer;
let cookie: string;
let oak: string;
let yusuf: string;
let willow: string;

beforeAll(async () => {
  t = await startApp({ now });
  const f = await twoFamilies(t);
  khan = { app: t.app, token: f.khan.token, pupilId: f.pupils.Amira!.id };
  cookie = f.adminCookie;
  oak = f.pupils.Amira!.class_id;
  yusuf = f.pupils.Yusuf!.id;
  willow = f.pupils.Yusuf!.class_id;
});
afterAll(() => t.close());

const staff = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
  t.app.inject(asStaff(cookie, { method, url: `/api/v1/staff${url}`, payload }));

/** Strings that are not a calendar day this server takes. */
export const impossibleDates = [
  '2026-02-30',
  '2026-02-29',
  '2100-02-29',
  '2026-04-31',
  '2026-06-31',
  '2026-99-99',
  '2026-13-01',
  '2026-00-10',
  '2026-01-00',
  '2026-01-32',
  '0000-00-00',
  '0000-01-01',
  '1999-12-31',
  '2100-01-01',
  '9999-12-31',
  '2026-1-1',
  '26-01-01',
  '20260101',
  '2026/01/01',
  '2026-01-01T00:00:00Z',
  ' 2026-01-01',
  '2026-01-01 ',
  '２０２６-０１-０１',
  '2026-02-3O',
  '+02026-01-01',
  '',
];
const realDays = ['2028-02-29', '2000-02-29', '2000-01-01', '2099-12-31', '2026-02-28'];
const mondays = ['2028-02-28', '2000-01-03', '2099-12-28', '2000-02-28'];

describe('dates', () => {
  it('every date field refuses impossible days with a 400 naming the field, and takes real ones', async () => {
    const week = uuid();
    const made = await staff('PUT', `/timetable-weeks/${week}`, {
      classId: oak,
      weekStart: '2028-02-28',
      published: false,
    });
    expect(made.statusCode).toBe(201);
    const fields: {
      name: string;
      path: string;
      valid: string[];
      send: (value: string) => ReturnType<typeof staff>;
    }[] = [
      {
        name: 'absence notice from',
        path: 'body.from',
        valid: realDays,
        send: (v) =>
          putRecord(khan, 'absence-notices', uuid(), noticeBody(khan.pupilId, v, '2099-12-31')),
      },
      {
        name: 'absence notice to',
        path: 'body.to',
        valid: realDays,
        send: (v) =>
          putRecord(khan, 'absence-notices', uuid(), noticeBody(khan.pupilId, '2000-01-01', v)),
      },
      {
        name: 'family schedule date',
        path: 'body.date',
        valid: realDays,
        send: (v) => putRecord(khan, 'visual-schedules', uuid(), scheduleBody(khan.pupilId, v)),
      },
      {
        name: 'staff schedule date',
        path: 'body.date',
        valid: realDays,
        send: (v) =>
          staff('PUT', `/visual-schedules/${uuid()}`, {
            pupilId: yusuf,
            title: 'Morning',
            date: v,
            sessionId: null,
            language: 'en',
            steps: [step()],
          }),
      },
      {
        name: 'staff week start',
        path: 'body.weekStart',
        valid: mondays,
        send: (v) =>
          staff('PUT', `/timetable-weeks/${uuid()}`, {
            classId: willow,
            weekStart: v,
            published: false,
          }),
      },
      {
        name: 'staff session date',
        path: 'body.date',
        valid: ['2028-02-28', '2028-02-29', '2028-03-05'],
        send: async (v) =>
          staff('PUT', `/timetable-sessions/${uuid()}`, {
            weekId: week,
            baseRevision: await weekRevision(t.app, week),
            date: v,
            startTime: '09:00',
            endTime: '10:00',
            subject: 'Maths',
            kind: 'lesson',
          }),
      },
      {
        name: 'staff pack week',
        path: 'body.weekStart',
        valid: mondays,
        send: (v) => staff('PUT', `/packs/${uuid()}`, packBody(oak, { weekStart: v })),
      },
      {
        name: 'staff packs query',
        path: 'querystring.weekStart',
        valid: realDays,
        send: (v) => staff('GET', `/packs?classId=${oak}&weekStart=${encodeURIComponent(v)}`),
      },
    ];
    let tried = 0;
    let refused = 0;
    for (const field of fields) {
      for (const value of impossibleDates) {
        const res = await field.send(value);
        tried += 1;
        const seen = { field: field.name, value, status: res.statusCode };
        expect(seen).toEqual({ ...seen, status: 400 });
        expect(res.json().error.message).toContain(field.path);
        refused += 1;
      }
      for (const value of field.valid) {
        const res = await field.send(value);
        const seen = { field: field.name, value, status: res.statusCode };
        expect(seen).toEqual({ ...seen, status: expect.toSatisfy((s) => s === 200 || s === 201) });
      }
    }
    // 8 fields × 26 impossible values.
    expect({ tried, refused }).toEqual({ tried: 208, refused: 208 });
  });
});

describe('record ids', () => {
  const v7 = uuid();
  /** Ids a phone may not give a new record: each a 400, nothing stored. */
  const badNewIds = [
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    v1(),
    v3('homeward', v3.URL),
    v4(),
    v5('homeward', v5.URL),
    v6(),
    `${v7.slice(0, 14)}8${v7.slice(15)}`, // version 8
    `${v7.slice(0, 19)}c${v7.slice(20)}`, // not the RFC variant
    uuid().toUpperCase(),
    uuid().replace(/[a-f]/, (c) => c.toUpperCase()), // one upper-case letter
    uuid().replaceAll('-', ''),
    `%7B${uuid()}%7D`,
    `urn:uuid:${uuid()}`,
    `${uuid()}%20`,
    uuid().slice(0, 35),
    'not-a-uuid',
  ];

  it('refuses every id but a lower-case UUIDv7 for a new record of each kind', async () => {
    let tried = 0;
    let refused = 0;
    for (const collection of familyCollections) {
      const body = await bodyFor(khan, collection);
      for (const id of badNewIds) {
        const res = await putRecord(khan, collection, id, body);
        tried += 1;
        const seen = { collection, id, status: res.statusCode };
        expect(seen).toEqual({ ...seen, status: 400 });
        expect(res.json().error.message).toContain('params.id');
        refused += 1;
      }
      const fresh = uuid();
      expect((await putRecord(khan, collection, fresh, body)).statusCode).toBe(201);
    }
    // 9 kinds × 18 ids.
    expect({ tried, refused }).toEqual({ tried: 162, refused: 162 });
    const stored = await t.app.db
      .selectFrom('absence_notices')
      .select('id')
      .where((eb) =>
        eb(
          eb.fn('lower', ['id']),
          'in',
          badNewIds.map((i) => i.toLowerCase()),
        ),
      )
      .execute();
    expect(stored).toEqual([]);
  });

  it('matches ids in staff params, queries and family bodies whatever their case', async () => {
    const week = await t.app.db
      .selectFrom('timetable_weeks')
      .select('id')
      .where('class_id', '=', oak)
      .executeTakeFirstOrThrow();
    const byUpper = await staff('GET', `/timetable-weeks/${week.id.toUpperCase()}`);
    expect(byUpper.statusCode).toBe(200);
    expect(byUpper.json().week.id).toBe(week.id);
    const list = await staff('GET', `/absence-notices?classId=${oak.toUpperCase()}`);
    expect(list.statusCode).toBe(200);

    const noticeId = uuid();
    const made = await putRecord(khan, 'absence-notices', noticeId, {
      ...noticeBody(khan.pupilId),
      pupilId: khan.pupilId.toUpperCase(),
    });
    expect(made.statusCode).toBe(201);
    expect(made.json().notice.pupilId).toBe(khan.pupilId);
    const ack = await staff('POST', `/absence-notices/${noticeId.toUpperCase()}/acknowledge`, {});
    expect(ack.statusCode).toBe(200);
    expect(ack.json().notice.id).toBe(noticeId);
  });
});

describe('dates stored before 0005', () => {
  it('are repaired on upgrade, sent to phones again, and no answer fails on them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'homeward-test-'));
    try {
      let app = await buildApp({ dataDir, distDir: false, now });
      const demo = readDemoCredentials(dataDir)!;
      const { token } = await join_(app, demo.joinCode);
      const w: Writer = { app, token, pupilId: '' };
      const pupils = await app.db.selectFrom('pupils').select(['id', 'display_name']).execute();
      w.pupilId = pupils.find((p) => p.display_name === 'Amira')!.id;
      const notice = uuid();
      const schedule = uuid();
      expect(
        (await putRecord(w, 'absence-notices', notice, noticeBody(w.pupilId))).statusCode,
      ).toBe(201);
      expect(
        (await putRecord(w, 'visual-schedules', schedule, scheduleBody(w.pupilId, '2026-11-24')))
          .statusCode,
      ).toBe(201);
      // What the old server accepted.
      await app.db
        .updateTable('absence_notices')
        .set({ from_date: '2026-02-30', to_date: '2026-99-99' })
        .where('id', '=', notice)
        .execute();
      await app.db
        .updateTable('visual_schedules')
        .set({ date: '0000-00-00' })
        .where('id', '=', schedule)
        .execute();
      const week = await app.db
        .selectFrom('timetable_weeks')
        .select('id')
        .executeTakeFirstOrThrow();
      await app.db
        .updateTable('timetable_weeks')
        .set({ week_start: '2026-13-45' })
        .where('id', '=', week.id)
        .execute();
      const pack = await app.db.selectFrom('packs').select('id').executeTakeFirstOrThrow();
      await app.db
        .updateTable('packs')
        .set({ week_start: '2026-02-30' })
        .where('id', '=', pack.id)
        .execute();
      // With such rows the answers cannot be sent at all.
      const broken = await app.inject({
        method: 'GET',
        url: '/api/v1/sync',
        headers: bearer(token),
      });
      expect(broken.statusCode).toBe(500);

      // Back to 0004, as a server that has not had 0005 yet.
      await sql`drop index uploads_claim`.execute(app.db);
      await sql`alter table uploads drop column claim_id`.execute(app.db);
      await sql`alter table uploads drop column patched_at`.execute(app.db);
      await sql`delete from kysely_migration where name = '0005_probe'`.execute(app.db);
      const lastSeq = await app.db
        .selectFrom('changes')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirstOrThrow();
      await app.close();

      app = await buildApp({ dataDir, distDir: false, now });
      const repaired = await app.db
        .selectFrom('absence_notices')
        .select(['from_date', 'to_date'])
        .where('id', '=', notice)
        .executeTakeFirstOrThrow();
      expect(repaired).toEqual({ from_date: '2026-02-28', to_date: '2026-12-31' });
      const sched = await app.db
        .selectFrom('visual_schedules')
        .select('date')
        .where('id', '=', schedule)
        .executeTakeFirstOrThrow();
      expect(sched.date).toBeNull();
      const wk = await app.db
        .selectFrom('timetable_weeks')
        .select('week_start')
        .where('id', '=', week.id)
        .executeTakeFirstOrThrow();
      expect(wk.week_start).toBe('2026-12-31');
      const changed = await app.db
        .selectFrom('changes')
        .select(['entity', 'entity_id'])
        .where('seq', '>', Number(lastSeq.seq))
        .execute();
      expect(changed.map((c) => c.entity_id).toSorted()).toEqual(
        [notice, schedule, week.id, pack.id].toSorted(),
      );

      const synced = await app.inject({
        method: 'GET',
        url: '/api/v1/sync',
        headers: bearer(token),
      });
      expect(synced.statusCode).toBe(200);
      expect(synced.body).toContain('"from":"2026-02-28"');
      const teacher = demo.staff[0]!;
      const { cookie: c } = await signIn(app, teacher.email, teacher.password);
      const oakClass = await app.db
        .selectFrom('pupils')
        .select('class_id')
        .where('id', '=', w.pupilId)
        .executeTakeFirstOrThrow();
      const staffList = await app.inject(
        asStaff(c, {
          method: 'GET',
          url: `/api/v1/staff/absence-notices?classId=${oakClass.class_id}`,
        }),
      );
      expect(staffList.statusCode).toBe(200);
      await app.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
