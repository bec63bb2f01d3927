// Feedback on returned work, with the school's reply hours: written inside them it reaches
// the family at once; written outside them (and while the school holds such replies) it
// waits in `held_feedback` and moves to `submission_feedback`, with its change-log entry,
// once `deliver_at` has passed (`releaseHeldFeedback`, run by plugins/school-day.ts every
// minute). Held feedback never reaches sync: it is not in the table sync reads.
import { v7 as uuidv7 } from 'uuid';
import { addDays, isSchoolDay, localDate, localTime, zonedInstant } from '../lib/time.ts';
import { recordChange } from './changes.ts';
import type { Insertable, Transaction } from 'kysely';
import type { Db } from './database.ts';
import type { Database, SubmissionFeedbackTable } from './schema.ts';
import type { SchoolDaySettings } from './school-day-settings.ts';

export type StaffFeedback = {
  id: string;
  submissionId: string;
  pupilId: string;
  staffName: string;
  text: string;
  createdAt: string;
  /** When it reaches (or reached) the family. */
  deliverAt: string;
  /** Still waiting for reply hours. */
  held: boolean;
};

/** When feedback written at `now` reaches the family under the school's reply hours. */
export function deliveryTime(now: Date, timeZone: string, settings: SchoolDaySettings): Date {
  if (!settings.holdOutsideReplyHours) return now;
  const today = localDate(now, timeZone);
  const time = localTime(now, timeZone);
  if (isSchoolDay(today)) {
    if (time < settings.replyFrom) return zonedInstant(today, settings.replyFrom, timeZone);
    if (time < settings.replyUntil) return now;
  }
  let day = addDays(today, 1);
  while (!isSchoolDay(day)) day = addDays(day, 1);
  return zonedInstant(day, settings.replyFrom, timeZone);
}

/** Feedback the family may see now: stored where sync reads it, with its change-log entry. */
async function deliver(trx: Transaction<Database>, row: Insertable<SubmissionFeedbackTable>) {
  await trx.insertInto('submission_feedback').values(row).execute();
  await recordChange(
    trx,
    [{ type: 'pupil', id: row.pupil_id }],
    'submissionFeedback',
    row.id,
    'upsert',
  );
}

export async function writeFeedback(
  db: Db,
  input: {
    submission: { id: string; pupil_id: string };
    staff: { id: string; name: string };
    text: string;
    now: Date;
    timeZone: string;
    settings: SchoolDaySettings;
  },
): Promise<StaffFeedback> {
  const deliverAt = deliveryTime(input.now, input.timeZone, input.settings);
  const held = deliverAt.getTime() > input.now.getTime();
  const row = {
    id: uuidv7(),
    submission_id: input.submission.id,
    pupil_id: input.submission.pupil_id,
    staff_id: input.staff.id,
    staff_name: input.staff.name,
    text: input.text,
    created_at: input.now.toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    if (held) {
      await trx
        .insertInto('held_feedback')
        .values({ ...row, deliver_at: deliverAt.toISOString() })
        .execute();
      return;
    }
    await deliver(trx, row);
  });
  return {
    id: row.id,
    submissionId: row.submission_id,
    pupilId: row.pupil_id,
    staffName: row.staff_name,
    text: row.text,
    createdAt: row.created_at,
    deliverAt: deliverAt.toISOString(),
    held,
  };
}

/** Moves held feedback whose time has come to the families; answers how many went. */
export async function releaseHeldFeedback(db: Db, now: Date): Promise<number> {
  const due = await db
    .selectFrom('held_feedback')
    .select('id')
    .where('deliver_at', '<=', now.toISOString())
    .orderBy('deliver_at')
    .limit(500)
    .execute();
  let released = 0;
  for (const { id } of due) {
    released += await db.transaction().execute(async (trx) => {
      // Another instance may have moved it meanwhile: only the one that deletes it inserts it.
      const row = await trx
        .deleteFrom('held_feedback')
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) return 0;
      const { deliver_at: _deliverAt, ...feedback } = row;
      await deliver(trx, feedback);
      return 1;
    });
  }
  return released;
}

/** Released and held feedback of these submissions, oldest first, for staff. */
export async function feedbackForStaff(
  db: Db,
  submissionIds: string[],
): Promise<Map<string, StaffFeedback[]>> {
  const bySubmission = new Map<string, StaffFeedback[]>();
  if (submissionIds.length === 0) return bySubmission;
  const [sent, held] = await Promise.all([
    db
      .selectFrom('submission_feedback')
      .selectAll()
      .where('submission_id', 'in', submissionIds)
      .execute(),
    db
      .selectFrom('held_feedback')
      .selectAll()
      .where('submission_id', 'in', submissionIds)
      .execute(),
  ]);
  const all: StaffFeedback[] = [
    ...sent.map((r) => ({ r, deliverAt: r.created_at, held: false })),
    ...held.map((r) => ({ r, deliverAt: r.deliver_at, held: true })),
  ].map(({ r, deliverAt, held: isHeld }) => ({
    id: r.id,
    submissionId: r.submission_id,
    pupilId: r.pupil_id,
    staffName: r.staff_name,
    text: r.text,
    createdAt: r.created_at,
    deliverAt,
    held: isHeld,
  }));
  all.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  for (const f of all) {
    const list = bySubmission.get(f.submissionId) ?? [];
    list.push(f);
    bySubmission.set(f.submissionId, list);
  }
  return bySubmission;
}

/**
 * Pieces of work that got feedback in [from, to) per child (held feedback counts: the
 * teacher has written it), for the week's tally against the school's target.
 */
export async function feedbackCountsByPupil(
  db: Db,
  pupilIds: string[],
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const counts = new Map<string, Set<string>>();
  if (pupilIds.length === 0) return new Map();
  for (const table of ['submission_feedback', 'held_feedback'] as const) {
    const rows = await db
      .selectFrom(table)
      .select(['pupil_id', 'submission_id'])
      .where('pupil_id', 'in', pupilIds)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .execute();
    for (const r of rows) {
      const set = counts.get(r.pupil_id) ?? new Set<string>();
      set.add(r.submission_id);
      counts.set(r.pupil_id, set);
    }
  }
  return new Map([...counts].map(([pupil, set]) => [pupil, set.size]));
}

// ---- saved phrases -------------------------------------------------------------------

export type FeedbackPhrase = { id: string; text: string; createdAt: string };

export async function phrasesOf(db: Db, staffId: string): Promise<FeedbackPhrase[]> {
  const rows = await db
    .selectFrom('feedback_phrases')
    .selectAll()
    .where('staff_id', '=', staffId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, text: r.text, createdAt: r.created_at }));
}

export const maxPhrasesPerStaff = 100;

/** Adds a phrase, or answers the same one when this member already saved that text. */
export async function savePhrase(
  db: Db,
  staffId: string,
  text: string,
  now: Date,
): Promise<FeedbackPhrase | 'too_many'> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('feedback_phrases')
      .selectAll()
      .where('staff_id', '=', staffId)
      .execute();
    const same = existing.find((r) => r.text === text);
    if (same) return { id: same.id, text: same.text, createdAt: same.created_at };
    if (existing.length >= maxPhrasesPerStaff) return 'too_many';
    const row = { id: uuidv7(), staff_id: staffId, text, created_at: now.toISOString() };
    await trx.insertInto('feedback_phrases').values(row).execute();
    return { id: row.id, text, createdAt: row.created_at };
  });
}

/** Deletes one of the member's own phrases; false when there was none of that id. */
export async function deletePhrase(db: Db, staffId: string, phraseId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('feedback_phrases')
    .where('id', '=', phraseId)
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
