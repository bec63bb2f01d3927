import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { SyncResponse } from '../../shared/api.ts';
import type { RewardChart } from '../../shared/schedules.ts';
import { freshDb, ids } from '../test/fixtures.ts';
import type { HomewardDB } from './db.ts';
import { acknowledge, queuedEntries } from './outbox.ts';
import { applySyncPage } from './pull.ts';
import { addToken, loadBoards, markCelebrated, undoToken } from './rewards.ts';
import {
  addLocalMedia,
  copySchedule,
  deleteFamilySchedule,
  getRun,
  markStepDone,
  saveFamilySchedule,
  ScheduleError,
} from './schedules.ts';
import { checkPin, enterChildMode, hasPin, setPin } from './parent.ts';
import { getDevice, saveJoinedDevice } from './meta.ts';

const step = (label: string, code = '1F6BD') => ({
  id: uuidv7(),
  symbol: { kind: 'openmoji' as const, code },
  label,
  minutes: null,
  audioId: null,
});

const page = (changes: SyncResponse['changes'], cursor = 'c2'): SyncResponse => ({
  cursor,
  more: false,
  reset: false,
  changes,
});

function chart(over: Partial<RewardChart> = {}): RewardChart {
  return {
    id: uuidv7(),
    pupilId: ids.amira,
    title: 'Good listening',
    goal: 3,
    reward: { kind: 'openmoji', code: '1F381' },
    rewardLabel: 'Park',
    tokenPerStep: true,
    archived: false,
    madeBy: 'school',
    revision: 1,
    createdAt: '2026-11-23T08:00:00.000Z',
    updatedAt: '2026-11-23T08:00:00.000Z',
    ...over,
  };
}

async function withChart(db: HomewardDB, over: Partial<RewardChart> = {}) {
  const c = chart(over);
  await applySyncPage(db, page([{ op: 'upsert', entity: 'rewardChart', data: c }]), new Date());
  return c;
}

describe('visual schedules on the phone', () => {
  it('saves a family schedule with its outbox entry; a photo symbol is queued before it', async () => {
    const db = await freshDb();
    const mediaId = await addLocalMedia(db, {
      pupilId: ids.amira,
      kind: 'image',
      contentType: 'image/jpeg',
      blob: new Blob([new Uint8Array([0xff, 0xd8, 0xff])]),
      sha256: 'a'.repeat(64),
      bytes: 3,
    });
    const id = await saveFamilySchedule(db, {
      pupilId: ids.amira,
      title: '  Shops ',
      date: null,
      sessionId: null,
      language: 'en',
      steps: [step('Coat'), { ...step('Our car'), symbol: { kind: 'media', mediaId } }],
    });
    const entries = await queuedEntries(db);
    expect(entries.map((e) => e.kind)).toEqual(['media', 'visualSchedule']);
    expect(entries[1]?.body).toMatchObject({ title: 'Shops', revision: 1, deleted: false });
    // A second revision does not queue the photo again, and replaces the unsent first one
    // (the server keeps only the highest revision).
    const saved = await db.schedules.get(id);
    await saveFamilySchedule(db, { ...saved!, title: 'Shops 2' });
    const again = await queuedEntries(db);
    expect(again.map((e) => e.kind)).toEqual(['media', 'visualSchedule']);
    expect(again[1]?.body).toMatchObject({ revision: 2 });
  });

  it('keeps an unsent newer revision over the server copy, and takes the server copy after', async () => {
    const db = await freshDb();
    const id = await saveFamilySchedule(db, {
      pupilId: ids.amira,
      title: 'Mine',
      date: null,
      sessionId: null,
      language: 'en',
      steps: [step('Wash')],
    });
    const local = (await db.schedules.get(id))!;
    const older = { ...local, revision: 0, title: 'Old', delivery: undefined };
    delete older.delivery;
    await applySyncPage(db, page([{ op: 'upsert', entity: 'visualSchedule', data: older }]), new Date());
    expect((await db.schedules.get(id))?.title).toBe('Mine');
    const [entry] = await queuedEntries(db);
    await acknowledge(db, entry!);
    const { delivery: _d, ...server } = { ...local, title: 'Mine' };
    await applySyncPage(db, page([{ op: 'upsert', entity: 'visualSchedule', data: server }]), new Date());
    expect(await db.schedules.get(id)).toMatchObject({ title: 'Mine', delivery: 'delivered' });
  });

  it('refuses to change the school’s schedule, but copies it with new step ids', async () => {
    const db = await freshDb();
    const school = {
      id: uuidv7(),
      pupilId: ids.amira,
      title: 'Today',
      date: '2026-11-23',
      sessionId: null,
      language: 'en',
      steps: [step('Read'), step('Write')],
      madeBy: 'school' as const,
      revision: 3,
      updatedAt: '2026-11-23T07:00:00.000Z',
    };
    await applySyncPage(db, page([{ op: 'upsert', entity: 'visualSchedule', data: school }]), new Date());
    await expect(saveFamilySchedule(db, { ...school, title: 'Mine now' })).rejects.toBeInstanceOf(ScheduleError);
    await expect(deleteFamilySchedule(db, school.id)).rejects.toBeInstanceOf(ScheduleError);
    const copy = await copySchedule(db, school.id, 'Today (ours)');
    const copied = (await db.schedules.get(copy))!;
    expect(copied).toMatchObject({ madeBy: 'family', revision: 1, title: 'Today (ours)' });
    expect(copied.steps.map((s) => s.label)).toEqual(['Read', 'Write']);
    expect(copied.steps.map((s) => s.id)).not.toEqual(school.steps.map((s) => s.id));
  });

  it('deletes a family schedule everywhere: gone here, a deleted revision queued', async () => {
    const db = await freshDb();
    const id = await saveFamilySchedule(db, {
      pupilId: ids.amira,
      title: 'Trip',
      date: null,
      sessionId: null,
      language: 'en',
      steps: [step('Bus')],
    });
    await markStepDone(db, id, '2026-11-23', 'x');
    await deleteFamilySchedule(db, id);
    expect(await db.schedules.get(id)).toBeUndefined();
    expect((await getRun(db, id, '2026-11-23')).doneStepIds).toEqual([]);
    const entries = await queuedEntries(db);
    expect(entries.at(-1)?.body).toMatchObject({ revision: 2, deleted: true });
  });

  it('records steps done per day, once each', async () => {
    const db = await freshDb();
    await markStepDone(db, 's1', '2026-11-23', 'a');
    await markStepDone(db, 's1', '2026-11-23', 'a');
    await markStepDone(db, 's1', '2026-11-23', 'b');
    expect((await getRun(db, 's1', '2026-11-23')).doneStepIds).toEqual(['a', 'b']);
    expect((await getRun(db, 's1', '2026-11-24')).doneStepIds).toEqual([]);
  });
});

describe('reward charts on the phone', () => {
  it('adds tokens with outbox entries and tallies them; undo takes back one', async () => {
    const db = await freshDb();
    const c = await withChart(db);
    const t1 = await addToken(db, { chartId: c.id, pupilId: ids.amira, by: 'child' });
    await addToken(db, { chartId: c.id, pupilId: ids.amira, by: 'parent' });
    await undoToken(db, { chartId: c.id, pupilId: ids.amira, tokenId: t1, by: 'parent' });
    const [board] = await loadBoards(db, ids.amira);
    expect(board?.tally).toMatchObject({ earned: 1, onBoard: 1 });
    expect((await queuedEntries(db)).map((e) => e.kind)).toEqual(['rewardEvent', 'rewardEvent', 'rewardEvent']);
  });

  it('celebrates a reward reached here once, then the board starts again', async () => {
    const db = await freshDb();
    const c = await withChart(db, { goal: 2 });
    await addToken(db, { chartId: c.id, pupilId: ids.amira, by: 'child' });
    await addToken(db, { chartId: c.id, pupilId: ids.amira, by: 'child' });
    let [board] = await loadBoards(db, ids.amira);
    expect(board).toMatchObject({ celebrated: 0, tally: { rewardsReached: 1, onBoard: 0 } });
    await markCelebrated(db, c.id, 1);
    [board] = await loadBoards(db, ids.amira);
    expect(board?.celebrated).toBe(1);
  });

  it('merges the other phone’s tokens from sync without losing or doubling any', async () => {
    const phoneA = await freshDb();
    const phoneB = await freshDb();
    const c = chart({ goal: 10 });
    for (const db of [phoneA, phoneB]) {
      await applySyncPage(db, page([{ op: 'upsert', entity: 'rewardChart', data: c }]), new Date());
    }
    await addToken(phoneA, { chartId: c.id, pupilId: ids.amira, by: 'child' });
    await addToken(phoneA, { chartId: c.id, pupilId: ids.amira, by: 'child' });
    await addToken(phoneB, { chartId: c.id, pupilId: ids.amira, by: 'parent' });
    // Each phone's events reach the other through the server (twice, as a retry would).
    const eventsOf = async (db: HomewardDB) =>
      (await db.rewardEvents.toArray()).map(({ delivery: _d, ...e }) => ({
        op: 'upsert' as const,
        entity: 'rewardEvent' as const,
        data: e,
      }));
    const fromA = await eventsOf(phoneA);
    const fromB = await eventsOf(phoneB);
    await applySyncPage(phoneA, page([...fromB, ...fromB]), new Date());
    await applySyncPage(phoneB, page([...fromA, ...fromA, ...fromB]), new Date());
    const [a] = await loadBoards(phoneA, ids.amira);
    const [b] = await loadBoards(phoneB, ids.amira);
    expect(a?.tally.earned).toBe(3);
    expect(b?.tally).toEqual(a?.tally);
  });
});

describe('parent PIN', () => {
  it('stores only a salted hash and checks it', async () => {
    const db = await freshDb();
    expect(await hasPin(db)).toBe(false);
    await setPin(db, '4821');
    const stored = JSON.stringify(await db.meta.get('parentPin'));
    expect(stored).not.toContain('4821');
    expect(await checkPin(db, '4821')).toBe(true);
    expect(await checkPin(db, '4822')).toBe(false);
    expect(await checkPin(db, '')).toBe(false);
    await expect(setPin(db, '12')).rejects.toThrow('A PIN is 4 to 8 digits.');
  });

  it('is reset (with child mode) by joining again with a new code from the school', async () => {
    const db = await freshDb();
    await setPin(db, '4821');
    await enterChildMode(db, ids.amira);
    const device = await getDevice(db);
    await saveJoinedDevice(db, { ...device!, token: 'token-2' });
    expect(await hasPin(db)).toBe(false);
    expect(await db.meta.get('childMode')).toBeUndefined();
  });
});
