// Entries set aside (they cannot go as they are): what each one is, for the family, and
// "Remove" — the family gives up on it, so the entry goes and so does the phone's unsent
// record of it (the school never had it, or keeps what it had).
import type { AbsenceReason } from '../../shared/submissions.ts';
import { discardUnsentChange } from './absences.ts';
import type { HomewardDB, OutboxEntry } from './db.ts';
import { recordTable } from './outbox.ts';

/** What an entry was about, in the family's terms (the screen words it). */
export type SetAsideItem = {
  entry: OutboxEntry;
  /** A title or note the family wrote, if the record has one. */
  detail: string | null;
  /** For an absence notice: its reason and first day. */
  absence: { reason: AbsenceReason; from: string } | null;
};

/** What "Take the photos again" needs: the hand-in form as it was. */
export type Retake = { pupilId: string; sessionId: string | null; note: string };

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() ? value.trim() : null;

export async function listSetAside(db: HomewardDB): Promise<SetAsideItem[]> {
  const entries = await db.outbox.where('state').equals('rejected').sortBy('seq');
  return Promise.all(
    entries.map(async (entry) => {
      const body = (entry.body ?? {}) as Record<string, unknown>;
      const detail = text(body.title) ?? text(body.note) ?? text(body.rewardLabel);
      const isNotice = entry.kind === 'absenceNotice' && typeof body.from === 'string';
      const absence = isNotice
        ? { reason: body.reason as AbsenceReason, from: body.from as string }
        : null;
      if (entry.kind === 'submission' && !detail) {
        const submission = await db.submissions.get(entry.recordId);
        return { entry, detail: text(submission?.note), absence };
      }
      return { entry, detail, absence };
    }),
  );
}

/**
 * "Remove": the entry goes, with the unsent record it carried. A schedule or chart the
 * school may hold an older revision of comes back from the next sync, which starts afresh.
 * Returns what a photo submission held, so it can be made again.
 */
export async function removeSetAside(db: HomewardDB, entryId: string): Promise<Retake | null> {
  const entry = await db.outbox.get(entryId);
  if (!entry) return null;
  if (entry.kind === 'absenceNotice') {
    await discardUnsentChange(db, entry.recordId);
    return null;
  }
  const table = db.table(recordTable[entry.kind]);
  return db.transaction('rw', [db.outbox, db.meta, db.submissionPages, table], async () => {
    await db.outbox.delete(entry.id);
    if ((await db.outbox.where('recordId').equals(entry.recordId).count()) > 0) return null;
    const record = (await table.get(entry.recordId)) as
      | { delivery?: string; pupilId?: string; sessionId?: string | null; note?: string }
      | undefined;
    if (!record || record.delivery !== 'saved') return null;
    // A picture or clip stays: a schedule may show it, and it is the family's own.
    if (entry.kind === 'media') return null;
    await table.delete(entry.recordId);
    if (entry.kind === 'visualSchedule' || entry.kind === 'rewardChart') {
      await db.meta.delete('cursor');
    }
    if (entry.kind !== 'submission') return null;
    await db.submissionPages.where('submissionId').equals(entry.recordId).delete();
    return {
      pupilId: record.pupilId ?? '',
      sessionId: record.sessionId ?? null,
      note: record.note ?? '',
    };
  });
}
