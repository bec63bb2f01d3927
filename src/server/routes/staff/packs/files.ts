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
//          A replacement names the hash it replaces (`replaces`): a file changed since the
//          screen showed it is a 409 `stale` with the pack as stored now. A name that says
//          another kind than the bytes ("Sheet.pdf" that is a PNG) is a 422; files adding up
//          to more than maxPackBytes are a 413.
//   POST   /staff/packs/:id/files/:fileId/upload   the same, from a finished staff tus upload
//          (uploads.ts) named in a JSON body: how the workspace sends files (resumable)
//   DELETE /staff/packs/:id/files/:fileId[?sha256=]   (409 `stale` if it changed meanwhile)
// Any change moves the pack's updatedAt, and a published pack goes to its families again
// (an upsert with the new file list). Bytes are stored once per content (db/blobs.ts): the
// old bytes of a replaced or removed file leave storage when no pack names them any more.
// Raw bodies are allowed on this PUT only for those types (plugins/security.ts).
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Transaction } from 'kysely';
import {
  maxFilesPerPack,
  maxPackBytes,
  maxPackFileBytes,
  staffPackFileCommitBodySchema,
  staffPackFileDeleteQuerySchema,
  staffPackFileParamsSchema,
  staffPackFileQuerySchema,
  staffPackFileResponseSchema,
  type PackFileKind,
  type StaffPackFilePlacement,
} from '../../../../shared/packs.ts';
import { deleteStored, releaseBlobs, withBlob } from '../../../db/blobs.ts';
import { recordChange } from '../../../db/changes.ts';
import { toPackFile, toStaffPack } from '../../../db/mappers.ts';
import { fileColumns, filesOfPacks, packScope } from '../../../db/packs.ts';
import type { Database, PackFileRow, PackRow } from '../../../db/schema.ts';
import { fieldError, HttpError, notFound, stale } from '../../../lib/http-error.ts';
import {
  checkNameMatches,
  declaredKind,
  packFileTypesText,
  processPackFile,
} from '../../../lib/pack-files.ts';
import { staffOf, type StaffAuth } from '../../../plugins/auth.ts';
import { commitStaffUpload, readStaffUpload } from './uploaded.ts';
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

/** 409 `stale` with the pack and its files as stored now. */
async function staleFile(trx: Transaction<Database>, pack: PackRow): Promise<never> {
  const files = await filesOfPacks(trx, [pack.id]);
  throw stale('file', toStaffPack(pack, files.get(pack.id) ?? []), pack.revision);
}

type FileSave = StaffPackFilePlacement & {
  packId: string;
  fileId: string;
  kind: PackFileKind;
  bytes: Buffer;
  /** Where the request named the file's name, for the 400/422 that point at it. */
  nameField: string;
  /** Runs inside the transaction that names the file (a staff upload marks itself used). */
  alsoInTransaction?: (trx: Transaction<Database>) => Promise<void>;
};

/** Checks, stores and names one file of a pack (both routes): the answer's status and body. */
async function savePackFile(app: FastifyInstance, staff: StaffAuth, input: FileSave) {
  const { packId: id, fileId } = input;
  await packInSchool(app.db, id, staff.schoolId);
  const file = await processPackFile(input.kind, input.bytes);
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
      .select(['id', 'position', 'bytes'])
      .where('pack_id', '=', id)
      .execute();
    if (!existing) {
      if (!input.name) {
        throw fieldError(input.nameField, 'a new file needs a name (what families see)');
      }
      if (siblings.length >= maxFilesPerPack) {
        throw new HttpError(
          422,
          'bad_request',
          `A pack can have at most ${maxFilesPerPack} files; remove one or make a second pack.`,
        );
      }
    }
    const name = input.name ?? existing?.name ?? '';
    checkNameMatches(name, file, input.nameField);
    const position =
      input.position ??
      existing?.position ??
      siblings.reduce((last, s) => Math.max(last, s.position + 1), 0);
    if (
      existing &&
      existing.sha256 === file.sha256 &&
      existing.name === name &&
      existing.position === position
    ) {
      // The same file again (a retry whose answer was lost): nothing changes.
      await input.alsoInTransaction?.(trx);
      return { status: 200 as const, row: existing, pack, released: [] };
    }
    // A replacement must name what it replaces; a file gone meanwhile, or a new file whose
    // id another save already used, is stale too.
    if ((existing?.sha256 ?? null) !== (input.replaces ?? null)) await staleFile(trx, pack);
    const total = siblings.reduce((sum, s) => sum + (s.id === fileId ? 0 : s.bytes), 0);
    if (total + file.bytes.length > maxPackBytes) {
      throw new HttpError(
        413,
        'payload_too_large',
        `A pack can hold at most ${mb(maxPackBytes)} for families to download; with this file it would be ${mb(total + file.bytes.length)}. Make a second pack, or send a smaller file.`,
      );
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
      existing && existing.sha256 !== file.sha256 ? await releaseBlobs(trx, [existing.sha256]) : [];
    await input.alsoInTransaction?.(trx);
    return { status: existing ? (200 as const) : (201 as const), row, pack: touched, released };
  });
  await deleteStored(app.storage, result.released);
  const files = await filesOfPacks(app.db, [id]);
  return {
    status: result.status,
    body: { file: toPackFile(result.row), pack: toStaffPack(result.pack, files.get(id) ?? []) },
  };
}

const notAFile = () =>
  new HttpError(
    415,
    'unsupported_file',
    `Send the file itself as the body, with its type as Content-Type (${packFileTypesText}).`,
  );

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
      const kind = declaredKind(req.headers['content-type']);
      if (!kind || !Buffer.isBuffer(req.body)) throw notAFile();
      const saved = await savePackFile(app, staffOf(req), {
        ...req.query,
        packId: req.params.id,
        fileId: req.params.fileId,
        kind,
        bytes: req.body,
        nameField: 'querystring.name',
      });
      return reply.code(saved.status).send(saved.body);
    },
  );

  app.post(
    '/packs/:id/files/:fileId/upload',
    {
      schema: {
        tags: ['staff'],
        security,
        params: staffPackFileParamsSchema,
        body: staffPackFileCommitBodySchema,
        response: { 200: staffPackFileResponseSchema, 201: staffPackFileResponseSchema },
      },
    },
    async (req, reply) => {
      const staff = staffOf(req);
      const { uploadId, contentType, ...placement } = req.body;
      const kind = declaredKind(contentType);
      if (!kind) {
        throw fieldError(
          'body.contentType',
          `a pack takes PDFs, pictures and sound files (${packFileTypesText})`,
          415,
        );
      }
      // Another school's pack is a 404 before anything about the upload is said.
      await packInSchool(app.db, req.params.id, staff.schoolId);
      const bytes = await readStaffUpload(app, staff, uploadId);
      const saved = await savePackFile(app, staff, {
        ...placement,
        packId: req.params.id,
        fileId: req.params.fileId,
        kind,
        bytes,
        nameField: 'body.name',
        alsoInTransaction: (trx) => commitStaffUpload(trx, staff, uploadId, app.now()),
      });
      await app.uploads.remove(uploadId.toLowerCase());
      return reply.code(saved.status).send(saved.body);
    },
  );

  app.delete(
    '/packs/:id/files/:fileId',
    {
      schema: {
        tags: ['staff'],
        security,
        params: staffPackFileParamsSchema,
        querystring: staffPackFileDeleteQuerySchema,
      },
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
        if (req.query.sha256 !== undefined && req.query.sha256 !== file.sha256) {
          await staleFile(trx, pack);
        }
        await trx.deleteFrom('pack_files').where('id', '=', fileId).execute();
        await touchPack(trx, pack, staff.id, app.now().toISOString());
        return releaseBlobs(trx, [file.sha256]);
      });
      await deleteStored(app.storage, released);
      return reply.code(204).send();
    },
  );
};
