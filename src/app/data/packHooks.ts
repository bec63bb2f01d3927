// Live reads for the learning-pack screens. Kept apart from hooks.ts so none of this loads
// with the first screen.
import { useLiveQuery } from 'dexie-react-hooks';
import type { TimetableSession } from '../../shared/entities.ts';
import type { Pack } from '../../shared/packs.ts';
import { appDb } from './appDb.ts';
import type { StoredFile } from './db.ts';
import { getMeta } from './meta.ts';
import {
  getPackView,
  listPacks,
  packsOnPhone,
  type PackStorage,
  type PackView,
} from './packs.ts';

export function usePacks(pupilId: string | undefined): PackView[] | undefined {
  const result = useLiveQuery(
    async () => (pupilId ? { pupilId, packs: await listPacks(appDb, pupilId) } : undefined),
    [pupilId],
  );
  return result && result.pupilId === pupilId ? result.packs : undefined;
}

/** `null`: no such pack for this child on the phone (never synced, or withdrawn). */
export function usePackView(
  packId: string | undefined,
  pupilId: string | undefined,
): PackView | null | undefined {
  return useLiveQuery(
    async () => (packId && pupilId ? getPackView(appDb, packId, pupilId) : null),
    [packId, pupilId],
  );
}

export function useStoredFiles(): StoredFile[] | undefined {
  return useLiveQuery(() => appDb.storedFiles.toArray());
}

export function useKeptWeeks(): string[] | undefined {
  return useLiveQuery(async () => (await getMeta<string[]>(appDb, 'packWeeks')) ?? []);
}

export function useAutoDownload(): boolean | undefined {
  return useLiveQuery(async () => (await getMeta<boolean>(appDb, 'autoDownload')) !== false);
}

export function usePacksOnPhone(): PackStorage[] | undefined {
  return useLiveQuery(() => packsOnPhone(appDb));
}

/** The timetable sessions a pack is for, in time order (those still on the phone). */
export function usePackSessions(ids: string[]): TimetableSession[] | undefined {
  return useLiveQuery(
    async () =>
      (await appDb.timetableSessions.bulkGet(ids))
        .flatMap((s) => (s ? [s] : []))
        .toSorted((a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime)),
    [ids.join(',')],
  );
}

/** Every pack of one week on the phone, for all the family's children. */
export function useWeekPacks(week: string): Pack[] | undefined {
  return useLiveQuery(() => appDb.packs.where('weekStart').equals(week).toArray(), [week]);
}
