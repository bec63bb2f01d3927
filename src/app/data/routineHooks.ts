// Live reads for the routine screens (schedules, reward charts, child mode, the parent
// area). Kept apart from hooks.ts so none of this loads with the first screen.
import { useLiveQuery } from 'dexie-react-hooks';
import { appDb } from './appDb.ts';
import type { TimetableSession } from '../../shared/entities.ts';
import type { LocalMedia, LocalSchedule, ScheduleRun } from './db.ts';
import { hasPin } from './parent.ts';
import { loadBoards, type Board } from './rewards.ts';
import { getRun, listSchedules } from './schedules.ts';

export function useSchedules(pupilId: string | undefined): LocalSchedule[] | undefined {
  const result = useLiveQuery(
    async () => (pupilId ? { pupilId, list: await listSchedules(appDb, pupilId) } : undefined),
    [pupilId],
  );
  return result && result.pupilId === pupilId ? result.list : undefined;
}

/** `null`: no such schedule (deleted, or never on this phone). */
export function useSchedule(id: string | undefined): LocalSchedule | null | undefined {
  return useLiveQuery(async () => (id ? ((await appDb.schedules.get(id)) ?? null) : null), [id]);
}

export function useScheduleRun(scheduleId: string | undefined, date: string): ScheduleRun | undefined {
  return useLiveQuery(
    async () => (scheduleId ? getRun(appDb, scheduleId, date) : undefined),
    [scheduleId, date],
  );
}

export function useBoards(pupilId: string | undefined): Board[] | undefined {
  const result = useLiveQuery(
    async () => (pupilId ? { pupilId, boards: await loadBoards(appDb, pupilId) } : undefined),
    [pupilId],
  );
  return result && result.pupilId === pupilId ? result.boards : undefined;
}

export function useHasPin(): boolean | undefined {
  return useLiveQuery(() => hasPin(appDb));
}

export function useMedia(id: string | null | undefined): LocalMedia | null | undefined {
  return useLiveQuery(async () => (id ? ((await appDb.media.get(id)) ?? null) : null), [id]);
}

// One object URL per media file and content for the life of the page: IndexedDB hands
// out a new Blob on every read, and a URL per read would leak; media ids never change
// their bytes, so the first URL stays right.
const objectUrls = new Map<string, string>();

/** An object URL for a picture or clip's bytes (null until they are on the phone). */
export function useMediaUrl(id: string | null | undefined): string | null {
  const media = useMedia(id);
  if (!media?.blob) return null;
  const key = `${media.id}:${media.sha256}:${media.blob.size}`;
  let url = objectUrls.get(key);
  if (!url) {
    url = URL.createObjectURL(media.blob);
    objectUrls.set(key, url);
  }
  return url;
}

/** The timetable session a schedule belongs to (null: none, or not on this phone). */
export function useTimetableSession(id: string | null): TimetableSession | null | undefined {
  return useLiveQuery(
    async () => (id ? ((await appDb.timetableSessions.get(id)) ?? null) : null),
    [id],
  );
}

/** Learning packs the school linked to steps of this schedule, with the step they are for. */
export function useStepPacks(
  steps: Array<{ id: string; label: string }>,
): Array<{ id: string; title: string; step: string }> | undefined {
  return useLiveQuery(async () => {
    const labels = new Map(steps.map((s) => [s.id, s.label]));
    const packs = await appDb.packs.filter((p) => p.stepIds.some((id) => labels.has(id))).toArray();
    return packs.flatMap((p) =>
      p.stepIds
        .filter((id) => labels.has(id))
        .map((id) => ({ id: p.id, title: p.title, step: labels.get(id) ?? '' })),
    );
  }, [steps.map((s) => s.id).join(',')]);
}
