// The change log: written inside the same transaction as the write it describes, so a
// family never sees a change without its row or a row without its change; on PostgreSQL
// under the writers' lock (dialect.ts), so change-logging transactions commit one at a
// time, in seq order. And read by sync: what changed in a family's scopes after a cursor.
import type { Kysely, Transaction } from 'kysely';
import type { SyncEntityName } from '../../shared/entities.ts';
import { lockChangeLog } from './dialect.ts';
import type { Database, NewChange, ScopeType } from './schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;
export type Scope = { type: ScopeType; id: string };
export type ChangeOp = 'upsert' | 'delete';

export async function recordChange(
  db: Executor,
  scopes: Scope[],
  entity: SyncEntityName,
  entityId: string,
  op: ChangeOp,
): Promise<void> {
  await recordChanges(db, [{ scopes, entity, entityId, op }]);
}

export type ChangeEntry = {
  scopes: Scope[];
  entity: SyncEntityName;
  entityId: string;
  op: ChangeOp;
};

/** Many changes at once (a roster import): one lock, inserts in chunks. */
export async function recordChanges(db: Executor, entries: ChangeEntry[]): Promise<void> {
  const rows: NewChange[] = [];
  for (const { scopes, entity, entityId, op } of entries) {
    const seen = new Set<string>();
    for (const s of scopes) {
      const key = `${s.type}:${s.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({ scope_type: s.type, scope_id: s.id, entity, entity_id: entityId, op });
    }
  }
  if (rows.length === 0) return;
  // PostgreSQL: seq order = commit order (see dialect.ts); nothing to do on SQLite.
  await lockChangeLog(db);
  for (let i = 0; i < rows.length; i += changeChunk) {
    await db
      .insertInto('changes')
      .values(rows.slice(i, i + changeChunk))
      .execute();
  }
}
/** 5 values a row: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const changeChunk = 1000;

/** Where a timetable session's changes go: its class, or only the pupil it is for. */
export function sessionScope(classId: string, pupilId: string | null): Scope {
  return pupilId ? { type: 'pupil', id: pupilId } : { type: 'class', id: classId };
}

/** The highest seq each database handle has been seen to have: it never goes down. */
const highWater = new WeakMap<object, number>();

/** The last seq in the change log now (0 when it is empty). */
export async function latestSeq(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('changes')
    .select((eb) => eb.fn.max('seq').as('max'))
    .executeTakeFirst();
  const max = Number(row?.max ?? 0);
  if (max > (highWater.get(db) ?? 0)) highWater.set(db, max);
  return max;
}

/**
 * Is `seq` past the end of this database's change log (a cursor from before a restore)?
 * The log only grows, so a seq at or below one seen before is answered without a query:
 * a sync with nothing new costs no `max(seq)` (restoring a backup means restarting).
 */
export async function isPastChangeLog(db: Executor, seq: number): Promise<boolean> {
  if (seq <= (highWater.get(db) ?? 0)) return false;
  return seq > (await latestSeq(db));
}

/** Change-log entries in these scopes after `seq`, oldest first, at most `limit`. */
export async function changesSince(
  db: Executor,
  scopeIds: string[],
  seq: number,
  limit: number,
): Promise<{ seq: number; entity: string; entity_id: string }[]> {
  return db
    .selectFrom('changes')
    .select(['seq', 'entity', 'entity_id'])
    .where('scope_id', 'in', scopeIds)
    .where('seq', '>', seq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}
