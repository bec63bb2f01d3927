// The pages of a submission being put together: each chosen photo is compressed off the
// main thread as soon as it is picked, and can be reordered or removed before sending.
import { useCallback, useEffect, useRef, useState } from 'react';
import { compressPhoto, isPhotoError, type PhotoErrorCode } from '../../photos/compress.ts';
import type { PreparedPage } from '../../data/submissions.ts';
import { maxPagesPerSubmission } from '../../../shared/submissions.ts';

export type DraftPage =
  | { key: string; state: 'working'; name: string }
  | { key: string; state: 'ready'; name: string; page: PreparedPage; url: string }
  | { key: string; state: 'failed'; name: string; error: PhotoErrorCode };

let counter = 0;

export function usePhotoDraft() {
  const [pages, setPages] = useState<DraftPage[]>([]);
  const urls = useRef(new Set<string>());

  useEffect(
    () => () => {
      for (const url of urls.current) URL.revokeObjectURL(url);
    },
    [],
  );

  const add = useCallback((files: Iterable<File>) => {
    for (const file of files) {
      counter += 1;
      const key = `p${counter}`;
      setPages((prev) =>
        prev.length >= maxPagesPerSubmission
          ? prev
          : [...prev, { key, state: 'working', name: file.name }],
      );
      compressPhoto(file).then(
        (photo) => {
          const url = URL.createObjectURL(photo.blob);
          urls.current.add(url);
          setPages((prev) =>
            prev.map((p) =>
              p.key === key ? { key, state: 'ready', name: file.name, page: photo, url } : p,
            ),
          );
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
  }, []);

  const remove = useCallback((key: string) => {
    setPages((prev) => {
      const gone = prev.find((p) => p.key === key);
      if (gone?.state === 'ready') {
        URL.revokeObjectURL(gone.url);
        urls.current.delete(gone.url);
      }
      return prev.filter((p) => p.key !== key);
    });
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

  const clear = useCallback(() => setPages([]), []);
  const ready = pages.filter(
    (p): p is Extract<DraftPage, { state: 'ready' }> => p.state === 'ready',
  );
  const working = pages.some((p) => p.state === 'working');
  return { pages, ready, working, add, remove, move, clear };
}
