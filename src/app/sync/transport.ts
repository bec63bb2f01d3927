// The page's transport for the engine: outbox entries become idempotent PUTs (photos,
// pictures and clips after their bytes), pulls become GETs read change by change with
// the shared zod schemas, and a HEAD of /api/health is the cheap probe.
import type { HomewardDB } from '../data/db.ts';
import { pull } from '../net/api.ts';
import type { Http } from '../net/http.ts';
import { pdfViewerStored, warmPdfViewer } from '../pdf/pdfjs.ts';
import type { Transport } from './engine.ts';
import { entrySender } from './entrySender.ts';
import { afterSync } from './packDownloads.ts';
import type { PageForgetter } from './pageUploader.ts';
import { fetchMissingMedia } from './sendMedia.ts';
import type { PageUploader } from './sendSubmission.ts';

export function httpTransport(
  http: Http,
  db: HomewardDB,
  uploader: { upload: PageUploader; forget?: PageForgetter },
): Transport {
  return {
    send: entrySender(http, db, uploader),
    pull: (since, token, outbox) => pull(http, token, since, outbox),
    probe: () => http.probe('/api/health'),
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
