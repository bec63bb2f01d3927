// Family writes and their outbox entries. Each write is stored together with its entry in
// ONE transaction, so a write can never exist without a way to reach the school, and an
// entry leaves only when the server has acknowledged it (see ../sync/README.md).
import { v7 as uuidv7 } from 'uuid';
import type { SessionCompletionBody } from '../../shared/api.ts';
import type { OutboxReport } from '../../shared/outbox-report.ts';
import type { EntryError, HomewardDB, LocalErrorCode, OutboxEntry, OutboxKind } from './db.ts';
import { bodyVersions } from './entryBodies.ts';
import { nextRevision } from './marks.ts';

export const newId = (): string => uuidv7();

/**
 * Queues a write. Call it inside a read-write transaction that includes `db.outbox`:
 * the next `seq` (write order on this phone) is read and used in that one transaction,
 * which IndexedDB serialises across tabs.
 */
export async function enqueue(
  db: HomewardDB,
  kind: OutboxKind,
  recordId: string,
  body: unknown,
  now: Date,
): Promise<void> {
  const last = await db.outbox.orderBy('seq').last();
  await db.outbox.add({
    id: newId(),
    seq: (last?.seq ?? 0) + 1,
    kind,
    recordId,
    bodyVersion: bodyVersions[kind],
    body,
    createdAt: now.toISOString(),
    attempts: 0,
    state: 'queued',
    lastError: null,
  });
}

export async function markSessionDone(
  db: HomewardDB,
  input: { pupilId: string; sessionId: string; done: boolean },
  now = new Date(),
): Promise<string> {
  const id = newId();
  await db.transaction('rw', db.sessionCompletions, db.outbox, async () => {
    const marks = await db.sessionCompletions
      .where('[pupilId+sessionId]')
      .equals([input.pupilId, input.sessionId])
      .toArray();
    const body: SessionCompletionBody = {
      sessionId: input.sessionId,
      pupilId: input.pupilId,
      done: input.done,
      at: now.toISOString(),
      revision: nextRevision(marks),
    };
    await db.sessionCompletions.add({ id, ...body, delivery: 'saved' });
    await enqueue(db, 'sessionCompletion', id, body, now);
  });
  return id;
}

/**
 * A new revision of a record replaces its unsent ones, set-aside ones too: the server keeps
 * only the highest revision anyway. (Inside the write's transaction.)
 */
export async function supersede(db: HomewardDB, recordId: string): Promise<void> {
  await db.outbox.where('recordId').equals(recordId).delete();
}

/** Every entry in the order it was written on this phone (the drain order). */
export function entriesInOrder(db: HomewardDB): Promise<OutboxEntry[]> {
  return db.outbox.orderBy('seq').toArray();
}

/** Queued entries in the order they were written on this phone, whatever the clock said. */
export async function queuedEntries(db: HomewardDB): Promise<OutboxEntry[]> {
  return (await entriesInOrder(db)).filter((e) => e.state === 'queued');
}

export const recordTable = {
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

/** A failure that may pass: counted, and how many times in a row it was this one. */
export async function recordAttemptFailure(
  db: HomewardDB,
  entry: OutboxEntry,
  error: EntryError,
): Promise<number> {
  const repeats = entry.lastError?.code === error.code ? (entry.repeats ?? 1) + 1 : 1;
  await db.outbox.update(entry.id, { attempts: entry.attempts + 1, lastError: error, repeats });
  return repeats;
}

/**
 * Set aside: it cannot go as it is (refused for good, or its data on the phone is gone).
 * Kept and shown with its reason, never dropped, until the family deals with it.
 */
export async function rejectEntry(
  db: HomewardDB,
  entry: OutboxEntry,
  error: EntryError,
): Promise<void> {
  const repeats = entry.lastError?.code === error.code ? (entry.repeats ?? 1) + 1 : 1;
  await db.outbox.update(entry.id, {
    attempts: entry.attempts + 1,
    lastError: error,
    repeats,
    state: 'rejected',
  });
}

/** Reasons trying again cannot mend: the data is gone or unreadable on this phone. */
const lostOnPhone: ReadonlySet<string> = new Set<LocalErrorCode>([
  'missing_pages',
  'missing_bytes',
  'unreadable_body',
]);

/** Can "Try again" help this set-aside entry? */
export const retryable = (entry: OutboxEntry): boolean =>
  !lostOnPhone.has(entry.lastError?.code ?? '');

/**
 * "Try again": set-aside entries (all, or one) go back in the queue — except those whose
 * data is gone from this phone, which only removing or making again can mend.
 */
export async function requeueRejected(db: HomewardDB, entryId?: string): Promise<void> {
  await db.outbox
    .where('state')
    .equals('rejected')
    .filter((e) => (entryId === undefined || e.id === entryId) && retryable(e))
    .modify({ state: 'queued', repeats: 0 });
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

/** What this phone still holds, for the school (src/shared/outbox-report.ts): queued and set aside. */
export async function outboxReport(db: HomewardDB, now: Date): Promise<OutboxReport> {
  const entries = await db.outbox.toArray();
  let oldest = now.getTime();
  for (const e of entries) {
    const at = Date.parse(e.createdAt);
    if (Number.isFinite(at) && at < oldest) oldest = at;
  }
  return { count: entries.length, ageSeconds: Math.max(0, (now.getTime() - oldest) / 1000) };
}

/** "Send now" on an item data saver is holding. */
export async function forceSend(db: HomewardDB, recordId: string): Promise<void> {
  await db.outbox.where('recordId').equals(recordId).modify({ force: true, state: 'queued' });
}
