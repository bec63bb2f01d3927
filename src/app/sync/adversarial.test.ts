// Adversarial tests of the outbox: for EVERY kind of family write, an entry whose local data
// is gone, whose body no longer reads, that the server refuses for good, or that meets a
// server error that passes. Each time the queue must drain around it: the healthy entry
// written after it is delivered in the same sync, and the bad one is set aside with a
// reason (or delivered once the server recovers) — never a stuck queue.
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { HomewardDB, OutboxEntry, OutboxKind } from '../data/db.ts';
import { markSessionDone } from '../data/outbox.ts';
import { markActivityDone, requestPaperCopy } from '../data/packs.ts';
import { saveAbsenceNotice } from '../data/absences.ts';
import { addToken, saveChart } from '../data/rewards.ts';
import { addLocalMedia, queueNewMedia, saveFamilySchedule } from '../data/schedules.ts';
import { queueSubmission } from '../data/submissions.ts';
import { HttpError } from '../net/http.ts';
import { createFakeServer } from '../test/fakeServer.ts';
import { chartDraft, freshDb, ids } from '../test/fixtures.ts';
import { createSyncEngine } from './engine.ts';

const bytes = (n: number, fill: number) => new Blob([new Uint8Array(n).fill(fill)]);
const sha = (fill: number) => fill.toString(16).padStart(2, '0').repeat(32);

/** Writes one entry of the kind through the app's own data layer; returns its record id. */
const writers: Record<OutboxKind, (db: HomewardDB) => Promise<string>> = {
  sessionCompletion: (db) =>
    markSessionDone(db, { pupilId: ids.amira, sessionId: uuidv7(), done: true }),
  absenceNotice: (db) =>
    saveAbsenceNotice(
      db,
      { pupilId: ids.amira, reason: 'ill', from: '2026-11-23', to: '2026-11-23', note: '' },
      null,
    ),
  submission: (db) =>
    queueSubmission(db, {
      pupilId: ids.amira,
      sessionId: null,
      note: 'Page 4',
      pages: [{ blob: bytes(300, 7), sha256: sha(7), bytes: 300, width: 10, height: 10 }],
    }),
  media: async (db) => {
    const id = await addLocalMedia(db, {
      pupilId: ids.amira,
      kind: 'image',
      contentType: 'image/jpeg',
      blob: bytes(200, 9),
      sha256: sha(9),
      bytes: 200,
    });
    await db.transaction('rw', db.media, db.outbox, () => queueNewMedia(db, [id], new Date()));
    return id;
  },
  visualSchedule: (db) =>
    saveFamilySchedule(db, {
      pupilId: ids.amira,
      title: 'Shops',
      date: null,
      sessionId: null,
      language: 'en',
      steps: [
        {
          id: uuidv7(),
          symbol: { kind: 'openmoji', code: '1F6BD' },
          label: 'Coat',
          minutes: null,
          audioId: null,
        },
      ],
    }),
  rewardChart: (db) => saveChart(db, chartDraft),
  rewardEvent: async (db) => {
    // A chart the school already has (delivered), so the star depends on nothing queued.
    const chartId = uuidv7();
    await db.rewardCharts.put({
      id: chartId,
      pupilId: ids.amira,
      title: 'Listening',
      goal: 3,
      reward: { kind: 'openmoji', code: '1F381' },
      rewardLabel: 'Park',
      tokenPerStep: false,
      archived: false,
      madeBy: 'school',
      revision: 1,
      createdAt: '2026-11-23T08:00:00.000Z',
      updatedAt: '2026-11-23T08:00:00.000Z',
      delivery: 'delivered',
    });
    return addToken(db, { chartId, pupilId: ids.amira, by: 'parent' });
  },
  activityCompletion: (db) =>
    markActivityDone(db, {
      packId: uuidv7(),
      activityId: uuidv7(),
      pupilId: ids.amira,
      done: true,
    }),
  paperRequest: (db) =>
    requestPaperCopy(db, { packId: uuidv7(), pupilId: ids.amira, note: 'No printer' }),
};

const kinds = Object.keys(writers) as OutboxKind[];

/** What sending needs that is not in the entry itself, taken away. */
async function loseLocalData(db: HomewardDB, kind: OutboxKind, recordId: string) {
  if (kind === 'submission')
    await db.submissionPages.where('submissionId').equals(recordId).delete();
  else if (kind === 'media') await db.media.update(recordId, { blob: null });
  else {
    const table = {
      sessionCompletion: db.sessionCompletions,
      absenceNotice: db.absenceNotices,
      visualSchedule: db.schedules,
      rewardChart: db.rewardCharts,
      rewardEvent: db.rewardEvents,
      activityCompletion: db.activityCompletions,
      paperRequest: db.paperRequests,
    }[kind];
    await table.delete(recordId);
  }
}

async function setup(kind: OutboxKind) {
  const db = await freshDb();
  const server = createFakeServer();
  const timers: Array<() => void> = [];
  const engine = createSyncEngine({
    db,
    transport: server.transportFor(db),
    random: () => 0.5,
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => {},
  });
  const recordId = await writers[kind](db);
  const [entry] = await db.outbox.where('recordId').equals(recordId).toArray();
  // Written after the bad one: it must not wait behind it.
  const healthy = await markSessionDone(db, {
    pupilId: ids.amira,
    sessionId: uuidv7(),
    done: true,
  });
  return { db, server, engine, timers, recordId, entry: entry as OutboxEntry, healthy };
}

const tried = (server: ReturnType<typeof createFakeServer>, id: string) =>
  server.state.requests.filter((r) => r.id === id).length;

describe.each(kinds)('an outbox entry of kind %s', (kind) => {
  it('whose local data is gone never stops the queue', async () => {
    const { db, server, engine, recordId, healthy } = await setup(kind);
    await loseLocalData(db, kind, recordId);
    await engine.sync('manual');
    expect(server.stored.has(healthy)).toBe(true);
    // Photos, pictures and clips: their bytes were the point, so the entry is set aside
    // with a reason the family can act on, nothing half-sent. Every other kind carries all
    // its request needs in the entry: it is delivered all the same.
    const needsBytes = kind === 'submission' || kind === 'media';
    const reason = kind === 'submission' ? 'missing_pages' : 'missing_bytes';
    const setAside = { recordId, state: 'rejected', lastError: { code: reason, fault: 'local' } };
    expect(await db.outbox.toArray()).toMatchObject(needsBytes ? [setAside] : []);
    expect(server.stored.has(recordId)).toBe(!needsBytes);
    expect(tried(server, recordId) > 0).toBe(!needsBytes);
  });

  it('whose body no longer reads is set aside, and the rest go', async () => {
    const { db, server, engine, entry, recordId, healthy } = await setup(kind);
    await db.outbox.update(entry.id, { body: { nonsense: true } });
    await engine.sync('manual');
    expect(server.stored.has(healthy)).toBe(true);
    expect(tried(server, recordId)).toBe(0);
    expect(await db.outbox.toArray()).toEqual([
      expect.objectContaining({
        recordId,
        state: 'rejected',
        lastError: expect.objectContaining({ code: 'unreadable_body', fault: 'local' }),
      }),
    ]);
  });

  it('written by a build whose body version this one cannot read is set aside', async () => {
    const { db, server, engine, entry, recordId, healthy } = await setup(kind);
    await db.outbox.update(entry.id, { bodyVersion: 99 });
    await engine.sync('manual');
    expect(server.stored.has(healthy)).toBe(true);
    expect(tried(server, recordId)).toBe(0);
    expect(await db.outbox.get(entry.id)).toMatchObject({
      state: 'rejected',
      lastError: { code: 'unreadable_body' },
    });
  });

  it('that the server refuses for good is set aside once, not retried', async () => {
    const { db, server, engine, entry, recordId, healthy, timers } = await setup(kind);
    server.state.rules.push((r) =>
      r.id === recordId ? new HttpError(422, 'bad_request', 'That will never do.') : undefined,
    );
    await engine.sync('manual');
    expect(server.stored.has(healthy)).toBe(true);
    expect(await db.outbox.get(entry.id)).toMatchObject({
      state: 'rejected',
      attempts: 1,
      lastError: { code: 'bad_request', fault: 'refused', message: 'That will never do.' },
    });
    expect(timers).toHaveLength(0); // nothing to retry
    await engine.sync('manual');
    expect(tried(server, recordId)).toBe(1);
  });

  it('that meets a server error lets the others go, then is delivered when it passes', async () => {
    const { db, server, engine, entry, recordId, healthy, timers } = await setup(kind);
    let failing = true;
    server.state.rules.push((r) => {
      if (r.id !== recordId || !failing) return undefined;
      failing = false;
      return new HttpError(500, 'server_error', 'Something went wrong.');
    });
    await engine.sync('manual');
    expect(server.stored.has(healthy)).toBe(true);
    expect(await db.outbox.get(entry.id)).toMatchObject({
      state: 'queued',
      attempts: 1,
      lastError: { code: 'server_error', fault: 'server' },
    });
    expect(timers).toHaveLength(1); // a retry is on its way
    timers.shift()?.();
    await engine.whenIdle();
    expect(await db.outbox.count()).toBe(0);
    expect(server.stored.has(recordId)).toBe(true);
  });
});
