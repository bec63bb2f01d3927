// Old app, new server (and new app, old entries): a phone updates only when the family
// taps "Update", so builds meet data and servers from other builds for weeks.
import 'fake-indexeddb/auto';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../data/db.ts';
import { getMeta, saveJoinedDevice } from '../data/meta.ts';
import { markSessionDone } from '../data/outbox.ts';
import { createFakeServer } from '../test/fakeServer.ts';
import { freshDb, ids, pupil, snapshot, testDevice } from '../test/fixtures.ts';
import { createSyncEngine, type SyncEvent } from './engine.ts';

describe('an outbox written by an older build', () => {
  it('is upgraded in place (kind, body version, write order) and delivered as it was queued', async () => {
    const name = `skew-${uuidv7()}`;
    const old = openDatabase(name, 5);
    await old.open();
    await saveJoinedDevice(old, testDevice());
    // Two entries as build 5 stored them: the request's URL, an unversioned body.
    const mark = { id: uuidv7(), sessionId: uuidv7(), pupilId: ids.amira, done: true };
    const markBody = {
      sessionId: mark.sessionId,
      pupilId: ids.amira,
      done: true,
      at: '2026-11-23T09:00:00.000Z',
    };
    const notice = uuidv7();
    const noticeBody = {
      pupilId: ids.amira,
      reason: 'ill',
      from: '2026-11-23',
      to: '2026-11-23',
      note: '',
      revision: 1,
      withdrawnReason: null,
      createdAt: '2026-11-23T08:00:00.000Z',
    };
    const legacy = (id: string, kind: string, recordId: string, path: string, body: unknown) => ({
      id,
      kind,
      recordId,
      method: 'PUT',
      path,
      body,
      createdAt: '2026-11-23T09:00:00.000Z',
      attempts: 2,
      state: 'queued',
      lastError: { code: 'network', message: 'Failed to fetch' },
    });
    const first = '01900000-0000-7000-8000-000000000001';
    const second = '01900000-0000-7000-8000-000000000002';
    await old
      .table('outbox')
      .bulkAdd([
        legacy(second, 'absenceNotice', notice, `/api/v1/absence-notices/${notice}`, noticeBody),
        legacy(
          first,
          'sessionCompletion',
          mark.id,
          `/api/v1/session-completions/${mark.id}`,
          markBody,
        ),
      ]);
    await old.table('sessionCompletions').add({ ...markBody, id: mark.id, delivery: 'saved' });
    old.close();

    const db = openDatabase(name);
    await db.open();
    expect(db.verno).toBe(schemaVersion);
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries.map((e) => [e.recordId, e.seq, e.bodyVersion])).toEqual([
      [mark.id, 1, 1],
      [notice, 2, 1],
    ]);
    expect(entries[0]).not.toHaveProperty('path');
    expect(await db.sessionCompletions.get(mark.id)).toMatchObject({ revision: 0 });

    // A mark made now goes after them, with a revision.
    const now = await markSessionDone(db, {
      pupilId: ids.amira,
      sessionId: mark.sessionId,
      done: false,
    });
    const server = createFakeServer();
    const engine = createSyncEngine({ db, transport: server.transportFor(db) });
    await engine.sync('start');

    expect(await db.outbox.count()).toBe(0);
    const puts = server.state.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => [r.collection, r.id])).toEqual([
      ['session-completions', mark.id],
      ['absence-notices', notice],
      ['session-completions', now],
    ]);
    // The v1 mark goes as it was made (the server places it); the new one knew of it.
    expect(puts[0]?.body).toEqual(markBody);
    expect(puts[2]?.body).toMatchObject({ done: false, revision: 1 });
  });
});

describe('a sync page from a newer server', () => {
  const amira = pupil(ids.amira, 'Amira');
  const futureChanges = [
    { op: 'upsert', entity: 'homeworkBadge', data: { id: uuidv7(), glow: 'gold' } },
    { op: 'upsert', entity: 'pupil', data: { ...pupil(ids.yusuf, 'Yusuf'), keyStage: 'KS9' } },
    { op: 'delete', entity: 'homeworkBadge', id: uuidv7() },
  ];

  it('applies what this build understands, skips and counts the rest, and keeps syncing', async () => {
    const db = await freshDb();
    const server = createFakeServer();
    const page = snapshot({ pupils: [amira] }, 'v2.1');
    server.pages.push({
      ...page,
      changes: [...page.changes, ...futureChanges] as typeof page.changes,
    });
    const engine = createSyncEngine({
      db,
      transport: server.transportFor(db),
      appVersion: '1.0.0',
    });
    const events: SyncEvent[] = [];
    engine.subscribe((e) => events.push(e));
    const mark = await markSessionDone(db, { pupilId: ids.amira, sessionId: uuidv7(), done: true });

    await engine.sync('start');

    expect(events.at(-1)).toMatchObject({ type: 'success', sent: 1 });
    expect(server.stored.has(mark)).toBe(true);
    expect((await db.pupils.toArray()).map((p) => p.displayName)).toEqual(['Amira']);
    expect(await getMeta(db, 'cursor')).toBe('v2.1');
    expect(await getMeta(db, 'syncSkipped')).toMatchObject({
      count: 3,
      byEntity: { homeworkBadge: 2, pupil: 1 },
      appVersion: '1.0.0',
    });

    // The family taps "Update": the new build asks for everything again (it may know them).
    const updated = createSyncEngine({
      db,
      transport: server.transportFor(db),
      appVersion: '1.1.0',
    });
    await updated.sync('start');
    expect(server.state.sinceSeen).toEqual([undefined, undefined]);
    await updated.sync('manual');
    expect(server.state.sinceSeen.at(-1)).toBe('v2.1');
  });

  it('stops, keeps everything and says so when the server no longer answers this version (426)', async () => {
    const db = await freshDb();
    const server = createFakeServer();
    const timers: unknown[] = [];
    const engine = createSyncEngine({
      db,
      transport: server.transportFor(db),
      appVersion: '0.9.0',
      setTimer: (fn) => timers.push(fn),
    });
    const events: SyncEvent[] = [];
    engine.subscribe((e) => events.push(e));
    await markSessionDone(db, { pupilId: ids.amira, sessionId: uuidv7(), done: true });
    server.state.faults.push('outdated');

    await engine.sync('start');

    expect(events.at(-1)).toMatchObject({ type: 'error', kind: 'outdated', retryInMs: null });
    expect(timers).toHaveLength(0);
    expect(await db.outbox.where('state').equals('queued').count()).toBe(1);
    expect(await getMeta(db, 'appTooOld')).toBe('0.9.0');

    await engine.sync('manual'); // the server was rolled back, or took the version again
    expect(await db.outbox.count()).toBe(0);
    expect(await getMeta(db, 'appTooOld')).toBeNull();
  });
});
