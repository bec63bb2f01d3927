// Test helpers for the app's data layer and sync engine: a fresh fake-indexeddb database
// per test and small builders for server records.
import 'fake-indexeddb/auto';
import { v7 as uuidv7 } from 'uuid';
import type { SyncResponse } from '../../shared/api.ts';
import type { Pupil, TimetableSession, TimetableWeek } from '../../shared/entities.ts';
import { openDatabase, type HomewardDB } from '../data/db.ts';
import { saveJoinedDevice } from '../data/meta.ts';

export async function freshDb(joined = true): Promise<HomewardDB> {
  const db = openDatabase(`test-${uuidv7()}`);
  await db.open();
  if (joined) await saveJoinedDevice(db, testDevice());
  return db;
}

/** The identity a join gives a test phone. */
export const testDevice = () => ({
  token: 'token-1',
  deviceId: uuidv7(),
  familyId: uuidv7(),
  familyName: 'Khan family',
  joinedAt: '2026-11-01T08:00:00.000Z',
});

export const ids = {
  school: '01900000-0000-7000-8000-000000000001',
  classA: '01900000-0000-7000-8000-00000000000a',
  amira: '01900000-0000-7000-8000-0000000000a1',
  yusuf: '01900000-0000-7000-8000-0000000000b1',
  week: '01900000-0000-7000-8000-0000000000c1',
};

export function pupil(id: string, name: string): Pupil {
  return { id, classId: ids.classA, displayName: name, keyStage: 'KS2', visualSupport: false };
}

export function week(overrides: Partial<TimetableWeek> = {}): TimetableWeek {
  return {
    id: ids.week,
    classId: ids.classA,
    weekStart: '2026-11-23',
    publishedAt: '2026-11-20T10:00:00.000Z',
    note: '',
    ...overrides,
  };
}

export function session(overrides: Partial<TimetableSession> = {}): TimetableSession {
  return {
    id: uuidv7(),
    weekId: ids.week,
    pupilId: null,
    date: '2026-11-23',
    startTime: '09:00',
    endTime: '09:45',
    subject: 'Maths',
    kind: 'lesson',
    details: 'Page 4',
    liveUrl: null,
    ...overrides,
  };
}

export function snapshot(
  records: { pupils?: Pupil[]; weeks?: TimetableWeek[]; sessions?: TimetableSession[] },
  cursor = 'v1.10',
): SyncResponse {
  return {
    cursor,
    more: false,
    reset: true,
    changes: [
      {
        op: 'upsert',
        entity: 'school',
        data: {
          id: ids.school,
          name: 'Oakfield',
          contactHours: 'Mon–Fri 08:45–15:15',
          contacts: [],
          timeZone: 'Europe/London',
        },
      },
      { op: 'upsert', entity: 'class', data: { id: ids.classA, schoolId: ids.school, name: 'Y4' } },
      ...(records.pupils ?? []).map((data) => ({
        op: 'upsert' as const,
        entity: 'pupil' as const,
        data,
      })),
      ...(records.weeks ?? []).map((data) => ({
        op: 'upsert' as const,
        entity: 'timetableWeek' as const,
        data,
      })),
      ...(records.sessions ?? []).map((data) => ({
        op: 'upsert' as const,
        entity: 'timetableSession' as const,
        data,
      })),
    ],
  };
}

/** A family's new reward chart, as the chart editor would save it. */
export const chartDraft = {
  pupilId: ids.amira,
  title: 'Stars',
  goal: 5,
  reward: { kind: 'openmoji' as const, code: '1F381' },
  rewardLabel: 'Park',
  tokenPerStep: false,
};
