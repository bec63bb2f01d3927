// Database rows → the entities of src/shared (the shapes families and staff receive).
import type {
  Contact,
  Pupil,
  School,
  SchoolClass,
  SessionCompletion,
  TimetableSession,
} from '../../shared/entities.ts';
import type {
  AbsenceNotice,
  AbsenceReason,
  Submission,
  SubmissionFeedback,
} from '../../shared/submissions.ts';
import type {
  MediaFile,
  RewardChart,
  RewardEvent,
  ScheduleStep,
  SymbolRef,
  VisualSchedule,
} from '../../shared/schedules.ts';
import type {
  ActivityCompletion,
  Pack,
  PackActivity,
  PackFile,
  PackLink,
  PaperRequest,
  StaffPack,
} from '../../shared/packs.ts';
import type {
  AbsenceNoticeRow,
  ActivityCompletionRow,
  PackFileRow,
  PackRow,
  PaperRequestRow,
  MediaFileRow,
  RewardChartRow,
  RewardEventRow,
  VisualScheduleRow,
  FeedbackRow,
  SubmissionRow,
  ClassRow,
  CompletionRow,
  PupilRow,
  SchoolRow,
  SessionRow,
  WeekRow,
} from './schema.ts';
import { markdownToHtml } from '../../shared/markdown.ts';

export const toSchool = (r: SchoolRow): School => ({
  id: r.id,
  name: r.name,
  contactHours: r.contact_hours,
  contacts: JSON.parse(r.contacts) as Contact[],
  timeZone: r.time_zone,
});

export const toClass = (r: ClassRow): SchoolClass => ({
  id: r.id,
  schoolId: r.school_id,
  name: r.name,
});

export const toPupil = (r: PupilRow): Pupil => ({
  id: r.id,
  classId: r.class_id,
  displayName: r.display_name,
  keyStage: r.key_stage as Pupil['keyStage'],
  visualSupport: r.visual_support === 1,
});

/** The staff view of a week (published or not). */
export const toStaffWeek = (r: WeekRow) => ({
  id: r.id,
  classId: r.class_id,
  weekStart: r.week_start,
  note: r.note,
  published: r.published_at !== null,
  publishedAt: r.published_at,
  revision: r.revision,
});

/** The family view of a week; only call for published weeks. */
export const toWeek = (r: WeekRow & { published_at: string }) => ({
  id: r.id,
  classId: r.class_id,
  weekStart: r.week_start,
  publishedAt: r.published_at,
  note: r.note,
});

export const toSession = (r: SessionRow): TimetableSession => ({
  id: r.id,
  weekId: r.week_id,
  pupilId: r.pupil_id,
  date: r.date,
  startTime: r.start_time,
  endTime: r.end_time,
  subject: r.subject,
  kind: r.kind as TimetableSession['kind'],
  details: r.details,
  liveUrl: r.live_url,
});

export const toCompletion = (r: CompletionRow): SessionCompletion => ({
  id: r.id,
  sessionId: r.session_id,
  pupilId: r.pupil_id,
  done: r.done === 1,
  at: r.at,
  revision: r.revision,
});

export const toSubmission = (r: SubmissionRow & { page_count: number }): Submission => ({
  id: r.id,
  pupilId: r.pupil_id,
  sessionId: r.session_id,
  note: r.note,
  pageCount: Number(r.page_count),
  createdAt: r.created_at,
  receivedAt: r.received_at,
  seenAt: r.seen_at,
});

export const toFeedback = (r: FeedbackRow): SubmissionFeedback => ({
  id: r.id,
  submissionId: r.submission_id,
  pupilId: r.pupil_id,
  staffName: r.staff_name,
  text: r.text,
  createdAt: r.created_at,
});

export const toAbsenceNotice = (r: AbsenceNoticeRow): AbsenceNotice => ({
  id: r.id,
  pupilId: r.pupil_id,
  reason: r.reason as AbsenceReason,
  from: r.from_date,
  to: r.to_date,
  note: r.note,
  revision: r.revision,
  withdrawnReason: r.withdrawn_reason,
  createdAt: r.created_at,
  receivedAt: r.received_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
});
export const toMediaFile = (r: MediaFileRow): MediaFile => ({
  id: r.id,
  pupilId: r.pupil_id,
  kind: r.kind,
  contentType: r.content_type,
  bytes: r.bytes,
  sha256: r.sha256,
  createdAt: r.created_at,
});
export const toVisualSchedule = (r: VisualScheduleRow): VisualSchedule => ({
  id: r.id,
  pupilId: r.pupil_id,
  title: r.title,
  date: r.date,
  sessionId: r.session_id,
  language: r.language,
  steps: JSON.parse(r.steps) as ScheduleStep[],
  madeBy: r.made_by,
  revision: r.revision,
  updatedAt: r.updated_at,
});
export const toRewardChart = (r: RewardChartRow): RewardChart => ({
  id: r.id,
  pupilId: r.pupil_id,
  title: r.title,
  goal: r.goal,
  reward: JSON.parse(r.reward) as SymbolRef,
  rewardLabel: r.reward_label,
  tokenPerStep: r.token_per_step === 1,
  archived: r.archived === 1,
  madeBy: r.made_by,
  revision: r.revision,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export const toRewardEvent = (r: RewardEventRow): RewardEvent => ({
  id: r.id,
  chartId: r.chart_id,
  pupilId: r.pupil_id,
  type: r.type,
  undoes: r.undoes,
  by: r.by,
  stepId: r.step_id,
  at: r.at,
});

export const toPackFile = (r: PackFileRow): PackFile => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  contentType: r.content_type,
  bytes: r.bytes,
  sha256: r.sha256,
});

/** The staff view of a pack (drafts too); `files` already in position order. */
export const toStaffPack = (r: PackRow, files: PackFileRow[]): StaffPack => ({
  id: r.id,
  classId: r.class_id,
  pupilId: r.pupil_id,
  weekStart: r.week_start,
  title: r.title,
  instructions: r.instructions,
  instructionsHtml: markdownToHtml(r.instructions),
  links: JSON.parse(r.links) as PackLink[],
  activities: JSON.parse(r.activities) as PackActivity[],
  sessionIds: JSON.parse(r.session_ids) as string[],
  stepIds: JSON.parse(r.step_ids) as string[],
  files: files.map(toPackFile),
  published: r.published_at !== null,
  publishedAt: r.published_at,
  updatedAt: r.updated_at,
  revision: r.revision,
});

/** The family view of a pack; only call for published packs. */
export const toPack = (r: PackRow & { published_at: string }, files: PackFileRow[]): Pack => {
  const {
    published: _published,
    instructions: _markdown,
    revision: _revision,
    ...pack
  } = toStaffPack(r, files);
  return { ...pack, publishedAt: r.published_at };
};

export const toActivityCompletion = (r: ActivityCompletionRow): ActivityCompletion => ({
  id: r.id,
  packId: r.pack_id,
  activityId: r.activity_id,
  pupilId: r.pupil_id,
  done: r.done === 1,
  at: r.at,
  revision: r.revision,
});

export const toPaperRequest = (r: PaperRequestRow): PaperRequest => ({
  id: r.id,
  packId: r.pack_id,
  pupilId: r.pupil_id,
  note: r.note,
  createdAt: r.created_at,
  receivedAt: r.received_at,
  postedAt: r.posted_at,
});
