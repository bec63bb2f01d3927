import { describe, expect, it } from 'vitest';
import type { AbsenceNotice } from '../../shared/submissions.ts';
import { freshDb, ids } from '../test/fixtures.ts';
import {
  currentBody,
  discardUnsentChange,
  listAbsenceNotices,
  saveAbsenceNotice,
  withdrawAbsenceNotice,
} from './absences.ts';
import { acknowledge, queuedEntries } from './outbox.ts';
import { applySyncPage } from './pull.ts';

const draft = { pupilId: ids.amira, reason: 'ill' as const, from: '2026-11-23', to: '2026-11-24', note: ' Temperature ' };

function serverCopy(id: string, revision: number, over: Partial<AbsenceNotice> = {}): AbsenceNotice {
  return {
    id,
    pupilId: ids.amira,
    reason: 'ill',
    from: '2026-11-23',
    to: '2026-11-24',
    note: 'Temperature',
    revision,
    withdrawnReason: null,
    createdAt: '2026-11-23T08:00:00.000Z',
    receivedAt: '2026-11-23T08:01:00.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    ...over,
  };
}

describe('absence notices', () => {
  it('stores a notice with its outbox entry, revision 1, note trimmed', async () => {
    const db = await freshDb();
    const id = await saveAbsenceNotice(db, draft, null);
    const [entry] = await queuedEntries(db);
    expect(entry).toMatchObject({ kind: 'absenceNotice', recordId: id, bodyVersion: 1 });
    expect(entry?.body).toMatchObject({ revision: 1, note: 'Temperature', withdrawnReason: null });
    expect((await db.absenceNotices.get(id))?.delivery).toBe('saved');
  });

  it('an edit before sending replaces the queued revision instead of adding one', async () => {
    const db = await freshDb();
    const id = await saveAbsenceNotice(db, draft, null);
    await saveAbsenceNotice(db, { ...draft, to: '2026-11-27' }, id);
    const entries = await queuedEntries(db);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.body).toMatchObject({ revision: 2, to: '2026-11-27' });
  });

  it('stays "saved" while a newer revision waits, even when an older one is acknowledged', async () => {
    const db = await freshDb();
    const id = await saveAbsenceNotice(db, draft, null);
    const [first] = await queuedEntries(db);
    await withdrawAbsenceNotice(db, id, 'Better now');
    if (first) await acknowledge(db, first); // the first revision was in flight
    expect((await db.absenceNotices.get(id))?.delivery).toBe('saved');
    const [second] = await queuedEntries(db);
    if (second) await acknowledge(db, second);
    expect((await db.absenceNotices.get(id))?.delivery).toBe('delivered');
  });

  it('keeps the family’s unsent revision when the school’s older copy syncs in', async () => {
    const db = await freshDb();
    const id = await saveAbsenceNotice(db, draft, null);
    await saveAbsenceNotice(db, { ...draft, note: 'Now a rash too' }, id);
    await applySyncPage(
      db,
      { cursor: 'c', more: false, reset: false, changes: [{ op: 'upsert', entity: 'absenceNotice', data: serverCopy(id, 1) }] },
      new Date(),
    );
    const stored = await db.absenceNotices.get(id);
    expect(stored?.delivery).toBe('saved');
    expect(stored && currentBody(stored)?.note).toBe('Now a rash too');
  });

  it('shows notices the other parent sent, with the school’s acknowledgement', async () => {
    const db = await freshDb();
    const other = '01900000-0000-7000-8000-0000000000f1';
    await applySyncPage(
      db,
      {
        cursor: 'c',
        more: false,
        reset: false,
        changes: [
          {
            op: 'upsert',
            entity: 'absenceNotice',
            data: serverCopy(other, 3, { acknowledgedAt: '2026-11-23T09:00:00.000Z', acknowledgedBy: 'Mrs Patel' }),
          },
        ],
      },
      new Date(),
    );
    const [notice] = await listAbsenceNotices(db, ids.amira);
    expect(notice && currentBody(notice)?.revision).toBe(3);
    expect(notice?.server?.acknowledgedBy).toBe('Mrs Patel');
  });

  it('discarding a refused change goes back to the school’s copy', async () => {
    const db = await freshDb();
    const id = await saveAbsenceNotice(db, draft, null);
    await applySyncPage(
      db,
      { cursor: 'c', more: false, reset: false, changes: [{ op: 'upsert', entity: 'absenceNotice', data: serverCopy(id, 1, { acknowledgedAt: '2026-11-23T09:00:00.000Z', acknowledgedBy: 'Office' }) }] },
      new Date(),
    );
    await saveAbsenceNotice(db, { ...draft, to: '2026-11-30' }, id);
    await discardUnsentChange(db, id);
    const stored = await db.absenceNotices.get(id);
    expect(await db.outbox.count()).toBe(0);
    expect(stored && currentBody(stored)?.to).toBe('2026-11-24');
  });
});
