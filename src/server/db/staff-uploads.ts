// The tus uploads staff make from the workspace (pack files). Each row names the school
// and the member of staff; only that member can write to, read or commit it. Live and
// given-up as family uploads are (db/uploads.ts): written to, or younger than
// `emptyUploadMs`; the clean-up takes them with `takeAbandonedUploads(…, 'staff_uploads')`
// and the start-up sweep knows them by `knownUploads(…, 'staff_uploads')` (db/uploads.ts).
import type { Kysely, Transaction } from 'kysely';
import { emptyUploadMs } from '../options.ts';
import type { Database } from './schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;
type Owner = { id: string; schoolId: string };

const emptyBefore = (now: Date) => new Date(now.getTime() - emptyUploadMs).toISOString();

export async function insertStaffUpload(
  db: Executor,
  owner: Owner,
  upload: { id: string; size: number; withBytes: boolean },
  now: Date,
): Promise<void> {
  await db
    .insertInto('staff_uploads')
    .values({
      id: upload.id,
      school_id: owner.schoolId,
      staff_id: owner.id,
      size: upload.size,
      created_at: now.toISOString(),
      patched_at: upload.withBytes ? now.toISOString() : null,
      committed_at: null,
    })
    .execute();
}

/** This member's upload: its size and whether it is committed or still live; else undefined. */
export async function staffUploadOf(db: Executor, id: string, owner: Owner, now: Date) {
  const row = await db
    .selectFrom('staff_uploads')
    .select(['size', 'committed_at', 'patched_at', 'created_at'])
    .where('id', '=', id)
    .where('staff_id', '=', owner.id)
    .where('school_id', '=', owner.schoolId)
    .executeTakeFirst();
  if (!row) return undefined;
  const committed = row.committed_at !== null;
  const live = !committed && (row.patched_at !== null || row.created_at >= emptyBefore(now));
  return { size: row.size, committed, live };
}

/** Bytes are on their way (a PATCH); false when the upload is not this member's and live. */
export async function markStaffUploadPatched(
  db: Executor,
  id: string,
  owner: Owner,
  now: Date,
): Promise<boolean> {
  const upload = await staffUploadOf(db, id, owner, now);
  if (!upload?.live) return false;
  await db
    .updateTable('staff_uploads')
    .set({ patched_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
  return true;
}

/** Inside the transaction naming its bytes: the upload is used (false: it was not live). */
export async function markStaffUploadCommitted(
  trx: Executor,
  id: string,
  owner: Owner,
  now: Date,
): Promise<boolean> {
  const res = await trx
    .updateTable('staff_uploads')
    .set({ committed_at: now.toISOString() })
    .where('id', '=', id)
    .where('staff_id', '=', owner.id)
    .where('committed_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Terminated (tus DELETE): forgets the member's uncommitted upload. */
export async function forgetStaffUpload(db: Executor, id: string, owner: Owner): Promise<void> {
  await db
    .deleteFrom('staff_uploads')
    .where('id', '=', id)
    .where('staff_id', '=', owner.id)
    .where('committed_at', 'is', null)
    .execute();
}
