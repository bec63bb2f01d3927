// Synthetic classes for the school-day tests: children, their households, phones that
// joined (with tokens), and the signs of work the engagement view reads, written straight
// into the tables (what the family routes would have stored).
import { v7 as uuid } from 'uuid';
import type { Db } from '../../src/server/db/database.ts';
import { join_, signIn, startApp, type TestApp } from './helpers.ts';

export type Child = {
  id: string;
  name: string;
  families: string[];
  /** A removed phone of the first household: what stored rows name as their device. */
  oldPhone: string;
  /** A session of the class's week, for marks. */
  sessionId: string;
};

export async function addClass(
  db: Db,
  schoolId: string,
  name: string,
  children: { name: string; households?: number }[],
): Promise<{ classId: string; children: Child[] }> {
  const classId = uuid();
  const weekId = uuid();
  const sessionId = uuid();
  const out: Child[] = [];
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('classes')
      .values({ id: classId, school_id: schoolId, name, updated_at: '' })
      .execute();
    await trx
      .insertInto('timetable_weeks')
      .values({
        id: weekId,
        class_id: classId,
        week_start: '2026-11-23',
        note: '',
        published_at: '2026-11-20T09:00:00.000Z',
        updated_at: '',
      })
      .execute();
    await trx
      .insertInto('timetable_sessions')
      .values({
        id: sessionId,
        week_id: weekId,
        pupil_id: null,
        date: '2026-11-23',
        start_time: '09:00',
        end_time: '10:00',
        subject: 'Maths',
        kind: 'independent',
        details: '',
        live_url: null,
        updated_at: '',
      })
      .execute();
    for (const c of children) {
      const id = uuid();
      await trx
        .insertInto('pupils')
        .values({
          id,
          class_id: classId,
          display_name: c.name,
          key_stage: 'KS2',
          visual_support: 0,
          updated_at: '',
        })
        .execute();
      const families: string[] = [];
      for (let h = 0; h < (c.households ?? 1); h++) {
        const familyId = uuid();
        await trx
          .insertInto('families')
          .values({
            id: familyId,
            school_id: schoolId,
            name: `${c.name} household ${h + 1}`,
            scope_version: 1,
            created_at: '',
          })
          .execute();
        await trx
          .insertInto('family_pupils')
          .values({ family_id: familyId, pupil_id: id })
          .execute();
        families.push(familyId);
      }
      const oldPhone = uuid();
      await trx
        .insertInto('devices')
        .values({
          id: oldPhone,
          family_id: families[0] as string,
          name: 'old phone',
          token_hash: oldPhone,
          created_at: '',
          last_seen_at: null,
          revoked_at: '2026-11-01T00:00:00.000Z',
        })
        .execute();
      out.push({ id, name: c.name, families, oldPhone, sessionId });
    }
  });
  return { classId, children: out };
}

/** Joins a phone for the family (a code issued by a member of staff). */
export async function phoneFor(t: TestApp, cookie: string, familyId: string) {
  const code = await t.app.inject({
    method: 'POST',
    url: `/api/v1/staff/families/${familyId}/join-codes`,
    headers: { cookie },
    payload: {},
  });
  if (code.statusCode !== 201) throw new Error(`join code: ${code.statusCode} ${code.body}`);
  return join_(t.app, code.json().joinCode.code);
}

export async function handIn(db: Db, child: Child, at: string, sessionId: string | null = null) {
  const id = uuid();
  await db
    .insertInto('submissions')
    .values({
      id,
      family_id: child.families[0] as string,
      pupil_id: child.id,
      session_id: sessionId,
      note: '',
      created_at: at,
      received_at: at,
      seen_at: null,
      body_hash: id,
      device_id: child.oldPhone,
    })
    .execute();
  return id;
}

export async function markDone(db: Db, child: Child, at: string, done = 1) {
  await db
    .insertInto('session_completions')
    .values({
      id: uuid(),
      session_id: child.sessionId,
      pupil_id: child.id,
      done,
      at,
      revision: 1,
      device_id: child.oldPhone,
      body_hash: '',
      received_at: at,
    })
    .execute();
}

export async function notice(
  db: Db,
  child: Child,
  from: string,
  to: string,
  withdrawn: string | null = null,
) {
  const id = uuid();
  await db
    .insertInto('absence_notices')
    .values({
      id,
      family_id: child.families[0] as string,
      pupil_id: child.id,
      reason: 'ill',
      from_date: from,
      to_date: to,
      note: 'Temperature',
      revision: 1,
      withdrawn_reason: withdrawn,
      created_at: `${from}T07:00:00.000Z`,
      received_at: `${from}T07:00:00.000Z`,
      acknowledged_at: null,
      acknowledged_by: null,
      acknowledged_by_staff_id: null,
      body_hash: id,
      device_id: child.oldPhone,
    })
    .execute();
  return id;
}

// Wednesday 25 November 2026, 10:00 in London (GMT).
export const wednesday = new Date('2026-11-25T10:00:00.000Z');

export type Ctx = {
  t: TestApp;
  schoolId: string;
  admin: string;
  teacher: string;
  classId: string;
  kids: Record<string, Child>;
  /** Moves the clock; the signed-in staff stayed active meanwhile (no idle timeout). */
  setNow: (at: string) => Promise<void>;
};

export async function setup(): Promise<Ctx> {
  let now = wednesday;
  const t = await startApp({ now: () => now });
  const [teacherCreds, adminCreds] = [
    t.demo.staff.find((s) => s.role === 'teacher')!,
    t.demo.staff.find((s) => s.role === 'admin')!,
  ];
  const { cookie: teacher } = await signIn(t.app, teacherCreds.email, teacherCreds.password);
  const { cookie: admin } = await signIn(t.app, adminCreds.email, adminCreds.password);
  const { id: schoolId } = await t.app.db
    .selectFrom('schools')
    .select('id')
    .executeTakeFirstOrThrow();
  const { classId, children } = await addClass(t.app.db, schoolId, 'Year 5 Ash', [
    { name: 'Ada' }, // handed in today
    { name: 'Ben' }, // a phone holding 3 items, offline since Monday
    { name: 'Cal' }, // nothing at all, no phone: needs a call
    { name: 'Dee' }, // an absence notice for this week
    { name: 'Eli', households: 2 }, // one household quiet, the other marked a session done
    { name: 'Fay' }, // worked on Monday only
  ]);
  // The teacher teaches the new class (teachers reach only the classes they are assigned to).
  const { id: teacherId } = await t.app.db
    .selectFrom('staff')
    .select('id')
    .where('email', '=', teacherCreds.email)
    .executeTakeFirstOrThrow();
  await t.app.db
    .insertInto('staff_classes')
    .values({ staff_id: teacherId, class_id: classId, created_at: wednesday.toISOString() })
    .execute();
  const kids = Object.fromEntries(children.map((c) => [c.name, c]));
  return {
    t,
    schoolId,
    admin,
    teacher,
    classId,
    kids,
    setNow: async (at) => {
      now = new Date(at);
      await t.app.db.updateTable('staff_sessions').set({ last_seen_at: at }).execute();
    },
  };
}

export const get = (c: Ctx, cookie: string, url: string) =>
  c.t.app.inject({ method: 'GET', url: `/api/v1/staff${url}`, headers: { cookie } });
export const send = (
  c: Ctx,
  cookie: string,
  method: 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
) =>
  c.t.app.inject({
    method,
    url: `/api/v1/staff${url}`,
    headers: { cookie },
    payload: payload ?? {},
  });
