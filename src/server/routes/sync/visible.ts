// Loads the records a family may see, one entity type at a time: either the rows named
// by change-log entries (`ids`, for a delta) or a page of all of them in id order
// (`afterId` + `limit`, for a snapshot). Visibility rules live here and only here:
//   school            the family's school
//   class, pupil      the family's children and their classes
//   timetableWeek     PUBLISHED weeks of those classes
//   timetableSession  sessions of those weeks, for the whole class or one of the children
//   sessionCompletion completions for the family's children (from any household)
//   submission        work returned for the family's children (from any household)
//   submissionFeedback staff feedback on those submissions
//   absenceNotice     absence notices for the family's children (from any household)
//   mediaFile         pictures and clips for the family's children, and the school's own
//                     (no child) for every family of the school
//   visualSchedule    schedules for the family's children, not deleted (a deleted one
//                     leaves as a delete)
//   rewardChart       reward charts for the family's children (archived ones too)
//   rewardEvent       token and undo events of those charts (from any household or school)
//   pack              PUBLISHED learning packs of the children's classes, for the whole
//                     class or one of the children, with their files (a draft, a deleted
//                     pack or one moved to another child leaves as a delete)
//   activityCompletion pack activity marks for the family's children (from any household)
//   paperRequest      paper-copy requests for the family's children (from any household)
import type { SyncEntityName } from '../../../shared/entities.ts';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import {
  toAbsenceNotice,
  toMediaFile,
  toRewardChart,
  toRewardEvent,
  toVisualSchedule,
  toClass,
  toCompletion,
  toFeedback,
  toPupil,
  toSchool,
  toSession,
  toSubmission,
  toWeek,
  toActivityCompletion,
  toPack,
  toPaperRequest,
} from '../../db/mappers.ts';
import { filesOfPacks } from '../../db/packs.ts';
import type { SyncChange } from '../../../shared/api.ts';
import { mediaVisibleTo, packVisibleTo, type FamilyScope } from './scope.ts';

export type Filter = { ids?: string[]; afterId?: string; limit: number };
export type Upsert = Extract<SyncChange, { op: 'upsert' }>;

/** Snapshot order: parents before children, so a phone can apply pages as they come. */
export const entityOrder: SyncEntityName[] = [
  'school',
  'class',
  'pupil',
  'timetableWeek',
  'timetableSession',
  'sessionCompletion',
  'submission',
  'submissionFeedback',
  'absenceNotice',
  'mediaFile',
  'visualSchedule',
  'rewardChart',
  'rewardEvent',
  // Appended, never inserted: a paged snapshot's cursor names a position in this list.
  'pack',
  'activityCompletion',
  'paperRequest',
];

/** Tables of records that belong to one child, visible to every household of the child. */
type ChildTable =
  | 'session_completions'
  | 'submission_feedback'
  | 'absence_notices'
  | 'reward_charts'
  | 'reward_events'
  | 'activity_completions'
  | 'paper_requests';

/** The rows of `table` for the family's children, in id order (the caller checked it has some). */
async function childRows<T extends ChildTable>(
  db: Db,
  table: T,
  scope: FamilyScope,
  f: Filter,
): Promise<Selectable<Database[T]>[]> {
  let q = db
    .selectFrom(table as ChildTable)
    .selectAll()
    .where('pupil_id', 'in', scope.pupilIds);
  if (f.ids) q = q.where('id', 'in', f.ids);
  if (f.afterId) q = q.where('id', '>', f.afterId);
  return (await q.orderBy('id').limit(f.limit).execute()) as Selectable<Database[T]>[];
}

export async function loadVisible(
  db: Db,
  scope: FamilyScope,
  entity: SyncEntityName,
  f: Filter,
): Promise<Upsert[]> {
  if (f.ids?.length === 0) return [];
  switch (entity) {
    case 'school': {
      let q = db.selectFrom('schools').selectAll().where('id', '=', scope.schoolId);
      if (f.ids) q = q.where('id', 'in', f.ids);
      if (f.afterId) q = q.where('id', '>', f.afterId);
      const rows = await q.orderBy('id').limit(f.limit).execute();
      return rows.map((r) => ({ op: 'upsert', entity: 'school', data: toSchool(r) }));
    }
    case 'class': {
      if (scope.classIds.length === 0) return [];
      let q = db.selectFrom('classes').selectAll().where('id', 'in', scope.classIds);
      if (f.ids) q = q.where('id', 'in', f.ids);
      if (f.afterId) q = q.where('id', '>', f.afterId);
      const rows = await q.orderBy('id').limit(f.limit).execute();
      return rows.map((r) => ({ op: 'upsert', entity: 'class', data: toClass(r) }));
    }
    case 'pupil': {
      if (scope.pupilIds.length === 0) return [];
      let q = db.selectFrom('pupils').selectAll().where('id', 'in', scope.pupilIds);
      if (f.ids) q = q.where('id', 'in', f.ids);
      if (f.afterId) q = q.where('id', '>', f.afterId);
      const rows = await q.orderBy('id').limit(f.limit).execute();
      return rows.map((r) => ({ op: 'upsert', entity: 'pupil', data: toPupil(r) }));
    }
    case 'timetableWeek': {
      if (scope.classIds.length === 0) return [];
      let q = db
        .selectFrom('timetable_weeks')
        .selectAll()
        .where('class_id', 'in', scope.classIds)
        .where('published_at', 'is not', null);
      if (f.ids) q = q.where('id', 'in', f.ids);
      if (f.afterId) q = q.where('id', '>', f.afterId);
      const rows = await q.orderBy('id').limit(f.limit).execute();
      return rows.map((r) => ({
        op: 'upsert',
        entity: 'timetableWeek',
        data: toWeek({ ...r, published_at: r.published_at ?? '' }),
      }));
    }
    case 'timetableSession': {
      if (scope.classIds.length === 0) return [];
      let q = db
        .selectFrom('timetable_sessions as s')
        .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
        .selectAll('s')
        .where('w.class_id', 'in', scope.classIds)
        .where('w.published_at', 'is not', null)
        .where((eb) =>
          scope.pupilIds.length > 0
            ? eb.or([eb('s.pupil_id', 'is', null), eb('s.pupil_id', 'in', scope.pupilIds)])
            : eb('s.pupil_id', 'is', null),
        );
      if (f.ids) q = q.where('s.id', 'in', f.ids);
      if (f.afterId) q = q.where('s.id', '>', f.afterId);
      const rows = await q.orderBy('s.id').limit(f.limit).execute();
      return rows.map((r) => ({ op: 'upsert', entity: 'timetableSession', data: toSession(r) }));
    }
    case 'sessionCompletion': {
      if (scope.pupilIds.length === 0) return [];
      const rows = await childRows(db, 'session_completions', scope, f);
      return rows.map((r) => ({
        op: 'upsert',
        entity: 'sessionCompletion',
        data: toCompletion(r),
      }));
    }
    case 'submission': {
      if (scope.pupilIds.length === 0) return [];
      let q = db
        .selectFrom('submissions as s')
        .selectAll('s')
        .select((eb) =>
          eb
            .selectFrom('submission_pages as p')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('p.submission_id', '=', 's.id')
            .as('page_count'),
        )
        .where('s.pupil_id', 'in', scope.pupilIds);
      if (f.ids) q = q.where('s.id', 'in', f.ids);
      if (f.afterId) q = q.where('s.id', '>', f.afterId);
      const rows = await q.orderBy('s.id').limit(f.limit).execute();
      return rows.map((r) => ({
        op: 'upsert',
        entity: 'submission',
        data: toSubmission({ ...r, page_count: Number(r.page_count ?? 0) }),
      }));
    }
    case 'submissionFeedback': {
      if (scope.pupilIds.length === 0) return [];
      const rows = await childRows(db, 'submission_feedback', scope, f);
      return rows.map((r) => ({ op: 'upsert', entity: 'submissionFeedback', data: toFeedback(r) }));
    }
    case 'absenceNotice': {
      if (scope.pupilIds.length === 0) return [];
      const rows = await childRows(db, 'absence_notices', scope, f);
      return rows.map((r) => ({ op: 'upsert', entity: 'absenceNotice', data: toAbsenceNotice(r) }));
    }
    case 'mediaFile': {
      let q = db.selectFrom('media_files').selectAll().where(mediaVisibleTo(scope));
      if (f.ids) q = q.where('id', 'in', f.ids);
      if (f.afterId) q = q.where('id', '>', f.afterId);
      const rows = await q.orderBy('id').limit(f.limit).execute();
      return rows.map((r) => ({ op: 'upsert', entity: 'mediaFile', data: toMediaFile(r) }));
    }
    case 'visualSchedule': {
      if (scope.pupilIds.length === 0) return [];
      let q = db
        .selectFrom('visual_schedules')
        .selectAll()
        .where('pupil_id', 'in', scope.pupilIds)
        .where('deleted', '=', 0);
      if (f.ids) q = q.where('id', 'in', f.ids);
      if (f.afterId) q = q.where('id', '>', f.afterId);
      const rows = await q.orderBy('id').limit(f.limit).execute();
      return rows.map((r) => ({
        op: 'upsert',
        entity: 'visualSchedule',
        data: toVisualSchedule(r),
      }));
    }
    case 'rewardChart': {
      if (scope.pupilIds.length === 0) return [];
      const rows = await childRows(db, 'reward_charts', scope, f);
      return rows.map((r) => ({ op: 'upsert', entity: 'rewardChart', data: toRewardChart(r) }));
    }
    case 'rewardEvent': {
      if (scope.pupilIds.length === 0) return [];
      const rows = await childRows(db, 'reward_events', scope, f);
      return rows.map((r) => ({ op: 'upsert', entity: 'rewardEvent', data: toRewardEvent(r) }));
    }
    case 'pack': {
      if (scope.pupilIds.length === 0) return [];
      let q = db.selectFrom('packs').selectAll().where(packVisibleTo(scope));
      if (f.ids) q = q.where('id', 'in', f.ids);
      if (f.afterId) q = q.where('id', '>', f.afterId);
      const rows = await q.orderBy('id').limit(f.limit).execute();
      const files = await filesOfPacks(
        db,
        rows.map((r) => r.id),
      );
      return rows.map((r) => ({
        op: 'upsert',
        entity: 'pack',
        data: toPack({ ...r, published_at: r.published_at ?? '' }, files.get(r.id) ?? []),
      }));
    }
    case 'activityCompletion': {
      if (scope.pupilIds.length === 0) return [];
      const rows = await childRows(db, 'activity_completions', scope, f);
      return rows.map((r) => ({
        op: 'upsert',
        entity: 'activityCompletion',
        data: toActivityCompletion(r),
      }));
    }
    case 'paperRequest': {
      if (scope.pupilIds.length === 0) return [];
      const rows = await childRows(db, 'paper_requests', scope, f);
      return rows.map((r) => ({ op: 'upsert', entity: 'paperRequest', data: toPaperRequest(r) }));
    }
  }
}
