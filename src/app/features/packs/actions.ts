// What the pack screens do: each write goes through a repository (with its outbox entry)
// and then asks for a sync; downloads go through sync/packDownloads.ts.
import { useCallback } from 'react';
import type { Pack, PackFile } from '../../../shared/packs.ts';
import { appDb } from '../../data/appDb.ts';
import { markActivityDone, requestPaperCopy, setPinned } from '../../data/packs.ts';
import { warmPdfViewer } from '../../pdf/pdfjs.ts';
import { askForPersistentStorage } from '../../pwa/storage.ts';
import {
  afterSync,
  downloadPacks,
  ensureFile,
  removePackFiles,
  removeUnused,
} from '../../sync/packDownloads.ts';
import { requestSync } from '../../sync/request.ts';

export async function markActivity(input: {
  packId: string;
  activityId: string;
  pupilId: string;
  done: boolean;
}): Promise<void> {
  await markActivityDone(appDb, input);
  void requestSync('write');
}

export async function askForPaperCopy(input: {
  packId: string;
  pupilId: string;
  note: string;
}): Promise<void> {
  await requestPaperCopy(appDb, input);
  void askForPersistentStorage();
  void requestSync('write');
}

/** Keep a pack on the phone (and fetch what it misses now), or stop keeping it. */
export async function keepPack(pack: Pack, keep: boolean): Promise<void> {
  await setPinned(appDb, pack.id, keep);
  if (keep) {
    void askForPersistentStorage();
    await downloadPacks(appDb, [pack], { warmPdfViewer });
  }
}

export function downloadWeek(packs: Pack[], week: string, signal?: AbortSignal): Promise<void> {
  void askForPersistentStorage();
  return downloadPacks(appDb, packs, { keepWeek: week, signal, warmPdfViewer });
}

export function downloadOne(pack: Pack, signal?: AbortSignal): Promise<void> {
  return downloadPacks(appDb, [pack], { signal, warmPdfViewer });
}

/**
 * A file's bytes: from the phone, else (when `online`) fetched once and kept, since the
 * data is spent anyway.
 */
export function useOpenFile(): (file: PackFile, online: boolean) => Promise<Blob | null> {
  return useCallback(
    (file: PackFile, online: boolean) => ensureFile(appDb, file, { warmPdfViewer, online }),
    [],
  );
}

export function freePacks(packs: Pack[]): Promise<number> {
  return removePackFiles(appDb, packs);
}

export function tidyFiles(): Promise<number> {
  return removeUnused(appDb);
}

export function refreshKept(): Promise<void> {
  return afterSync(appDb, { warmPdfViewer });
}
