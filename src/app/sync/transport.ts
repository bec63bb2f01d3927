// The page's transport for the engine: outbox entries become idempotent PUTs, pulls
// become GETs whose answers are checked with the shared zod schemas.
import type { HomewardDB } from '../data/db.ts';
import { pull } from '../net/api.ts';
import type { Http } from '../net/http.ts';
import type { Transport } from './engine.ts';
import { sendEntry } from './send.ts';
import type { PageForgetter } from './pageUploader.ts';
import { fetchMissingMedia, sendMedia } from './sendMedia.ts';
import { afterSync } from './packDownloads.ts';
import { pdfViewerStored, warmPdfViewer } from '../pdf/pdfjs.ts';
import { sendSubmission, type PageUploader } from './sendSubmission.ts';

export function httpTransport(
  http: Http,
  db: HomewardDB,
  uploader: { upload: PageUploader; forget?: PageForgetter },
): Transport {
  const send = sendEntry(http);
  return {
    send: (entry, token, onProgress) => {
      if (entry.kind === 'submission') {
        return sendSubmission({ db, http, ...uploader }, entry, token, onProgress);
      }
      if (entry.kind === 'media')
        return sendMedia({ db, http, ...uploader }, entry, token, onProgress);
      return send(entry, token);
    },
    pull: (since, token) => pull(http, token, since),
    afterPull: async (token) => {
      await fetchMissingMedia(db, token);
      // Pack files can be large: fetched beside the engine, never holding its lock. The
      // PDF reader is fetched only when it is not on the phone (new after an app update).
      void afterSync(db, {
        warmPdfViewer: async () => {
          if (!(await pdfViewerStored())) await warmPdfViewer();
        },
      });
    },
  };
}
