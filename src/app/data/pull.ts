// Applies one page of /api/v1/sync to IndexedDB: every change and the new cursor in ONE
// transaction, so a crash leaves either the old state and cursor or the new ones.
import type { SyncResponse } from '../../shared/api.ts';
import type { SyncEntityName } from '../../shared/entities.ts';
import { serverTables, type HomewardDB } from './db.ts';

const tableOf = {
  school: 'schools',
  class: 'classes',
  pupil: 'pupils',
  timetableWeek: 'timetableWeeks',
  timetableSession: 'timetableSessions',
  sessionCompletion: 'sessionCompletions',
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
    }
    for (const change of page.changes) {
      const table = db.table(tableOf[change.entity]);
      if (change.op === 'delete') {
        await table.delete(change.id);
      } else if (change.entity === 'sessionCompletion') {
        await db.sessionCompletions.put({ ...change.data, delivery: 'delivered' });
      } else {
        await table.put(change.data);
      }
    }
    await db.meta.put({ key: 'cursor', value: page.cursor });
    if (!page.more) await db.meta.put({ key: 'lastSyncedAt', value: now.toISOString() });
  });
}
