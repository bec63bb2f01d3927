// Timetable weeks as the workspace edits them: a week and its sessions share ONE revision
// (`timetable_weeks.revision`), raised by every real change of either, so a save that
// started from an older revision is refused with what is stored now (409 `stale`).
// Also: sessions that would overlap, and copying a week with its sessions.
import type { Kysely, Transaction } from 'kysely';
import { v7 as uuid } from 'uuid';
import type { TimetableSession } from '../../shared/entities.ts';
import { toSession, toStaffWeek } from './mappers.ts';
import { addDays } from '../lib/time.ts';
import { stale } from '../lib/http-error.ts';
import type { Database, SessionRow, WeekRow } from './schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export async function sessionsOfWeek(db: Executor, weekId: string): Promise<SessionRow[]> {
  return db
    .selectFrom('timetable_sessions')
    .selectAll()
    .where('week_id', '=', weekId)
    .orderBy('date')
    .orderBy('start_time')
    .orderBy('id')
    .execute();
}

/** The week as staff see it, with its sessions: the body of a 200 and of a 409 `stale`. */
export async function staffWeekWithSessions(db: Executor, week: WeekRow) {
  const sessions = await sessionsOfWeek(db, week.id);
  return { week: toStaffWeek(week), sessions: sessions.map(toSession) };
}

/** 409 `stale`, with the week as it is now, unless the save started from its revision. */
export async function checkWeekRevision(
  db: Executor,
  week: WeekRow,
  base: number | undefined,
): Promise<void> {
  if ((base ?? 0) === week.revision) return;
  throw stale('week', await staffWeekWithSessions(db, week), week.revision);
}

/** Raises the week's revision after a real change of it or of one of its sessions. */
export async function bumpWeek(trx: Executor, week: WeekRow, at: string): Promise<WeekRow> {
  const next = { revision: week.revision + 1, updated_at: at };
  await trx.updateTable('timetable_weeks').set(next).where('id', '=', week.id).execute();
  return { ...week, ...next };
}

type Slot = Pick<TimetableSession, 'date' | 'startTime' | 'endTime' | 'pupilId'>;

/**
 * A session of the week the new one would overlap for some child: the same day, times
 * that cross (one ending as the next starts is fine), and an audience in common (the
 * whole class meets everyone; two children's own sessions never meet).
 */
export async function overlappingSession(
  db: Executor,
  weekId: string,
  sessionId: string,
  slot: Slot,
): Promise<SessionRow | undefined> {
  const sameDay = await db
    .selectFrom('timetable_sessions')
    .selectAll()
    .where('week_id', '=', weekId)
    .where('date', '=', slot.date)
    .where('id', '!=', sessionId)
    .orderBy('start_time')
    .execute();
  return sameDay.find(
    (s) =>
      s.start_time < slot.endTime &&
      slot.startTime < s.end_time &&
      (s.pupil_id === null || slot.pupilId === null || s.pupil_id === slot.pupilId),
  );
}

/** Whether a stored session already says what a save would write (then nothing changes). */
export function sameSession(row: SessionRow, s: Omit<TimetableSession, 'id'>): boolean {
  return (
    row.week_id === s.weekId &&
    row.pupil_id === s.pupilId &&
    row.date === s.date &&
    row.start_time === s.startTime &&
    row.end_time === s.endTime &&
    row.subject === s.subject &&
    row.kind === s.kind &&
    row.details === s.details &&
    row.live_url === s.liveUrl
  );
}

/**
 * Inside a transaction: a new draft week `newWeekId` starting `weekStart`, with a copy of
 * every session of `from` moved by the same number of days (new ids; a child's session
 * only while the child is still in the class). Nothing is published, so no change is
 * logged: families hear of the week when it is published.
 */
export async function copyWeek(
  trx: Executor,
  from: WeekRow,
  newWeekId: string,
  weekStart: string,
  at: string,
): Promise<WeekRow> {
  const shift = Math.round(
    (Date.parse(`${weekStart}T00:00:00Z`) - Date.parse(`${from.week_start}T00:00:00Z`)) /
      86_400_000,
  );
  const week: WeekRow = {
    id: newWeekId,
    class_id: from.class_id,
    week_start: weekStart,
    note: from.note,
    published_at: null,
    updated_at: at,
    revision: 1,
  };
  await trx.insertInto('timetable_weeks').values(week).execute();
  const pupils = new Set(
    (
      await trx.selectFrom('pupils').select('id').where('class_id', '=', from.class_id).execute()
    ).map((p) => p.id),
  );
  const sessions = (await sessionsOfWeek(trx, from.id)).filter(
    (s) => s.pupil_id === null || pupils.has(s.pupil_id),
  );
  if (sessions.length > 0) {
    await trx
      .insertInto('timetable_sessions')
      .values(
        sessions.map((s) => ({
          ...s,
          id: uuid(),
          week_id: newWeekId,
          date: addDays(s.date, shift),
          updated_at: at,
        })),
      )
      .execute();
  }
  return week;
}
