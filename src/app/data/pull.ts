// Applies one page of /api/v1/sync to IndexedDB: every change and the new cursor in ONE
// transaction, so a crash leaves either the old state and cursor or the new ones.
import type { SyncResponse } from '../../shared/api.ts';
import type { SyncEntityName } from '../../shared/entities.ts';
import type { AbsenceNotice, Submission } from '../../shared/submissions.ts';
import { serverTables, type HomewardDB } from './db.ts';

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
} as const satisfies Record<SyncEntityName, string>;

export async function applySyncPage(
  db: HomewardDB,
  page: SyncResponse,
  now: Date,
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
      } else {
        await table.put(change.data);
      }
    }
    await db.meta.put({ key: 'cursor', value: page.cursor });
    if (!page.more) await db.meta.put({ key: 'lastSyncedAt', value: now.toISOString() });
  });
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
