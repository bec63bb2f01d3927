// What the family can do with an item set aside: see what it was, try again (when that can
// help), or remove it with the unsent record it carried.
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { chartDraft, freshDb, ids } from '../test/fixtures.ts';
import type { HomewardDB } from './db.ts';
import { getMeta, setMeta } from './meta.ts';
import { markSessionDone, rejectEntry, requeueRejected } from './outbox.ts';
import { saveChart } from './rewards.ts';
import { listSetAside, removeSetAside } from './setAside.ts';
import { queueSubmission } from './submissions.ts';

async function setAside(db: HomewardDB, recordId: string, code: string) {
  const [entry] = await db.outbox.where('recordId').equals(recordId).toArray();
  await rejectEntry(db, entry!, { code: code as 'conflict', message: code, fault: 'local' });
}

const page = { blob: new Blob([new Uint8Array(3)]), sha256: 'a'.repeat(64), bytes: 3, width: 1, height: 1 };

describe('items set aside', () => {
  it('lists what each was, and removes a submission whose photos are gone, ready to be made again', async () => {
    const db = await freshDb();
    const session = uuidv7();
    const id = await queueSubmission(db, { pupilId: ids.amira, sessionId: session, note: ' Page 4 ', pages: [page] });
    await db.submissionPages.clear();
    await setAside(db, id, 'missing_pages');
    const [item] = await listSetAside(db);
    expect(item).toMatchObject({ detail: 'Page 4', entry: { kind: 'submission', recordId: id } });

    const retake = await removeSetAside(db, item!.entry.id);
    expect(retake).toEqual({ pupilId: ids.amira, sessionId: session, note: 'Page 4' });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.submissions.get(id)).toBeUndefined();
  });

  it('removes a chart never sent, and asks the next sync to start afresh (the school may hold an older one)', async () => {
    const db = await freshDb();
    await setMeta(db, 'cursor', 'v1.9');
    const chart = await saveChart(db, chartDraft);
    await setAside(db, chart, 'conflict');
    await removeSetAside(db, (await db.outbox.toArray())[0]!.id);
    expect(await db.rewardCharts.get(chart)).toBeUndefined();
    expect(await getMeta(db, 'cursor')).toBeUndefined();
  });

  it('removes a mark that never reached the school, so the one before it shows again', async () => {
    const db = await freshDb();
    const mark = await markSessionDone(db, { pupilId: ids.amira, sessionId: uuidv7(), done: true });
    await setAside(db, mark, 'conflict');
    await removeSetAside(db, (await db.outbox.toArray())[0]!.id);
    expect(await db.sessionCompletions.get(mark)).toBeUndefined();
  });

  it('"Try again" puts back what the server refused, never what is gone from the phone', async () => {
    const db = await freshDb();
    const refused = await markSessionDone(db, { pupilId: ids.amira, sessionId: uuidv7(), done: true });
    const lost = await queueSubmission(db, { pupilId: ids.amira, sessionId: null, note: '', pages: [page] });
    await setAside(db, refused, 'conflict');
    await setAside(db, lost, 'missing_pages');
    await requeueRejected(db);
    const states = Object.fromEntries((await db.outbox.toArray()).map((e) => [e.recordId, e.state]));
    expect(states).toEqual({ [refused]: 'queued', [lost]: 'rejected' });
  });
});
