// "Done" marks (session and activity marks) are append-only; which one counts is decided
// by revision, then `at`, then id (see `markRevision` in src/shared/primitives.ts), never by
// the order they arrived in. A mark from a build before revisions gets the revision of the
// latest mark stored for its record, so among those the time decides, as it did then.
import type { Transaction } from 'kysely';
import type { Database } from './schema.ts';

type MarkKey =
  | { table: 'session_completions'; pupilId: string; sessionId: string }
  | { table: 'activity_completions'; pupilId: string; packId: string; activityId: string };

/** The revision to store: the phone's, or for an older build's mark, the latest stored. */
export async function markRevisionFor(
  trx: Transaction<Database>,
  key: MarkKey,
  sent: number | undefined,
): Promise<number> {
  if (sent !== undefined) return sent;
  const row =
    key.table === 'session_completions'
      ? await trx
          .selectFrom('session_completions')
          .select((eb) => eb.fn.max('revision').as('top'))
          .where('pupil_id', '=', key.pupilId)
          .where('session_id', '=', key.sessionId)
          .executeTakeFirst()
      : await trx
          .selectFrom('activity_completions')
          .select((eb) => eb.fn.max('revision').as('top'))
          .where('pupil_id', '=', key.pupilId)
          .where('pack_id', '=', key.packId)
          .where('activity_id', '=', key.activityId)
          .executeTakeFirst();
  return Number(row?.top ?? 0);
}
