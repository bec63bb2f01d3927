// Where each page's resumable upload lives on the server (tus upload URL), kept in
// IndexedDB with the rest of the outbox so a resume survives reloads and closed tabs.
import type { HomewardDB } from './db.ts';

export function resumeStore(db: HomewardDB) {
  return {
    get: async (fingerprint: string) => (await db.resumeUrls.get(fingerprint))?.url,
    set: async (fingerprint: string, url: string) => {
      await db.resumeUrls.put({ fingerprint, url });
    },
    remove: async (fingerprint: string) => {
      await db.resumeUrls.delete(fingerprint);
    },
  };
}
