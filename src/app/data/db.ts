// The phone's copy of everything: the ONLY module family that imports dexie (see README.md).
// Server-owned tables mirror what /api/v1/sync sends; family writes live beside their
// outbox entry and are written with it in one transaction.
import { Dexie, type EntityTable } from 'dexie';
import type {
  Pupil,
  School,
  SchoolClass,
  SessionCompletion,
  TimetableSession,
  TimetableWeek,
} from '../../shared/entities.ts';
import type { ErrorCode } from '../../shared/errors.ts';

/** Where a family write is on its way to school, as the family sees it. */
export type DeliveryState = 'saved' | 'delivered';

export type LocalCompletion = SessionCompletion & {
  delivery: DeliveryState;
};

export type OutboxKind = 'sessionCompletion';

export type OutboxEntry = {
  /** UUIDv7, so ids sort oldest first. */
  id: string;
  kind: OutboxKind;
  /** The id of the record this entry delivers (also the id in the PUT path). */
  recordId: string;
  method: 'PUT';
  path: string;
  body: unknown;
  createdAt: string;
  attempts: number;
  /**
   * `queued`: waits for the next drain. `rejected`: the server refused it for good
   * (e.g. conflict); it stays here, visible, until the family deals with it.
   */
  state: 'queued' | 'rejected';
  lastError: { code: ErrorCode | 'network'; message: string } | null;
};

export type MetaKey =
  | 'device' // { token, deviceId, familyId, familyName, joinedAt }
  | 'cursor' // string
  | 'lastSyncedAt' // ISO instant of the last successful complete sync
  | 'selectedPupilId'
  | 'language'
  | 'revoked'; // true once the server said this phone was removed

export type MetaRow = { key: MetaKey; value: unknown };

export type DeviceIdentity = {
  token: string;
  deviceId: string;
  familyId: string;
  familyName: string;
  joinedAt: string;
};

export type HomewardDB = Dexie & {
  meta: EntityTable<MetaRow, 'key'>;
  schools: EntityTable<School, 'id'>;
  classes: EntityTable<SchoolClass, 'id'>;
  pupils: EntityTable<Pupil, 'id'>;
  timetableWeeks: EntityTable<TimetableWeek, 'id'>;
  timetableSessions: EntityTable<TimetableSession, 'id'>;
  sessionCompletions: EntityTable<LocalCompletion, 'id'>;
  outbox: EntityTable<OutboxEntry, 'id'>;
};

/** Tables the server owns: a `reset` sync clears these (never the outbox). */
export const serverTables = [
  'schools',
  'classes',
  'pupils',
  'timetableWeeks',
  'timetableSessions',
] as const;

export function openDatabase(name = 'homeward'): HomewardDB {
  const db = new Dexie(name) as HomewardDB;
  // Versioned schema: add a new version() for every change, with an upgrade() that
  // repairs old rows; never edit a shipped version.
  db.version(1).stores({
    meta: 'key',
    schools: 'id',
    classes: 'id',
    pupils: 'id, classId',
    timetableWeeks: 'id, classId, weekStart',
    timetableSessions: 'id, weekId, date',
    sessionCompletions: 'id, sessionId, pupilId, [pupilId+sessionId]',
    outbox: 'id, state',
  });
  return db;
}
