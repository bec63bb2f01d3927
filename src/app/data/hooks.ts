// Live reads for React: components get data only through these hooks (see README.md).
import { useLiveQuery } from 'dexie-react-hooks';
import type { Pupil, School } from '../../shared/entities.ts';
import type { SubmissionFeedback } from '../../shared/submissions.ts';
import { appDb } from './appDb.ts';
import { listAbsenceNotices } from './absences.ts';
import { listSubmissions } from './submissions.ts';
import type { DeviceIdentity, LocalAbsenceNotice, LocalSubmission, OutboxEntry } from './db.ts';
import { getMeta } from './meta.ts';
import { outboxCounts } from './outbox.ts';
import { loadWeekView, type WeekView } from './weekView.ts';
import { listPupils } from './timetable.ts';

/** `undefined` while loading; `null` when this phone has not joined. */
export function useDevice(): DeviceIdentity | null | undefined {
  return useLiveQuery(async () => (await getMeta<DeviceIdentity>(appDb, 'device')) ?? null);
}

export function useRevoked(): boolean {
  return useLiveQuery(async () => (await getMeta<boolean>(appDb, 'revoked')) ?? false) ?? false;
}

export function usePupils(): Pupil[] | undefined {
  return useLiveQuery(() => listPupils(appDb));
}

export function useSelectedPupilId(): string | null | undefined {
  return useLiveQuery(async () => (await getMeta<string>(appDb, 'selectedPupilId')) ?? null);
}

export function useSchool(): School | null | undefined {
  return useLiveQuery(async () => (await appDb.schools.toCollection().first()) ?? null);
}



export function useOutboxCounts(): { waiting: number; needsAttention: number } {
  return useLiveQuery(() => outboxCounts(appDb)) ?? { waiting: 0, needsAttention: 0 };
}

export function useRejectedEntries(): OutboxEntry[] {
  return useLiveQuery(() => appDb.outbox.where('state').equals('rejected').toArray()) ?? [];
}

export function useLastSyncedAt(): string | null {
  return useLiveQuery(async () => (await getMeta<string>(appDb, 'lastSyncedAt')) ?? null) ?? null;
}

/** The child whose things are on screen: the saved choice, else the first child. */
export function useCurrentPupil(): { pupils: Pupil[] | undefined; current: Pupil | undefined } {
  const pupils = usePupils();
  const selected = useSelectedPupilId();
  const current = pupils?.find((p) => p.id === selected) ?? pupils?.[0];
  return { pupils, current };
}

/** The timetable screen's data in one read; `undefined` only until the first answer. */
export function useWeekView(weekId: string | null): WeekView | undefined {
  return useLiveQuery(() => loadWeekView(appDb, { weekId }), [weekId]);
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
