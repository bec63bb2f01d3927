// A finished staff tus upload (routes/staff/uploads) as the bytes of a pack file: only the
// member who made it, only while it is live and complete.
import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import { markStaffUploadCommitted, staffUploadOf } from '../../../db/staff-uploads.ts';
import type { Database } from '../../../db/schema.ts';
import { HttpError, uploadGone } from '../../../lib/http-error.ts';
import type { StaffAuth } from '../../../plugins/auth.ts';

const gone = () =>
  uploadGone('That upload is no longer on the server; choose the file again to send it.');

export async function readStaffUpload(
  app: FastifyInstance,
  staff: StaffAuth,
  uploadId: string,
): Promise<Buffer> {
  const id = uploadId.toLowerCase();
  const row = await staffUploadOf(app.db, id, staff, app.now());
  if (!row || row.committed) throw gone();
  const upload = await app.uploads.read(id);
  if (upload.size === null) throw gone();
  if (!upload.bytes) {
    throw new HttpError(
      422,
      'upload_incomplete',
      `Only ${upload.offset} of ${upload.size} bytes have arrived; finish the upload first.`,
    );
  }
  return upload.bytes;
}

/** Inside the transaction that names the file: the upload is used up. */
export async function commitStaffUpload(
  trx: Transaction<Database>,
  staff: StaffAuth,
  uploadId: string,
  now: Date,
): Promise<void> {
  if (!(await markStaffUploadCommitted(trx, uploadId.toLowerCase(), staff, now))) throw gone();
}
