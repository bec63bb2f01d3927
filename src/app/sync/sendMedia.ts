// Delivers one picture or audio clip made on this phone: the bytes go up resumably
// (tus, like a photo page), then the idempotent PUT names the upload. A retry repeats
// only what is missing; the commit is safe to repeat. Gone or damaged on the server: up
// afresh, as a photo page (./sendSubmission.ts).
import type { MediaBody } from '../../shared/schedules.ts';
import type { HomewardDB, OutboxEntry } from '../data/db.ts';
import { appVersion, appVersionHeader } from '../version.ts';
import { LocalDataError } from './errors.ts';
import { recordPath } from './requests.ts';
import type { Progress } from './send.ts';
import { commitUploads, type UploadDeps } from './sendSubmission.ts';

export async function sendMedia(
  deps: UploadDeps,
  entry: OutboxEntry,
  _body: Record<string, unknown>,
  token: string,
  onProgress: Progress,
): Promise<void> {
  const { db, http, upload, forget } = deps;
  const media = await db.media.get(entry.recordId);
  if (!media?.blob || media.pupilId === null || media.blob.size !== media.bytes) {
    throw new LocalDataError('missing_bytes', `media ${entry.recordId} has no bytes on this phone`);
  }
  const page = { submissionId: media.id, page: 0, sha256: media.sha256 };
  let uploadId = media.uploadId;
  for (let round = 0; ; round += 1) {
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
    const forgetAll = async () => {
      uploadId = null;
      await db.media.update(media.id, { uploadId: null });
      await forget?.(page);
    };
    if (await commitUploads(http, recordPath('media', media.id), body, token, round, forgetAll)) {
      break;
    }
  }
  await forget?.(page);
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
        headers: { Authorization: `Bearer ${token}`, [appVersionHeader]: appVersion },
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
