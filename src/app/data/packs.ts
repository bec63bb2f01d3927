// Learning packs on the phone: which packs a child has, which of their activities are done,
// paper-copy requests (family writes, each with its outbox entry in one transaction), which
// files are stored here and which packs the family keeps ("pinned").
import type {
  ActivityCompletionBody,
  Pack,
  PackFile,
  PaperRequestBody,
} from '../../shared/packs.ts';
import type {
  DeliveryState,
  HomewardDB,
  LocalActivityCompletion,
  LocalPaperRequest,
  StoredFile,
} from './db.ts';
import { enqueue, newId } from './outbox.ts';
import { latestMark, nextRevision } from './marks.ts';

export type ActivityState = { done: boolean; delivery: DeliveryState | null };

export type PackView = Omit<Pack, 'activities'> & {
  /** Latest mark per activity id (absent: never marked). */
  activities: Array<Pack['activities'][number] & ActivityState>;
  doneCount: number;
  /** Bytes of its files, and of those already on this phone. */
  bytes: number;
  storedBytes: number;
  pinned: boolean;
  paperRequests: LocalPaperRequest[];
};

/** Packs for one child: the class's and the child's own, newest week first. */
export async function listPacks(db: HomewardDB, pupilId: string): Promise<PackView[]> {
  const pupil = await db.pupils.get(pupilId);
  if (!pupil) return [];
  const [packs, marks, stored, pins, requests] = await Promise.all([
    db.packs.where('classId').equals(pupil.classId).toArray(),
    db.activityCompletions.where('pupilId').equals(pupilId).toArray(),
    db.storedFiles.toArray(),
    db.packPins.toArray(),
    db.paperRequests.where('pupilId').equals(pupilId).toArray(),
  ]);
  const context = {
    marks,
    stored: new Set(stored.map((f) => f.sha256)),
    pinned: new Set(pins.map((p) => p.packId)),
    requests,
  };
  return packs
    .filter((p) => p.pupilId === null || p.pupilId === pupilId)
    .map((p) => viewOf(p, context))
    .toSorted(
      (a, b) =>
        (b.weekStart ?? '').localeCompare(a.weekStart ?? '') || a.title.localeCompare(b.title),
    );
}

/** One pack as one child sees it; null when it is not (or no longer) on the phone. */
export async function getPackView(
  db: HomewardDB,
  packId: string,
  pupilId: string,
): Promise<PackView | null> {
  const pack = await db.packs.get(packId);
  if (!pack || (pack.pupilId !== null && pack.pupilId !== pupilId)) return null;
  const [marks, stored, pin, requests] = await Promise.all([
    db.activityCompletions.where('packId').equals(packId).toArray(),
    db.storedFiles.bulkGet(pack.files.map((f) => f.sha256)),
    db.packPins.get(packId),
    db.paperRequests.where('packId').equals(packId).toArray(),
  ]);
  return viewOf(pack, {
    marks: marks.filter((m) => m.pupilId === pupilId),
    stored: new Set(stored.flatMap((f) => (f ? [f.sha256] : []))),
    pinned: new Set(pin ? [packId] : []),
    requests: requests.filter((r) => r.pupilId === pupilId),
  });
}

function viewOf(
  pack: Pack,
  c: {
    marks: LocalActivityCompletion[];
    stored: Set<string>;
    pinned: Set<string>;
    requests: LocalPaperRequest[];
  },
): PackView {
  const byActivity = new Map<string, LocalActivityCompletion[]>();
  for (const m of c.marks) {
    if (m.packId !== pack.id) continue;
    byActivity.set(m.activityId, [...(byActivity.get(m.activityId) ?? []), m]);
  }
  const activities = pack.activities.map((a) => {
    const latest = latestMark(byActivity.get(a.id) ?? []);
    return { ...a, done: latest?.done ?? false, delivery: latest?.delivery ?? null };
  });
  const bytes = pack.files.reduce((sum, f) => sum + f.bytes, 0);
  const storedBytes = pack.files.reduce((sum, f) => sum + (c.stored.has(f.sha256) ? f.bytes : 0), 0);
  return {
    ...pack,
    activities,
    doneCount: activities.filter((a) => a.done).length,
    bytes,
    storedBytes,
    pinned: c.pinned.has(pack.id),
    paperRequests: c.requests
      .filter((r) => r.packId === pack.id)
      .toSorted((a, b) => b.createdAt.localeCompare(a.createdAt)),
  };
}

/** Ticks an activity off (or back on), offline; the outbox delivers it once. */
export async function markActivityDone(
  db: HomewardDB,
  input: { packId: string; activityId: string; pupilId: string; done: boolean },
  now = new Date(),
): Promise<string> {
  const id = newId();
  await db.transaction('rw', db.activityCompletions, db.outbox, async () => {
    const marks = await db.activityCompletions
      .where('packId')
      .equals(input.packId)
      .filter((m) => m.pupilId === input.pupilId && m.activityId === input.activityId)
      .toArray();
    const body: ActivityCompletionBody = {
      ...input,
      at: now.toISOString(),
      revision: nextRevision(marks),
    };
    await db.activityCompletions.add({ id, ...body, delivery: 'saved' });
    await enqueue(db, 'activityCompletion', id, body, now);
  });
  return id;
}

/** "Please post us a paper copy", queued for the school. */
export async function requestPaperCopy(
  db: HomewardDB,
  input: { packId: string; pupilId: string; note: string },
  now = new Date(),
): Promise<string> {
  const id = newId();
  const body: PaperRequestBody = {
    packId: input.packId,
    pupilId: input.pupilId,
    note: input.note.trim().slice(0, 500),
    createdAt: now.toISOString(),
  };
  await db.transaction('rw', db.paperRequests, db.outbox, async () => {
    await db.paperRequests.add({
      id,
      ...body,
      receivedAt: null,
      postedAt: null,
      delivery: 'saved',
    });
    await enqueue(db, 'paperRequest', id, body, now);
  });
  return id;
}

export async function setPinned(
  db: HomewardDB,
  packId: string,
  pinned: boolean,
  now = new Date(),
): Promise<void> {
  if (pinned) await db.packPins.put({ packId, pinnedAt: now.toISOString() });
  else await db.packPins.delete(packId);
}

// ---- files on the phone ----------------------------------------------------------------

/** Every file of these packs, once per hash (two packs may share a worksheet). */
export function uniqueFiles(packs: Pick<Pack, 'files'>[]): PackFile[] {
  const byHash = new Map<string, PackFile>();
  for (const p of packs) for (const f of p.files) if (!byHash.has(f.sha256)) byHash.set(f.sha256, f);
  return [...byHash.values()];
}

export async function storedHashes(db: HomewardDB): Promise<Set<string>> {
  return new Set(await db.storedFiles.toCollection().primaryKeys());
}

export async function recordStored(db: HomewardDB, file: PackFile, now = new Date()): Promise<void> {
  const row: StoredFile = {
    sha256: file.sha256,
    bytes: file.bytes,
    contentType: file.contentType,
    storedAt: now.toISOString(),
  };
  await db.storedFiles.put(row);
}

export async function forgetStored(db: HomewardDB, hashes: string[]): Promise<void> {
  await db.storedFiles.bulkDelete(hashes);
}

/** Hashes some pack on the phone still uses: everything else may go. */
export async function hashesInUse(db: HomewardDB): Promise<Set<string>> {
  const packs = await db.packs.toArray();
  return new Set(uniqueFiles(packs).map((f) => f.sha256));
}

/**
 * Packs whose files should stay on the phone without asking: the pinned ones and those of
 * the weeks the family chose to download (`weeks`). A changed file in them is fetched
 * again on its own.
 */
export async function packsToKeep(db: HomewardDB, weeks: string[]): Promise<Pack[]> {
  const [packs, pins] = await Promise.all([db.packs.toArray(), db.packPins.toArray()]);
  const pinned = new Set(pins.map((p) => p.packId));
  return packs.filter((p) => pinned.has(p.id) || (p.weekStart !== null && weeks.includes(p.weekStart)));
}

export type PackStorage = Pack & { storedBytes: number; pinned: boolean };

/** Every pack with files on the phone (any child), biggest first: the storage screen. */
export async function packsOnPhone(db: HomewardDB): Promise<PackStorage[]> {
  const [packs, stored, pins] = await Promise.all([
    db.packs.toArray(),
    storedHashes(db),
    db.packPins.toArray(),
  ]);
  const pinned = new Set(pins.map((p) => p.packId));
  return packs
    .map((p) => ({
      ...p,
      storedBytes: p.files.reduce((s, f) => s + (stored.has(f.sha256) ? f.bytes : 0), 0),
      pinned: pinned.has(p.id),
    }))
    .filter((p) => p.storedBytes > 0 || p.pinned)
    .toSorted((a, b) => b.storedBytes - a.storedBytes);
}

export async function setAutoDownload(db: HomewardDB, on: boolean): Promise<void> {
  await db.meta.put({ key: 'autoDownload', value: on });
}

/** Unpins these packs and stops keeping their weeks (what "Remove" on storage means). */
export async function stopKeeping(db: HomewardDB, packs: Pack[]): Promise<void> {
  const weeks = new Set(packs.flatMap((p) => (p.weekStart ? [p.weekStart] : [])));
  await db.transaction('rw', db.meta, db.packPins, async () => {
    const kept = ((await db.meta.get('packWeeks'))?.value as string[] | undefined) ?? [];
    await db.meta.put({ key: 'packWeeks', value: kept.filter((w) => !weeks.has(w)) });
    await db.packPins.bulkDelete(packs.map((p) => p.id));
  });
}

export async function hasStoredPdf(db: HomewardDB): Promise<boolean> {
  return (await db.storedFiles.filter((f) => f.contentType === 'application/pdf').count()) > 0;
}
