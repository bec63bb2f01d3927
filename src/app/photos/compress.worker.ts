// Dedicated worker: compresses one photo per message, off the main thread.
// Loaded by compress.ts with `new Worker(new URL('./compress.worker.ts', import.meta.url),
// { type: 'module' })`, which Vite bundles as its own hashed asset (precached like any JS).
import { compressBlob } from './compressCore.ts';
import type { CompressRequest, CompressResponse } from './compressProtocol.ts';
import { toPhotoError } from './errors.ts';

// The app's tsconfig has the DOM lib (not WebWorker, they clash): type what we use.
type WorkerScope = {
  addEventListener(type: 'message', listener: (event: MessageEvent<CompressRequest>) => void): void;
  postMessage(message: CompressResponse): void;
};
const scope = self as unknown as WorkerScope;

scope.addEventListener('message', (event: MessageEvent<CompressRequest>) => {
  const { id, file } = event.data;
  compressBlob(file).then(
    (result) => scope.postMessage({ id, ok: true, result } satisfies CompressResponse),
    (err: unknown) => {
      const e = toPhotoError(err);
      scope.postMessage({
        id,
        ok: false,
        code: e.code,
        message: e.message,
      } satisfies CompressResponse);
    },
  );
});
