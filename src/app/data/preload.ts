// The first screen's data, read from IndexedDB while the app boots (in parallel with the
// language set-up), so the first render already shows the timetable instead of a
// "Loading…" frame followed by a second render.
import { getAppDb } from './lazyDb.ts';
import { readFirstScreenRaw } from './rawReader.ts';
import { loadShell, type Shell } from './shell.ts';
import { loadWeekView, type WeekView } from './weekView.ts';

const preloaded: { shell?: Shell; week?: WeekView } = {};

/**
 * Hands the preloaded value to the first screen that mounts, once: later mounts (after
 * joining, after "Remove this phone") must read the database as it is then.
 */
export function takePreloaded<K extends keyof typeof preloaded>(key: K): (typeof preloaded)[K] {
  const value = preloaded[key];
  delete preloaded[key];
  return value;
}

/** Whatever was not used by the first screen is dropped (it would only grow stale). */
export function forgetPreloaded(): void {
  delete preloaded.shell;
  delete preloaded.week;
}

export async function preloadFirstScreen(path: string): Promise<void> {
  // Joining starts from an empty phone: nothing to show, and nothing must go stale.
  if (path.startsWith('/join')) return;
  // Raw IndexedDB first (rawReader.ts): the cold start's one read without Dexie's cost.
  const raw = await readFirstScreenRaw().catch(() => null);
  if (raw) {
    preloaded.shell = raw.shell;
    preloaded.week = raw.week;
    performance.mark('homeward:preload-raw'); // the bench shows which path a start took
    return;
  }
  try {
    // One read transaction for both (Dexie runs the inner ones inside it): each IndexedDB
    // transaction costs a slow phone noticeable time at start-up.
    const appDb = await getAppDb();
    const [shell, week] = await appDb.transaction('r', appDb.tables, () =>
      Promise.all([loadShell(appDb), loadWeekView(appDb, { weekId: null })]),
    );
    preloaded.shell = shell;
    preloaded.week = week;
  } catch {
    // Storage unavailable (private mode, quota): the screens load and explain themselves.
  }
}
