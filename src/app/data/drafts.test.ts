import { describe, expect, it } from 'vitest';
import { freshDb, ids } from '../test/fixtures.ts';
import { loadDraft, removeDraftPage, reorderDraft, saveDraftPage } from './drafts.ts';
import { queueSubmission } from './submissions.ts';

const page = (key: string, order: number, pupilId = ids.amira) => ({
  key,
  pupilId,
  order,
  name: `${key}.jpg`,
  blob: new Blob([key]),
  sha256: 'a'.repeat(64),
  bytes: 10,
  width: 10,
  height: 10,
});

describe('photo drafts', () => {
  it('keeps each child’s chosen photos in their order', async () => {
    const db = await freshDb();
    await saveDraftPage(db, page('a', 0));
    await saveDraftPage(db, page('b', Number.MAX_SAFE_INTEGER));
    await saveDraftPage(db, page('y', 0, ids.yusuf));
    await reorderDraft(db, ['b', 'a']);
    expect((await loadDraft(db, ids.amira)).map((p) => p.key)).toEqual(['b', 'a']);
    await removeDraftPage(db, 'b');
    expect((await loadDraft(db, ids.amira)).map((p) => p.key)).toEqual(['a']);
    expect((await loadDraft(db, ids.yusuf)).map((p) => p.key)).toEqual(['y']);
  });

  it('becomes the queued submission in one step: the draft is gone, the pages are queued', async () => {
    const db = await freshDb();
    const rows = [page('a', 0), page('b', 1)];
    for (const r of rows) await saveDraftPage(db, r);
    await saveDraftPage(db, page('y', 0, ids.yusuf));
    const id = await queueSubmission(db, { pupilId: ids.amira, sessionId: null, note: '', pages: rows });
    expect(await loadDraft(db, ids.amira)).toEqual([]);
    expect(await loadDraft(db, ids.yusuf)).toHaveLength(1); // the other child's draft stays
    expect(await db.submissionPages.where('submissionId').equals(id).count()).toBe(2);
  });
});
