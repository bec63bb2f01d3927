// Where tus resume URLs live, so an upload cut off half way resumes after a reload or a
// closed tab instead of starting again. tus-js-client's default keeps them in localStorage;
// ours go to IndexedDB with the rest of the outbox, through this small interface (backed by
// a Dexie table in src/app/data; an in-memory one here for tests).
import type { PreviousUpload, UrlStorage } from 'tus-js-client';

export type ResumeStore = {
  get(fingerprint: string): Promise<string | undefined>;
  set(fingerprint: string, url: string): Promise<void>;
  remove(fingerprint: string): Promise<void>;
  /** Optional: every stored entry, for findAllUploads (housekeeping). */
  entries?(): Promise<Array<[fingerprint: string, url: string]>>;
};

/** One page of one submission; stable across reloads (blobs from IndexedDB have no name). */
export function pageFingerprint(submissionId: string, page: number, sha256: string): string {
  return `${submissionId}:${page}:${sha256}`;
}

const previous = (fingerprint: string, url: string): PreviousUpload => ({
  size: null,
  metadata: {},
  creationTime: '',
  // The storage key is the fingerprint itself: one upload URL per page.
  urlStorageKey: fingerprint,
  uploadUrl: url,
  parallelUploadUrls: null,
});

/** tus-js-client's UrlStorage over a ResumeStore. */
export class ResumeUrlStorage implements UrlStorage {
  readonly #store: ResumeStore;
  constructor(store: ResumeStore) {
    this.#store = store;
  }

  async findAllUploads(): Promise<PreviousUpload[]> {
    const all = (await this.#store.entries?.()) ?? [];
    return all.map(([fingerprint, url]) => previous(fingerprint, url));
  }

  async findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
    const url = await this.#store.get(fingerprint);
    return url ? [previous(fingerprint, url)] : [];
  }

  async removeUpload(urlStorageKey: string): Promise<void> {
    await this.#store.remove(urlStorageKey);
  }

  async addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
    if (upload.uploadUrl) await this.#store.set(fingerprint, upload.uploadUrl);
    return fingerprint;
  }
}

/** A ResumeStore in memory (tests; or a browser where IndexedDB is unavailable). */
export function memoryResumeStore(): ResumeStore & { readonly map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get: async (fingerprint) => map.get(fingerprint),
    set: async (fingerprint, url) => {
      map.set(fingerprint, url);
    },
    remove: async (fingerprint) => {
      map.delete(fingerprint);
    },
    entries: async () => [...map.entries()],
  };
}
