// Everything the timetable screen needs, read in ONE IndexedDB transaction: one round trip
// and one render on a cold start, instead of a chain of queries (child → weeks → sessions).
// Written against a Reader (reader.ts): Dexie for live queries, raw IndexedDB on a cold
// start (rawReader.ts).
import { pickWeek, todayIn } from '../../shared/calendar.ts';
import type { Pupil, School, TimetableWeek } from '../../shared/entities.ts';
import type { HomewardDB } from './db.ts';
import { dexieReader, firstScreenStores, orderPupils, type Reader } from './reader.ts';
import { sessionsForWeek, type SessionWithProgress } from './timetable.ts';

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

export async function readWeekView(
  r: Reader,
  choice: { weekId: string | null },
  now = new Date(),
): Promise<WeekView> {
  const [pupilList, [selected, lastSyncedAt], school] = await Promise.all([
    r.pupils(),
    r.meta(['selectedPupilId', 'lastSyncedAt']),
    r.school(),
  ]);
  const { pupils, current: pupil } = orderPupils(pupilList, selected);
  const today = todayIn(school?.timeZone ?? 'Europe/London', now);
  const weeks = pupil
    ? (await r.weeksOfClass(pupil.classId)).toSorted((a, b) => a.weekStart.localeCompare(b.weekStart))
    : [];
  const week = weeks.find((w) => w.id === choice.weekId) ?? pickWeek(weeks, today);
  const sessions = week && pupil ? await sessionsForWeek(r, week.id, pupil) : [];
  return {
    pupils,
    pupil,
    school,
    today,
    weeks,
    week,
    sessions,
    lastSyncedAt: typeof lastSyncedAt === 'string' ? lastSyncedAt : null,
  };
}

export function loadWeekView(
  db: HomewardDB,
  choice: { weekId: string | null },
  now = new Date(),
): Promise<WeekView> {
  return db.transaction('r', firstScreenStores, () => readWeekView(dexieReader(db), choice, now));
}
