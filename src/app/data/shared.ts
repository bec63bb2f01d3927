// Files shared into the app (Web Share Target), parked by the service worker until the
// submit screen takes them.
import type { HomewardDB } from './db.ts';

export async function parkSharedFiles(db: HomewardDB, files: File[]): Promise<void> {
  await db.transaction('rw', db.sharedFiles, async () => {
    await db.sharedFiles.clear();
    await db.sharedFiles.bulkAdd(
      files.map((file, i) => ({ id: i, name: file.name, type: file.type, blob: file as Blob })),
    );
  });
}

export async function takeSharedFiles(db: HomewardDB): Promise<File[]> {
  return db.transaction('rw', db.sharedFiles, async () => {
    const rows = await db.sharedFiles.toArray();
    await db.sharedFiles.clear();
    return rows.map((r) => new File([r.blob], r.name, { type: r.type }));
  });
}
