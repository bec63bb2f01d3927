// Pictures and sound clips a family makes for a child's schedules and reward charts.
//   PUT /api/v1/media/:id  commits one finished tus upload of this family as a media file.
//     Idempotent by the phone's id: the same body again is a 200 with the stored file (even
//     after the upload is gone, and whichever upload carried the same bytes), another body
//     a 409. The upload must be this family's, still there (else 410 `upload_gone`) and
//     complete, with the declared length and sha256 (else 422 `upload_incomplete`); then
//     lib/media.ts: a picture is rebuilt (≤ 800 px JPEG, no metadata), a clip is kept if
//     its bytes are WebM, Ogg, MP4/M4A or MP3 and it is at most maxAudioBytes (413).
//     Refused files leave nothing stored.
//   GET /api/v1/media/:id  the bytes, for the family's children's files and the school's
//     own; immutable, ETag = sha256 of what is served.
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { familyWriteParamsSchema } from '../../../shared/api.ts';
import {
  maxAudioBytes,
  mediaBodySchema,
  mediaResponseSchema,
  type MediaBody,
} from '../../../shared/schedules.ts';
import { idParamsSchema } from '../../../shared/staff-api.ts';
import { recordChange } from '../../db/changes.ts';
import { toMediaFile } from '../../db/mappers.ts';
import type { MediaFileRow } from '../../db/schema.ts';
import { HttpError, notFound, uploadGone } from '../../lib/http-error.ts';
import { audioTooLarge, mediaHeaders, notModified, processMedia } from '../../lib/media.ts';
import { deviceOf } from '../../plugins/auth.ts';
import { newStorageKey } from '../../storage/index.ts';
import { beginFamilyWrite } from '../family-write.ts';
import { mediaVisibleTo } from '../sync/scope.ts';

const conflict = (id: string) =>
  new HttpError(
    409,
    'conflict',
    `Media file ${id} was already sent with different contents; a new picture or clip needs a new id.`,
  );

export const mediaRoutes: FastifyPluginAsyncZod = async (app) => {
  /** The upload's bytes, once they are complete and exactly what the phone declared. */
  async function takeUpload(familyId: string, body: MediaBody): Promise<Buffer> {
    const row = await app.db
      .selectFrom('uploads')
      .select(['id', 'committed_at'])
      .where('id', '=', body.uploadId)
      .where('family_id', '=', familyId)
      .executeTakeFirst();
    if (!row || row.committed_at !== null) {
      throw uploadGone('That upload is no longer on the server; send the file again.');
    }
    const upload = await app.uploads.read(body.uploadId);
    if (upload.size !== body.bytes) {
      throw new HttpError(
        422,
        'upload_incomplete',
        `The upload is ${upload.size ?? 0} bytes long, not ${body.bytes}.`,
      );
    }
    if (!upload.bytes) {
      throw new HttpError(
        422,
        'upload_incomplete',
        `Only ${upload.offset} of ${body.bytes} bytes have arrived; finish the upload first.`,
      );
    }
    const sha = createHash('sha256').update(upload.bytes).digest('hex');
    if (sha !== body.sha256) {
      throw new HttpError(
        422,
        'upload_incomplete',
        'The bytes that arrived differ from the file on the phone (sha256 mismatch); upload it again.',
      );
    }
    return upload.bytes;
  }

  app.put(
    '/media/:id',
    {
      onRequest: app.requireDevice,
      schema: {
        tags: ['family'],
        security: [{ device: [] }],
        params: familyWriteParamsSchema,
        body: mediaBodySchema,
        response: { 200: mediaResponseSchema, 201: mediaResponseSchema },
      },
    },
    async (req, reply) => {
      const body = req.body;
      // Identified by content, not by the upload that carried it (as submission pages).
      const { device, id, bodyHash, scope, missing, checkNewId } = await beginFamilyWrite(
        app,
        req,
        body,
        'That child is not in this family.',
        { pupilId: body.pupilId, kind: body.kind, sha256: body.sha256, bytes: body.bytes },
      );

      const replay = (existing: MediaFileRow) => {
        if (existing.pupil_id === null || !scope.pupilIds.includes(existing.pupil_id)) {
          throw missing;
        }
        if (existing.body_hash !== bodyHash) throw conflict(id);
        return reply.code(200).send({ media: toMediaFile(existing) });
      };
      const existing = await app.db
        .selectFrom('media_files')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (existing) return replay(existing);
      await checkNewId(app.db);

      if (body.kind === 'audio' && body.bytes > maxAudioBytes) throw audioTooLarge(body.bytes);
      const original = await takeUpload(device.familyId, body);
      const media = await processMedia(body.kind, original);
      const key = newStorageKey();
      await app.storage.put(key, media.bytes);

      const now = app.now().toISOString();
      const row: MediaFileRow = {
        id,
        school_id: scope.schoolId,
        pupil_id: body.pupilId,
        family_id: device.familyId,
        kind: body.kind,
        content_type: media.contentType,
        bytes: media.bytes.length,
        sha256: media.sha256,
        storage_key: key,
        body_hash: bodyHash,
        device_id: device.id,
        staff_id: null,
        created_at: now,
      };
      let raced: MediaFileRow | undefined;
      try {
        raced = await app.db.transaction().execute(async (trx) => {
          const again = await trx
            .selectFrom('media_files')
            .selectAll()
            .where('id', '=', id)
            .executeTakeFirst();
          if (again) return again;
          await trx.insertInto('media_files').values(row).execute();
          const marked = await trx
            .updateTable('uploads')
            .set({ committed_at: now })
            .where('id', '=', body.uploadId)
            .where('family_id', '=', device.familyId)
            .where('committed_at', 'is', null)
            .executeTakeFirst();
          if (Number(marked.numUpdatedRows) !== 1) {
            throw new HttpError(409, 'conflict', 'That upload was just used by another file.');
          }
          await recordChange(trx, [{ type: 'pupil', id: body.pupilId }], 'mediaFile', id, 'upsert');
          return undefined;
        });
      } catch (err) {
        await app.storage.delete(key);
        throw err;
      }
      if (raced) {
        await app.storage.delete(key);
        return replay(raced);
      }
      await app.uploads.remove(body.uploadId).catch((err: unknown) => {
        req.log.warn({ err, uploadId: body.uploadId }, 'could not delete a committed upload');
      });
      return reply.code(201).send({ media: toMediaFile(row) });
    },
  );

  app.get(
    '/media/:id',
    {
      onRequest: app.requireDevice,
      schema: { tags: ['family'], security: [{ device: [] }], params: idParamsSchema },
    },
    async (req, reply) => {
      const { scope } = deviceOf(req);
      const row = await app.db
        .selectFrom('media_files')
        .selectAll()
        .where('id', '=', req.params.id)
        .where(mediaVisibleTo(scope))
        .executeTakeFirst();
      if (!row) throw notFound('No such picture or sound clip.');
      const headers = mediaHeaders(row);
      if (notModified(req.headers['if-none-match'], row.sha256)) {
        const { 'content-length': _length, ...rest } = headers;
        return reply.code(304).headers(rest).send();
      }
      const file = await app.storage.get(row.storage_key);
      if (!file) throw notFound('That file is missing from storage.');
      return reply.headers(headers).send(file.stream);
    },
  );
};
