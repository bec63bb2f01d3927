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
  /** The family tapped "Send now": send even when data saver would hold it. */
  force?: boolean;
  lastError: { code: ErrorCode | 'network'; message: string } | null;
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
  | 'autoDownload'; // boolean (default true): fetch this and next week's packs on Wi-Fi

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
  return db;
}
