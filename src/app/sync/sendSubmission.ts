// Delivers one queued photo submission: uploads each page that is not on the server yet
// (tus, resuming from what the server already holds), then commits them with the
// idempotent PUT that names the uploads. A retry after any failure repeats only what is
// missing; the commit itself is safe to repeat.
import type { SubmissionBody } from '../../shared/submissions.ts';
import type { HomewardDB, OutboxEntry } from '../data/db.ts';
import { pagesOf, recordUpload, type SubmissionEntryBody } from '../data/submissions.ts';
import { anyBody, HttpError, type Http } from '../net/http.ts';

export type PageUploader = (input: {
  blob: Blob;
  sha256: string;
  submissionId: string;
  page: number;
  token: string;
  onProgress: (sent: number, total: number) => void;
}) => Promise<{ uploadId: string }>;

export type Progress = (sent: number, total: number) => void;

export async function sendSubmission(
  deps: {
    db: HomewardDB;
    http: Http;
    upload: PageUploader;
    forget?: (page: { submissionId: string; page: number; sha256: string }) => Promise<void>;
  },
  entry: OutboxEntry,
  token: string,
  onProgress: Progress,
): Promise<void> {
  const { db, http, upload, forget } = deps;
  const pages = await pagesOf(db, entry.recordId);
  if (pages.length === 0)
    throw new Error(`submission ${entry.recordId} has no pages on this phone`);
  const total = pages.reduce((sum, p) => sum + p.bytes, 0);
  let done = pages.filter((p) => p.uploadId).reduce((sum, p) => sum + p.bytes, 0);
  onProgress(done, total);
  const refs: SubmissionBody['pages'] = [];
  for (const page of pages) {
    let uploadId = page.uploadId;
    if (!uploadId) {
      const before = done;
      ({ uploadId } = await upload({
        blob: page.blob,
        sha256: page.sha256,
        submissionId: entry.recordId,
        page: page.index,
        token,
        onProgress: (sent) => onProgress(before + sent, total),
      }));
      await recordUpload(db, page.id, uploadId);
      done += page.bytes;
      onProgress(done, total);
    }
    refs.push({ uploadId, sha256: page.sha256, bytes: page.bytes });
  }
  const body: SubmissionBody = { ...(entry.body as SubmissionEntryBody), pages: refs };
  try {
    await http.json(entry.path, anyBody, { method: 'PUT', body: JSON.stringify(body), token });
  } catch (error) {
    if (error instanceof HttpError && error.code === 'upload_incomplete') {
      // The server no longer holds a page (e.g. an abandoned upload was cleaned up):
      // forget the upload ids and let the engine retry, which uploads them again.
      await Promise.all(pages.map((p) => db.submissionPages.update(p.id, { uploadId: null })));
      throw new HttpError(503, 'upload_incomplete', error.message);
    }
    throw error;
  }
  // Committed: the resume URLs are no longer needed.
  await Promise.all(
    pages.map((p) => forget?.({ submissionId: entry.recordId, page: p.index, sha256: p.sha256 })),
  );
}
