// The rule every append-only family write shares (session and activity marks, reward
// events, paper requests): ids are made on the phone, so a PUT with an id seen before is
// either a retry (same body: answer with what is stored) or a mistake (another body: 409).
// A stored record about a child who is not this family's is a 404, as if it did not exist.
// Routes call `appendOnce`, which also inserts a new record and logs its change for sync.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { SyncEntityName } from '../../shared/entities.ts';
import { HttpError } from '../lib/http-error.ts';
import { recordChange } from './changes.ts';
import type { Db } from './database.ts';
import type { Database } from './schema.ts';

type AppendOnly =
  'session_completions' | 'reward_events' | 'activity_completions' | 'paper_requests';

/** The stored row for a retry, undefined for a new id; throws `missing` or a 409. */
async function storedWrite<T extends AppendOnly>(
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

/**
 * One append-only write in one transaction: a retry answers with what is stored (200); a
 * new id must pass `checkNewId`, then gets its row from `make` (which throws to refuse
 * it), and the row is inserted and recorded for sync in its child's scope (201).
 */
export async function appendOnce<T extends AppendOnly>(
  db: Db,
  table: T,
  id: string,
  o: {
    pupilIds: string[];
    bodyHash: string;
    missing: HttpError;
    conflict: string;
    entity: SyncEntityName;
    /** Throws unless `id` may name a new record (routes/family-write.ts). */
    checkNewId: (trx: Transaction<Database>) => Promise<void>;
    make: (trx: Transaction<Database>) => Promise<Selectable<Database[T]>>;
  },
): Promise<{ status: 200 | 201; row: Selectable<Database[T]> }> {
  return db.transaction().execute(async (trx) => {
    const existing = await storedWrite(trx, table, id, o);
    if (existing) return { status: 200 as const, row: existing };
    await o.checkNewId(trx);
    const row = await o.make(trx);
    await trx
      .insertInto(table as AppendOnly)
      .values(row as never)
      .execute();
    const pupilId = (row as { pupil_id: string }).pupil_id;
    await recordChange(trx, [{ type: 'pupil', id: pupilId }], o.entity, id, 'upsert');
    return { status: 201 as const, row };
  });
}
