// Page-side bridge to the photo compressor. One promise API:
//
//   const { blob, width, height, bytes, sha256 } = await compressPhoto(file);
//
// Work happens in a dedicated module worker (compress.worker.ts), started on first use and
// stopped after a short idle time so the decoder's memory is given back. Where the worker
// cannot do it (no OffscreenCanvas with convertToBlob, e.g. Safari before 16.4, or the
// worker failed to start), the same code runs on the main thread with a <canvas>: slower
// and it blocks the page while it decodes, but the result is the same. Failures reject
// with a PhotoError whose `code` is `not_an_image`, `too_large` or `decode_failed`.
import type { CompressedPhoto } from './compressCore.ts';
import type { CompressRequest, CompressResponse } from './compressProtocol.ts';
import { PhotoError } from './errors.ts';

export type { CompressedPhoto } from './compressCore.ts';
export { PhotoError, isPhotoError, type PhotoErrorCode } from './errors.ts';

const idleMs = 20_000;

type Job = {
  file: Blob;
  resolve: (r: CompressedPhoto) => void;
  reject: (e: unknown) => void;
};

let worker: Worker | null = null;
let workerBroken = false;
let nextId = 1;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
const jobs = new Map<number, Job>();

/** True when this browser can compress in a worker (OffscreenCanvas + convertToBlob). */
export function canCompressInWorker(): boolean {
  return (
    !workerBroken &&
    typeof Worker === 'function' &&
    typeof OffscreenCanvas === 'function' &&
    'convertToBlob' in OffscreenCanvas.prototype &&
    typeof createImageBitmap === 'function'
  );
}

function onMessage(event: MessageEvent<CompressResponse>): void {
  const data = event.data;
  const job = jobs.get(data.id);
  if (!job) return;
  jobs.delete(data.id);
  if (data.ok) job.resolve(data.result);
  else job.reject(new PhotoError(data.code, data.message));
  scheduleIdle();
}

/** The worker could not start or crashed: finish its jobs on the main thread. */
function onWorkerFailure(): void {
  workerBroken = true;
  stopWorker();
  const waiting = [...jobs.values()];
  jobs.clear();
  for (const job of waiting) compressOnMainThread(job.file).then(job.resolve, job.reject);
}

function startWorker(): Worker {
  const w = new Worker(new URL('./compress.worker.ts', import.meta.url), {
    type: 'module',
    name: 'photo-compress',
  });
  w.addEventListener('message', onMessage);
  w.addEventListener('error', onWorkerFailure);
  w.addEventListener('messageerror', onWorkerFailure);
  return w;
}

function stopWorker(): void {
  clearTimeout(idleTimer);
  worker?.terminate();
  worker = null;
}

function scheduleIdle(): void {
  clearTimeout(idleTimer);
  if (jobs.size === 0) idleTimer = setTimeout(stopWorker, idleMs);
}

/** Compresses on the main thread (the fallback; also usable directly, e.g. in tests). */
export async function compressOnMainThread(file: Blob): Promise<CompressedPhoto> {
  const { compressBlob } = await import('./compressCore.ts');
  return compressBlob(file);
}

/**
 * Photo → JPEG with the long edge at most 1600 px, EXIF orientation applied, every
 * metadata block (EXIF, GPS, XMP, ICC) dropped, ≤ 400 KB, and its SHA-256.
 */
export function compressPhoto(file: Blob): Promise<CompressedPhoto> {
  if (!canCompressInWorker()) return compressOnMainThread(file);
  return new Promise<CompressedPhoto>((resolve, reject) => {
    try {
      worker ??= startWorker();
    } catch {
      workerBroken = true;
      compressOnMainThread(file).then(resolve, reject);
      return;
    }
    clearTimeout(idleTimer);
    const id = nextId++;
    jobs.set(id, { file, resolve, reject });
    worker.postMessage({ id, file } satisfies CompressRequest);
  });
}

/** Stops the worker now (e.g. when leaving the submit screen). Pending jobs are rejected. */
export function disposePhotoWorker(): void {
  stopWorker();
  for (const job of jobs.values()) job.reject(new PhotoError('decode_failed', 'cancelled'));
  jobs.clear();
}
