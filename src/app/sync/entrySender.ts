// The page's sender of outbox entries: every body checked with the shared schemas, photos
// and clips after their bytes (tus), everything else as its PUT. Apart from transport.ts
// so tests run it over a fake server without the pack downloads beside it.
import type { HomewardDB } from '../data/db.ts';
import type { Http } from '../net/http.ts';
import { checkBody } from './bodyChecks.ts';
import type { Transport } from './engine.ts';
import type { PageForgetter } from './pageUploader.ts';
import { sendEntry } from './send.ts';
import { sendMedia } from './sendMedia.ts';
import { sendSubmission, type PageUploader } from './sendSubmission.ts';

export function entrySender(
  http: Http,
  db: HomewardDB,
  uploader: { upload: PageUploader; forget?: PageForgetter },
): Transport['send'] {
  const deps = { db, http, ...uploader };
  return sendEntry(http, {
    check: checkBody,
    senders: {
      submission: (entry, body, token, onProgress) =>
        sendSubmission(deps, entry, body, token, onProgress),
      media: (entry, body, token, onProgress) => sendMedia(deps, entry, body, token, onProgress),
    },
  });
}
