// The uploads a family has made (tus), the record ids they claim, and how much room the
// family uses at school. Every read and write of an upload row names the family.
//
// An upload is LIVE while it is not committed and either bytes were sent to it or it is
// younger than `emptyUploadMs`. One that never got a byte after that long is one whose
// creating request lost its answer (the phone never learned its URL): it stops counting
// against the quota, HEAD/PATCH/DELETE answer 404 (tus-js-client then starts a new
// upload), and the next clean-up deletes it.
import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import { emptyUploadMs } from '../options.ts';
import type { Database, UploadTable } from './schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

const emptyBefore = (now: Date) => new Date(now.getTime() - emptyUploadMs).toISOString();

function isLive(now: Date) {
  return (eb: ExpressionBuilder<Database, 'uploads'>) =>
    eb.and([
      eb('uploads.committed_at', 'is', null),
      eb.or([
        eb('uploads.patched_at', 'is not', null),
        eb('uploads.created_at', '>=', emptyBefore(now)),
      ]),
    ]);
}

/**
 * Bytes a family holds at school: stored pages and thumbnails, the pictures and clips it
 * sent for schedules, and live uploads.
 */
export async function familyBytes(db: Executor, familyId: string, now: Date): Promise<number> {
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
    .where(isLive(now))
    .executeTakeFirst();
  return Number(stored?.total ?? 0) + Number(media?.total ?? 0) + Number(pending?.total ?? 0);
}

export type NewUpload = Omit<UploadTable, 'claim_id'> & { claims: string | null };

/**
 * Records a new upload. It claims the record id its metadata named unless another family
 * named it first (then it claims nothing, and that family keeps the id).
 */
export async function insertUpload(trx: Executor, upload: NewUpload): Promise<void> {
  const { claims, ...row } = upload;
  const taken = claims !== null && (await claimedByAnotherFamily(trx, claims, row.family_id));
  await trx
    .insertInto('uploads')
    .values({ ...row, claim_id: taken ? null : claims })
    .execute();
}

/** True when another family's upload claims this record id (see routes/README.md). */
export async function claimedByAnotherFamily(
  db: Executor,
  recordId: string,
  familyId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('uploads')
    .select('id')
    .where('claim_id', '=', recordId)
    .where('family_id', '!=', familyId)
    .executeTakeFirst();
  return row !== undefined;
}

export type UploadState = { size: number; committed: boolean; live: boolean };

/** This family's upload, or undefined (another family's is the same undefined). */
export async function uploadOf(
  db: Executor,
  id: string,
  familyId: string,
  now: Date,
): Promise<UploadState | undefined> {
  const row = await db
    .selectFrom('uploads')
    .select((eb) => ['size', 'committed_at', isLive(now)(eb).as('live')])
    .where('id', '=', id)
    .where('family_id', '=', familyId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { size: row.size, committed: row.committed_at !== null, live: Boolean(row.live) };
}

/** Bytes are on their way: marks a live upload of this family written; false if none. */
export async function markPatched(
  db: Executor,
  id: string,
  familyId: string,
  now: Date,
): Promise<boolean> {
  const res = await db
    .updateTable('uploads')
    .set({ patched_at: now.toISOString() })
    .where('id', '=', id)
    .where('family_id', '=', familyId)
    .where(isLive(now))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Terminated (tus DELETE): forgets this family's uncommitted upload. */
export async function forgetUpload(db: Executor, id: string, familyId: string): Promise<void> {
  await db
    .deleteFrom('uploads')
    .where('id', '=', id)
    .where('family_id', '=', familyId)
    .where('committed_at', 'is', null)
    .execute();
}

/** Families' uploads, or the workspace's (db/staff-uploads.ts): the same columns for these. */
type UploadTableName = 'uploads' | 'staff_uploads';

/**
 * Uploads never committed that are given up on: created before `before` (abandoned), or
 * never written and older than `emptyUploadMs`. Their rows are deleted; returns the ids.
 */
export async function takeAbandonedUploads(
  db: Executor,
  before: string,
  now: Date,
  table: UploadTableName = 'uploads',
): Promise<string[]> {
  const rows = await db
    // Both tables have id, created_at, patched_at and committed_at, all that is used here.
    .deleteFrom(table as 'uploads')
    .where('committed_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('created_at', '<', before),
        eb.and([eb('patched_at', 'is', null), eb('created_at', '<', emptyBefore(now))]),
      ]),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Which upload ids the database knows, and whether each was committed. */
export async function knownUploads(
  db: Executor,
  table: UploadTableName = 'uploads',
): Promise<Map<string, boolean>> {
  const rows = await db
    .selectFrom(table as 'uploads')
    .select(['id', 'committed_at'])
    .execute();
  return new Map(rows.map((r) => [r.id, r.committed_at !== null]));
}
