// Photos chosen for a submission that is not sent yet, per child. Saved as soon as each
// is compressed, so a reload, a closed tab or a phone call never loses them; cleared in
// the same transaction that queues the submission (data/submissions.ts).
import type { DraftPageRow, HomewardDB } from './db.ts';

export async function loadDraft(db: HomewardDB, pupilId: string): Promise<DraftPageRow[]> {
  const rows = await db.draftPages.where('pupilId').equals(pupilId).toArray();
  return rows.toSorted((a, b) => a.order - b.order);
}

export async function saveDraftPage(db: HomewardDB, row: DraftPageRow): Promise<void> {
  await db.draftPages.put(row);
}

export async function removeDraftPage(db: HomewardDB, key: string): Promise<void> {
  await db.draftPages.delete(key);
}

/** The pages' order after a move: `keys` first to last. */
export async function reorderDraft(db: HomewardDB, keys: string[]): Promise<void> {
  await db.transaction('rw', db.draftPages, async () => {
    await Promise.all(keys.map((key, order) => db.draftPages.update(key, { order })));
  });
}
