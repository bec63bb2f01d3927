// The one engagement query layer: for a set of classes and some school days, what each
// child did (work handed in, sessions and pack activities marked done, stars), the absence
// notices that cover those days, and what each family's phones last said (seen when, how
// many items still waiting on the phone and since when). Routes and exports build their
// views (a class's day, "needs a call", a week, the whole school) from these rows; no
// engagement SQL lives anywhere else.
//
// Each kind of sign is one range query over an index on (pupil_id, time) for all the
// children at once, bucketed into school-local days here, so a day of a 1,000-pupil school
// is a handful of queries whatever the number of classes.
import { sql } from 'kysely';
import { addDays, isSchoolDay, schoolDaysUpTo, zonedInstant } from '../lib/time.ts';
import type { Db } from './database.ts';

export type DaySigns = {
  handedIn: number;
  sessionsDone: number;
  activitiesDone: number;
  stars: number;
  /** Stars the child or a parent gave (the school's own do not show the family is there). */
  familyStars: number;
};

export type Pupil = { id: string; name: string; classId: string; className: string };
export type Phone = {
  deviceId: string;
  familyId: string;
  name: string;
  lastSeenAt: string | null;
  /** Items the phone said it still holds at its last sync; null: it never said. */
  waiting: number | null;
  waitingSince: string | null;
};
export type Notice = {
  id: string;
  reason: string;
  fromDate: string;
  toDate: string;
  acknowledged: boolean;
};
export type ChildStatus = 'handed_in' | 'active' | 'absent' | 'waiting' | 'quiet';

const emptySigns = (): DaySigns => ({
  handedIn: 0,
  sessionsDone: 0,
  activitiesDone: 0,
  stars: 0,
  familyStars: 0,
});

export const hasSign = (s: DaySigns | undefined): boolean =>
  !!s && s.handedIn + s.sessionsDone + s.activitiesDone + s.familyStars > 0;

/** Children of these classes, by class name then name (byte order on both databases). */
export async function pupilsOfClasses(db: Db, classIds: string[]): Promise<Pupil[]> {
  if (classIds.length === 0) return [];
  const rows = await db
    .selectFrom('pupils as p')
    .innerJoin('classes as c', 'c.id', 'p.class_id')
    .select(['p.id', 'p.display_name', 'p.class_id', 'c.name as class_name'])
    .where('p.class_id', 'in', classIds)
    .orderBy('c.name')
    .orderBy('p.display_name')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.display_name,
    classId: r.class_id,
    className: r.class_name,
  }));
}

/** Turns instants into school-local days: each day's [start, end) as ISO strings. */
function dayBuckets(days: string[], timeZone: string) {
  const sorted = [...new Set(days)].toSorted();
  const ranges = sorted.map((day) => ({
    day,
    start: zonedInstant(day, '00:00', timeZone).toISOString(),
    end: zonedInstant(addDays(day, 1), '00:00', timeZone).toISOString(),
  }));
  const first = ranges[0];
  const last = ranges[ranges.length - 1];
  return {
    from: first?.start ?? '',
    to: last?.end ?? '',
    dayOf(at: string): string | null {
      // Binary search for the last range starting at or before `at`.
      let lo = 0;
      let hi = ranges.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((ranges[mid] as { start: string }).start <= at) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      const range = ranges[found];
      return range && at < range.end ? range.day : null;
    },
  };
}

type Mark = { key: string; done: number; revision: number; at: string; id: string };
/** The latest of a record's marks: highest revision, then latest `at`, then highest id. */
const later = (a: Mark, b: Mark) =>
  a.revision !== b.revision ? a.revision > b.revision : a.at !== b.at ? a.at > b.at : a.id > b.id;

/** Per child, per day: the signs of work (instants read in the school's time zone). */
export async function signsByDay(
  db: Db,
  classIds: string[],
  days: string[],
  timeZone: string,
): Promise<Map<string, Map<string, DaySigns>>> {
  const out = new Map<string, Map<string, DaySigns>>();
  if (classIds.length === 0 || days.length === 0) return out;
  const buckets = dayBuckets(days, timeZone);
  const signs = (pupilId: string, day: string): DaySigns => {
    let byDay = out.get(pupilId);
    if (!byDay) out.set(pupilId, (byDay = new Map()));
    let s = byDay.get(day);
    if (!s) byDay.set(day, (s = emptySigns()));
    return s;
  };
  const inClasses = db.selectFrom('pupils').select('id').where('class_id', 'in', classIds);

  const [submissions, sessionMarks, activityMarks, stars] = await Promise.all([
    db
      .selectFrom('submissions')
      .select(['pupil_id', 'created_at'])
      .where('pupil_id', 'in', inClasses)
      .where('created_at', '>=', buckets.from)
      .where('created_at', '<', buckets.to)
      .execute(),
    db
      .selectFrom('session_completions')
      .select(['id', 'pupil_id', 'session_id as record', 'done', 'revision', 'at'])
      .where('pupil_id', 'in', inClasses)
      .where('at', '>=', buckets.from)
      .where('at', '<', buckets.to)
      .execute(),
    db
      .selectFrom('activity_completions')
      .select([
        'id',
        'pupil_id',
        sql<string>`pack_id || ':' || activity_id`.as('record'),
        'done',
        'revision',
        'at',
      ])
      .where('pupil_id', 'in', inClasses)
      .where('at', '>=', buckets.from)
      .where('at', '<', buckets.to)
      .execute(),
    db
      .selectFrom('reward_events')
      .select(['pupil_id', 'type', 'by', 'at'])
      .where('pupil_id', 'in', inClasses)
      .where('at', '>=', buckets.from)
      .where('at', '<', buckets.to)
      .execute(),
  ]);

  for (const r of submissions) {
    const day = buckets.dayOf(r.created_at);
    if (day) signs(r.pupil_id, day).handedIn += 1;
  }
  // A record marked done and undone the same day counts as its last mark of the day says.
  for (const [rows, field] of [
    [sessionMarks, 'sessionsDone'],
    [activityMarks, 'activitiesDone'],
  ] as const) {
    const latest = new Map<string, Mark & { pupil: string; day: string }>();
    for (const r of rows) {
      const day = buckets.dayOf(r.at);
      if (!day) continue;
      const mark = {
        key: `${r.pupil_id}|${r.record}|${day}`,
        done: r.done,
        revision: r.revision,
        at: r.at,
        id: r.id,
      };
      const seen = latest.get(mark.key);
      if (!seen || later(mark, seen)) latest.set(mark.key, { ...mark, pupil: r.pupil_id, day });
    }
    for (const m of latest.values()) if (m.done === 1) signs(m.pupil, m.day)[field] += 1;
  }
  for (const r of stars) {
    const day = buckets.dayOf(r.at);
    if (!day) continue;
    const s = signs(r.pupil_id, day);
    const step = r.type === 'token' ? 1 : -1;
    s.stars = Math.max(0, s.stars + step);
    if (r.by !== 'school') s.familyStars = Math.max(0, s.familyStars + step);
  }
  return out;
}

/** Absence notices (not withdrawn) that cover any of [from, to], per child. */
export async function noticesByPupil(
  db: Db,
  classIds: string[],
  from: string,
  to: string,
): Promise<Map<string, Notice[]>> {
  const out = new Map<string, Notice[]>();
  if (classIds.length === 0) return out;
  const rows = await db
    .selectFrom('absence_notices')
    .select(['id', 'pupil_id', 'reason', 'from_date', 'to_date', 'acknowledged_at'])
    .where('pupil_id', 'in', db.selectFrom('pupils').select('id').where('class_id', 'in', classIds))
    .where('withdrawn_reason', 'is', null)
    .where('from_date', '<=', to)
    .where('to_date', '>=', from)
    .orderBy('from_date')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.pupil_id) ?? [];
    list.push({
      id: r.id,
      reason: r.reason,
      fromDate: r.from_date,
      toDate: r.to_date,
      acknowledged: r.acknowledged_at !== null,
    });
    out.set(r.pupil_id, list);
  }
  return out;
}

export const covers = (notices: Notice[] | undefined, day: string) =>
  notices?.find((n) => n.fromDate <= day && day <= n.toDate) ?? null;

/** The phones of each child's households (not revoked), with what they last reported. */
export async function phonesByPupil(db: Db, classIds: string[]): Promise<Map<string, Phone[]>> {
  const out = new Map<string, Phone[]>();
  if (classIds.length === 0) return out;
  const rows = await db
    .selectFrom('family_pupils as fp')
    .innerJoin('devices as d', 'd.family_id', 'fp.family_id')
    .select([
      'fp.pupil_id',
      'd.id',
      'd.family_id',
      'd.name',
      'd.last_seen_at',
      'd.outbox_count',
      'd.outbox_since',
    ])
    .where(
      'fp.pupil_id',
      'in',
      db.selectFrom('pupils').select('id').where('class_id', 'in', classIds),
    )
    .where('d.revoked_at', 'is', null)
    .orderBy('d.id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.pupil_id) ?? [];
    list.push({
      deviceId: r.id,
      familyId: r.family_id,
      name: r.name,
      lastSeenAt: r.last_seen_at,
      waiting: r.outbox_count,
      waitingSince: r.outbox_count ? r.outbox_since : null,
    });
    out.set(r.pupil_id, list);
  }
  return out;
}

export const waitingOn = (phones: Phone[] | undefined) =>
  (phones ?? []).reduce((n, p) => n + (p.waiting ?? 0), 0);

export function statusOf(
  signs: DaySigns | undefined,
  notice: Notice | null,
  phones: Phone[] | undefined,
): ChildStatus {
  if (signs && signs.handedIn > 0) return 'handed_in';
  if (hasSign(signs)) return 'active';
  if (notice) return 'absent';
  if (waitingOn(phones) > 0) return 'waiting';
  return 'quiet';
}

export type Household = {
  familyId: string;
  familyName: string;
  /** The roster's carer of the household (a family is one carer: name and phone). */
  carers: { name: string; phone: string | null }[];
};

/** Each child's households, for "needs a call": who to ring, and on which number. */
export async function householdsByPupil(
  db: Db,
  pupilIds: string[],
): Promise<Map<string, Household[]>> {
  const out = new Map<string, Household[]>();
  if (pupilIds.length === 0) return out;
  const rows = await db
    .selectFrom('family_pupils as fp')
    .innerJoin('families as f', 'f.id', 'fp.family_id')
    .select(['fp.pupil_id', 'f.id', 'f.name', 'f.phone'])
    .where('fp.pupil_id', 'in', pupilIds)
    .orderBy('f.name')
    .orderBy('f.id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.pupil_id) ?? [];
    list.push({
      familyId: r.id,
      familyName: r.name,
      carers: [{ name: r.name, phone: r.phone }],
    });
    out.set(r.pupil_id, list);
  }
  return out;
}

export type ChildDay = {
  pupil: Pupil;
  signs: DaySigns;
  notice: Notice | null;
  phones: Phone[];
  status: ChildStatus;
};

export type EngagementDay = {
  date: string;
  /** The school days "needs a call" looked at, oldest first. */
  quietDays: string[];
  children: ChildDay[];
  /** Children with no sign of work and no notice on every one of `quietDays`, and no phone holding items. */
  needsCall: ChildDay[];
};

/** One day of these classes, with "needs a call" over the `quietDays` school days up to it. */
export async function engagementDay(
  db: Db,
  input: { classIds: string[]; date: string; timeZone: string; needsCallDays: number },
): Promise<EngagementDay> {
  const quietDays = schoolDaysUpTo(input.date, input.needsCallDays);
  const allDays = [...quietDays, input.date];
  const first = quietDays[0] ?? input.date;
  const [pupils, signs, notices, phones] = await Promise.all([
    pupilsOfClasses(db, input.classIds),
    signsByDay(db, input.classIds, allDays, input.timeZone),
    noticesByPupil(db, input.classIds, first < input.date ? first : input.date, input.date),
    phonesByPupil(db, input.classIds),
  ]);
  const children: ChildDay[] = [];
  const needsCall: ChildDay[] = [];
  for (const pupil of pupils) {
    const mine = signs.get(pupil.id);
    const daySigns = mine?.get(input.date) ?? emptySigns();
    const notice = covers(notices.get(pupil.id), input.date);
    const pupilPhones = phones.get(pupil.id) ?? [];
    const child = {
      pupil,
      signs: daySigns,
      notice,
      phones: pupilPhones,
      status: statusOf(daySigns, notice, pupilPhones),
    };
    children.push(child);
    const quiet = quietDays.every(
      (day) => !hasSign(mine?.get(day)) && !covers(notices.get(pupil.id), day),
    );
    if (quiet && quietDays.length > 0 && waitingOn(pupilPhones) === 0) needsCall.push(child);
  }
  return { date: input.date, quietDays, children, needsCall };
}

export type ClassDayRate = {
  classId: string;
  className: string;
  date: string;
  pupils: number;
  /** Children with a sign of work that day. */
  active: number;
  /** Children with a notice and no sign of work. */
  absent: number;
  /** active / (pupils − absent); null when every child was absent (or there are none). */
  rate: number | null;
};

/** Participation per class per day: the whole-school summary and the class week view. */
export async function participation(
  db: Db,
  input: { classes: { id: string; name: string }[]; days: string[]; timeZone: string },
): Promise<{ rates: ClassDayRate[]; children: Map<string, Map<string, ChildStatus>> }> {
  const classIds = input.classes.map((c) => c.id);
  const days = input.days.toSorted();
  const [pupils, signs, notices, phones] = await Promise.all([
    pupilsOfClasses(db, classIds),
    signsByDay(db, classIds, days, input.timeZone),
    noticesByPupil(db, classIds, days[0] ?? '', days[days.length - 1] ?? ''),
    phonesByPupil(db, classIds),
  ]);
  const rates: ClassDayRate[] = [];
  const children = new Map<string, Map<string, ChildStatus>>();
  for (const cls of input.classes) {
    const own = pupils.filter((p) => p.classId === cls.id);
    for (const date of days) {
      let active = 0;
      let absent = 0;
      for (const p of own) {
        const status = statusOf(
          signs.get(p.id)?.get(date),
          covers(notices.get(p.id), date),
          phones.get(p.id),
        );
        let byDay = children.get(p.id);
        if (!byDay) children.set(p.id, (byDay = new Map()));
        byDay.set(date, status);
        if (status === 'handed_in' || status === 'active') active += 1;
        else if (status === 'absent') absent += 1;
      }
      const expected = own.length - absent;
      rates.push({
        classId: cls.id,
        className: cls.name,
        date,
        pupils: own.length,
        active,
        absent,
        rate: expected > 0 ? active / expected : null,
      });
    }
  }
  return { rates, children };
}

export const schoolDaysOf = (days: string[]) => days.filter(isSchoolDay);
