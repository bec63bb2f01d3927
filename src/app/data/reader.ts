// The first screen's reads (the frame and the timetable) written once against a tiny
// reader, so they run on Dexie (live queries) and on raw IndexedDB (the cold start,
// rawReader.ts) with the same logic. No dexie import here.
import type {
  Pupil,
  School,
  TimetableSession,
  TimetableWeek,
} from '../../shared/entities.ts';
import type { Pack } from '../../shared/packs.ts';
import type { HomewardDB, LocalCompletion, MetaKey } from './db.ts';

export type Reader = {
  meta(keys: MetaKey[]): Promise<unknown[]>;
  pupils(): Promise<Pupil[]>;
  school(): Promise<School | undefined>;
  outboxCount(state: 'queued' | 'rejected'): Promise<number>;
  weeksOfClass(classId: string): Promise<TimetableWeek[]>;
  sessionsOfWeek(weekId: string): Promise<TimetableSession[]>;
  completionsOf(pupilId: string): Promise<LocalCompletion[]>;
  packsOfClass(classId: string): Promise<Pack[]>;
};

/** The reader over Dexie (inside whatever transaction the caller opened). */
export function dexieReader(db: HomewardDB): Reader {
  return {
    meta: async (keys) => (await db.meta.bulkGet(keys)).map((row) => row?.value),
    pupils: () => db.pupils.toArray(),
    school: () => db.schools.toCollection().first(),
    outboxCount: (state) => db.outbox.where('state').equals(state).count(),
    weeksOfClass: (classId) => db.timetableWeeks.where('classId').equals(classId).toArray(),
    sessionsOfWeek: (weekId) => db.timetableSessions.where('weekId').equals(weekId).toArray(),
    completionsOf: (pupilId) => db.sessionCompletions.where('pupilId').equals(pupilId).toArray(),
    packsOfClass: (classId) => db.packs.where('classId').equals(classId).toArray(),
  };
}

/** The stores the first screen reads (one transaction, whichever reader). */
export const firstScreenStores = [
  'meta',
  'pupils',
  'schools',
  'outbox',
  'timetableWeeks',
  'timetableSessions',
  'sessionCompletions',
  'packs',
] as const;

/** Children in name order, and the one on screen: the saved choice, else the first. */
export function orderPupils(list: Pupil[], selected: unknown): { pupils: Pupil[]; current: Pupil | undefined } {
  const pupils = list.toSorted((a, b) => a.displayName.localeCompare(b.displayName));
  return { pupils, current: pupils.find((p) => p.id === selected) ?? pupils[0] };
}
