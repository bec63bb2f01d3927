// Absence notices made on this phone: each change is a new revision, stored with its
// outbox entry in ONE transaction. Older unsent revisions of the same notice, set-aside
// ones included, are dropped from the outbox (the server keeps only the newest anyway).
import type { AbsenceNoticeBody, AbsenceReason } from '../../shared/submissions.ts';
import type { HomewardDB, LocalAbsenceNotice } from './db.ts';
import { enqueue, newId, supersede } from './outbox.ts';

export type AbsenceDraft = {
  pupilId: string;
  reason: AbsenceReason;
  from: string;
  to: string;
  note: string;
};

/** The revision the family sees: theirs if newer, else the school's copy. */
export function currentBody(n: LocalAbsenceNotice): AbsenceNoticeBody | null {
  if (n.body && (!n.server || n.body.revision >= n.server.revision)) return n.body;
  if (!n.server) return null;
  const { id: _id, receivedAt: _r, acknowledgedAt: _a, acknowledgedBy: _b, ...rest } = n.server;
  return rest;
}

async function writeRevision(
  db: HomewardDB,
  id: string,
  pupilId: string,
  body: AbsenceNoticeBody,
  now: Date,
): Promise<void> {
  await db.transaction('rw', db.absenceNotices, db.outbox, async () => {
    const existing = await db.absenceNotices.get(id);
    // The new revision replaces every unsent one, a set-aside one too (a withdrawal is
    // always accepted, even after the school acknowledged the notice).
    await supersede(db, id);
    await db.absenceNotices.put({
      id,
      pupilId,
      body,
      server: existing?.server ?? null,
      delivery: 'saved',
    });
    await enqueue(db, 'absenceNotice', id, body, now);
  });
}

export async function saveAbsenceNotice(
  db: HomewardDB,
  draft: AbsenceDraft,
  existingId: string | null,
  now = new Date(),
): Promise<string> {
  const id = existingId ?? newId();
  const existing = existingId ? await db.absenceNotices.get(existingId) : undefined;
  const previous = existing ? currentBody(existing) : null;
  const body: AbsenceNoticeBody = {
    ...draft,
    note: draft.note.trim(),
    revision: (previous?.revision ?? 0) + 1,
    withdrawnReason: null,
    createdAt: previous?.createdAt ?? now.toISOString(),
  };
  await writeRevision(db, id, draft.pupilId, body, now);
  return id;
}

export async function withdrawAbsenceNotice(
  db: HomewardDB,
  id: string,
  reason: string,
  now = new Date(),
): Promise<void> {
  const existing = await db.absenceNotices.get(id);
  const previous = existing ? currentBody(existing) : null;
  if (!existing || !previous) throw new Error(`no absence notice ${id}`);
  await writeRevision(
    db,
    id,
    existing.pupilId,
    { ...previous, revision: previous.revision + 1, withdrawnReason: reason.trim() },
    now,
  );
}

/** After a refusal (e.g. already acknowledged): drop the family's unsent change. */
export async function discardUnsentChange(db: HomewardDB, id: string): Promise<void> {
  await db.transaction('rw', db.absenceNotices, db.outbox, async () => {
    await db.outbox.where('recordId').equals(id).delete();
    const existing = await db.absenceNotices.get(id);
    if (!existing) return;
    if (existing.server) await db.absenceNotices.put({ ...existing, body: null, delivery: 'delivered' });
    else await db.absenceNotices.delete(id);
  });
}

export async function listAbsenceNotices(
  db: HomewardDB,
  pupilId: string,
): Promise<LocalAbsenceNotice[]> {
  const notices = await db.absenceNotices.where('pupilId').equals(pupilId).toArray();
  return notices.toSorted((a, b) => (currentBody(b)?.from ?? '').localeCompare(currentBody(a)?.from ?? ''));
}
