// Live reads for React: components get data only through these hooks (see README.md).
import { useLiveQuery } from 'dexie-react-hooks';
import type { Pupil, School } from '../../shared/entities.ts';
import { appDb } from './appDb.ts';
import type { DeviceIdentity, OutboxEntry } from './db.ts';
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
