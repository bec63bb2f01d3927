// Photos shared into Homeward from the phone's gallery (manifest share_target): the
// service worker keeps them in IndexedDB and opens /submit?shared=1; they join the draft.
import { useEffect } from 'react';
import { appDb } from '../../data/appDb.ts';
import { takeSharedFiles } from '../../data/shared.ts';

export function useSharedPhotos(active: boolean, add: (files: Iterable<File>) => void): void {
  useEffect(() => {
    if (!active) return;
    void takeSharedFiles(appDb).then((files) => {
      if (files.length) add(files);
    });
  }, [active, add]);
}
