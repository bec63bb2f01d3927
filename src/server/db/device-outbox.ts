// A phone's outbox report (src/shared/outbox-report.ts) stored on its device row. Written
// only when it changed, so the many syncs of a phone with nothing waiting cost no write.
import type { OutboxReport } from '../../shared/outbox-report.ts';
import type { Db } from './database.ts';

/** Reports whose "since" moved by less than this are the same report (age is in seconds). */
const sinceSlackMs = 5 * 60_000;

export async function recordOutboxReport(
  db: Db,
  deviceId: string,
  report: OutboxReport,
  now: Date,
): Promise<void> {
  const since =
    report.count === 0 ? null : new Date(now.getTime() - report.ageSeconds * 1000).toISOString();
  const low = since && new Date(Date.parse(since) - sinceSlackMs).toISOString();
  const high = since && new Date(Date.parse(since) + sinceSlackMs).toISOString();
  await db
    .updateTable('devices')
    .set({ outbox_count: report.count, outbox_since: since, outbox_reported_at: now.toISOString() })
    .where('id', '=', deviceId)
    .where((eb) => {
      const changed = [eb('outbox_count', 'is', null), eb('outbox_count', '<>', report.count)];
      if (since && low && high) {
        changed.push(eb('outbox_since', 'is', null));
        changed.push(eb('outbox_since', '<', low));
        changed.push(eb('outbox_since', '>', high));
      } else {
        changed.push(eb('outbox_since', 'is not', null));
      }
      return eb.or(changed);
    })
    .execute();
}
