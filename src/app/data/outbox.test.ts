import { describe, expect, it } from 'vitest';
import { freshDb, ids, pupil, session } from '../test/fixtures.ts';
import { acknowledge, markSessionDone, outboxCounts, queuedEntries } from './outbox.ts';
import { latestMark } from './marks.ts';
import { listSessionsForWeek } from './timetable.ts';
import { week } from '../test/fixtures.ts';

describe('outbox', () => {
  it('stores a family write and its outbox entry together', async () => {
    const db = await freshDb();
    const id = await markSessionDone(db, { pupilId: ids.amira, sessionId: session().id, done: true });
    expect(await db.sessionCompletions.get(id)).toMatchObject({ done: true, delivery: 'saved' });
    const [entry] = await queuedEntries(db);
    expect(entry).toMatchObject({ recordId: id, kind: 'sessionCompletion', bodyVersion: 2, seq: 1 });
    expect(entry).not.toHaveProperty('path'); // the request is built when it is sent
    expect(entry?.body).not.toHaveProperty('delivery'); // local-only fields never leave the phone
  });

  it('writes neither when the outbox write fails (one transaction)', async () => {
    const db = await freshDb();
    const original = db.outbox.add.bind(db.outbox);
    db.outbox.add = (() => Promise.reject(new Error('QuotaExceededError'))) as unknown as typeof db.outbox.add;
    await expect(
      markSessionDone(db, { pupilId: ids.amira, sessionId: session().id, done: true }),
    ).rejects.toThrow('QuotaExceededError');
    db.outbox.add = original;
    expect(await db.sessionCompletions.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('drains oldest first and counts what waits', async () => {
    const db = await freshDb();
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      made.push(await markSessionDone(db, { pupilId: ids.amira, sessionId: session().id, done: true }));
    }
    expect((await queuedEntries(db)).map((e) => e.recordId)).toEqual(made);
    expect(await outboxCounts(db)).toEqual({ waiting: 5, needsAttention: 0 });
    const [first] = await queuedEntries(db);
    if (first) await acknowledge(db, first);
    expect(await outboxCounts(db)).toEqual({ waiting: 4, needsAttention: 0 });
    expect(await db.sessionCompletions.get(made[0] ?? '')).toMatchObject({ delivery: 'delivered' });
  });
});

describe('timetable repository', () => {
  it('shows the latest mark, whatever order the events arrived in', async () => {
    const db = await freshDb();
    await db.pupils.put(pupil(ids.amira, 'Amira'));
    const s = session();
    await db.timetableWeeks.put(week());
    await db.timetableSessions.put(s);
    const base = { sessionId: s.id, pupilId: ids.amira };
    await db.sessionCompletions.bulkPut([
      { ...base, id: '01900000-0000-7000-8000-000000000003', done: false, at: '2026-11-23T10:00:00.000Z', delivery: 'delivered' },
      { ...base, id: '01900000-0000-7000-8000-000000000001', done: true, at: '2026-11-23T09:00:00.000Z', delivery: 'delivered' },
      { ...base, id: '01900000-0000-7000-8000-000000000002', done: true, at: '2026-11-23T09:30:00.000Z', delivery: 'saved' },
    ]);
    const [shown] = await listSessionsForWeek(db, week().id, ids.amira);
    expect(shown).toMatchObject({ done: false, delivery: 'delivered' });
  });

  it('breaks ties in time by id so every phone agrees', () => {
    const a = { id: 'a', sessionId: 's', pupilId: 'p', done: true, at: 't', delivery: 'saved' as const };
    const b = { ...a, id: 'b', done: false };
    expect(latestMark([a, b])?.id).toBe('b');
    expect(latestMark([b, a])?.id).toBe('b');
  });

  it('lets a higher revision win whatever the clocks said', () => {
    const tick = { id: 'b', at: '2026-11-23T10:00:00.000Z', revision: 1, done: true };
    // Made after seeing the tick, on a phone whose clock is an hour behind.
    const untick = { id: 'a', at: '2026-11-23T09:05:00.000Z', revision: 2, done: false };
    expect(latestMark([tick, untick])?.done).toBe(false);
    expect(latestMark([untick, tick])?.done).toBe(false);
    // A mark of an older build (no revision) counts as revision 0.
    expect(latestMark([{ id: 'z', at: '2026-11-24T00:00:00.000Z' }, untick])?.id).toBe('a');
  });

  it("lists only the class's sessions and this child's personal ones", async () => {
    const db = await freshDb();
    await db.pupils.bulkPut([pupil(ids.amira, 'Amira'), pupil(ids.yusuf, 'Yusuf')]);
    await db.timetableSessions.bulkPut([
      session({ subject: 'Class maths' }),
      session({ subject: 'Amira only', pupilId: ids.amira, startTime: '10:00' }),
      session({ subject: 'Yusuf only', pupilId: ids.yusuf, startTime: '11:00' }),
    ]);
    const shown = await listSessionsForWeek(db, week().id, ids.amira);
    expect(shown.map((s) => s.subject)).toEqual(['Class maths', 'Amira only']);
  });
});
