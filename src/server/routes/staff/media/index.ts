// The school's own pictures and sound clips, for staff:
//   POST /staff/media?pupilId=   the file's raw bytes as the body, with its type as
//        Content-Type (image/jpeg, image/png, image/webp or audio/…); the kind comes from
//        that type, the real format from the bytes (lib/media.ts: pictures rebuilt at most
//        800 px, clips kept if WebM, Ogg, MP4/M4A or MP3). With pupilId the file is that
//        child's; without, it is the school's, synced to every family of the school.
//        → 201 { media }
//   GET  /staff/media/:id        the bytes (any media file of the member's school)
// Raw bodies are allowed here only (plugins/security.ts): image and audio types are not
// ones a cross-site form can send, so the JSON-only rule's CSRF protection still holds.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { idParamsSchema } from '../../../../shared/staff-api.ts';
import {
  maxSymbolImageBytes,
  mediaResponseSchema,
  staffMediaQuerySchema,
} from '../../../../shared/schedules.ts';
import { recordChange } from '../../../db/changes.ts';
import { toMediaFile } from '../../../db/mappers.ts';
import type { MediaFileRow } from '../../../db/schema.ts';
import { canonicalHash } from '../../../lib/canonical.ts';
import { HttpError, notFound } from '../../../lib/http-error.ts';
import { mediaHeaders, notModified, processMedia } from '../../../lib/media.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { newStorageKey } from '../../../storage/index.ts';
import { mediaInSchool, pupilInSchool } from '../school-scope.ts';

const imageTypes = ['image/jpeg', 'image/png', 'image/webp'];
const audioType = /^audio\/[a-z0-9.+-]+$/i;

const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]?.trim() ?? '';

const kindOf = (type: string): 'image' | 'audio' | null =>
  imageTypes.includes(type.toLowerCase()) ? 'image' : audioType.test(type) ? 'audio' : null;

export const staffMediaRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  // Bytes as they came; encapsulated, so only this plugin's routes accept them.
  for (const types of [imageTypes, /^audio\//i]) {
    app.addContentTypeParser(
      types,
      { parseAs: 'buffer', bodyLimit: maxSymbolImageBytes },
      (_req, body, done) => done(null, body),
    );
  }

  app.post(
    '/media',
    {
      config: {
        access: {
          can: 'support',
          scope: [{ kind: 'pupil', from: 'query.pupilId', optional: true }],
        },
      },
      onRequest: async (req) => {
        const length = Number(req.headers['content-length'] ?? 0);
        if (length > maxSymbolImageBytes) {
          throw new HttpError(
            413,
            'payload_too_large',
            `A picture or sound clip can be at most ${maxSymbolImageBytes / 1024 / 1024} MB.`,
          );
        }
      },
      schema: {
        tags: ['staff'],
        security,
        querystring: staffMediaQuerySchema,
        response: { 201: mediaResponseSchema },
      },
    },
    async (req, reply) => {
      const staff = staffOf(req);
      const kind = kindOf(mediaType(req.headers['content-type']));
      if (!kind || !Buffer.isBuffer(req.body)) {
        throw new HttpError(
          415,
          'bad_request',
          'Send the file itself as the body, with its type as Content-Type (image/jpeg, image/png, image/webp or audio/…).',
        );
      }
      if (req.body.length === 0) {
        throw new HttpError(400, 'bad_request', 'The body is empty; send the file’s bytes.');
      }
      const pupilId = req.query.pupilId ?? null;
      if (pupilId) await pupilInSchool(app.db, pupilId, staff.schoolId);
      const media = await processMedia(kind, req.body);
      const key = newStorageKey();
      await app.storage.put(key, media.bytes);
      const id = uuidv7();
      const row: MediaFileRow = {
        id,
        school_id: staff.schoolId,
        pupil_id: pupilId,
        family_id: null,
        kind,
        content_type: media.contentType,
        bytes: media.bytes.length,
        sha256: media.sha256,
        storage_key: key,
        body_hash: canonicalHash({ pupilId, kind, sha256: media.sha256 }),
        device_id: null,
        staff_id: staff.id,
        created_at: app.now().toISOString(),
      };
      try {
        await app.db.transaction().execute(async (trx) => {
          await trx.insertInto('media_files').values(row).execute();
          await recordChange(
            trx,
            [pupilId ? { type: 'pupil', id: pupilId } : { type: 'school', id: staff.schoolId }],
            'mediaFile',
            id,
            'upsert',
          );
        });
      } catch (err) {
        await app.storage.delete(key);
        throw err;
      }
      return reply.code(201).send({ media: toMediaFile(row) });
    },
  );

  app.get(
    '/media/:id',
    {
      config: {
        access: {
          can: 'read',
          scope: [{ kind: 'media', from: 'params.id' }],
          audit: { kind: 'media' },
        },
      },
      schema: { tags: ['staff'], security, params: idParamsSchema },
    },
    async (req, reply) => {
      const row = await mediaInSchool(app.db, req.params.id, staffOf(req).schoolId);
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
