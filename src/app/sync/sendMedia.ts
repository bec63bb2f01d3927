// Delivers one picture or audio clip made on this phone: the bytes go up resumably
// (tus, like a photo page), then the idempotent PUT names the upload. A retry repeats
// only what is missing; the commit is safe to repeat.
import type { MediaBody } from '../../shared/schedules.ts';
import type { HomewardDB, OutboxEntry } from '../data/db.ts';
import { anyBody, HttpError, type Http } from '../net/http.ts';
import type { PageForgetter } from './pageUploader.ts';
import type { PageUploader, Progress } from './sendSubmission.ts';

export async function sendMedia(
  deps: { db: HomewardDB; http: Http; upload: PageUploader; forget?: PageForgetter },
  entry: OutboxEntry,
  token: string,
  onProgress: Progress,
): Promise<void> {
  const { db, http, upload, forget } = deps;
  const media = await db.media.get(entry.recordId);
  if (!media?.blob || media.pupilId === null) {
    throw new Error(`media ${entry.recordId} has no bytes on this phone`);
  }
  let uploadId = media.uploadId;
  if (!uploadId) {
    ({ uploadId } = await upload({
      blob: media.blob,
      sha256: media.sha256,
      submissionId: media.id,
      page: 0,
      token,
      onProgress,
    }));
    await db.media.update(media.id, { uploadId });
  }
  onProgress(media.bytes, media.bytes);
  const body: MediaBody = {
    pupilId: media.pupilId,
    kind: media.kind,
    uploadId,
    sha256: media.sha256,
    bytes: media.bytes,
  };
  try {
    await http.json(entry.path, anyBody, { method: 'PUT', body: JSON.stringify(body), token });
  } catch (error) {
    if (error instanceof HttpError && error.code === 'upload_incomplete') {
      await db.media.update(media.id, { uploadId: null });
      throw new HttpError(503, 'upload_incomplete', error.message);
    }
    throw error;
  }
  await forget?.({ submissionId: media.id, page: 0, sha256: media.sha256 });
}

/**
 * Fetches the bytes of pictures and clips that synced without them (the school's, or the
 * other household's), once each: an id's bytes never change. Best effort: what fails is
 * fetched on the next sync.
 */
export async function fetchMissingMedia(
  db: HomewardDB,
  token: string,
  fetchImpl: typeof fetch = (i, init) => globalThis.fetch(i, init),
): Promise<number> {
  const missing = await db.media.filter((m) => m.blob === null).toArray();
  let fetched = 0;
  for (const media of missing) {
    let response: Response;
    try {
      response = await fetchImpl(`/api/v1/media/${media.id}`, {
        headers: { Authorization: `Bearer ${token}` },
        credentials: 'same-origin',
        signal: AbortSignal.timeout(60_000),
      });
    } catch {
      return fetched; // offline again: the next sync carries on
    }
    if (!response.ok) continue;
    const blob = await response.blob();
    await db.media.update(media.id, { blob });
    fetched += 1;
  }
  return fetched;
}
