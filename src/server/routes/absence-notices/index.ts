// PUT /api/v1/absence-notices/:id: a family tells the school a child cannot do the work.
// Revisions, as src/shared/submissions.ts documents them:
//   unknown id → 201 created (any revision);
//   same revision: same body → 200 stored notice; other body → 409 `conflict`;
//   lower revision → 200 stored notice (a stale retry changes nothing);
//   higher revision → 200 replaced, unless the school acknowledged it: then 409
//   `already_acknowledged`, except a withdrawal, which is always taken (after an
//   acknowledgement only the withdrawal itself is applied; dates and reason stay as
//   acknowledged).
// Every revision's body hash is kept (absence_notice_revisions). A notice never moves to
// another child (409). Another family's child is a 404.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { familyWriteParamsSchema } from '../../../shared/api.ts';
import {
  absenceNoticeBodySchema,
  absenceNoticeResponseSchema,
} from '../../../shared/submissions.ts';
import { recordChange } from '../../db/changes.ts';
import { toAbsenceNotice } from '../../db/mappers.ts';
import type { AbsenceNoticeRow } from '../../db/schema.ts';
import { HttpError } from '../../lib/http-error.ts';
import { beginFamilyWrite } from '../family-write.ts';

export const absenceNoticeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/absence-notices/:id',
    {
      onRequest: app.requireDevice,
      schema: {
        tags: ['family'],
        security: [{ device: [] }],
        params: familyWriteParamsSchema,
        body: absenceNoticeBodySchema,
        response: { 200: absenceNoticeResponseSchema, 201: absenceNoticeResponseSchema },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const { device, id, bodyHash, scope, missing, checkNewId } = await beginFamilyWrite(
        app,
        req,
        body,
        'That child is not in this family.',
      );
      const now = app.now().toISOString();

      const result = await app.db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('absence_notices')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        const remember = () =>
          trx
            .insertInto('absence_notice_revisions')
            .values({
              notice_id: id,
              revision: body.revision,
              body_hash: bodyHash,
              device_id: device.id,
              received_at: now,
            })
            .execute();
        if (!existing) {
          await checkNewId(trx);
          const row: AbsenceNoticeRow = {
            id,
            family_id: device.familyId,
            pupil_id: body.pupilId,
            reason: body.reason,
            from_date: body.from,
            to_date: body.to,
            note: body.note,
            revision: body.revision,
            withdrawn_reason: body.withdrawnReason,
            created_at: body.createdAt,
            received_at: now,
            acknowledged_at: null,
            acknowledged_by: null,
            acknowledged_by_staff_id: null,
            body_hash: bodyHash,
            device_id: device.id,
          };
          await trx.insertInto('absence_notices').values(row).execute();
          await remember();
          await recordChange(
            trx,
            [{ type: 'pupil', id: body.pupilId }],
            'absenceNotice',
            id,
            'upsert',
          );
          return { status: 201 as const, row };
        }
        if (!scope.pupilIds.includes(existing.pupil_id)) throw missing;
        if (existing.pupil_id !== body.pupilId) {
          throw new HttpError(409, 'conflict', 'An absence notice cannot move to another child.');
        }
        if (body.revision === existing.revision) {
          if (existing.body_hash !== bodyHash) {
            throw new HttpError(
              409,
              'conflict',
              `Revision ${body.revision} of this notice was already sent with different details; send the change as revision ${existing.revision + 1}.`,
            );
          }
          return { status: 200 as const, row: existing };
        }
        if (body.revision < existing.revision) return { status: 200 as const, row: existing };

        const withdrawal = body.withdrawnReason !== null;
        if (existing.acknowledged_at && !withdrawal) {
          throw new HttpError(
            409,
            'already_acknowledged',
            'The school has already acknowledged this notice, so it cannot be changed. Send a new notice, or withdraw this one.',
          );
        }
        const change = existing.acknowledged_at
          ? { withdrawn_reason: body.withdrawnReason }
          : {
              reason: body.reason,
              from_date: body.from,
              to_date: body.to,
              note: body.note,
              withdrawn_reason: body.withdrawnReason,
              created_at: body.createdAt,
            };
        const row: AbsenceNoticeRow = {
          ...existing,
          ...change,
          revision: body.revision,
          body_hash: bodyHash,
          device_id: device.id,
        };
        await trx
          .updateTable('absence_notices')
          .set({ ...change, revision: body.revision, body_hash: bodyHash, device_id: device.id })
          .where('id', '=', id)
          .execute();
        await remember();
        await recordChange(
          trx,
          [{ type: 'pupil', id: body.pupilId }],
          'absenceNotice',
          id,
          'upsert',
        );
        return { status: 200 as const, row };
      });
      return reply.code(result.status).send({ notice: toAbsenceNotice(result.row) });
    },
  );
};
