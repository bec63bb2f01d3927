// tus resumable uploads at /api/v1/uploads (tus 1.0.0: creation, creation-with-upload,
// termination, expiration). @tus/server does the protocol; Fastify does everything
// around it first, so every refusal is our usual JSON error:
//   - device bearer auth on every request (POST, HEAD, PATCH, DELETE); GET is not served
//     (an upload is never readable back, whatever its claimed type);
//   - POST: Upload-Length required (no deferred length, no concatenation), 1 byte to
//     maxUploadBytes, Upload-Metadata at most 4 KB, and the family's quota
//     (stored + live uploads + this one) → 413 `quota_exceeded`;
//   - /:id: the URL exactly as given out, no query string (400), and the upload must be
//     this family's and live, or it is a 404. tus then acts on EXACTLY the id that was checked (`getFileIdFromRequest`
//     answers from what Fastify approved, never from the URL, which @tus/server would
//     otherwise read query string and all).
// Upload ids are random UUIDs made here. The row in `uploads` is written in
// onUploadCreate, inside a transaction that checks the quota again, so two parallel POSTs
// cannot both squeeze under it; it claims the record id the metadata names
// (`submissionId`), see routes/README.md.
import type { FastifyPluginAsync } from 'fastify';
import { id as recordId } from '../../../shared/primitives.ts';
import { maxUploadBytes, uploadsPath } from '../../../shared/submissions.ts';
import {
  familyBytes,
  forgetUpload,
  insertUpload,
  markPatched,
  uploadOf,
} from '../../db/uploads.ts';
import { HttpError, notFound } from '../../lib/http-error.ts';
import { checkExactUploadUrl, creationLength, tusArea, tusRefusal } from '../../lib/tus-fastify.ts';
import { deviceOf, type DeviceAuth } from '../../plugins/auth.ts';
import { isUploadId } from '../../storage/uploads.ts';

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

function quotaError(used: number, quota: number) {
  return new HttpError(
    413,
    'quota_exceeded',
    `This family's space at school is full (${mb(used)} of ${mb(quota)} used). Ask the school to make room before sending more photos.`,
  );
}

/** The record id an upload's metadata names, lower-cased, if it is a UUID. */
function claimOf(metadata: Record<string, string | null> | undefined): string | null {
  const named = recordId.safeParse(metadata?.submissionId);
  return named.success ? named.data : null;
}

export const uploadRoutes: FastifyPluginAsync<{ quotaBytes: number }> = async (app, opts) => {
  const tus = tusArea<DeviceAuth>({
    path: uploadsPath,
    datastore: app.uploads.store,
    locker: app.uploadLocker,
    maxSize: maxUploadBytes,
    onCreate: async (device, upload, withBytes) => {
      const size = upload.size;
      const now = app.now();
      const refused = await app.db.transaction().execute(async (trx) => {
        const used = await familyBytes(trx, device.familyId, now);
        if (used + size > opts.quotaBytes) return quotaError(used, opts.quotaBytes);
        await insertUpload(trx, {
          id: upload.id,
          family_id: device.familyId,
          device_id: device.id,
          size,
          created_at: now.toISOString(),
          committed_at: null,
          patched_at: withBytes ? now.toISOString() : null,
          claims: claimOf(upload.metadata),
        });
        return null;
      });
      if (refused) throw tusRefusal(413, refused);
    },
  });

  // Leave the body alone: tus streams it from the raw request.
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => {
    done(null);
  });

  const schema = { hide: true };

  app.post(uploadsPath, { onRequest: app.requireDevice, schema }, async (req, reply) => {
    const device = deviceOf(req);
    const length = creationLength(req, maxUploadBytes, 'A page');
    const used = await familyBytes(app.db, device.familyId, app.now());
    if (used + length > opts.quotaBytes) throw quotaError(used, opts.quotaBytes);
    await tus.handOver(req, reply, device);
  });

  app.route<{ Params: { id: string } }>({
    method: ['HEAD', 'PATCH', 'DELETE'],
    url: `${uploadsPath}/:id`,
    onRequest: app.requireDevice,
    schema,
    handler: async (req, reply) => {
      const device = deviceOf(req);
      const id = req.params.id.toLowerCase();
      const gone = notFound('No such upload.');
      if (!isUploadId(id)) throw gone;
      // The URL must be exactly the one the server gave out: no query, fragment, `;…` or
      // anything else a URL parser might read another id from.
      checkExactUploadUrl(req, uploadsPath);
      const now = app.now();
      const upload = await uploadOf(app.db, id, device.familyId, now);
      if (!upload || (upload.committed && req.method !== 'HEAD')) throw gone;
      if (upload.committed) {
        // Already part of a submission (its bytes are gone): tell a resuming client it is
        // complete, so it keeps the same upload id instead of uploading the page again.
        return reply
          .code(200)
          .headers({
            'tus-resumable': '1.0.0',
            'upload-offset': String(upload.size),
            'upload-length': String(upload.size),
          })
          .send();
      }
      // Never written and given up on: a 404 makes tus-js-client start a new upload.
      if (!upload.live) throw gone;
      if (req.method === 'PATCH' && !(await markPatched(app.db, id, device.familyId, now))) {
        throw gone;
      }
      // Terminated: forget this family's row before tus removes the files, so the room is
      // free as soon as the answer arrives (a file left behind goes at the next start).
      if (req.method === 'DELETE') await forgetUpload(app.db, id, device.familyId);
      await tus.handOver(req, reply, device, id);
    },
  });
};
