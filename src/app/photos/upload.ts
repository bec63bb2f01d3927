// Resumable upload of one compressed page with tus (tus-js-client → @tus/server at
// uploadsPath). A dropped connection resumes from the offset the server already has: the
// upload URL is kept in IndexedDB (ResumeStore) under a stable fingerprint, 256 KiB
// chunks mean a drop re-sends at most 256 KiB, and short retries ride out patchy signal
// before giving up to the sync engine's own backoff (which calls uploadPage again: it
// resumes, it does not start over).
//
// The resume URL is NOT forgotten on success: if the page is uploaded but the commit PUT
// has not happened yet (tab closed in between), calling uploadPage again costs one HEAD
// and returns the same uploadId. Call forgetUploadedPage after the submission's PUT.
import { Upload, type DetailedError } from 'tus-js-client';
import { uploadsPath, type UploadMetadata } from '../../shared/submissions.ts';
import { appVersion, appVersionHeader } from '../version.ts';
import { pageFingerprint, ResumeUrlStorage, type ResumeStore } from './resumeStore.ts';

export { memoryResumeStore, pageFingerprint, type ResumeStore } from './resumeStore.ts';

/** Bytes per PATCH: what a drop at the worst moment costs again. */
export const uploadChunkBytes = 256 * 1024;
/**
 * Retries inside one uploadPage call (ms before each): quick at first for a blip, then
 * spaced for a train going through a cutting; ~1 min in all, then the engine backs off.
 */
export const uploadRetryDelays = [0, 1_000, 3_000, 5_000, 10_000, 15_000, 20_000];

export type UploadPageOptions = {
  blob: Blob;
  sha256: string;
  submissionId: string;
  page: number;
  /** Device token: sent as `Authorization: Bearer <token>`. */
  token: string;
  store: ResumeStore;
  /** Bytes the server has acknowledged (its `Upload-Offset`), not bytes handed out. */
  onProgress?: (bytesAcknowledged: number, bytesTotal: number) => void;
  signal?: AbortSignal;
  /** Origin of the API; defaults to the page's (or worker's) own. */
  origin?: string;
};

export type UploadErrorKind =
  /** No answer, 5xx, 408/423/429, or the phone is offline: keep it, retry later. */
  | 'retry'
  /** 401/403: the phone was removed or is unknown: stop, keep everything, show it. */
  | 'unauthorized'
  /** 400/404/410/413/415/422…: the server will never take this; show "Try again". */
  | 'rejected'
  /** The caller aborted (signal). */
  | 'aborted';

export class UploadError extends Error {
  override readonly name = 'UploadError';
  readonly kind: UploadErrorKind;
  /** HTTP status of the last response, 0 when there was none. */
  readonly status: number;
  constructor(kind: UploadErrorKind, status: number, message: string) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

/** HTTP status → what to do. 409 (offset mismatch) resumes after a HEAD, so: retry. */
export function classifyStatus(status: number): Exclude<UploadErrorKind, 'aborted'> {
  if (status === 0 || status >= 500) return 'retry';
  if (status === 408 || status === 409 || status === 423 || status === 429) return 'retry';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status >= 400) return 'rejected';
  return 'retry';
}

/** Any error from tus-js-client (or elsewhere) → UploadError. */
export function toUploadError(err: unknown): UploadError {
  if (err instanceof UploadError) return err;
  const detailed = err as Partial<DetailedError> | null;
  const status = detailed?.originalResponse?.getStatus() ?? 0;
  const message = err instanceof Error ? err.message : String(err);
  // An error without a request (e.g. reading the blob failed) is not the network's fault.
  if (!detailed?.originalRequest && status === 0) {
    return new UploadError('retry', 0, message);
  }
  return new UploadError(classifyStatus(status), status, message);
}

/** The tus metadata of a page (UploadMetadata in src/shared/submissions.ts). */
export function uploadMetadata(
  submissionId: string,
  page: number,
  sha256: string,
  filetype = 'image/jpeg',
): UploadMetadata {
  return { submissionId, page: String(page), sha256, filetype };
}

/** The tus upload id: the last path segment of the upload URL. */
export function uploadIdFromUrl(url: string): string {
  const path = new URL(url, 'http://x.invalid').pathname.replace(/\/+$/, '');
  const id = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  if (!id) throw new Error(`no upload id in ${url}`);
  return id;
}

const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/** Should tus retry now (inside this call)? Offline: no, let the `online` trigger do it. */
export function shouldRetryUpload(err: Pick<DetailedError, 'originalResponse'>): boolean {
  if (isOffline()) return false;
  return classifyStatus(err.originalResponse?.getStatus() ?? 0) === 'retry';
}

/** Uploads (or resumes, or confirms) one page. Rejects with UploadError. */
export async function uploadPage(options: UploadPageOptions): Promise<{ uploadId: string }> {
  const { blob, sha256, submissionId, page, token, store, onProgress, signal } = options;
  if (signal?.aborted) throw new UploadError('aborted', 0, 'aborted');
  const origin = options.origin ?? globalThis.location.origin;
  const fingerprint = pageFingerprint(submissionId, page, sha256);

  return new Promise<{ uploadId: string }>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const upload = new Upload(blob, {
      // Absolute: tus resolves the Location header against it.
      endpoint: new URL(uploadsPath, origin).href,
      headers: { Authorization: `Bearer ${token}`, [appVersionHeader]: appVersion },
      metadata: uploadMetadata(submissionId, page, sha256, blob.type || 'image/jpeg'),
      uploadSize: blob.size,
      chunkSize: uploadChunkBytes,
      retryDelays: uploadRetryDelays,
      onShouldRetry: (err) => shouldRetryUpload(err),
      fingerprint: () => Promise.resolve(fingerprint),
      urlStorage: new ResumeUrlStorage(store),
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: false,
      // onProgress counts bytes given to the browser, which runs far ahead of the server on
      // a slow link; onChunkComplete reports the offset the server answered with.
      onChunkComplete: onProgress
        ? (_chunk: number, acknowledged: number, total: number) => onProgress(acknowledged, total)
        : null,
      onSuccess: () => {
        finish(() => {
          try {
            resolve({ uploadId: uploadIdFromUrl(upload.url ?? '') });
          } catch (err) {
            reject(toUploadError(err));
          }
        });
      },
      onError: (err) => finish(() => reject(toUploadError(err))),
    });
    function onAbort() {
      // abort(false): keep the upload on the server so the next call resumes it.
      void upload.abort(false);
      finish(() => reject(new UploadError('aborted', 0, 'aborted')));
    }
    signal?.addEventListener('abort', onAbort, { once: true });

    upload
      .findPreviousUploads()
      .then((found) => {
        if (settled) return;
        const last = found.at(-1);
        if (last) upload.resumeFromPreviousUpload(last);
        upload.start();
      })
      .catch((err: unknown) => finish(() => reject(toUploadError(err))));
  });
}

/** After the submission's PUT succeeded: the resume URL is no longer needed. */
export function forgetUploadedPage(
  store: ResumeStore,
  page: { submissionId: string; page: number; sha256: string },
): Promise<void> {
  return store.remove(pageFingerprint(page.submissionId, page.page, page.sha256));
}
