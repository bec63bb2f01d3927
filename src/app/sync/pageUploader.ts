// The page's photo uploader for the engine: tus through photos/upload.ts, resume URLs in
// IndexedDB, and its errors translated into the engine's (network → retry later; 401 →
// stop; other 4xx → refused and kept).
import { resumeStore } from '../data/resumeUrls.ts';
import type { HomewardDB } from '../data/db.ts';
import { HttpError, NetworkError } from '../net/http.ts';
import { forgetUploadedPage, toUploadError, uploadPage } from '../photos/upload.ts';
import type { PageUploader } from './sendSubmission.ts';

export function tusUploader(db: HomewardDB): { upload: PageUploader; forget: PageForgetter } {
  const store = resumeStore(db);
  return {
    upload: async (input) => {
      try {
        return await uploadPage({ ...input, store });
      } catch (error) {
        const e = toUploadError(error);
        if (e.kind === 'unauthorized') throw new HttpError(401, 'unauthorized', e.message);
        if (e.kind === 'rejected') {
          throw new HttpError(
            e.status,
            e.status === 413 ? 'quota_exceeded' : 'bad_request',
            e.message,
          );
        }
        if (e.status >= 500) throw new HttpError(e.status, 'server_error', e.message);
        throw new NetworkError(e.message);
      }
    },
    forget: (page) => forgetUploadedPage(store, page),
  };
}

export type PageForgetter = (page: {
  submissionId: string;
  page: number;
  sha256: string;
}) => Promise<void>;
