// The uploads a family has made (tus) and how much room it uses at school.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Bytes a family holds at school: stored pages and thumbnails, the pictures and clips it
 * sent for schedules, and uploads not yet committed.
 */
export async function familyBytes(db: Executor, familyId: string): Promise<number> {
  const stored = await db
    .selectFrom('submission_pages as p')
    .innerJoin('submissions as s', 's.id', 'p.submission_id')
    .select((eb) => eb.fn.sum<number>(eb('p.bytes', '+', eb.ref('p.thumb_bytes'))).as('total'))
    .where('s.family_id', '=', familyId)
    .executeTakeFirst();
  const media = await db
    .selectFrom('media_files')
    .select((eb) => eb.fn.sum<number>('bytes').as('total'))
    .where('family_id', '=', familyId)
    .executeTakeFirst();
  const pending = await db
    .selectFrom('uploads')
    .select((eb) => eb.fn.sum<number>('size').as('total'))
    .where('family_id', '=', familyId)
    .where('committed_at', 'is', null)
    .executeTakeFirst();
  return Number(stored?.total ?? 0) + Number(media?.total ?? 0) + Number(pending?.total ?? 0);
}

/** Uploads never committed and created before `before`: their ids (rows are deleted). */
export async function takeAbandonedUploads(db: Executor, before: string): Promise<string[]> {
  const rows = await db
    .deleteFrom('uploads')
    .where('committed_at', 'is', null)
    .where('created_at', '<', before)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Which of these ids the database knows, and whether each was committed. */
export async function knownUploads(db: Executor): Promise<Map<string, boolean>> {
  const rows = await db.selectFrom('uploads').select(['id', 'committed_at']).execute();
  return new Map(rows.map((r) => [r.id, r.committed_at !== null]));
}
