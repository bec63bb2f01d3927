// A school's publishing settings (the daily minimum per key stage, when next week is due)
// and what the workspace shows from them: a week's hours against the minimum, and each
// class's next week (published yet? late?).
import type { Kysely, Transaction } from 'kysely';
import type { TimetableSession } from '../../shared/entities.ts';
import {
  defaultPublishingSettings,
  weekHours,
  type DayHours,
  type NextWeekStatus,
  type PublishingSettings,
} from '../../shared/publishing.ts';
import { addDays, weekStartOf, zonedInstant } from '../lib/time.ts';
import type { Database, WeekRow } from './schema.ts';
import type { Pupil } from '../../shared/entities.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export async function publishingSettings(
  db: Executor,
  schoolId: string,
): Promise<PublishingSettings> {
  const row = await db
    .selectFrom('school_publishing')
    .selectAll()
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  if (!row) return defaultPublishingSettings;
  return {
    minMinutes: {
      ks1: row.min_minutes_ks1,
      ks2: row.min_minutes_ks2,
      secondary: row.min_minutes_secondary,
    },
    publishByWeekday: row.publish_by_weekday,
    publishByTime: row.publish_by_time,
  };
}

export async function savePublishingSettings(
  db: Executor,
  schoolId: string,
  s: PublishingSettings,
  at: string,
): Promise<void> {
  const values = {
    min_minutes_ks1: s.minMinutes.ks1,
    min_minutes_ks2: s.minMinutes.ks2,
    min_minutes_secondary: s.minMinutes.secondary,
    publish_by_weekday: s.publishByWeekday,
    publish_by_time: s.publishByTime,
    updated_at: at,
  };
  await db
    .insertInto('school_publishing')
    .values({ school_id: schoolId, ...values })
    .onConflict((oc) => oc.column('school_id').doUpdateSet(values))
    .execute();
}

/** The week's learning per day and key stage against the school's minimum. */
export async function weekHoursOf(
  db: Executor,
  schoolId: string,
  week: WeekRow,
  sessions: TimetableSession[],
): Promise<DayHours[]> {
  const pupils = await db
    .selectFrom('pupils')
    .select(['id', 'key_stage'])
    .where('class_id', '=', week.class_id)
    .execute();
  const settings = await publishingSettings(db, schoolId);
  return weekHours(
    week.week_start,
    sessions,
    pupils.map((p) => ({ id: p.id, keyStage: p.key_stage as Pupil['keyStage'] })),
    settings.minMinutes,
  );
}

/**
 * For each class (of `classIds`, in name order): next week in the school's time zone,
 * whether its timetable is published, when it is due and whether that time has passed.
 */
export async function nextWeekStatuses(
  db: Executor,
  school: { id: string; time_zone: string },
  classIds: string[] | 'all',
  now: Date,
): Promise<{ settings: PublishingSettings; classes: NextWeekStatus[] }> {
  const settings = await publishingSettings(db, school.id);
  const nextWeek = addDays(weekStartOf(now, school.time_zone), 7);
  const dueDay = addDays(nextWeek, settings.publishByWeekday - 8);
  const dueAt = zonedInstant(dueDay, settings.publishByTime, school.time_zone);
  if (classIds !== 'all' && classIds.length === 0) return { settings, classes: [] };
  let q = db
    .selectFrom('classes as c')
    .leftJoin('timetable_weeks as w', (j) =>
      j.onRef('w.class_id', '=', 'c.id').on('w.week_start', '=', nextWeek),
    )
    .select(['c.id', 'c.name', 'w.id as week_id', 'w.published_at'])
    .where('c.school_id', '=', school.id)
    .orderBy('c.name')
    .orderBy('c.id');
  if (classIds !== 'all') q = q.where('c.id', 'in', classIds);
  const rows = await q.execute();
  return {
    settings,
    classes: rows.map((r) => {
      const published = r.published_at !== null && r.published_at !== undefined;
      return {
        classId: r.id,
        className: r.name,
        weekStart: nextWeek,
        weekId: r.week_id ?? null,
        published,
        dueAt: dueAt.toISOString(),
        late: !published && now.getTime() >= dueAt.getTime(),
      };
    }),
  };
}
