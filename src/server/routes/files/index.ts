// GET /api/v1/files/:sha256: the bytes of a learning pack's file, by the SHA-256 of its
// content. Answered only if a PUBLISHED pack this family can see has a file with that hash;
// any other hash (another school's, a draft's, one nobody has) is the same 404, so a family
// cannot probe what exists. The URL never changes meaning (the hash is the content), so:
//   Cache-Control: private, max-age=31536000, immutable   ETag "<sha256>"   (304 on a match)
//   Range: bytes=<start>-[<end>] (or the last n bytes)    → 206 + Content-Range, so an
//   interrupted download resumes; past the end → 416 (If-Range with another ETag: 200)
// Streamed from storage, never buffered; never compressed (PDFs, JPEGs and audio are
// compressed already, and a compressed body would not match the byte ranges).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sha256Hex } from '../../../shared/packs.ts';
import type { ApiErrorBody } from '../../../shared/errors.ts';
import { parseRange, rangeStillValid } from '../../lib/byte-range.ts';
import { notFound } from '../../lib/http-error.ts';
import { mediaHeaders, notModified } from '../../lib/media.ts';
import { deviceOf } from '../../plugins/auth.ts';
import { packVisibleTo } from '../sync/scope.ts';

export const fileRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/files/:sha256',
    {
      onRequest: app.requireDevice,
      compress: false,
      schema: {
        tags: ['family'],
        security: [{ device: [] }],
        description:
          'The bytes of a pack file, by its sha256 (immutable; ETag, If-None-Match, single byte ranges).',
        params: z.object({ sha256: sha256Hex }),
      },
    },
    async (req, reply) => {
      const { scope } = deviceOf(req);
      const { sha256 } = req.params;
      const missing = notFound('No such file.');
      if (scope.pupilIds.length === 0) throw missing;
      const named = await app.db
        .selectFrom('packs')
        .innerJoin('pack_files', 'pack_files.pack_id', 'packs.id')
        .select('pack_files.id')
        .where('pack_files.sha256', '=', sha256)
        .where(packVisibleTo(scope))
        .limit(1)
        .executeTakeFirst();
      const blob =
        named &&
        (await app.db
          .selectFrom('file_blobs')
          .selectAll()
          .where('sha256', '=', sha256)
          .executeTakeFirst());
      if (!blob) throw missing;

      const { 'content-length': length, ...headers } = {
        ...mediaHeaders(blob),
        'accept-ranges': 'bytes',
      };
      if (notModified(req.headers['if-none-match'], sha256)) {
        return reply.code(304).headers(headers).send();
      }
      const etag = `"${sha256}"`;
      const ifRange = req.headers['if-range'];
      const range = rangeStillValid(Array.isArray(ifRange) ? ifRange[0] : ifRange, etag)
        ? parseRange(req.headers.range, blob.bytes)
        : null;
      if (range === 'unsatisfiable') {
        const body: ApiErrorBody = {
          error: {
            code: 'bad_request',
            message: `The range asked for is outside the file (${blob.bytes} bytes).`,
          },
        };
        return reply
          .code(416)
          .header('content-range', `bytes */${blob.bytes}`)
          .type('application/json; charset=utf-8')
          .send(body);
      }
      const file = await app.storage.get(blob.storage_key, range ?? undefined);
      if (!file) throw notFound('That file is missing from storage.');
      if (!range) return reply.headers({ ...headers, 'content-length': length }).send(file.stream);
      return reply
        .code(206)
        .headers({
          ...headers,
          'content-length': String(range.end - range.start + 1),
          'content-range': `bytes ${range.start}-${range.end}/${blob.bytes}`,
        })
        .send(file.stream);
    },
  );
};
