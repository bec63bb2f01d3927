// Files in storage that no row names any more: what a crash between writing bytes and the
// transaction that names them leaves (bytes are always written first, so a reader never
// finds a row without its file), and the temporary files of interrupted writes. Only files
// older than an hour go, so a write that is staging its bytes right now is never touched.
import type { Db } from '../db/database.ts';
import type { FileStorage } from './index.ts';

export const sweepMinAgeMs = 60 * 60_000;

export type SweepResult = { removed: number; bytes: number; kept: number };

/** Every storage key a row names: pack file blobs, pictures and clips, submitted pages. */
async function namedKeys(db: Db): Promise<Set<string>> {
  const [blobs, media, pages] = await Promise.all([
    db.selectFrom('file_blobs').select('storage_key').execute(),
    db.selectFrom('media_files').select('storage_key').execute(),
    db.selectFrom('submission_pages').select(['file_key', 'thumb_key']).execute(),
  ]);
  return new Set([
    ...blobs.map((r) => r.storage_key),
    ...media.map((r) => r.storage_key),
    ...pages.flatMap((r) => [r.file_key, r.thumb_key]),
  ]);
}

export async function sweepStorage(
  db: Db,
  storage: FileStorage,
  now: Date,
  minAgeMs = sweepMinAgeMs,
): Promise<SweepResult> {
  // Names first: a file written after this read is younger than minAgeMs anyway.
  const named = await namedKeys(db);
  const result: SweepResult = { removed: 0, bytes: 0, kept: 0 };
  for await (const entry of storage.entries()) {
    if (now.getTime() - entry.modifiedMs < minAgeMs || (entry.key && named.has(entry.key))) {
      result.kept += 1;
      continue;
    }
    await storage.removeEntry(entry);
    result.removed += 1;
    result.bytes += entry.bytes;
  }
  return result;
}
