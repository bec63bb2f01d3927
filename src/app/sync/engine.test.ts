import { describe, expect, it } from 'vitest';
import { getMeta } from '../data/meta.ts';
import { markSessionDone } from '../data/outbox.ts';
import { listSessionsForWeek } from '../data/timetable.ts';
import { createFakeServer } from '../test/fakeServer.ts';
import { freshDb, ids, pupil, session, snapshot, week } from '../test/fixtures.ts';
import { createSyncEngine, localLocks, type SyncEvent } from './engine.ts';

function manualTimers() {
  const timers: Array<{ fn: () => void; ms: number }> = [];
  return {
    timers,
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, ms };
      timers.push(t);
      return t;
    },
    clearTimer: (h: unknown) => {
      const i = timers.indexOf(h as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
  };
}

async function setup() {
  const db = await freshDb();
  const server = createFakeServer();
  const timers = manualTimers();
  const events: SyncEvent[] = [];
  const engine = createSyncEngine({
    db,
    transport: server.transport,
    random: () => 0.5,
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
  });
  engine.subscribe((e) => events.push(e));
  return { db, server, timers, events, engine };
}

const s1 = session({ startTime: '09:00' });
const s2 = session({ startTime: '10:00', subject: 'English' });

describe('sync engine', () => {
  it('sends queued writes oldest first, marks them delivered, then pulls', async () => {
    const { db, server, engine, events } = await setup();
    // Not a reset: a reset snapshot would also carry the (then delivered) marks.
    server.pages.push({
      ...snapshot({ pupils: [pupil(ids.amira, 'Amira')], weeks: [week()], sessions: [s1, s2] }),
      reset: false,
    });
    const first = await markSessionDone(db, { pupilId: ids.amira, sessionId: s1.id, done: true });
    const second = await markSessionDone(db, { pupilId: ids.amira, sessionId: s2.id, done: true });

    await engine.sync('manual');

    expect([...server.stored.keys()]).toEqual([first, second]);
    expect(await db.outbox.count()).toBe(0);
    const sessions = await listSessionsForWeek(db, ids.week, ids.amira);
    expect(sessions.map((s) => [s.subject, s.done, s.delivery])).toEqual([
      ['Maths', true, 'delivered'],
      ['English', true, 'delivered'],
    ]);
    expect(await getMeta(db, 'cursor')).toBe('v1.10');
    expect(events.at(-1)).toMatchObject({ type: 'success', sent: 2 });
  });

  it('keeps an entry until the server acknowledges it, and retries with backoff', async () => {
    const { db, server, engine, events, timers } = await setup();
    await markSessionDone(db, { pupilId: ids.amira, sessionId: s1.id, done: true });
    server.state.faults.push('network');

    await engine.sync('manual');
    expect(await db.outbox.count()).toBe(1);
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ attempts: 1, state: 'queued', lastError: { code: 'network' } });
    expect(events.at(-1)).toMatchObject({ type: 'error', kind: 'offline', retryInMs: 1500 });
    expect(timers.timers).toHaveLength(1);

    // Second failure (server down): the wait doubles.
    server.state.faults.push('server');
    await engine.sync('retry');
    expect(events.at(-1)).toMatchObject({ type: 'error', kind: 'server', retryInMs: 3000 });
    expect(timers.timers).toHaveLength(1); // one pending retry, never a pile of them

    await engine.sync('retry');
    expect(await db.outbox.count()).toBe(0);
    expect(server.stored.size).toBe(1);
    engine.resetBackoff();
    expect(timers.timers).toHaveLength(0);
  });

  it('never waits longer than the ceiling, and jitter spreads the retries', async () => {
    const db = await freshDb();
    const server = createFakeServer();
    const delays: number[] = [];
    let r = 0;
    const engine = createSyncEngine({
      db,
      transport: server.transport,
      random: () => (r++ % 2 === 0 ? 0 : 0.999),
      setTimer: (_fn, ms) => delays.push(ms),
      clearTimer: () => {},
      backoff: { baseMs: 1000, maxMs: 8000 },
    });
    for (let i = 0; i < 8; i += 1) {
      server.state.faults.push('network');
      await engine.sync('retry');
    }
    expect(Math.max(...delays)).toBeLessThanOrEqual(8000);
    expect(delays[0]).toBe(500);
    expect(delays.slice(-2)).toEqual([4000, 7996]);
  });

  it('delivers exactly once when the response is lost after the server committed', async () => {
    const { db, server, engine } = await setup();
    const id = await markSessionDone(db, { pupilId: ids.amira, sessionId: s1.id, done: true });
    server.state.faults.push('lost-response');

    await engine.sync('manual');
    expect(server.stored.has(id)).toBe(true); // the server has it…
    expect(await db.outbox.count()).toBe(1); // …but the phone could not know

    await engine.sync('retry'); // the repeat is answered with the stored result
    expect(await db.outbox.count()).toBe(0);
    expect(server.stored.size).toBe(1);
    expect(server.state.sendCalls).toBe(2);
  });

  it('runs one drain at a time: concurrent triggers on a slow server send each entry once', async () => {
    const { db, server, engine } = await setup();
    server.state.delayMs = 20;
    await markSessionDone(db, { pupilId: ids.amira, sessionId: s1.id, done: true });

    const runs = [engine.sync('start'), engine.sync('online'), engine.sync('visible')];
    // A write that arrives mid-drain is picked up by the one extra run that follows.
    await markSessionDone(db, { pupilId: ids.amira, sessionId: s2.id, done: true });
    const late = engine.sync('write');
    await Promise.all([...runs, late]);

    expect(server.state.sendCalls).toBe(2);
    expect(server.stored.size).toBe(2);
    expect(await db.outbox.count()).toBe(0);
  });

  it('two tabs (two engines, one lock) never send an entry twice', async () => {
    const db = await freshDb();
    const server = createFakeServer();
    server.state.delayMs = 10;
    const locks = localLocks();
    const a = createSyncEngine({ db, transport: server.transport, locks });
    const b = createSyncEngine({ db, transport: server.transport, locks });
    for (let i = 0; i < 5; i += 1) {
      await markSessionDone(db, { pupilId: ids.amira, sessionId: session().id, done: true });
    }
    await Promise.all([a.sync('start'), b.sync('start')]);
    expect(server.state.sendCalls).toBe(5);
    expect(server.stored.size).toBe(5);
  });

  it('keeps a refused entry visible and still sends the others', async () => {
    const { db, server, engine } = await setup();
    const refused = await markSessionDone(db, { pupilId: ids.amira, sessionId: s1.id, done: true });
    const fine = await markSessionDone(db, { pupilId: ids.amira, sessionId: s2.id, done: true });
    server.stored.set(refused, '{"different":true}');

    await engine.sync('manual');

    expect(server.stored.has(fine)).toBe(true);
    const left = await db.outbox.toArray();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({
      recordId: refused,
      state: 'rejected',
      lastError: { code: 'conflict' },
    });
    expect(await db.sessionCompletions.get(refused)).toMatchObject({ delivery: 'saved' });
  });

  it('stops and says so when the school removed this phone, keeping unsent work', async () => {
    const { db, server, engine, events, timers } = await setup();
    await markSessionDone(db, { pupilId: ids.amira, sessionId: s1.id, done: true });
    server.state.faults.push('revoked');

    await engine.sync('manual');

    expect(events.at(-1)).toMatchObject({ type: 'error', kind: 'revoked', retryInMs: null });
    expect(await getMeta(db, 'revoked')).toBe(true);
    expect(await db.outbox.count()).toBe(1);
    expect(timers.timers).toHaveLength(0);
    await engine.sync('manual'); // no more requests once revoked
    expect(server.state.sendCalls).toBe(1);
  });

  it('pulls every page, and applying the same page twice changes nothing', async () => {
    const { db, server, engine } = await setup();
    const first = snapshot({ pupils: [pupil(ids.amira, 'Amira')], weeks: [week()] }, 'v1.5');
    server.pages.push({ ...first, more: true });
    server.pages.push({
      cursor: 'v1.9',
      more: false,
      reset: false,
      changes: [{ op: 'upsert', entity: 'timetableSession', data: s1 }],
    });
    await engine.sync('start');
    expect(server.state.sinceSeen).toEqual([undefined, 'v1.5']);
    expect(await db.timetableSessions.count()).toBe(1);

    // The server answers the same page again (a retried request): still one session.
    server.pages.push({
      cursor: 'v1.9b',
      more: false,
      reset: false,
      changes: [{ op: 'upsert', entity: 'timetableSession', data: s1 }],
    });
    await engine.sync('manual');
    expect(await db.timetableSessions.count()).toBe(1);
    expect(await getMeta(db, 'cursor')).toBe('v1.9b');
  });

  it('applies deletions, and a reset replaces server data but keeps unsent marks', async () => {
    const { db, server, engine } = await setup();
    server.pages.push(
      snapshot(
        {
          pupils: [pupil(ids.amira, 'Amira'), pupil(ids.yusuf, 'Yusuf')],
          weeks: [week()],
          sessions: [s1, s2],
        },
        'v1.1',
      ),
    );
    await engine.sync('start');
    server.pages.push({
      cursor: 'v1.2',
      more: false,
      reset: false,
      changes: [{ op: 'delete', entity: 'timetableSession', id: s2.id }],
    });
    await engine.sync('manual');
    expect((await db.timetableSessions.toArray()).map((s) => s.id)).toEqual([s1.id]);

    server.state.faults.push('network', 'network'); // offline: the mark stays local
    const unsent = await markSessionDone(db, { pupilId: ids.amira, sessionId: s1.id, done: true });
    await engine.sync('manual');
    // Yusuf moved to the other household: the server sends a fresh snapshot.
    server.pages.push(
      snapshot({ pupils: [pupil(ids.amira, 'Amira')], weeks: [week()], sessions: [s1] }, 'v2.7'),
    );
    server.state.faults.length = 0;
    server.stored.set(unsent, 'x'); // make the send fail for good, so the mark stays unsent
    await engine.sync('manual');
    expect((await db.pupils.toArray()).map((p) => p.displayName)).toEqual(['Amira']);
    expect(await db.sessionCompletions.get(unsent)).toMatchObject({ delivery: 'saved' });
  });

  it('leaves held entries queued (data saver) and still sends the others', async () => {
    const db = await freshDb();
    const server = createFakeServer();
    const held = await markSessionDone(db, { pupilId: ids.amira, sessionId: s1.id, done: true });
    const sent = await markSessionDone(db, { pupilId: ids.amira, sessionId: s2.id, done: true });
    const engine = createSyncEngine({
      db,
      transport: server.transport,
      hold: (entry) => entry.recordId === held,
    });
    await engine.sync('manual');
    expect(server.stored.has(sent)).toBe(true);
    expect(server.stored.has(held)).toBe(false);
    expect((await db.outbox.toArray()).map((e) => e.recordId)).toEqual([held]);
  });

  it('tells the school what it still holds after the drain: count and age of the oldest', async () => {
    const db = await freshDb();
    const server = createFakeServer();
    const held = await markSessionDone(db, { pupilId: ids.amira, sessionId: s1.id, done: true });
    await markSessionDone(db, { pupilId: ids.amira, sessionId: s2.id, done: true });
    const made = Date.parse((await db.outbox.toArray())[0]?.createdAt ?? '');
    const reports: unknown[] = [];
    const engine = createSyncEngine({
      db,
      transport: {
        ...server.transport,
        pull: (since, token, outbox) => {
          reports.push(outbox);
          return server.transport.pull!(since, token, outbox);
        },
      },
      hold: (entry) => entry.recordId === held,
      now: () => new Date(made + 90 * 60_000),
    });
    await engine.sync('manual');
    // The delivered mark is not counted; the held one is, 90 minutes old.
    expect(reports).toEqual([{ count: 1, ageSeconds: 5400 }]);

    await db.outbox.clear();
    await engine.sync('manual');
    expect(reports.at(-1)).toEqual({ count: 0, ageSeconds: 0 });
  });

  it('does nothing before the phone has joined', async () => {
    const db = await freshDb(false);
    const server = createFakeServer();
    const engine = createSyncEngine({ db, transport: server.transport });
    await engine.sync('start');
    expect(server.state.pullCalls).toBe(0);
  });
});
