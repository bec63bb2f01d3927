// Everything the timetable screen needs, read in ONE IndexedDB transaction: one round trip
// and one render on a cold start, instead of a chain of queries (child → weeks → sessions).
import { pickWeek, todayIn } from '../../shared/calendar.ts';
import type { Pupil, School, TimetableWeek } from '../../shared/entities.ts';
import type { HomewardDB } from './db.ts';
import { getMeta } from './meta.ts';
import { listSessionsForWeek, type SessionWithProgress } from './timetable.ts';

export type WeekView = {
  pupils: Pupil[];
  pupil: Pupil | undefined;
  school: School | undefined;
  today: string;
  weeks: TimetableWeek[];
  week: TimetableWeek | undefined;
  sessions: SessionWithProgress[];
  lastSyncedAt: string | null;
};

export async function loadWeekView(
  db: HomewardDB,
  choice: { weekId: string | null },
  now = new Date(),
): Promise<WeekView> {
  return db.transaction(
    'r',
    [
      db.meta,
      db.pupils,
      db.schools,
      db.timetableWeeks,
      db.timetableSessions,
      db.sessionCompletions,
      db.packs,
    ],
    async () => {
      const [pupilList, selected, school, lastSyncedAt] = await Promise.all([
        db.pupils.toArray(),
        getMeta<string>(db, 'selectedPupilId'),
        db.schools.toCollection().first(),
        getMeta<string>(db, 'lastSyncedAt'),
      ]);
      const pupils = pupilList.toSorted((a, b) => a.displayName.localeCompare(b.displayName));
      const pupil = pupils.find((p) => p.id === selected) ?? pupils[0];
      const today = todayIn(school?.timeZone ?? 'Europe/London', now);
      const weeks = pupil
        ? (await db.timetableWeeks.where('classId').equals(pupil.classId).toArray()).toSorted((a, b) =>
            a.weekStart.localeCompare(b.weekStart),
          )
        : [];
      const week = weeks.find((w) => w.id === choice.weekId) ?? pickWeek(weeks, today);
      const sessions = week && pupil ? await listSessionsForWeek(db, week.id, pupil.id) : [];
      return { pupils, pupil, school, today, weeks, week, sessions, lastSyncedAt: lastSyncedAt ?? null };
    },
  );
}
