// Visual schedules: the school's (read only here), and the family's own, made or changed
// on this phone. A family change is a new revision written with its outbox entry in ONE
// transaction, together with an entry for every new picture or clip it uses (sent first:
// the outbox drains oldest first). How far the child got is kept on this phone only.
import type { FamilyScheduleBody, ScheduleStep } from '../../shared/schedules.ts';
import type { HomewardDB, LocalMedia, LocalSchedule, ScheduleRun } from './db.ts';
import { enqueue, newId, supersede } from './outbox.ts';

export type ScheduleDraft = {
  /** Absent for a new schedule. */
  id?: string;
  pupilId: string;
  title: string;
  date: string | null;
  sessionId: string | null;
  language: string;
  steps: ScheduleStep[];
};

export class ScheduleError extends Error {
  readonly code: 'made_by_school' | 'not_found' | 'invalid';
  constructor(code: ScheduleError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/** The child's schedules: today's (and other dated ones, newest day first), then routines. */
export async function listSchedules(db: HomewardDB, pupilId: string): Promise<LocalSchedule[]> {
  const all = await db.schedules.where('pupilId').equals(pupilId).toArray();
  return all.toSorted((a, b) => {
    if (a.date !== b.date) {
      if (a.date === null) return 1;
      if (b.date === null) return -1;
      return b.date.localeCompare(a.date);
    }
    return a.title.localeCompare(b.title);
  });
}

/** Media ids a schedule uses (symbol pictures and clips). */
export function mediaIdsOf(steps: ScheduleStep[]): string[] {
  const ids = new Set<string>();
  for (const s of steps) {
    if (s.symbol.kind === 'media') ids.add(s.symbol.mediaId);
    if (s.audioId) ids.add(s.audioId);
  }
  return [...ids];
}

/** Queues every picture or clip made here that has no way to school yet. */
export async function queueNewMedia(db: HomewardDB, ids: string[], now: Date): Promise<void> {
  for (const id of ids) {
    const media = await db.media.get(id);
    if (!media || media.delivery !== 'saved' || media.pupilId === null) continue;
    if ((await db.outbox.where('recordId').equals(id).count()) > 0) continue;
    await enqueue(db, 'media', id, { pupilId: media.pupilId, kind: media.kind, sha256: media.sha256, bytes: media.bytes }, now);
  }
}

export async function saveFamilySchedule(
  db: HomewardDB,
  draft: ScheduleDraft,
  now = new Date(),
): Promise<string> {
  const title = draft.title.trim();
  if (!title) throw new ScheduleError('invalid', 'A schedule needs a name.');
  if (draft.steps.length === 0) throw new ScheduleError('invalid', 'A schedule needs a step.');
  const id = draft.id ?? newId();
  await db.transaction('rw', db.schedules, db.media, db.outbox, async () => {
    const existing = await db.schedules.get(id);
    if (existing?.madeBy === 'school') {
      throw new ScheduleError('made_by_school', 'The school made this schedule; copy it first.');
    }
    const record: LocalSchedule = {
      id,
      pupilId: existing?.pupilId ?? draft.pupilId,
      title,
      date: draft.date,
      sessionId: draft.sessionId,
      language: draft.language,
      steps: draft.steps.map((s) => ({ ...s, label: s.label.trim() })),
      madeBy: 'family',
      revision: (existing?.revision ?? 0) + 1,
      updatedAt: now.toISOString(),
      delivery: 'saved',
    };
    await queueNewMedia(db, mediaIdsOf(record.steps), now);
    await db.schedules.put(record);
    const { madeBy: _m, updatedAt: _u, delivery: _d, id: _i, ...rest } = record;
    const body: FamilyScheduleBody = { ...rest, deleted: false };
    await supersede(db, id);
    await enqueue(db, 'visualSchedule', id, body, now);
  });
  return id;
}

export async function deleteFamilySchedule(
  db: HomewardDB,
  id: string,
  now = new Date(),
): Promise<void> {
  await db.transaction('rw', db.schedules, db.scheduleRuns, db.outbox, async () => {
    const existing = await db.schedules.get(id);
    if (!existing) throw new ScheduleError('not_found', 'That schedule has gone.');
    if (existing.madeBy === 'school') {
      throw new ScheduleError('made_by_school', 'The school made this schedule.');
    }
    const { madeBy: _m, updatedAt: _u, delivery: _d, id: _i, ...rest } = existing;
    const body: FamilyScheduleBody = { ...rest, revision: existing.revision + 1, deleted: true };
    await db.schedules.delete(id);
    await db.scheduleRuns.where('scheduleId').equals(id).delete();
    await supersede(db, id);
    await enqueue(db, 'visualSchedule', id, body, now);
  });
}

/** A family copy of any schedule (the school's, to change it), with fresh step ids. */
export async function copySchedule(
  db: HomewardDB,
  id: string,
  title: string,
  now = new Date(),
): Promise<string> {
  const source = await db.schedules.get(id);
  if (!source) throw new ScheduleError('not_found', 'That schedule has gone.');
  return saveFamilySchedule(
    db,
    {
      pupilId: source.pupilId,
      title,
      date: source.date,
      sessionId: source.sessionId,
      language: source.language,
      steps: source.steps.map((s) => ({ ...s, id: newId() })),
    },
    now,
  );
}

/** A picture or clip taken on this phone; queued when a schedule or chart first uses it. */
export async function addLocalMedia(
  db: HomewardDB,
  input: Pick<LocalMedia, 'pupilId' | 'kind' | 'contentType' | 'blob' | 'sha256' | 'bytes'>,
): Promise<string> {
  const id = newId();
  await db.media.add({ ...input, id, uploadId: null, server: null, delivery: 'saved' });
  return id;
}

const runKey = (scheduleId: string, date: string) => `${scheduleId}:${date}`;

export async function getRun(db: HomewardDB, scheduleId: string, date: string): Promise<ScheduleRun> {
  return (
    (await db.scheduleRuns.get(runKey(scheduleId, date))) ?? {
      key: runKey(scheduleId, date),
      scheduleId,
      date,
      doneStepIds: [],
      updatedAt: new Date(0).toISOString(),
    }
  );
}

/** The child finished a step (again is harmless). */
export async function markStepDone(
  db: HomewardDB,
  scheduleId: string,
  date: string,
  stepId: string,
  now = new Date(),
): Promise<void> {
  await db.transaction('rw', db.scheduleRuns, async () => {
    const run = await getRun(db, scheduleId, date);
    if (run.doneStepIds.includes(stepId)) return;
    await db.scheduleRuns.put({
      ...run,
      doneStepIds: [...run.doneStepIds, stepId],
      updatedAt: now.toISOString(),
    });
  });
}

/** Back one step (a mistaken tap), or start the schedule again. */
export async function undoStep(
  db: HomewardDB,
  scheduleId: string,
  date: string,
  stepId: string | 'all',
  now = new Date(),
): Promise<void> {
  await db.transaction('rw', db.scheduleRuns, async () => {
    const run = await getRun(db, scheduleId, date);
    await db.scheduleRuns.put({
      ...run,
      doneStepIds: stepId === 'all' ? [] : run.doneStepIds.filter((s) => s !== stepId),
      updatedAt: now.toISOString(),
    });
  });
}
