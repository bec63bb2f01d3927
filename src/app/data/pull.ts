// Applies one page of /api/v1/sync to IndexedDB: every change and the new cursor in ONE
// transaction, so a crash leaves either the old state and cursor or the new ones.
import type { SyncResponse } from '../../shared/api.ts';
import type { SyncEntityName } from '../../shared/entities.ts';
import type { AbsenceNotice, Submission } from '../../shared/submissions.ts';
import type { MediaFile } from '../../shared/schedules.ts';
import {
  serverTables,
  type DeliveryState,
  type HomewardDB,
  type LocalRewardChart,
  type LocalSchedule,
  type SkippedChanges,
} from './db.ts';
import type { Table } from 'dexie';

const tableOf = {
  school: 'schools',
  class: 'classes',
  pupil: 'pupils',
  timetableWeek: 'timetableWeeks',
  timetableSession: 'timetableSessions',
  sessionCompletion: 'sessionCompletions',
  submission: 'submissions',
  submissionFeedback: 'feedback',
  absenceNotice: 'absenceNotices',
  mediaFile: 'media',
  visualSchedule: 'schedules',
  rewardChart: 'rewardCharts',
  rewardEvent: 'rewardEvents',
  pack: 'packs',
  activityCompletion: 'activityCompletions',
  paperRequest: 'paperRequests',
} as const satisfies Record<SyncEntityName, string>;

/** Changes of a page this build skipped, to add to `meta.syncSkipped`. */
export type Skipped = { byEntity: Record<string, number>; appVersion: string; at: string };

export async function applySyncPage(
  db: HomewardDB,
  page: SyncResponse,
  now: Date,
  skipped?: Skipped,
): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    // The server marks only the first page of a snapshot with `reset`.
    if (page.reset) {
      await Promise.all(serverTables.map((name) => db.table(name).clear()));
      // Completions are shared with the outbox: keep the ones not yet delivered.
      await db.sessionCompletions.filter((c) => c.delivery !== 'saved').delete();
      // Family records: forget what the school said, keep what this phone made.
      await db.absenceNotices.filter((n) => n.body === null).delete();
      await db.absenceNotices.toCollection().modify({ server: null });
      await db.submissions.filter((n) => n.delivery !== 'saved').delete();
      // Schedules and charts the snapshot re-sends; unsent ones made here stay. Token
      // events are kept: an event never changes, and a chart gone from the snapshot
      // simply shows no more. Media keep their bytes (an id's bytes never change).
      await db.schedules.filter((s) => s.delivery !== 'saved').delete();
      await db.rewardCharts.filter((c) => c.delivery !== 'saved').delete();
      // Activity marks and paper requests: as session completions, unsent ones stay.
      await db.activityCompletions.filter((c) => c.delivery !== 'saved').delete();
      await db.paperRequests.filter((r) => r.delivery !== 'saved').delete();
    }
    for (const change of page.changes) {
      const table = db.table(tableOf[change.entity]);
      if (change.op === 'delete') {
        await table.delete(change.id);
      } else if (change.entity === 'sessionCompletion') {
        await db.sessionCompletions.put({ ...change.data, delivery: 'delivered' });
      } else if (change.entity === 'absenceNotice') {
        await mergeAbsenceNotice(db, change.data);
      } else if (change.entity === 'submission') {
        await mergeSubmission(db, change.data);
      } else if (change.entity === 'visualSchedule') {
        await mergeRevised(db.schedules as Table<LocalSchedule, string, LocalSchedule>, change.data);
      } else if (change.entity === 'rewardChart') {
        await mergeRevised(
          db.rewardCharts as Table<LocalRewardChart, string, LocalRewardChart>,
          change.data,
        );
      } else if (change.entity === 'rewardEvent') {
        await db.rewardEvents.put({ ...change.data, delivery: 'delivered' });
      } else if (change.entity === 'activityCompletion') {
        await db.activityCompletions.put({ ...change.data, delivery: 'delivered' });
      } else if (change.entity === 'paperRequest') {
        await db.paperRequests.put({ ...change.data, delivery: 'delivered' });
      } else if (change.entity === 'mediaFile') {
        await mergeMedia(db, change.data);
      } else {
        await table.put(change.data);
      }
    }
    if (skipped && Object.keys(skipped.byEntity).length > 0) await recordSkipped(db, skipped);
    await db.meta.put({ key: 'cursor', value: page.cursor });
    if (!page.more) await db.meta.put({ key: 'lastSyncedAt', value: now.toISOString() });
  });
}

async function recordSkipped(db: HomewardDB, skipped: Skipped): Promise<void> {
  const before = (await db.meta.get('syncSkipped'))?.value as SkippedChanges | undefined;
  const same = before?.appVersion === skipped.appVersion ? before : undefined;
  const byEntity = { ...same?.byEntity };
  let count = same?.count ?? 0;
  for (const [entity, n] of Object.entries(skipped.byEntity)) {
    byEntity[entity] = (byEntity[entity] ?? 0) + n;
    count += n;
  }
  const value: SkippedChanges = { count, byEntity, appVersion: skipped.appVersion, lastAt: skipped.at };
  await db.meta.put({ key: 'syncSkipped', value });
}

async function mergeAbsenceNotice(db: HomewardDB, server: AbsenceNotice): Promise<void> {
  const local = await db.absenceNotices.get(server.id);
  // A newer revision made here and not yet sent stays the one shown and sent.
  const pending = local?.body && local.body.revision > server.revision ? local.body : null;
  await db.absenceNotices.put({
    id: server.id,
    pupilId: server.pupilId,
    body: pending ?? local?.body ?? null,
    server,
    delivery: pending ? 'saved' : 'delivered',
  });
}

async function mergeSubmission(db: HomewardDB, server: Submission): Promise<void> {
  const local = await db.submissions.get(server.id);
  await db.submissions.put({
    id: server.id,
    pupilId: server.pupilId,
    sessionId: server.sessionId,
    note: server.note,
    createdAt: server.createdAt,
    pageCount: server.pageCount,
    bytes: local?.bytes ?? 0,
    server,
    delivery: 'delivered',
  });
}

/** A newer revision made here and not yet sent stays the one shown and sent. */
type Revised = { id: string; revision: number; delivery: DeliveryState };

async function mergeRevised<T extends Revised>(
  table: Table<T, string, T>,
  server: Omit<T, 'delivery'>,
): Promise<void> {
  const local = await table.get(server.id);
  if (local && local.delivery === 'saved' && local.revision > server.revision) return;
  await table.put({ ...server, delivery: 'delivered' } as T);
}

async function mergeMedia(db: HomewardDB, server: MediaFile): Promise<void> {
  const local = await db.media.get(server.id);
  await db.media.put({
    id: server.id,
    pupilId: server.pupilId,
    kind: server.kind,
    contentType: server.contentType,
    // Ours: keep the bytes we took (the server's re-encoded copy looks the same).
    blob: local?.blob ?? null,
    sha256: server.sha256,
    bytes: server.bytes,
    uploadId: local?.uploadId ?? null,
    server,
    delivery: 'delivered',
  });
}
