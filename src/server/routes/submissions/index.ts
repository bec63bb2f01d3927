// PUT /api/v1/submissions/:id: commits the pages a phone uploaded (tus) as one piece of
// returned work. Idempotent by the phone's id: the same body again is a 200 with the
// stored submission (even after the uploads are gone, and whichever upload ids name the
// same page bytes), another body a 409.
// Every page must be an upload of this family still on the server (else 410 `upload_gone`:
// send it again) and complete, with the length and sha256 of the body (else 422
// `upload_incomplete`); each is then checked by its bytes and re-encoded (lib/images.ts)
// and stored under a server-made key. One bad page fails the whole commit and nothing is kept.
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { familyWriteParamsSchema } from '../../../shared/api.ts';
import {
  submissionBodySchema,
  submissionResponseSchema,
  type SubmissionBody,
} from '../../../shared/submissions.ts';
import { v7 as uuidv7 } from 'uuid';
import { recordChange } from '../../db/changes.ts';
import type { Db } from '../../db/database.ts';
import { toSubmission } from '../../db/mappers.ts';
import type { SubmissionRow } from '../../db/schema.ts';
import { HttpError, uploadGone } from '../../lib/http-error.ts';
import { ImageError, reencodeImage } from '../../lib/images.ts';
import { newStorageKey } from '../../storage/index.ts';
import { beginFamilyWrite } from '../family-write.ts';

type StoredPage = {
  id: string;
  idx: number;
  file_key: string;
  thumb_key: string;
  width: number;
  height: number;
  bytes: number;
  thumb_bytes: number;
  original_bytes: number;
  original_sha256: string;
};

async function pageCount(db: Db, submissionId: string): Promise<number> {
  const row = await db
    .selectFrom('submission_pages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('submission_id', '=', submissionId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

const conflict = (id: string) =>
  new HttpError(
    409,
    'conflict',
    `Submission ${id} was already sent with different details; new work needs a new id.`,
  );

export const submissionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/submissions/:id',
    {
      onRequest: app.requireDevice,
      schema: {
        tags: ['family'],
        security: [{ device: [] }],
        params: familyWriteParamsSchema,
        body: submissionBodySchema,
        response: { 200: submissionResponseSchema, 201: submissionResponseSchema },
      },
    },
    async (req, reply) => {
      const body: SubmissionBody = req.body;
      // A page is identified by its content (sha256, bytes), not by the upload that carried
      // it: a phone that lost the answer and uploaded a page again (new upload id) still
      // gets the stored submission back instead of a 409.
      const { device, id, bodyHash, scope, missing, checkNewId } = await beginFamilyWrite(
        app,
        req,
        body,
        'That child or session is not in this family’s timetable.',
        { ...body, pages: body.pages.map((p) => ({ sha256: p.sha256, bytes: p.bytes })) },
      );

      const replay = async (existing: SubmissionRow) => {
        if (!scope.pupilIds.includes(existing.pupil_id)) throw missing;
        if (existing.body_hash !== bodyHash) throw conflict(id);
        const n = await pageCount(app.db, id);
        return reply.code(200).send({ submission: toSubmission({ ...existing, page_count: n }) });
      };
      const existing = await app.db
        .selectFrom('submissions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (existing) return replay(existing);
      await checkNewId(app.db);

      if (body.sessionId) {
        // Same rule as session completions: published, in the child's class, and for the
        // whole class or this child.
        const session = await app.db
          .selectFrom('timetable_sessions as s')
          .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
          .innerJoin('pupils as p', 'p.class_id', 'w.class_id')
          .select('s.id')
          .where('s.id', '=', body.sessionId)
          .where('p.id', '=', body.pupilId)
          .where('w.published_at', 'is not', null)
          .where((eb) => eb.or([eb('s.pupil_id', 'is', null), eb('s.pupil_id', '=', body.pupilId)]))
          .executeTakeFirst();
        if (!session) throw missing;
      }
      const uploadIds = body.pages.map((p) => p.uploadId);
      if (new Set(uploadIds).size !== uploadIds.length) {
        throw new HttpError(400, 'bad_request', 'Each page must name a different upload.');
      }

      // Check every page before re-encoding any: the cheap refusals first.
      const uploads = await app.db
        .selectFrom('uploads')
        .select(['id', 'committed_at'])
        .where('id', 'in', uploadIds)
        .where('family_id', '=', device.familyId)
        .execute();
      const originals: Buffer[] = [];
      for (const [idx, page] of body.pages.entries()) {
        const n = idx + 1;
        const row = uploads.find((u) => u.id === page.uploadId);
        if (!row || row.committed_at !== null) {
          // Cleaned up (never committed for a week), or used already: the phone still has
          // the page and sends it again. Not a 404, which says the child is not the family's.
          const gone = `Page ${n}: that upload is no longer on the server; send the page again.`;
          throw uploadGone(gone, { page: idx });
        }
        const upload = await app.uploads.read(page.uploadId);
        if (upload.size !== page.bytes) {
          throw new HttpError(
            422,
            'upload_incomplete',
            `Page ${n}: the upload is ${upload.size ?? 0} bytes long, not ${page.bytes}.`,
            { page: idx },
          );
        }
        if (!upload.bytes) {
          throw new HttpError(
            422,
            'upload_incomplete',
            `Page ${n}: only ${upload.offset} of ${page.bytes} bytes have arrived; finish the upload first.`,
            { page: idx },
          );
        }
        const sha = createHash('sha256').update(upload.bytes).digest('hex');
        if (sha !== page.sha256) {
          throw new HttpError(
            422,
            'upload_incomplete',
            `Page ${n}: the bytes that arrived differ from the photo on the phone (sha256 mismatch); upload it again.`,
            { page: idx },
          );
        }
        originals.push(upload.bytes);
      }

      const stored: StoredPage[] = [];
      const storedKeys: string[] = [];
      const discard = async () => {
        for (const key of storedKeys) await app.storage.delete(key);
      };
      try {
        for (const [idx, original] of originals.entries()) {
          let image;
          try {
            image = await reencodeImage(original);
          } catch (err) {
            if (err instanceof ImageError) {
              throw new HttpError(422, err.code, `Page ${idx + 1}: ${err.message}`, { page: idx });
            }
            throw err;
          }
          const fileKey = newStorageKey();
          const thumbKey = newStorageKey();
          await app.storage.put(fileKey, image.full);
          storedKeys.push(fileKey);
          await app.storage.put(thumbKey, image.thumb);
          storedKeys.push(thumbKey);
          const page = body.pages[idx];
          stored.push({
            id: uuidv7(),
            idx,
            file_key: fileKey,
            thumb_key: thumbKey,
            width: image.width,
            height: image.height,
            bytes: image.full.length,
            thumb_bytes: image.thumb.length,
            original_bytes: page?.bytes ?? original.length,
            original_sha256: page?.sha256 ?? '',
          });
        }
      } catch (err) {
        await discard();
        throw err;
      }

      const now = app.now().toISOString();
      const row: SubmissionRow = {
        id,
        family_id: device.familyId,
        pupil_id: body.pupilId,
        session_id: body.sessionId,
        note: body.note,
        created_at: body.createdAt,
        received_at: now,
        seen_at: null,
        body_hash: bodyHash,
        device_id: device.id,
      };
      let raced: SubmissionRow | undefined;
      try {
        raced = await app.db.transaction().execute(async (trx) => {
          // The same submission committed by a parallel request while we re-encoded.
          const again = await trx
            .selectFrom('submissions')
            .selectAll()
            .where('id', '=', id)
            .executeTakeFirst();
          if (again) return again;
          await trx.insertInto('submissions').values(row).execute();
          await trx
            .insertInto('submission_pages')
            .values(stored.map((p) => ({ ...p, submission_id: id })))
            .execute();
          const marked = await trx
            .updateTable('uploads')
            .set({ committed_at: now })
            .where('id', 'in', uploadIds)
            .where('family_id', '=', device.familyId)
            .where('committed_at', 'is', null)
            .executeTakeFirst();
          if (Number(marked.numUpdatedRows) !== uploadIds.length) {
            throw new HttpError(
              409,
              'conflict',
              'Those uploads were just used by another submission.',
            );
          }
          await recordChange(
            trx,
            [{ type: 'pupil', id: body.pupilId }],
            'submission',
            id,
            'upsert',
          );
          return undefined;
        });
      } catch (err) {
        await discard();
        throw err;
      }
      if (raced) {
        await discard();
        return replay(raced);
      }
      for (const uploadId of uploadIds) {
        await app.uploads.remove(uploadId).catch((err: unknown) => {
          req.log.warn({ err, uploadId }, 'could not delete a committed upload');
        });
      }
      return reply
        .code(201)
        .send({ submission: toSubmission({ ...row, page_count: stored.length }) });
    },
  );
};
