// Pack files' bytes, stored once per distinct content: `file_blobs` maps a SHA-256 to a
// server-made storage key. Bytes are written to storage BEFORE the transaction that names
// them (a transaction must not wait on a 25 MB write), and forgotten blobs are deleted from
// storage only AFTER the transaction that stopped naming them has committed, so a reader
// never finds a row whose bytes are gone. A crash in between leaves at most an unnamed
// file in storage, never a named file missing.
import type { Kysely, Transaction } from 'kysely';
import { newStorageKey, type FileStorage } from '../storage/index.ts';
import type { Db } from './database.ts';
import type { Database } from './schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;
export type BlobInput = { sha256: string; bytes: Buffer; contentType: string };

/** Writes the bytes under a new key unless a blob with this hash is stored; the key or null. */
export async function stageBlob(
  db: Executor,
  storage: FileStorage,
  file: BlobInput,
  force = false,
): Promise<string | null> {
  if (!force) {
    const known = await db
      .selectFrom('file_blobs')
      .select('sha256')
      .where('sha256', '=', file.sha256)
      .executeTakeFirst();
    if (known) return null;
  }
  const key = newStorageKey();
  await storage.put(key, file.bytes);
  return key;
}

/**
 * Inside the transaction: records the blob with the staged key unless it is there already.
 * 'kept' when the staged key is now the blob's, 'existing' when another key already holds
 * these bytes, 'missing' when nothing was staged and the blob was forgotten meanwhile.
 */
export async function claimBlob(
  trx: Executor,
  file: BlobInput,
  stagedKey: string | null,
  at: string,
): Promise<'kept' | 'existing' | 'missing'> {
  const row = await trx
    .selectFrom('file_blobs')
    .select('storage_key')
    .where('sha256', '=', file.sha256)
    .executeTakeFirst();
  if (row) return 'existing';
  if (!stagedKey) return 'missing';
  await trx
    .insertInto('file_blobs')
    .values({
      sha256: file.sha256,
      storage_key: stagedKey,
      bytes: file.bytes.length,
      content_type: file.contentType,
      created_at: at,
    })
    .execute();
  return 'kept';
}

class BlobForgotten extends Error {}

/**
 * Runs `write` in a transaction in which the blob of `file` is stored and recorded; a key
 * staged but not kept (same bytes stored already, or the transaction failed) is deleted.
 */
export async function withBlob<T>(
  db: Db,
  storage: FileStorage,
  file: BlobInput,
  at: string,
  write: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  for (let force = false; ; force = true) {
    const staged = await stageBlob(db, storage, file, force);
    let kept = false;
    let result: T;
    try {
      result = await db.transaction().execute(async (trx) => {
        const claimed = await claimBlob(trx, file, staged, at);
        if (claimed === 'missing') throw new BlobForgotten();
        kept = claimed === 'kept';
        return write(trx);
      });
    } catch (err) {
      if (staged) await storage.delete(staged);
      // Released by another request between the check and the transaction: store it again.
      if (err instanceof BlobForgotten && !force) continue;
      throw err;
    }
    if (staged && !kept) await storage.delete(staged);
    return result;
  }
}

/**
 * Inside the transaction, after `pack_files` rows naming these hashes were changed or
 * deleted: forgets the blobs nothing names any more. Returns their storage keys, to delete
 * with `deleteStored` once the transaction has committed.
 */
export async function releaseBlobs(trx: Executor, sha256s: string[]): Promise<string[]> {
  if (sha256s.length === 0) return [];
  const unused = await trx
    .selectFrom('file_blobs as b')
    .select(['b.sha256', 'b.storage_key'])
    .where('b.sha256', 'in', [...new Set(sha256s)])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom('pack_files as f').select('f.id').whereRef('f.sha256', '=', 'b.sha256')),
      ),
    )
    .execute();
  if (unused.length === 0) return [];
  await trx
    .deleteFrom('file_blobs')
    .where(
      'sha256',
      'in',
      unused.map((u) => u.sha256),
    )
    .execute();
  return unused.map((u) => u.storage_key);
}

export async function deleteStored(storage: FileStorage, keys: string[]): Promise<void> {
  await Promise.all(keys.map((k) => storage.delete(k)));
}
