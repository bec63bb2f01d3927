// The files of a learning pack, for staff of the pack's school:
//   PUT    /staff/packs/:id/files/:fileId?name=&position=   the file's raw bytes as the
//          body, its type as Content-Type (application/pdf, image/jpeg|png|webp, audio/…).
//          Creates the file (name required; last unless a position is given) or REPLACES
//          it: the id stays, the name and position stay unless given, the sha256 is the new
//          bytes'. The real type comes from the bytes (lib/pack-files.ts; a picture is
//          rebuilt as a ≤ 2000 px JPEG without metadata). → 201 created / 200 replaced or
//          unchanged, with the file and the pack. Over maxPackFileBytes: 413 before a byte
//          is read (Content-Length); bytes that are not what the type says: 422
//          `unsupported_file`; a type packs do not take: 415 `unsupported_file`.
//   DELETE /staff/packs/:id/files/:fileId
// Any change moves the pack's updatedAt, and a published pack goes to its families again
// (an upsert with the new file list). Bytes are stored once per content (db/blobs.ts): the
// old bytes of a replaced or removed file leave storage when no pack names them any more.
// Raw bodies are allowed on this PUT only for those types (plugins/security.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Transaction } from 'kysely';
import {
  maxFilesPerPack,
  maxPackFileBytes,
  staffPackFileParamsSchema,
  staffPackFileQuerySchema,
  staffPackFileResponseSchema,
} from '../../../../shared/packs.ts';
import { deleteStored, releaseBlobs, withBlob } from '../../../db/blobs.ts';
import { recordChange } from '../../../db/changes.ts';
import { toPackFile, toStaffPack } from '../../../db/mappers.ts';
import { fileColumns, filesOfPacks, packScope } from '../../../db/packs.ts';
import type { Database, PackFileRow, PackRow } from '../../../db/schema.ts';
import { HttpError, notFound } from '../../../lib/http-error.ts';
import { declaredKind, packFileTypesText, processPackFile } from '../../../lib/pack-files.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { packInSchool } from './queries.ts';

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** After a file of the pack changed: the pack's updatedAt moves and its families hear of it. */
async function touchPack(
  trx: Transaction<Database>,
  pack: PackRow,
  staffId: string,
  at: string,
): Promise<PackRow> {
  await trx
    .updateTable('packs')
    .set({ updated_at: at, updated_by: staffId })
    .where('id', '=', pack.id)
    .execute();
  if (pack.published_at) await recordChange(trx, [packScope(pack)], 'pack', pack.id, 'upsert');
  return { ...pack, updated_at: at, updated_by: staffId };
}

export const packFileRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  // Bytes as they came; encapsulated, so only this plugin's routes accept them.
  for (const types of [['application/pdf', 'image/jpeg', 'image/png', 'image/webp'], /^audio\//i]) {
    app.addContentTypeParser(
      types,
      { parseAs: 'buffer', bodyLimit: maxPackFileBytes },
      (_req, body, done) => done(null, body),
    );
  }

  app.put(
    '/packs/:id/files/:fileId',
    {
      config: { access: { can: 'publish', scope: [{ kind: 'pack', from: 'params.id' }] } },
      onRequest: async (req) => {
        const length = Number(req.headers['content-length'] ?? 0);
        if (length > maxPackFileBytes) {
          throw new HttpError(
            413,
            'payload_too_large',
            `A file in a pack can be at most ${mb(maxPackFileBytes)}; this one is ${mb(length)}. Split a long workbook into parts, or scan it at a lower resolution.`,
          );
        }
      },
      schema: {
        tags: ['staff'],
        security,
        description: `The file's raw bytes as the body, with its type as Content-Type (${packFileTypesText}).`,
        params: staffPackFileParamsSchema,
        querystring: staffPackFileQuerySchema,
        response: { 200: staffPackFileResponseSchema, 201: staffPackFileResponseSchema },
      },
    },
    async (req, reply) => {
      const staff = staffOf(req);
      const { id, fileId } = req.params;
      const kind = declaredKind(req.headers['content-type']);
      if (!kind || !Buffer.isBuffer(req.body)) {
        throw new HttpError(
          415,
          'unsupported_file',
          `Send the file itself as the body, with its type as Content-Type (${packFileTypesText}).`,
        );
      }
      await packInSchool(app.db, id, staff.schoolId);
      const file = await processPackFile(kind, req.body);
      const at = app.now().toISOString();
      const result = await withBlob(app.db, app.storage, file, at, async (trx) => {
        const pack = await packInSchool(trx, id, staff.schoolId);
        const existing = await trx
          .selectFrom('pack_files')
          .selectAll()
          .where('id', '=', fileId)
          .executeTakeFirst();
        if (existing && existing.pack_id !== id) {
          // Another school's pack is not even named; one of this school's is.
          await packInSchool(trx, existing.pack_id, staff.schoolId);
          throw new HttpError(
            409,
            'conflict',
            'This file id belongs to another pack; a new file needs a new id.',
          );
        }
        const siblings = await trx
          .selectFrom('pack_files')
          .select(['id', 'position'])
          .where('pack_id', '=', id)
          .execute();
        if (!existing) {
          if (!req.query.name) {
            throw new HttpError(
              400,
              'bad_request',
              'Invalid request: querystring.name: a new file needs a name (what families see)',
            );
          }
          if (siblings.length >= maxFilesPerPack) {
            throw new HttpError(
              422,
              'bad_request',
              `A pack can have at most ${maxFilesPerPack} files; remove one or make a second pack.`,
            );
          }
        }
        const name = req.query.name ?? existing?.name ?? '';
        const position =
          req.query.position ??
          existing?.position ??
          siblings.reduce((last, s) => Math.max(last, s.position + 1), 0);
        if (
          existing &&
          existing.sha256 === file.sha256 &&
          existing.name === name &&
          existing.position === position
        ) {
          return { status: 200 as const, row: existing, pack, released: [] };
        }
        const row: PackFileRow = {
          id: fileId,
          pack_id: id,
          position,
          name,
          ...fileColumns(file),
          staff_id: staff.id,
          updated_at: at,
        };
        if (existing) {
          await trx.updateTable('pack_files').set(row).where('id', '=', fileId).execute();
        } else {
          await trx.insertInto('pack_files').values(row).execute();
        }
        const touched = await touchPack(trx, pack, staff.id, at);
        const released =
          existing && existing.sha256 !== file.sha256
            ? await releaseBlobs(trx, [existing.sha256])
            : [];
        return { status: existing ? (200 as const) : (201 as const), row, pack: touched, released };
      });
      await deleteStored(app.storage, result.released);
      const files = await filesOfPacks(app.db, [id]);
      return reply.code(result.status).send({
        file: toPackFile(result.row),
        pack: toStaffPack(result.pack, files.get(id) ?? []),
      });
    },
  );

  app.delete(
    '/packs/:id/files/:fileId',
    {
      config: { access: { can: 'publish', scope: [{ kind: 'pack', from: 'params.id' }] } },
      schema: { tags: ['staff'], security, params: staffPackFileParamsSchema },
    },
    async (req, reply) => {
      const staff = staffOf(req);
      const { id, fileId } = req.params;
      const released = await app.db.transaction().execute(async (trx) => {
        const pack = await packInSchool(trx, id, staff.schoolId);
        const file = await trx
          .selectFrom('pack_files')
          .select('sha256')
          .where('id', '=', fileId)
          .where('pack_id', '=', id)
          .executeTakeFirst();
        if (!file) throw notFound('No such file in this pack.');
        await trx.deleteFrom('pack_files').where('id', '=', fileId).execute();
        await touchPack(trx, pack, staff.id, app.now().toISOString());
        return releaseBlobs(trx, [file.sha256]);
      });
      await deleteStored(app.storage, released);
      return reply.code(204).send();
    },
  );
};
