// Live reads for React: components get data only through these hooks (see README.md).
// The first screen's own hooks (frame, timetable) are in firstHooks.ts, without Dexie.
import { useLiveQuery } from 'dexie-react-hooks';
import type { School } from '../../shared/entities.ts';
import type { SubmissionFeedback } from '../../shared/submissions.ts';
import { appDb } from './appDb.ts';
import { listAbsenceNotices } from './absences.ts';
import { listSubmissions } from './submissions.ts';
import type { LocalAbsenceNotice, LocalSubmission, OutboxEntry } from './db.ts';
import { getMeta } from './meta.ts';
import { listSetAside, type SetAsideItem } from './setAside.ts';

export function useSchool(): School | null | undefined {
  return useLiveQuery(async () => (await appDb.schools.toCollection().first()) ?? null);
}

export function useRejectedEntries(): OutboxEntry[] {
  return useLiveQuery(() => appDb.outbox.where('state').equals('rejected').toArray()) ?? [];
}

/** Everything set aside, in the order it was made, with what each item was. */
export function useSetAsideItems(): SetAsideItem[] | undefined {
  return useLiveQuery(() => listSetAside(appDb));
}

/**
 * A live list for one child. `undefined` until THIS child's list has loaded (useLiveQuery
 * keeps the previous answer while the new one loads, which would show another child's).
 */
function usePupilList<T>(
  pupilId: string | undefined,
  load: (pupilId: string) => Promise<T[]>,
): T[] | undefined {
  const result = useLiveQuery(
    async () => (pupilId ? { pupilId, list: await load(pupilId) } : undefined),
    [pupilId],
  );
  return result && result.pupilId === pupilId ? result.list : undefined;
}

export function useAbsenceNotices(pupilId: string | undefined): LocalAbsenceNotice[] | undefined {
  return usePupilList(pupilId, (id) => listAbsenceNotices(appDb, id));
}

/** Outbox entries the server refused, by the record they were for. */
export function useRejectedByRecord(): Map<string, OutboxEntry> {
  const rejected = useRejectedEntries();
  return new Map(rejected.map((e) => [e.recordId, e]));
}

export type SubmissionWithFeedback = LocalSubmission & {
  feedback: SubmissionFeedback[];
  /** Still in the outbox (not yet acknowledged by the server). */
  queued: OutboxEntry | undefined;
};

export function useSubmissions(pupilId: string | undefined): SubmissionWithFeedback[] | undefined {
  return usePupilList(pupilId, async (id) => {
    const [list, feedback, entries] = await Promise.all([
      listSubmissions(appDb, id),
      appDb.feedback.where('pupilId').equals(id).toArray(),
      appDb.outbox.where('state').equals('queued').toArray(),
    ]);
    return list.map((s) => ({
      ...s,
      feedback: feedback
        .filter((f) => f.submissionId === s.id)
        .toSorted((a, b) => a.createdAt.localeCompare(b.createdAt)),
      queued: entries.find((e) => e.recordId === s.id),
    }));
  });
}

export function useSendOnWifiOnly(): boolean {
  return useLiveQuery(async () => (await getMeta<boolean>(appDb, 'sendOnWifiOnly')) ?? false) ?? false;
}
