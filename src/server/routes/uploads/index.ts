// tus resumable uploads at /api/v1/uploads (tus 1.0.0: creation, creation-with-upload,
// termination, expiration). @tus/server does the protocol; Fastify does everything
// around it first, so every refusal is our usual JSON error:
//   - device bearer auth on every request (POST, HEAD, PATCH, DELETE); GET is not served
//     (an upload is never readable back, whatever its claimed type);
//   - POST: Upload-Length required (no deferred length, no concatenation), 1 byte to
//     maxUploadBytes, Upload-Metadata at most 4 KB, and the family's quota
//     (stored + pending + this one) → 413 `quota_exceeded`;
//   - /:id: the upload must be this family's, or it is a 404.
// Upload ids are random UUIDs made here (the metadata is stored but never used to name
// anything). The row in `uploads` is written in onUploadCreate, inside a transaction that
// checks the quota again, so two parallel POSTs cannot both squeeze under it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { EVENTS, Server as TusServer } from '@tus/server';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { maxUploadBytes, uploadsPath } from '../../../shared/submissions.ts';
import { familyBytes } from '../../db/uploads.ts';
import { HttpError, notFound } from '../../lib/http-error.ts';
import { deviceOf, type DeviceAuth } from '../../plugins/auth.ts';
import { isUploadId } from '../../storage/uploads.ts';

const maxMetadataChars = 4096;
const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

function quotaError(used: number, quota: number) {
  return new HttpError(
    413,
    'quota_exceeded',
    `This family's space at school is full (${mb(used)} of ${mb(quota)} used). Ask the school to make room before sending more photos.`,
  );
}

export const uploadRoutes: FastifyPluginAsync<{ quotaBytes: number }> = async (app, opts) => {
  // Who made each request tus is handling (the raw request is what tus sees).
  const owners = new WeakMap<IncomingMessage, DeviceAuth>();

  const tus = new TusServer({
    path: uploadsPath,
    datastore: app.uploads.store,
    // Across instances on PostgreSQL (storage/pg-locker.ts); tus's in-process one otherwise.
    ...(app.uploadLocker ? { locker: app.uploadLocker } : {}),
    maxSize: maxUploadBytes,
    relativeLocation: true,
    // Same origin only: no Access-Control-Allow-Origin header at all.
    allowedOrigins: [],
    namingFunction: () => randomUUID(),
    onUploadCreate: async (req, upload) => {
      const raw = (req as unknown as { node?: { req: IncomingMessage } }).node?.req;
      const device = raw ? owners.get(raw) : undefined;
      if (!device || upload.size === undefined) {
        throw {
          status_code: 401,
          body: '{"error":{"code":"unauthorized","message":"Unknown phone."}}',
        };
      }
      const size = upload.size;
      const refused = await app.db.transaction().execute(async (trx) => {
        const used = await familyBytes(trx, device.familyId);
        if (used + size > opts.quotaBytes) return quotaError(used, opts.quotaBytes);
        await trx
          .insertInto('uploads')
          .values({
            id: upload.id,
            family_id: device.familyId,
            device_id: device.id,
            size,
            created_at: app.now().toISOString(),
            committed_at: null,
          })
          .execute();
        return null;
      });
      if (refused) {
        throw {
          status_code: 413,
          body: JSON.stringify({ error: { code: refused.code, message: refused.message } }),
        };
      }
      return {};
    },
  });

  // Terminated (tus DELETE): forget it, so it no longer counts against the quota.
  tus.on(EVENTS.POST_TERMINATE, (_req, _res, id: string) => {
    app.db
      .deleteFrom('uploads')
      .where('id', '=', id)
      .where('committed_at', 'is', null)
      .execute()
      .catch((err: unknown) => app.log.error({ err }, 'could not forget a terminated upload'));
  });

  // Leave the body alone: tus streams it from the raw request.
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => {
    done(null);
  });

  async function handOver(req: FastifyRequest, reply: FastifyReply) {
    const version = req.headers['tus-resumable'];
    if (version !== undefined && version !== '1.0.0') {
      reply.header('tus-version', '1.0.0');
      throw new HttpError(
        412,
        'bad_request',
        'This server speaks tus 1.0.0 (Tus-Resumable: 1.0.0).',
      );
    }
    owners.set(req.raw, deviceOf(req));
    reply.hijack();
    // Headers set by hooks so far (the strict /api headers) go out with tus's answer.
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) reply.raw.setHeader(name, value);
    }
    await tus.handle(req.raw, reply.raw);
  }

  const schema = { hide: true };

  app.post(uploadsPath, { onRequest: app.requireDevice, schema }, async (req, reply) => {
    const device = deviceOf(req);
    const h = req.headers;
    if (h['upload-concat'] !== undefined || h['upload-defer-length'] !== undefined) {
      throw new HttpError(400, 'bad_request', 'Declare Upload-Length when creating an upload.');
    }
    const lengthHeader = h['upload-length'];
    const length =
      typeof lengthHeader === 'string' && /^\d{1,15}$/.test(lengthHeader) ? +lengthHeader : NaN;
    if (!Number.isSafeInteger(length) || length < 1) {
      throw new HttpError(
        400,
        'bad_request',
        'Upload-Length must be a whole number of bytes, at least 1.',
      );
    }
    if (length > maxUploadBytes) {
      throw new HttpError(
        413,
        'payload_too_large',
        `A page can be at most ${mb(maxUploadBytes)}; this one is ${mb(length)}.`,
      );
    }
    const metadata = h['upload-metadata'];
    if (typeof metadata === 'string' && metadata.length > maxMetadataChars) {
      throw new HttpError(400, 'bad_request', 'Upload-Metadata is too long.');
    }
    const used = await familyBytes(app.db, device.familyId);
    if (used + length > opts.quotaBytes) throw quotaError(used, opts.quotaBytes);
    await handOver(req, reply);
  });

  app.route<{ Params: { id: string } }>({
    method: ['HEAD', 'PATCH', 'DELETE'],
    url: `${uploadsPath}/:id`,
    onRequest: app.requireDevice,
    schema,
    handler: async (req, reply) => {
      const device = deviceOf(req);
      const id = req.params.id;
      const row = isUploadId(id)
        ? await app.db
            .selectFrom('uploads')
            .select(['id', 'size', 'committed_at'])
            .where('id', '=', id)
            .where('family_id', '=', device.familyId)
            .executeTakeFirst()
        : undefined;
      if (!row || (row.committed_at !== null && req.method !== 'HEAD')) {
        throw notFound('No such upload.');
      }
      if (row.committed_at !== null) {
        // Already part of a submission (its bytes are gone): tell a resuming client it is
        // complete, so it keeps the same upload id instead of uploading the page again.
        return reply
          .code(200)
          .headers({
            'tus-resumable': '1.0.0',
            'upload-offset': String(row.size),
            'upload-length': String(row.size),
          })
          .send();
      }
      await handOver(req, reply);
    },
  });
};
