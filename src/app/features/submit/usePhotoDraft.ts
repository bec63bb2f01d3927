// The pages of a submission being put together: each chosen photo is compressed off the
// main thread as soon as it is picked, saved on the phone (so a reload keeps it), and can
// be reordered or removed before sending.
import { useCallback, useEffect, useRef, useState } from 'react';
import { maxPagesPerSubmission } from '../../../shared/submissions.ts';
import { appDb } from '../../data/appDb.ts';
import { loadDraft, removeDraftPage, reorderDraft, saveDraftPage } from '../../data/drafts.ts';
import { newId } from '../../data/outbox.ts';
import type { PreparedPage } from '../../data/submissions.ts';
import { compressPhoto, isPhotoError, type PhotoErrorCode } from '../../photos/compress.ts';

export type DraftPage =
  | { key: string; state: 'working'; name: string }
  | { key: string; state: 'ready'; name: string; page: PreparedPage; url: string }
  | { key: string; state: 'failed'; name: string; error: PhotoErrorCode };

type Ready = Extract<DraftPage, { state: 'ready' }>;

export function usePhotoDraft(pupilId: string | undefined) {
  const [pages, setPages] = useState<DraftPage[]>([]);
  const urls = useRef(new Set<string>());

  const urlFor = useCallback((blob: Blob) => {
    const url = URL.createObjectURL(blob);
    urls.current.add(url);
    return url;
  }, []);

  useEffect(
    () => () => {
      for (const url of urls.current) URL.revokeObjectURL(url);
    },
    [],
  );

  // The child's unsent photos, from the phone.
  useEffect(() => {
    if (!pupilId) return;
    let cancelled = false;
    void loadDraft(appDb, pupilId).then((rows) => {
      if (cancelled) return;
      setPages(
        rows.map((r): Ready => ({
          key: r.key,
          state: 'ready',
          name: r.name,
          page: {
            blob: r.blob,
            sha256: r.sha256,
            bytes: r.bytes,
            width: r.width,
            height: r.height,
          },
          url: urlFor(r.blob),
        })),
      );
    });
    return () => {
      cancelled = true;
    };
  }, [pupilId, urlFor]);

  // The saved order follows the screen's (after adding, moving or removing a page).
  const order = pages
    .filter((p) => p.state === 'ready')
    .map((p) => p.key)
    .join(',');
  useEffect(() => {
    if (pupilId && order) void reorderDraft(appDb, order.split(','));
  }, [pupilId, order]);

  const add = useCallback(
    (files: Iterable<File>) => {
      for (const file of files) {
        const key = newId();
        setPages((prev) =>
          prev.length >= maxPagesPerSubmission
            ? prev
            : [...prev, { key, state: 'working', name: file.name }],
        );
        compressPhoto(file).then(
          (photo) => {
            setPages((prev) =>
              prev.map((p) =>
                p.key === key
                  ? { key, state: 'ready', name: file.name, page: photo, url: urlFor(photo.blob) }
                  : p,
              ),
            );
            if (pupilId) {
              // New pages come last, as on screen. Best effort: if the phone is full, the
              // photo still waits here in memory.
              const row = { key, pupilId, order: Number.MAX_SAFE_INTEGER, name: file.name };
              void saveDraftPage(appDb, { ...row, ...photo }).catch(() => {});
            }
          },
          (error: unknown) => {
            const code = isPhotoError(error) ? error.code : 'decode_failed';
            setPages((prev) =>
              prev.map((p) =>
                p.key === key ? { key, state: 'failed', name: file.name, error: code } : p,
              ),
            );
          },
        );
      }
    },
    [pupilId, urlFor],
  );

  const remove = useCallback((key: string) => {
    setPages((prev) => {
      const gone = prev.find((p) => p.key === key);
      if (gone?.state === 'ready') {
        URL.revokeObjectURL(gone.url);
        urls.current.delete(gone.url);
      }
      return prev.filter((p) => p.key !== key);
    });
    void removeDraftPage(appDb, key);
  }, []);

  const move = useCallback((key: string, by: -1 | 1) => {
    setPages((prev) => {
      const i = prev.findIndex((p) => p.key === key);
      const j = i + by;
      if (i < 0 || j < 0 || j >= prev.length) return prev;
      const next = [...prev];
      [next[i], next[j]] = [next[j] as DraftPage, next[i] as DraftPage];
      return next;
    });
  }, []);

  /** After sending: the submission took the pages (and cleared the saved draft). */
  const clear = useCallback(() => setPages([]), []);
  const ready = pages.filter((p): p is Ready => p.state === 'ready');
  const working = pages.some((p) => p.state === 'working');
  return { pages, ready, working, add, remove, move, clear };
}
