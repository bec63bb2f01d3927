// The rule every append-only family write shares (session and activity marks, reward
// events, paper requests): ids are made on the phone, so a PUT with an id seen before is
// either a retry (same body: answer with what is stored) or a mistake (another body: 409).
// A stored record about a child who is not this family's is a 404, as if it did not exist.
import type { Kysely, Selectable, Transaction } from 'kysely';
import { HttpError } from '../lib/http-error.ts';
import type { Database } from './schema.ts';

type AppendOnly =
  'session_completions' | 'reward_events' | 'activity_completions' | 'paper_requests';

/** The stored row for a retry, undefined for a new id; throws `missing` or a 409. */
export async function storedWrite<T extends AppendOnly>(
  db: Kysely<Database> | Transaction<Database>,
  table: T,
  id: string,
  o: { pupilIds: string[]; bodyHash: string; missing: HttpError; conflict: string },
): Promise<Selectable<Database[T]> | undefined> {
  const existing = await db
    .selectFrom(table as AppendOnly)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!existing) return undefined;
  if (!o.pupilIds.includes(existing.pupil_id)) throw o.missing;
  if (existing.body_hash !== o.bodyHash) throw new HttpError(409, 'conflict', o.conflict);
  return existing as Selectable<Database[T]>;
}
