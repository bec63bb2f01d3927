// PDF.js (Mozilla's pdfjs-dist), loaded only when a PDF is opened or a pack with one is
// downloaded: it is about 450 KB gzipped with its worker, far too big for the first
// screen or the precache. Its chunk and worker are hashed assets that the service worker
// keeps in a runtime cache (`homeward-viewer`) the first time they are fetched, so a
// family that downloaded a week's packs reads their PDFs offline. See README.md beside
// this file.
// eslint-disable-next-line import/default -- Vite's `?url` import: the hashed file's URL
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

type PdfJs = typeof import('pdfjs-dist');

let loading: Promise<PdfJs> | null = null;

export function loadPdfJs(): Promise<PdfJs> {
  loading ??= import('pdfjs-dist')
    .then((pdfjs) => {
      pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
      return pdfjs;
    })
    .catch((error: unknown) => {
      loading = null; // offline before it was ever fetched: try again later
      throw error;
    });
  return loading;
}

/**
 * Waits (a little) until the service worker controls the page: right after joining, the
 * first install may still be activating, and a fetch made before it takes control goes
 * around its cache — the reader would then not be there offline.
 */
async function serviceWorkerInControl(timeoutMs = 10_000): Promise<void> {
  const container = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined;
  if (!container || container.controller) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    container.addEventListener(
      'controllerchange',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** Fetches the reader's code now (through the service worker's cache) so it works offline. */
export async function warmPdfViewer(): Promise<void> {
  await serviceWorkerInControl();
  await loadPdfJs();
  const response = await fetch(workerUrl);
  if (!response.ok) throw new Error(`PDF reader: HTTP ${response.status}`);
  await response.arrayBuffer();
}

/** Opens a PDF from its bytes: no network, no eval, no scripts in the document. */
export async function openPdf(bytes: ArrayBuffer) {
  const pdfjs = await loadPdfJs();
  return pdfjs.getDocument({
    data: new Uint8Array(bytes),
    enableXfa: false,
    // No wasm (CSP has no 'wasm-unsafe-eval'): JPEG 2000 and JBIG2 images fall back to JS.
    useWasm: false,
    isOffscreenCanvasSupported: true,
    stopAtErrors: false,
  }).promise;
}

export type PdfDocument = Awaited<ReturnType<typeof openPdf>>;

/**
 * What fetching the reader costs the first time, compressed as the server sends it
 * (`npm run bench` prints the real figure as pdfViewerTransferBytes; keep this close).
 */
export const pdfViewerBytes = 420_000;

/** Whether the reader's code is already on the phone (in the service worker's cache). */
export async function pdfViewerStored(): Promise<boolean> {
  if (typeof caches === 'undefined') return false;
  return (await caches.match(workerUrl)) !== undefined;
}
