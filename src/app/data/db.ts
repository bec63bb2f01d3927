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
import type {
  AbsenceNotice,
  AbsenceNoticeBody,
  Submission,
  SubmissionFeedback,
} from '../../shared/submissions.ts';
import type {
  MediaFile,
  MediaKind,
  RewardChart,
  RewardEvent,
  VisualSchedule,
} from '../../shared/schedules.ts';
import type { ActivityCompletion, Pack, PaperRequest } from '../../shared/packs.ts';

/** Where a family write is on its way to school, as the family sees it. */
export type DeliveryState = 'saved' | 'delivered';

export type LocalCompletion = SessionCompletion & {
  delivery: DeliveryState;
};

export type OutboxKind =
  | 'sessionCompletion'
  | 'absenceNotice'
  | 'submission'
  | 'media'
  | 'visualSchedule'
  | 'rewardChart'
  | 'rewardEvent'
  | 'activityCompletion'
  | 'paperRequest';

/**
 * A picture or audio clip for a schedule or chart. Made here: `blob` is the bytes to send
 * and `server` is null until delivered. From the school or the other household: `blob` is
 * null until sync has fetched it (by id; the bytes of an id never change).
 */
export type LocalMedia = {
  id: string;
  pupilId: string | null;
  kind: MediaKind;
  contentType: string;
  blob: Blob | null;
  sha256: string;
  bytes: number;
  /** Set once the tus upload finished (so a retry only commits). */
  uploadId: string | null;
  server: MediaFile | null;
  delivery: DeliveryState;
};

/** A visual schedule: the school's, or the family's own (newest revision wins). */
export type LocalSchedule = VisualSchedule & { delivery: DeliveryState };
export type LocalRewardChart = RewardChart & { delivery: DeliveryState };
export type LocalRewardEvent = RewardEvent & { delivery: DeliveryState };

/** A learning pack's activity ticked off (latest `at` wins, as session completions). */
export type LocalActivityCompletion = ActivityCompletion & { delivery: DeliveryState };

/** "Please post us a paper copy": made here, or on the other household's phone. */
export type LocalPaperRequest = Omit<PaperRequest, 'receivedAt'> & {
  receivedAt: string | null;
  delivery: DeliveryState;
};

/**
 * A pack file whose bytes are on this phone. The bytes live in Cache Storage
 * (`homeward-files`, keyed by their immutable URL, see net/packFiles.ts) so the service
 * worker can answer for them; this row is what the screens watch.
 */
export type StoredFile = { sha256: string; bytes: number; contentType: string; storedAt: string };

/** A pack the family chose to keep on the phone ("pinned"): downloaded and never freed. */
export type PackPin = { packId: string; pinnedAt: string };

/** How far the child got through a schedule on a day (this phone only). */
export type ScheduleRun = {
  /** `${scheduleId}:${date}` */
  key: string;
  scheduleId: string;
  date: string;
  doneStepIds: string[];
  updatedAt: string;
};

/**
 * An absence notice as this phone knows it: the family's latest revision (`body`), and
 * what the school last said about it (`server`, from sync). Either may be missing: a
 * notice made here and not yet delivered has no `server`; one made on the other
 * parent's phone has only `server`.
 */
export type LocalAbsenceNotice = {
  id: string;
  pupilId: string;
  body: AbsenceNoticeBody | null;
  server: AbsenceNotice | null;
  delivery: DeliveryState;
};

/** A photo submission; `pages` live in their own table (binary). */
export type LocalSubmission = {
  id: string;
  pupilId: string;
  sessionId: string | null;
  note: string;
  createdAt: string;
  pageCount: number;
  /** Bytes that will be (or were) sent, all pages. */
  bytes: number;
  server: Submission | null;
  delivery: DeliveryState;
};

export type SubmissionPage = {
  /** `${submissionId}:${index}` */
  id: string;
  submissionId: string;
  index: number;
  blob: Blob;
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  /** Set once the upload finished (so a retry only commits). */
  uploadId: string | null;
};

export type ResumeUrl = { fingerprint: string; url: string };

export type SharedFile = { id: number; name: string; type: string; blob: Blob };

/** A photo chosen for a submission not sent yet: kept so a reload loses nothing. */
export type DraftPageRow = {
  key: string;
  pupilId: string;
  order: number;
  name: string;
  blob: Blob;
  sha256: string;
  bytes: number;
  width: number;
  height: number;
};

/**
 * Whose fault a failed delivery was, as the family is told (see ../sync/errors.ts):
 * `local` — what the entry needs is no longer on this phone or no longer reads;
 * `refused` — the server will never take it as it is; `server` — the school's server
 * failed (it may work later); `network` — no answer at all.
 */
export type EntryFault = 'local' | 'refused' | 'server' | 'network';

/** Reasons found on the phone itself, before anything was sent. */
export type LocalErrorCode = 'missing_pages' | 'missing_bytes' | 'unreadable_body' | 'app_error';

export type EntryError = {
  code: ErrorCode | LocalErrorCode | 'network';
  message: string;
  /** Absent on entries stored before faults were recorded: read as `refused`. */
  fault?: EntryFault;
};

/**
 * One family write on its way to school. The request is built when it is sent
 * (../sync/requests.ts), from `kind`, `recordId` and `body` at `bodyVersion`, so a
 * route can move without stranding what waits on phones.
 */
export type OutboxEntry = {
  /** UUIDv7: the entry's identity (never its order: a phone's clock can move back). */
  id: string;
  /** Order of writing on this phone (1, 2, 3 …): the drain order, whatever the clock says. */
  seq: number;
  kind: OutboxKind;
  /** The id of the record this entry delivers (also the id in the PUT path). */
  recordId: string;
  /** Version of `body`'s shape for this kind (data/entryBodies.ts upgrades old ones). */
  bodyVersion: number;
  body: unknown;
  createdAt: string;
  attempts: number;
  /**
   * `queued`: waits for the next drain. `rejected`: set aside, it cannot go as it is (the
   * server refused it, or its data on the phone is gone); it stays, visible, with its
   * reason in `lastError`, until the family tries again or removes it.
   */
  state: 'queued' | 'rejected';
  /** The family tapped "Send now": send even when data saver would hold it. */
  force?: boolean;
  lastError: EntryError | null;
  /** How many failures in a row had `lastError.code` (a repeating one is shown). */
  repeats?: number;
};

export type MetaKey =
  | 'device' // { token, deviceId, familyId, familyName, joinedAt }
  | 'cursor' // string
  | 'lastSyncedAt' // ISO instant of the last successful complete sync
  | 'selectedPupilId'
  | 'language'
  | 'revoked' // true once the server said this phone was removed
  | 'persistAsked' // navigator.storage.persist() was asked once
  | 'sendOnWifiOnly' // data saver
  | 'parentPin' // { salt, hash, iterations } (PBKDF2); unset until the parent area is first opened
  | 'childMode' // { pupilId } while the phone is in a child's hands
  | 'display' // DisplayPrefs: text size, contrast, font, motion, sound, symbol labels
  | 'celebrated' // { [chartId]: rewards already celebrated on this phone }
  | 'packWeeks' // string[]: Mondays of the weeks whose packs the family chose to keep
  | 'autoDownload' // boolean (default true): fetch this and next week's packs on Wi-Fi
  | 'syncSkipped' // SkippedChanges: sync changes this build could not read (diagnostics)
  | 'appTooOld'; // the app version the server last refused with 426 (cleared by a sync)

export type MetaRow = { key: MetaKey; value: unknown };

/** Sync changes this build skipped (an entity or value from a newer server), for diagnostics. */
export type SkippedChanges = {
  count: number;
  /** Entity names as the server sent them (unknown ones included), with how many. */
  byEntity: Record<string, number>;
  /** The build that skipped them: a newer build asks for everything again. */
  appVersion: string;
  lastAt: string;
};

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
  absenceNotices: EntityTable<LocalAbsenceNotice, 'id'>;
  submissions: EntityTable<LocalSubmission, 'id'>;
  submissionPages: EntityTable<SubmissionPage, 'id'>;
  feedback: EntityTable<SubmissionFeedback, 'id'>;
  resumeUrls: EntityTable<ResumeUrl, 'fingerprint'>;
  sharedFiles: EntityTable<SharedFile, 'id'>;
  draftPages: EntityTable<DraftPageRow, 'key'>;
  media: EntityTable<LocalMedia, 'id'>;
  schedules: EntityTable<LocalSchedule, 'id'>;
  scheduleRuns: EntityTable<ScheduleRun, 'key'>;
  rewardCharts: EntityTable<LocalRewardChart, 'id'>;
  rewardEvents: EntityTable<LocalRewardEvent, 'id'>;
  packs: EntityTable<Pack, 'id'>;
  activityCompletions: EntityTable<LocalActivityCompletion, 'id'>;
  paperRequests: EntityTable<LocalPaperRequest, 'id'>;
  storedFiles: EntityTable<StoredFile, 'sha256'>;
  packPins: EntityTable<PackPin, 'packId'>;
};

/** Tables the server owns: a `reset` sync clears these (never the outbox). */
export const serverTables = [
  'schools',
  'classes',
  'pupils',
  'timetableWeeks',
  'timetableSessions',
  'feedback',
  'packs',
] as const;

/** The newest `version()` below; `rawReader.ts` reads only a database at this version. */
export { schemaVersion } from './schemaVersion.ts';

/** `upTo` declares only the first versions (tests of upgrades open an old database). */
export function openDatabase(name = 'homeward', upTo = Infinity): HomewardDB {
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
  // v2 (issue 3): absence notices, photo submissions with their pages as blobs, feedback,
  // and tus resume URLs (kept here, not in localStorage, so they live with the outbox).
  db.version(2).stores({
    outbox: 'id, state, recordId',
    absenceNotices: 'id, pupilId',
    submissions: 'id, pupilId, sessionId, createdAt',
    submissionPages: 'id, submissionId',
    feedback: 'id, submissionId, pupilId',
    resumeUrls: 'fingerprint',
    sharedFiles: 'id',
  });
  // v3: photos of a submission being put together survive a reload or a closed tab.
  db.version(3).stores({ draftPages: 'key, pupilId' });
  // v4 (issue 4): visual schedules, reward charts and their token events, media files
  // (symbol pictures, audio clips) and each schedule's progress on this phone.
  db.version(4).stores({
    media: 'id, pupilId',
    schedules: 'id, pupilId',
    scheduleRuns: 'key, scheduleId',
    rewardCharts: 'id, pupilId',
    rewardEvents: 'id, chartId, pupilId',
  });
  // v5 (issue 5): learning packs, their activities' "done" marks, paper-copy requests,
  // which pack files are on the phone (bytes in Cache Storage) and which packs are kept.
  db.version(5).stores({
    packs: 'id, classId, weekStart, *sessionIds',
    activityCompletions: 'id, packId, pupilId',
    paperRequests: 'id, packId, pupilId',
    storedFiles: 'sha256',
    packPins: 'packId',
  });
  if (upTo < 6) return db;
  // v6: the outbox drains in the order entries were written on this phone (`seq`), not by
  // their time-based ids, and stores kind + body + body version instead of a request.
  // Queued entries keep their old order; "done" marks get the revision they lacked (0).
  db.version(6)
    .stores({ outbox: 'id, state, recordId, seq' })
    .upgrade(async (tx) => {
      const entries = await tx.table('outbox').toCollection().sortBy('id');
      await Promise.all(
        entries.map((old: Record<string, unknown>, index) => {
          const { method: _m, path: _p, ...rest } = old;
          return tx
            .table('outbox')
            .put({ ...rest, seq: index + 1, bodyVersion: (old.bodyVersion as number) ?? 1 });
        }),
      );
      for (const table of ['sessionCompletions', 'activityCompletions']) {
        await tx
          .table(table)
          .toCollection()
          .modify((row: { revision?: number }) => {
            row.revision ??= 0;
          });
      }
    });
  return db;
}
