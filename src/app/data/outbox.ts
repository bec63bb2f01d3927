// Family writes and their outbox entries. Each write is stored together with its entry in
// ONE transaction, so a write can never exist without a way to reach the school, and an
// entry leaves only when the server has acknowledged it (see ../sync/README.md).
import { v7 as uuidv7 } from 'uuid';
import type { SessionCompletionBody } from '../../shared/api.ts';
import { API } from '../../shared/paths.ts';
import type { HomewardDB, OutboxEntry, OutboxKind } from './db.ts';

export const newId = (): string => uuidv7();

export function outboxEntry(
  kind: OutboxKind,
  recordId: string,
  path: string,
  body: unknown,
  now: Date,
): OutboxEntry {
  const entry: OutboxEntry = {
    id: newId(),
    kind,
    recordId,
    method: 'PUT',
    path,
    body,
    createdAt: now.toISOString(),
    attempts: 0,
    state: 'queued',
    lastError: null,
  };
  return entry;
}

export async function markSessionDone(
  db: HomewardDB,
  input: { pupilId: string; sessionId: string; done: boolean },
  now = new Date(),
): Promise<string> {
  const id = newId();
  const body: SessionCompletionBody = {
    sessionId: input.sessionId,
    pupilId: input.pupilId,
    done: input.done,
    at: now.toISOString(),
  };
  await db.transaction('rw', db.sessionCompletions, db.outbox, async () => {
    await db.sessionCompletions.add({ id, ...body, delivery: 'saved' });
    await db.outbox.add(
      outboxEntry('sessionCompletion', id, `${API}/session-completions/${id}`, body, now),
    );
  });
  return id;
}

/** Queued entries, oldest first (ids are UUIDv7, so id order is creation order). */
export async function queuedEntries(db: HomewardDB): Promise<OutboxEntry[]> {
  return db.outbox.where('state').equals('queued').sortBy('id');
}

const recordTable = {
  sessionCompletion: 'sessionCompletions',
  absenceNotice: 'absenceNotices',
  submission: 'submissions',
  media: 'media',
  visualSchedule: 'schedules',
  rewardChart: 'rewardCharts',
  rewardEvent: 'rewardEvents',
  activityCompletion: 'activityCompletions',
  paperRequest: 'paperRequests',
} as const satisfies Record<OutboxKind, keyof HomewardDB>;

/**
 * The server has it: the entry goes, and the record says "delivered" — unless a newer
 * change to the same record still waits — in one transaction.
 */
export async function acknowledge(db: HomewardDB, entry: OutboxEntry): Promise<void> {
  const table = db.table(recordTable[entry.kind]);
  await db.transaction('rw', db.outbox, table, async () => {
    await db.outbox.delete(entry.id);
    const newer = await db.outbox.where('recordId').equals(entry.recordId).count();
    if (newer === 0) await table.update(entry.recordId, { delivery: 'delivered' });
  });
}

export async function recordAttemptFailure(
  db: HomewardDB,
  entry: OutboxEntry,
  error: NonNullable<OutboxEntry['lastError']>,
): Promise<void> {
  await db.outbox.update(entry.id, { attempts: entry.attempts + 1, lastError: error });
}

/** Refused for good (e.g. same id, different body): kept and shown, never dropped. */
export async function rejectEntry(
  db: HomewardDB,
  entry: OutboxEntry,
  error: NonNullable<OutboxEntry['lastError']>,
): Promise<void> {
  await db.outbox.update(entry.id, {
    attempts: entry.attempts + 1,
    lastError: error,
    state: 'rejected',
  });
}

/** Puts refused entries back in the queue ("Try again"). */
export async function requeueRejected(db: HomewardDB): Promise<void> {
  await db.outbox.where('state').equals('rejected').modify({ state: 'queued' });
}

export async function outboxCounts(
  db: HomewardDB,
): Promise<{ waiting: number; needsAttention: number }> {
  const [waiting, needsAttention] = await Promise.all([
    db.outbox.where('state').equals('queued').count(),
    db.outbox.where('state').equals('rejected').count(),
  ]);
  return { waiting, needsAttention };
}

/** "Send now" on an item data saver is holding. */
export async function forceSend(db: HomewardDB, recordId: string): Promise<void> {
  await db.outbox.where('recordId').equals(recordId).modify({ force: true, state: 'queued' });
}
