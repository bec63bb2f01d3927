// Keeps learning-pack files on the phone: "Download this week" (the family chose, after
// seeing how much data it costs), packs kept ("pinned"), and on Wi-Fi, where the browser
// can tell, this week's and next week's packs without asking. After every sync it removes
// files no pack uses any more (a changed file has a new hash; the old copy goes) and
// fetches the new version of a changed file in a kept pack: only that file.
// One download at a time across tabs (Web Locks); progress for the screens below.
import { useSyncExternalStore } from 'react';
import { todayIn, addDays, weekStartOf } from '../../shared/calendar.ts';
import type { Pack, PackFile } from '../../shared/packs.ts';
import type { HomewardDB } from '../data/db.ts';
import { getDevice, getMeta, setMeta } from '../data/meta.ts';
import {
  forgetStored,
  hashesInUse,
  hasStoredPdf,
  packsToKeep,
  recordStored,
  stopKeeping,
  uniqueFiles,
} from '../data/packs.ts';
import {
  cachedHashes,
  deleteStoredFiles,
  downloadFiles,
  DownloadError,
  readStoredFile,
  type DownloadProgress,
} from '../net/packFiles.ts';
import { connectionKind } from '../pwa/network.ts';

export type DownloadState =
  | { state: 'idle'; lastBytes: number | null }
  | { state: 'running'; progress: DownloadProgress }
  | { state: 'error'; kind: DownloadError['kind']; message: string };

let current: DownloadState = { state: 'idle', lastBytes: null };
const listeners = new Set<() => void>();
function set(next: DownloadState) {
  current = next;
  for (const l of listeners) l();
}

export function useDownloadState(): DownloadState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

/** The weeks whose packs the family chose to keep on the phone. */
export async function keptWeeks(db: HomewardDB): Promise<string[]> {
  return (await getMeta<string[]>(db, 'packWeeks')) ?? [];
}

/** Files of these packs not on the phone yet, and their bytes: what a download costs. */
export async function downloadPlan(
  packs: Pick<Pack, 'files'>[],
): Promise<{ files: PackFile[]; bytes: number; hasPdf: boolean }> {
  const have = await cachedHashes();
  const files = uniqueFiles(packs).filter((f) => !have.has(f.sha256));
  return {
    files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    hasPdf: uniqueFiles(packs).some((f) => f.kind === 'pdf'),
  };
}

type RunOptions = { signal?: AbortSignal; warmPdfViewer?: () => Promise<void> };

/** Downloads these packs' missing files; the week (if given) is kept from now on. */
export async function downloadPacks(
  db: HomewardDB,
  packs: Pack[],
  options: RunOptions & { keepWeek?: string } = {},
): Promise<void> {
  if (options.keepWeek) {
    const weeks = await keptWeeks(db);
    if (!weeks.includes(options.keepWeek)) {
      // Only the last few weeks are kept: older ones may be freed on the storage screen.
      await setMeta(db, 'packWeeks', [...weeks, options.keepWeek].toSorted().slice(-4));
    }
  }
  await run(db, uniqueFiles(packs), options);
}

async function run(db: HomewardDB, files: PackFile[], options: RunOptions): Promise<void> {
  const device = await getDevice(db);
  if (!device) return;
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  const work = async () => {
    set({ state: 'running', progress: { received: 0, total: 0, filesDone: 0, files: 0 } });
    try {
      // The reader's code first: a PDF on the phone is no use without it offline.
      if (files.some((f) => f.kind === 'pdf')) await options.warmPdfViewer?.().catch(() => {});
      const bytes = await downloadFiles(files, {
        token: device.token,
        signal: options.signal,
        onProgress: (progress) => set({ state: 'running', progress }),
        onStored: (file) => recordStored(db, file),
      });
      set({ state: 'idle', lastBytes: bytes });
    } catch (error) {
      const kind = error instanceof DownloadError ? error.kind : 'offline';
      set({
        state: 'error',
        kind,
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  };
  if (locks) await locks.request('homeward-downloads', work);
  else await work();
}

/**
 * After a sync: forget files nothing uses, fetch what kept packs miss (a changed file is a
 * new hash), and on Wi-Fi fetch this week's and next week's packs too. Best effort: a
 * failure waits for the next sync or for the family's "Download".
 */
export async function afterSync(db: HomewardDB, options: RunOptions = {}): Promise<void> {
  await removeUnused(db);
  const weeks = await keptWeeks(db);
  if ((await getMeta<boolean>(db, 'autoDownload')) !== false && connectionKind() === 'wifi') {
    const school = await db.schools.toCollection().first();
    if (school) {
      const thisWeek = weekStartOf(todayIn(school.timeZone));
      for (const week of [thisWeek, addDays(thisWeek, 7)]) {
        if (!weeks.includes(week)) weeks.push(week);
      }
    }
  }
  const keep = await packsToKeep(db, weeks);
  const plan = await downloadPlan(keep);
  if (plan.files.length === 0) {
    // PDFs already here need the reader too: after an app update its files have new
    // names, and the old ones no longer serve (the warm-up only fetches when missing).
    if (await hasStoredPdf(db)) await options.warmPdfViewer?.().catch(() => {});
    return;
  }
  try {
    await run(db, plan.files, options);
  } catch {
    // Shown on the packs screen; the next sync tries again.
  }
}

/** Removes files no pack on the phone uses any more. Returns how many bytes it freed. */
export async function removeUnused(db: HomewardDB): Promise<number> {
  const [inUse, cached, stored] = await Promise.all([
    hashesInUse(db),
    cachedHashes(),
    db.storedFiles.toArray(),
  ]);
  const unused = [...cached].filter((h) => !inUse.has(h));
  const freed = stored.filter((f) => !inUse.has(f.sha256)).reduce((s, f) => s + f.bytes, 0);
  await deleteStoredFiles(unused);
  // Rows whose bytes are gone (removed here, or evicted by the browser) go too.
  await forgetStored(
    db,
    stored.filter((f) => !inUse.has(f.sha256) || !cached.has(f.sha256)).map((f) => f.sha256),
  );
  return freed;
}

/**
 * Frees the files of these packs and stops keeping them (unpinned; their weeks no longer
 * kept), so the next sync does not fetch them again. A file a kept pack shares stays.
 */
export async function removePackFiles(db: HomewardDB, packs: Pack[]): Promise<number> {
  await stopKeeping(db, packs);
  // A file a pack still kept shares stays.
  const kept = new Set(
    uniqueFiles(await packsToKeep(db, await keptWeeks(db))).map((f) => f.sha256),
  );
  const files = uniqueFiles(packs).filter((f) => !kept.has(f.sha256));
  await deleteStoredFiles(files.map((f) => f.sha256));
  await forgetStored(
    db,
    files.map((f) => f.sha256),
  );
  return files.reduce((s, f) => s + f.bytes, 0);
}

/**
 * A file's bytes for a viewer: from the phone, else fetched now (and kept: the data is
 * spent) when there is signal. Null when it is not here and cannot be fetched.
 */
export async function ensureFile(
  db: HomewardDB,
  file: PackFile,
  options: RunOptions & { online?: boolean } = {},
): Promise<Blob | null> {
  const stored = await readStoredFile(file.sha256);
  if (stored || options.online === false) return stored;
  try {
    await run(db, [file], options);
  } catch {
    return null;
  }
  return readStoredFile(file.sha256);
}
