// Live reads for the first screen (the frame and the timetable). They start from the
// value read at boot (preload.ts) and subscribe to Dexie only after the first paint,
// importing it then: Dexie's code is not part of the first screen at all.
import { useEffect, useState } from 'react';
import type { HomewardDB } from './db.ts';
import { takePreloaded } from './preload.ts';
import { loadShell, type Shell } from './shell.ts';
import { loadWeekView, type WeekView } from './weekView.ts';

function useLiveFrom<T>(
  querier: (db: HomewardDB) => Promise<T>,
  key: string,
  initial: () => T | undefined,
): T | undefined {
  const [state, setState] = useState<{ value: T | undefined }>(() => ({ value: initial() }));
  useEffect(() => {
    let cancelled = false;
    let subscription: { unsubscribe(): void } | null = null;
    void import('./live.ts').then(({ appDb, liveQuery }) => {
      if (cancelled) return;
      subscription = liveQuery(() => querier(appDb)).subscribe({
        next: (value) => setState({ value }),
        error: () => setState({ value: undefined }),
      });
    });
    return () => {
      cancelled = true;
      subscription?.unsubscribe();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` names the query
  }, [key]);
  // While another query loads (a different week), keep showing the last answer.
  return state.value;
}

/** The timetable screen's data in one read; `undefined` only until the first answer. */
export function useWeekView(weekId: string | null): WeekView | undefined {
  return useLiveFrom(
    (db) => loadWeekView(db, { weekId }),
    `week:${weekId}`,
    () => (weekId === null ? takePreloaded('week') : undefined),
  );
}

export function useShellQuery(): Shell | undefined {
  return useLiveFrom(loadShell, 'shell', () => takePreloaded('shell'));
}
