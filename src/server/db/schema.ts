// Table types for Kysely. Column names are snake_case in SQL; mappers.ts turns rows into
// the camelCase entities of src/shared. Booleans are 0/1 integers and instants ISO-8601
// strings so the same queries run on SQLite and PostgreSQL.
import type { Generated, Insertable, Selectable } from 'kysely';
import type {
  ActivityCompletionTable,
  FileBlobTable,
  PackFileTable,
  PackTable,
  PaperRequestTable,
} from './schema-packs.ts';
import type { SchoolPublishingTable, StaffUploadTable } from './schema-publish.ts';
import type {
  ContactLogTable,
  FeedbackPhraseTable,
  HeldFeedbackTable,
  SchoolDaySettingsTable,
} from './schema-day.ts';

export type * from './schema-packs.ts';
export type * from './schema-day.ts';
export type * from './schema-publish.ts';

export type SchoolTable = {
  id: string;
  name: string;
  contact_hours: string;
  /** JSON array of contacts (src/shared contactSchema). */
  contacts: string;
  time_zone: string;
  updated_at: string;
};
export type ClassTable = { id: string; school_id: string; name: string; updated_at: string };
export type PupilTable = {
  id: string;
  class_id: string;
  display_name: string;
  key_stage: string;
  visual_support: number;
  updated_at: string;
  /** The management system's id (UPN, admission number…): the import's key when given. */
  mis_id: Generated<string | null>;
  /** Forename and surname, for staff; families see only display_name. */
  full_name: Generated<string>;
  /** N, R, 1 … 13. */
  year_group: Generated<string | null>;
};
export type FamilyTable = {
  id: string;
  school_id: string;
  name: string;
  /** Bumped whenever the family's set of children (or their classes) changes. */
  scope_version: number;
  created_at: string;
  /** The carer's phone, +44…: the roster import's key for the family (null: made by hand). */
  phone: Generated<string | null>;
  /** ISO 639-1 code of the carer's home language, if known (the join letter's language). */
  home_language: Generated<string | null>;
};
export type FamilyPupilTable = { family_id: string; pupil_id: string };
export type DeviceTable = {
  id: string;
  family_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
  /** The phone's last outbox report (0014): items waiting, and since when (server clock). */
  outbox_count: number | null;
  outbox_since: string | null;
  outbox_reported_at: string | null;
};
export type JoinCodeTable = {
  code: string;
  family_id: string;
  expires_at: string;
  revoked_at: string | null;
  created_at: string;
};
export type StaffTable = {
  id: string;
  school_id: string;
  email: string;
  name: string;
  role: 'teacher' | 'admin';
  password_hash: string;
  created_at: string;
};
/** A one-time link that makes a member of staff (the token is kept only as its sha256). */
export type StaffInviteTable = {
  id: string;
  school_id: string;
  staff_id: string;
  token_hash: string;
  /** null: made by `npm run create-school`. */
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
};
export type StaffSessionTable = {
  token_hash: string;
  staff_id: string;
  expires_at: string;
  created_at: string;
};
export type TimetableWeekTable = {
  id: string;
  class_id: string;
  week_start: string;
  note: string;
  published_at: string | null;
  updated_at: string;
  /** +1 on every real change of the week or its sessions (0015_publish). */
  revision: Generated<number>;
};
export type TimetableSessionTable = {
  id: string;
  week_id: string;
  pupil_id: string | null;
  date: string;
  start_time: string;
  end_time: string;
  subject: string;
  kind: string;
  details: string;
  live_url: string | null;
  updated_at: string;
};
export type SessionCompletionTable = {
  id: string;
  session_id: string;
  pupil_id: string;
  done: number;
  at: string;
  /** The mark's place among its record's marks (0: stored before revisions). */
  revision: Generated<number>;
  device_id: string;
  body_hash: string;
  received_at: string;
};
export type UploadTable = {
  id: string;
  family_id: string;
  device_id: string;
  size: number;
  created_at: string;
  committed_at: string | null;
  /** The record id the upload's metadata named, if this family was first to name it. */
  claim_id: string | null;
  /** When bytes were last sent (a PATCH); null: never, so the phone may not know it. */
  patched_at: string | null;
};

export type SubmissionTable = {
  id: string;
  family_id: string;
  pupil_id: string;
  session_id: string | null;
  note: string;
  created_at: string;
  received_at: string;
  seen_at: string | null;
  body_hash: string;
  device_id: string;
};

export type SubmissionPageTable = {
  id: string;
  submission_id: string;
  idx: number;
  file_key: string;
  thumb_key: string;
  width: number;
  height: number;
  bytes: number;
  thumb_bytes: number;
  original_bytes: number;
  original_sha256: string;
};

export type SubmissionFeedbackTable = {
  id: string;
  submission_id: string;
  pupil_id: string;
  staff_id: string;
  staff_name: string;
  text: string;
  created_at: string;
};

export type AbsenceNoticeTable = {
  id: string;
  family_id: string;
  pupil_id: string;
  reason: string;
  from_date: string;
  to_date: string;
  note: string;
  revision: number;
  withdrawn_reason: string | null;
  created_at: string;
  received_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  acknowledged_by_staff_id: string | null;
  body_hash: string;
  device_id: string;
};

export type AbsenceNoticeRevisionTable = {
  notice_id: string;
  revision: number;
  body_hash: string;
  device_id: string;
  received_at: string;
};

export type MediaFileTable = {
  id: string;
  school_id: string;
  /** null: the school's own, visible to every family of the school. */
  pupil_id: string | null;
  /** The family that sent it; null for the school's. */
  family_id: string | null;
  kind: 'image' | 'audio';
  content_type: string;
  bytes: number;
  sha256: string;
  storage_key: string;
  body_hash: string;
  device_id: string | null;
  staff_id: string | null;
  created_at: string;
};
export type VisualScheduleTable = {
  id: string;
  pupil_id: string;
  family_id: string | null;
  made_by: 'school' | 'family';
  title: string;
  date: string | null;
  session_id: string | null;
  language: string;
  /** JSON array of steps (src/shared/schedules.ts scheduleStepSchema). */
  steps: string;
  revision: number;
  deleted: number;
  body_hash: string;
  device_id: string | null;
  staff_id: string | null;
  updated_at: string;
};
export type RewardChartTable = {
  id: string;
  pupil_id: string;
  family_id: string | null;
  made_by: 'school' | 'family';
  title: string;
  goal: number;
  /** JSON symbol reference (src/shared/schedules.ts symbolRefSchema). */
  reward: string;
  reward_label: string;
  token_per_step: number;
  archived: number;
  revision: number;
  body_hash: string;
  device_id: string | null;
  staff_id: string | null;
  created_at: string;
  updated_at: string;
};
export type RewardEventTable = {
  id: string;
  chart_id: string;
  pupil_id: string;
  type: 'token' | 'undo';
  undoes: string | null;
  by: 'child' | 'parent' | 'school';
  step_id: string | null;
  at: string;
  device_id: string | null;
  body_hash: string;
  received_at: string;
};
export type ScopeType = 'school' | 'class' | 'pupil' | 'family';
export type ChangeTable = {
  seq: Generated<number>;
  scope_type: ScopeType;
  scope_id: string;
  entity: string;
  entity_id: string;
  op: 'upsert' | 'delete';
};
export type MetaTable = { key: string; value: string };

export type Database = {
  schools: SchoolTable;
  classes: ClassTable;
  pupils: PupilTable;
  families: FamilyTable;
  family_pupils: FamilyPupilTable;
  devices: DeviceTable;
  join_codes: JoinCodeTable;
  staff: StaffTable;
  staff_sessions: StaffSessionTable;
  staff_invites: StaffInviteTable;
  timetable_weeks: TimetableWeekTable;
  timetable_sessions: TimetableSessionTable;
  session_completions: SessionCompletionTable;
  uploads: UploadTable;
  submissions: SubmissionTable;
  submission_pages: SubmissionPageTable;
  submission_feedback: SubmissionFeedbackTable;
  absence_notices: AbsenceNoticeTable;
  absence_notice_revisions: AbsenceNoticeRevisionTable;
  media_files: MediaFileTable;
  visual_schedules: VisualScheduleTable;
  reward_charts: RewardChartTable;
  reward_events: RewardEventTable;
  packs: PackTable;
  file_blobs: FileBlobTable;
  pack_files: PackFileTable;
  activity_completions: ActivityCompletionTable;
  paper_requests: PaperRequestTable;
  school_day_settings: SchoolDaySettingsTable;
  held_feedback: HeldFeedbackTable;
  feedback_phrases: FeedbackPhraseTable;
  contact_log: ContactLogTable;
  changes: ChangeTable;
  meta: MetaTable;
  rate_limits: RateLimitTable;
  school_publishing: SchoolPublishingTable;
  staff_uploads: StaffUploadTable;
};

/** Request counters shared by every instance (PostgreSQL; SQLite counts in memory). */
export type RateLimitTable = {
  key: string;
  hits: number;
  /** When the window ends, ms since the epoch. */
  reset_at: number;
};

export type SchoolRow = Selectable<SchoolTable>;
export type ClassRow = Selectable<ClassTable>;
export type PupilRow = Selectable<PupilTable>;
export type WeekRow = Selectable<TimetableWeekTable>;
export type SessionRow = Selectable<TimetableSessionTable>;
export type CompletionRow = Selectable<SessionCompletionTable>;
export type SubmissionRow = Selectable<SubmissionTable>;
export type SubmissionPageRow = Selectable<SubmissionPageTable>;
export type FeedbackRow = Selectable<SubmissionFeedbackTable>;
export type AbsenceNoticeRow = Selectable<AbsenceNoticeTable>;
export type MediaFileRow = Selectable<MediaFileTable>;
export type VisualScheduleRow = Selectable<VisualScheduleTable>;
export type RewardChartRow = Selectable<RewardChartTable>;
export type RewardEventRow = Selectable<RewardEventTable>;
export type NewChange = Insertable<ChangeTable>;
