// Pack files on the phone: fetched once by content hash (`/api/v1/files/<sha256>`, an
// immutable URL) and kept in Cache Storage, where the service worker answers for them
// offline. A download checks every byte against the hash before it keeps a file, resumes
// an interrupted file from the bytes it already has (HTTP Range), and never fetches a hash
// it already holds: an unchanged week costs no file bytes at all.
// No zod here (types only from packs.ts): settings and the service worker may import this.
import type { PackFile } from '../../shared/packs.ts';
import { packFilePath, packFilePathPattern } from '../../shared/paths.ts';

export const filesCacheName = 'homeward-files';

export type DownloadProgress = {
  /** Bytes of files done or arriving, of `total` (what was missing when it started). */
  received: number;
  total: number;
  filesDone: number;
  files: number;
};

export class DownloadError extends Error {
  override name = 'DownloadError';
  readonly kind: 'offline' | 'server' | 'corrupt' | 'quota';
  constructor(kind: DownloadError['kind'], message: string) {
    super(message);
    this.kind = kind;
  }
}

const cacheAvailable = () => typeof caches !== 'undefined';

/** The hashes whose bytes are in the cache (the truth; the Dexie rows mirror it). */
export async function cachedHashes(): Promise<Set<string>> {
  if (!cacheAvailable()) return new Set();
  const cache = await caches.open(filesCacheName);
  const keys = await cache.keys();
  const hashes = new Set<string>();
  for (const request of keys) {
    const match = packFilePathPattern.exec(new URL(request.url).pathname);
    if (match?.[1]) hashes.add(match[1]);
  }
  return hashes;
}

/** A stored file's bytes, or null when they are not on the phone. */
export async function readStoredFile(sha256: string): Promise<Blob | null> {
  if (!cacheAvailable()) return null;
  const response = await caches.match(packFilePath(sha256), { cacheName: filesCacheName });
  return response ? response.blob() : null;
}

export async function deleteStoredFiles(hashes: Iterable<string>): Promise<void> {
  if (!cacheAvailable()) return;
  const cache = await caches.open(filesCacheName);
  await Promise.all([...hashes].map((h) => cache.delete(packFilePath(h))));
}

export async function clearStoredFiles(): Promise<void> {
  if (cacheAvailable()) await caches.delete(filesCacheName);
}

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type DownloadOptions = {
  token: string;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** After each file is safely in the cache (the caller records it in IndexedDB). */
  onStored?: (file: PackFile) => Promise<void>;
  fetch?: FetchLike;
  /** Tries per file after a dropped connection (each resumes where the last stopped). */
  attempts?: number;
  retryDelayMs?: number;
};

/**
 * Fetches the files not in the cache yet, one after another (a phone on a weak signal
 * does better with one stream than with several), and reports bytes as they arrive.
 * Returns the bytes it received over the network.
 */
export async function downloadFiles(files: PackFile[], options: DownloadOptions): Promise<number> {
  const have = await cachedHashes();
  const missing = files.filter((f) => !have.has(f.sha256));
  const total = missing.reduce((sum, f) => sum + f.bytes, 0);
  const progress: DownloadProgress = { received: 0, total, filesDone: 0, files: missing.length };
  options.onProgress?.({ ...progress });
  if (missing.length === 0) return 0;
  const cache = await caches.open(filesCacheName);
  let before = 0;
  let network = 0;
  for (const file of missing) {
    const bytes = await fetchWhole(file, options, (got, fromNetwork) => {
      progress.received = before + got;
      network += fromNetwork;
      options.onProgress?.({ ...progress });
    });
    if ((await sha256Hex(bytes.buffer as ArrayBuffer)) !== file.sha256) {
      throw new DownloadError('corrupt', `${file.name} arrived damaged; it will be fetched again.`);
    }
    try {
      await cache.put(
        packFilePath(file.sha256),
        new Response(bytes.buffer as ArrayBuffer, {
          headers: {
            'Content-Type': file.contentType,
            'Content-Length': String(file.bytes),
            ETag: `"${file.sha256}"`,
          },
        }),
      );
    } catch (error) {
      if (error instanceof DOMException && error.name === 'QuotaExceededError') {
        throw new DownloadError('quota', 'The phone is out of space for downloads.');
      }
      throw error;
    }
    await options.onStored?.(file);
    before += file.bytes;
    progress.received = before;
    progress.filesDone += 1;
    options.onProgress?.({ ...progress });
  }
  return network;
}

/** One file's bytes, resuming with `Range` after a dropped connection. */
async function fetchWhole(
  file: PackFile,
  options: DownloadOptions,
  onBytes: (received: number, fromNetwork: number) => void,
): Promise<Uint8Array> {
  const doFetch = options.fetch ?? ((i, init) => globalThis.fetch(i, init));
  const attempts = options.attempts ?? 4;
  const buffer = new Uint8Array(file.bytes);
  let received = 0;
  let lastError: unknown = null;
  for (let attempt = 0; attempt < attempts && received < file.bytes; attempt += 1) {
    if (attempt > 0)
      await delay((options.retryDelayMs ?? 1000) * 2 ** (attempt - 1), options.signal);
    const headers: Record<string, string> = { Authorization: `Bearer ${options.token}` };
    if (received > 0) headers.Range = `bytes=${received}-`;
    let response: Response;
    try {
      response = await doFetch(packFilePath(file.sha256), {
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      lastError = error;
      continue;
    }
    if (received > 0 && response.status === 200)
      received = 0; // no range: start over
    else if (received > 0 && response.status !== 206) {
      throw new DownloadError(
        'server',
        `${file.name}: the school's server said ${response.status}.`,
      );
    }
    if (!response.ok) {
      throw new DownloadError(
        'server',
        `${file.name}: the school's server said ${response.status}.`,
      );
    }
    if (!response.body) throw new DownloadError('server', `${file.name}: empty answer.`);
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (received + value.byteLength > file.bytes) {
          throw new DownloadError('corrupt', `${file.name} is longer than the school said.`);
        }
        buffer.set(value, received);
        received += value.byteLength;
        onBytes(received, value.byteLength);
      }
    } catch (error) {
      if (error instanceof DownloadError || options.signal?.aborted) throw error;
      lastError = error; // dropped mid-file: the next attempt asks for the rest
    }
  }
  if (received < file.bytes) {
    throw new DownloadError(
      'offline',
      lastError instanceof Error ? lastError.message : 'The connection dropped.',
    );
  }
  return buffer;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
