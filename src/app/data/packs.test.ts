import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { SyncResponse } from '../../shared/api.ts';
import type { Pack, PackFile } from '../../shared/packs.ts';
import { installFakeCaches, randomBytes, sha256Hex } from '../test/fakeCaches.ts';
import { freshDb, ids, pupil, session, snapshot, week } from '../test/fixtures.ts';
import { listSessionsForWeek } from './timetable.ts';
import { cachedHashes } from '../net/packFiles.ts';
import { afterSync, downloadPacks, removePackFiles } from '../sync/packDownloads.ts';
import type { HomewardDB } from './db.ts';
import { setMeta } from './meta.ts';
import { acknowledge, queuedEntries } from './outbox.ts';
import {
  getPackView,
  listPacks,
  markActivityDone,
  packsOnPhone,
  requestPaperCopy,
  setAutoDownload,
  setPinned,
} from './packs.ts';
import { addDays, todayIn, weekStartOf } from '../../shared/calendar.ts';
import { applySyncPage } from './pull.ts';

const otherClass = '01900000-0000-7000-8000-00000000000b';
const weekOf = '2026-11-23';

async function fileOf(
  name: string,
  size: number,
): Promise<{ meta: PackFile; bytes: Uint8Array<ArrayBuffer> }> {
  const bytes = randomBytes(size);
  return {
    bytes,
    meta: {
      id: uuidv7(),
      kind: 'pdf',
      name,
      contentType: 'application/pdf',
      bytes: size,
      sha256: await sha256Hex(bytes),
    },
  };
}

function pack(over: Partial<Pack> = {}): Pack {
  return {
    id: uuidv7(),
    classId: ids.classA,
    pupilId: null,
    weekStart: weekOf,
    title: 'Fractions',
    instructionsHtml: '<p>Do <strong>page 2</strong>.</p>',
    links: [],
    activities: [
      { id: uuidv7(), title: 'Read page 1' },
      { id: uuidv7(), title: 'Do page 2' },
    ],
    files: [],
    sessionIds: [],
    stepIds: [],
    publishedAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    ...over,
  };
}

const page = (changes: SyncResponse['changes'], reset = false): SyncResponse => ({
  cursor: `c-${uuidv7()}`,
  more: false,
  reset,
  changes,
});
const upsert = (data: Pack) => ({ op: 'upsert' as const, entity: 'pack' as const, data });

async function withPupils(db: HomewardDB, packs: Pack[]) {
  const snap = snapshot({ pupils: [pupil(ids.amira, 'Amira'), pupil(ids.yusuf, 'Yusuf')] });
  snap.changes.push(...packs.map(upsert));
  await applySyncPage(db, snap, new Date());
}

describe('learning packs on the phone', () => {
  it("lists the class's packs and the child's own, never another child's or class's", async () => {
    const db = await freshDb();
    const forClass = pack({ title: 'Class pack' });
    const forYusuf = pack({ title: 'Yusuf pack', pupilId: ids.yusuf });
    const elsewhere = pack({ title: 'Other class', classId: otherClass });
    await withPupils(db, [forClass, forYusuf, elsewhere]);
    expect((await listPacks(db, ids.amira)).map((p) => p.title)).toEqual(['Class pack']);
    expect((await listPacks(db, ids.yusuf)).map((p) => p.title).toSorted()).toEqual([
      'Class pack',
      'Yusuf pack',
    ]);
    expect(await getPackView(db, forYusuf.id, ids.amira)).toBeNull();
  });

  it('ticks activities off offline, one outbox entry each, latest mark wins', async () => {
    const db = await freshDb();
    const p = pack();
    await withPupils(db, [p]);
    const activity = p.activities[0]!.id;
    await markActivityDone(
      db,
      { packId: p.id, activityId: activity, pupilId: ids.amira, done: true },
      new Date('2026-11-23T10:00:00Z'),
    );
    await markActivityDone(
      db,
      { packId: p.id, activityId: activity, pupilId: ids.amira, done: false },
      new Date('2026-11-23T10:01:00Z'),
    );
    await markActivityDone(
      db,
      { packId: p.id, activityId: activity, pupilId: ids.amira, done: true },
      new Date('2026-11-23T10:02:00Z'),
    );
    const view = await getPackView(db, p.id, ids.amira);
    expect(view?.activities[0]).toMatchObject({ done: true, delivery: 'saved' });
    expect(view?.doneCount).toBe(1);
    // Another child's view of the class pack is its own.
    expect((await getPackView(db, p.id, ids.yusuf))?.doneCount).toBe(0);
    const queued = await queuedEntries(db);
    expect(queued.map((e) => e.kind)).toEqual([
      'activityCompletion',
      'activityCompletion',
      'activityCompletion',
    ]);
    expect(queued[0]).toMatchObject({ kind: 'activityCompletion', bodyVersion: 2 });
    // Each mark carries one more than the latest the phone knew for that activity.
    expect(queued.map((e) => (e.body as { revision: number }).revision)).toEqual([1, 2, 3]);
    for (const entry of queued) await acknowledge(db, entry);
    expect((await getPackView(db, p.id, ids.amira))?.activities[0]?.delivery).toBe('delivered');
  });

  it('a paper-copy request waits in the outbox and shows "posted" once the school says so', async () => {
    const db = await freshDb();
    const p = pack();
    await withPupils(db, [p]);
    const id = await requestPaperCopy(db, { packId: p.id, pupilId: ids.amira, note: '  no printer ' });
    const [entry] = await queuedEntries(db);
    expect(entry).toMatchObject({ kind: 'paperRequest', recordId: id });
    expect(entry?.body).toMatchObject({ note: 'no printer', packId: p.id });
    // A snapshot (reset) keeps the unsent request.
    await withPupils(db, [p]);
    expect((await getPackView(db, p.id, ids.amira))?.paperRequests).toHaveLength(1);
    await acknowledge(db, entry!);
    await applySyncPage(
      db,
      page([
        {
          op: 'upsert',
          entity: 'paperRequest',
          data: {
            id,
            packId: p.id,
            pupilId: ids.amira,
            note: 'no printer',
            createdAt: (entry!.body as { createdAt: string }).createdAt,
            receivedAt: '2026-11-23T11:00:00.000Z',
            postedAt: '2026-11-24T09:00:00.000Z',
          },
        },
      ]),
      new Date(),
    );
    const [request] = (await getPackView(db, p.id, ids.amira))!.paperRequests;
    expect(request).toMatchObject({ postedAt: '2026-11-24T09:00:00.000Z', delivery: 'delivered' });
  });

  it("shows each session's packs on the timetable, for the right child", async () => {
    const db = await freshDb();
    const maths = session({ subject: 'Maths' });
    const art = session({ subject: 'Art', startTime: '10:00', endTime: '10:45' });
    const snap = snapshot({
      pupils: [pupil(ids.amira, 'Amira'), pupil(ids.yusuf, 'Yusuf')],
      weeks: [week()],
      sessions: [maths, art],
    });
    snap.changes.push(
      upsert(pack({ title: 'Fractions', sessionIds: [maths.id] })),
      upsert(pack({ title: 'Yusuf only', pupilId: ids.yusuf, sessionIds: [maths.id, art.id] })),
    );
    await applySyncPage(db, snap, new Date());
    const forAmira = await listSessionsForWeek(db, ids.week, ids.amira);
    expect(forAmira.map((s) => s.packs.map((p) => p.title))).toEqual([['Fractions'], []]);
    const forYusuf = await listSessionsForWeek(db, ids.week, ids.yusuf);
    expect(forYusuf.map((s) => s.packs.map((p) => p.title).toSorted())).toEqual([
      ['Fractions', 'Yusuf only'],
      ['Yusuf only'],
    ]);
  });

  it('a withdrawn pack leaves the phone', async () => {
    const db = await freshDb();
    const p = pack();
    await withPupils(db, [p]);
    await applySyncPage(db, page([{ op: 'delete', entity: 'pack', id: p.id }]), new Date());
    expect(await listPacks(db, ids.amira)).toEqual([]);
  });
});

describe('keeping pack files', () => {
  const served = new Map<string, Uint8Array>();
  let fetched: string[] = [];
  beforeEach(() => {
    installFakeCaches();
    served.clear();
    fetched = [];
    vi.stubGlobal('fetch', async (input: string) => {
      const sha = input.split('/').pop() ?? '';
      fetched.push(sha);
      const bytes = served.get(sha);
      return bytes ? new Response(bytes.slice()) : new Response('{}', { status: 404 });
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  const serve = (...files: Array<{ meta: PackFile; bytes: Uint8Array<ArrayBuffer> }>) => {
    for (const f of files) served.set(f.meta.sha256, f.bytes);
  };

  it('"Download this week" keeps the week: a changed file comes again alone, the old copy goes', async () => {
    const db = await freshDb();
    const sheet = await fileOf('Sheet.pdf', 30_000);
    const picture = await fileOf('Picture.pdf', 10_000);
    const p = pack({ files: [sheet.meta, picture.meta] });
    serve(sheet, picture);
    await withPupils(db, [p]);
    await downloadPacks(db, [p], { keepWeek: weekOf });
    expect(await cachedHashes()).toEqual(new Set([sheet.meta.sha256, picture.meta.sha256]));
    expect((await packsOnPhone(db))[0]?.storedBytes).toBe(40_000);

    // The school replaces the worksheet: same file id, new bytes, new hash.
    const sheet2 = await fileOf('Sheet.pdf', 32_000);
    const changed = { ...p, files: [{ ...sheet2.meta, id: sheet.meta.id }, picture.meta] };
    serve(sheet2);
    await applySyncPage(db, page([upsert(changed)]), new Date());
    fetched = [];
    await afterSync(db);
    expect(fetched).toEqual([sheet2.meta.sha256]);
    expect(await cachedHashes()).toEqual(new Set([sheet2.meta.sha256, picture.meta.sha256]));
    expect(await db.storedFiles.get(sheet.meta.sha256)).toBeUndefined();

    // And again with nothing changed: nothing fetched.
    fetched = [];
    await afterSync(db);
    expect(fetched).toEqual([]);
  });

  it('on Wi-Fi (where the phone can tell) this week and next week come without asking', async () => {
    vi.stubGlobal('navigator', { userAgent: 'test', connection: { type: 'wifi' } });
    const db = await freshDb();
    const thisWeek = weekStartOf(todayIn('Europe/London'));
    const files = await Promise.all(['a', 'b', 'c', 'd'].map((n) => fileOf(`${n}.pdf`, 2_000)));
    serve(...files);
    const [now, next, later, noWeek] = files.map((f) => f.meta);
    await withPupils(db, [
      pack({ weekStart: thisWeek, files: [now!] }),
      pack({ weekStart: addDays(thisWeek, 7), files: [next!] }),
      pack({ weekStart: addDays(thisWeek, 21), files: [later!] }),
      pack({ weekStart: null, files: [noWeek!] }),
    ]);
    await afterSync(db);
    expect(fetched.toSorted()).toEqual([now!.sha256, next!.sha256].toSorted());

    // The family turned it off: a new pack this week waits for "Download this week".
    await setAutoDownload(db, false);
    const extra = await fileOf('e.pdf', 2_000);
    serve(extra);
    await applySyncPage(db, page([upsert(pack({ weekStart: thisWeek, files: [extra.meta] }))]), new Date());
    fetched = [];
    await afterSync(db);
    expect(fetched).toEqual([]);
  });

  it('keeps the PDF reader on the phone while a PDF is (after an app update too)', async () => {
    const db = await freshDb();
    const sheet = await fileOf('Sheet.pdf', 3_000);
    serve(sheet);
    const p = pack({ files: [sheet.meta] });
    await withPupils(db, [p]);
    let warmed = 0;
    const warmPdfViewer = async () => {
      warmed += 1;
    };
    await afterSync(db, { warmPdfViewer });
    expect(warmed).toBe(0); // no PDF on the phone: no reader either
    await downloadPacks(db, [p], { keepWeek: weekOf, warmPdfViewer });
    expect(warmed).toBe(1); // with the download
    await afterSync(db, { warmPdfViewer });
    expect(warmed).toBe(2); // and after each sync (the caller skips it when cached)
  });

  it('a pack not kept is not fetched behind the family’s back (not on Wi-Fi)', async () => {
    const db = await freshDb();
    const sheet = await fileOf('Sheet.pdf', 5_000);
    serve(sheet);
    await withPupils(db, [pack({ files: [sheet.meta] })]);
    await afterSync(db);
    expect(fetched).toEqual([]);
  });

  it('a kept (pinned) pack is fetched; removing its files stops keeping it', async () => {
    const db = await freshDb();
    const sheet = await fileOf('Sheet.pdf', 5_000);
    const p = pack({ weekStart: null, files: [sheet.meta] });
    serve(sheet);
    await withPupils(db, [p]);
    await setPinned(db, p.id, true);
    await afterSync(db);
    expect(await cachedHashes()).toEqual(new Set([sheet.meta.sha256]));
    expect(await removePackFiles(db, [p])).toBe(5_000);
    expect(await cachedHashes()).toEqual(new Set());
    expect(await db.packPins.count()).toBe(0);
    fetched = [];
    await afterSync(db);
    expect(fetched).toEqual([]);
  });

  it('files of a pack the school withdrew are removed', async () => {
    const db = await freshDb();
    const sheet = await fileOf('Sheet.pdf', 5_000);
    const p = pack({ files: [sheet.meta] });
    serve(sheet);
    await withPupils(db, [p]);
    await setMeta(db, 'packWeeks', [weekOf]);
    await afterSync(db);
    expect(await cachedHashes()).toEqual(new Set([sheet.meta.sha256]));
    await applySyncPage(db, page([{ op: 'delete', entity: 'pack', id: p.id }]), new Date());
    await afterSync(db);
    expect(await cachedHashes()).toEqual(new Set());
    expect(await db.storedFiles.count()).toBe(0);
  });
});
