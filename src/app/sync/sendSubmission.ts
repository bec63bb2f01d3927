// Delivers one queued photo submission: uploads each page that is not on the server yet
// (tus, resuming from what the server already holds), then commits them with the
// idempotent PUT that names the uploads. A retry after any failure repeats only what is
// missing; the commit itself is safe to repeat. If the server no longer has a page (its
// clean-up removed an upload never committed: 410 `upload_gone`) or what it has is not
// the page (422 `upload_incomplete`), the upload ids AND resume URLs are forgotten and
// the pages go up afresh, once in this call; a repeat of that is the engine's to count.
import type { SubmissionBody } from '../../shared/submissions.ts';
import type { HomewardDB, OutboxEntry } from '../data/db.ts';
import { pagesOf, recordUpload, type SubmissionEntryBody } from '../data/submissions.ts';
import { anyBody, HttpError, type Http } from '../net/http.ts';
import { LocalDataError, SyncError } from './errors.ts';
import type { PageForgetter } from './pageUploader.ts';
import { recordPath } from './requests.ts';
import type { Progress } from './send.ts';

export type PageUploader = (input: {
  blob: Blob;
  sha256: string;
  submissionId: string;
  page: number;
  token: string;
  /** Bytes the server has acknowledged, of this page. */
  onProgress: (acknowledged: number, total: number) => void;
}) => Promise<{ uploadId: string }>;

export type UploadDeps = {
  db: HomewardDB;
  http: Http;
  upload: PageUploader;
  forget?: PageForgetter;
};

/** Answers after which the bytes must go up again, from the start. */
export const uploadAgainCodes: ReadonlySet<string> = new Set(['upload_gone', 'upload_incomplete']);

export const mustUploadAgain = (error: unknown): error is HttpError =>
  error instanceof HttpError && uploadAgainCodes.has(error.code);

/**
 * The commit PUT that names the uploads. False when the bytes must go up again (after
 * `forgetAll` forgot the upload ids and resume URLs); the second time in one call, a
 * retryable failure the engine counts.
 */
export async function commitUploads(
  http: Http,
  path: string,
  body: unknown,
  token: string,
  round: number,
  forgetAll: () => Promise<void>,
): Promise<boolean> {
  try {
    await http.json(path, anyBody, { method: 'PUT', body: JSON.stringify(body), token });
    return true;
  } catch (error) {
    if (!mustUploadAgain(error)) throw error;
    await forgetAll();
    if (round > 0) throw new SyncError('server', error.code, error.message, error.status);
    return false;
  }
}

export async function sendSubmission(
  deps: UploadDeps,
  entry: OutboxEntry,
  entryBody: Record<string, unknown>,
  token: string,
  onProgress: Progress,
): Promise<void> {
  const { db, http, upload, forget } = deps;
  const pages = await pagesOf(db, entry.recordId);
  if (pages.length === 0) {
    throw new LocalDataError(
      'missing_pages',
      `submission ${entry.recordId} has no pages on this phone`,
    );
  }
  const broken = pages.find((p) => !(p.blob instanceof Blob) || p.blob.size !== p.bytes);
  if (broken) {
    throw new LocalDataError(
      'missing_pages',
      `page ${broken.index + 1} is no longer readable on this phone`,
    );
  }
  const total = pages.reduce((sum, p) => sum + p.bytes, 0);
  const forgetAll = async () => {
    await Promise.all(
      pages.map(async (p) => {
        p.uploadId = null;
        await db.submissionPages.update(p.id, { uploadId: null });
        await forget?.({ submissionId: entry.recordId, page: p.index, sha256: p.sha256 });
      }),
    );
  };

  for (let round = 0; ; round += 1) {
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
          onProgress: (acknowledged) => onProgress(before + acknowledged, total),
        }));
        page.uploadId = uploadId;
        await recordUpload(db, page.id, uploadId);
        done += page.bytes;
        onProgress(done, total);
      }
      refs.push({ uploadId, sha256: page.sha256, bytes: page.bytes });
    }
    const body: SubmissionBody = { ...(entryBody as SubmissionEntryBody), pages: refs };
    const path = recordPath('submission', entry.recordId);
    if (await commitUploads(http, path, body, token, round, forgetAll)) break;
  }
  // Committed: the resume URLs are no longer needed.
  await Promise.all(
    pages.map((p) => forget?.({ submissionId: entry.recordId, page: p.index, sha256: p.sha256 })),
  );
}
