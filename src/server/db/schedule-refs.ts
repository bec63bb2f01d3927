// What a schedule or a reward chart may point at, checked the same way for families and
// staff: media files the CHILD can see (the child's own or the school's), of the right
// kind, so every household of the child can fetch them; and a timetable session the child
// actually has.
import type { Kysely, Transaction } from 'kysely';
import type { ScheduleStep, SymbolRef } from '../../shared/schedules.ts';
import { HttpError } from '../lib/http-error.ts';
import type { Database } from './schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;
export type ChildRef = { schoolId: string; pupilId: string };

/** Kinds of the named media files that this child may use (ids it may not use are absent). */
async function usableMedia(
  db: Executor,
  child: ChildRef,
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('media_files')
    .select(['id', 'kind'])
    .where('id', 'in', ids)
    .where('school_id', '=', child.schoolId)
    .where((eb) => eb.or([eb('pupil_id', 'is', null), eb('pupil_id', '=', child.pupilId)]))
    .execute();
  return new Map(rows.map((r) => [r.id, r.kind]));
}

/**
 * The session must be one this child has: in the child's class, for the whole class or
 * this child. Published or not, for families too: a school schedule may name a session of
 * a week staff have not published yet, and a family's copy of it must still be taken
 * (ids are UUIDs, so this tells a family nothing it could guess).
 */
export async function childHasSession(
  db: Executor,
  pupilId: string,
  sessionId: string,
): Promise<boolean> {
  const q = db
    .selectFrom('timetable_sessions as s')
    .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
    .innerJoin('pupils as p', 'p.class_id', 'w.class_id')
    .select('s.id')
    .where('s.id', '=', sessionId)
    .where('p.id', '=', pupilId)
    .where((eb) => eb.or([eb('s.pupil_id', 'is', null), eb('s.pupil_id', '=', pupilId)]));
  return (await q.executeTakeFirst()) !== undefined;
}

const unusable = (where: string, kind: 'image' | 'audio', details: object) =>
  new HttpError(
    422,
    'bad_request',
    `${where}: that ${kind === 'image' ? 'picture' : 'sound clip'} is not one this child can use. Send it for this child first.`,
    details,
  );

/** Steps: distinct ids, pictures and clips the child can use. Throws 422 with `details.step`. */
export async function checkSteps(db: Executor, child: ChildRef, steps: ScheduleStep[]) {
  const seen = new Set<string>();
  for (const [i, step] of steps.entries()) {
    if (seen.has(step.id)) {
      throw new HttpError(422, 'bad_request', `Step ${i + 1}: another step has the same id.`, {
        step: i,
      });
    }
    seen.add(step.id);
  }
  const ids = steps.flatMap((s) => [
    ...(s.symbol.kind === 'media' ? [s.symbol.mediaId] : []),
    ...(s.audioId ? [s.audioId] : []),
  ]);
  const kinds = await usableMedia(db, child, [...new Set(ids)]);
  for (const [i, step] of steps.entries()) {
    if (step.symbol.kind === 'media' && kinds.get(step.symbol.mediaId) !== 'image') {
      throw unusable(`Step ${i + 1}`, 'image', { step: i });
    }
    if (step.audioId && kinds.get(step.audioId) !== 'audio') {
      throw unusable(`Step ${i + 1}`, 'audio', { step: i });
    }
  }
}

/** A chart's reward picture, when it is a media file. Throws 422 with `details.field`. */
export async function checkReward(db: Executor, child: ChildRef, reward: SymbolRef) {
  if (reward.kind !== 'media') return;
  const kinds = await usableMedia(db, child, [reward.mediaId]);
  if (kinds.get(reward.mediaId) !== 'image') {
    throw unusable('Reward', 'image', { field: 'reward' });
  }
}
