// PUT /api/v1/paper-requests/:id: "please post us a paper copy of this pack", made on the
// phone (offline too). Idempotent by the phone's id: 201 the first time, 200 with the
// stored request when the same body comes again, 409 for the same id with another body.
// The pack must be one the family sees and for this child, else 404 whether or not it
// exists. Staff mark it posted (staff/packs/paper-requests.ts); the family sees `postedAt`
// at its next sync, from any of the child's households.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { familyWriteParamsSchema } from '../../../shared/api.ts';
import { paperRequestBodySchema, paperRequestResponseSchema } from '../../../shared/packs.ts';
import { appendOnce } from '../../db/family-writes.ts';
import { toPaperRequest } from '../../db/mappers.ts';
import type { PaperRequestRow } from '../../db/schema.ts';
import { packForChild } from '../sync/scope.ts';
import { beginFamilyWrite } from '../family-write.ts';

export const paperRequestRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/paper-requests/:id',
    {
      onRequest: app.requireDevice,
      schema: {
        tags: ['family'],
        security: [{ device: [] }],
        params: familyWriteParamsSchema,
        body: paperRequestBodySchema,
        response: { 200: paperRequestResponseSchema, 201: paperRequestResponseSchema },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const { device, id, bodyHash, scope, missing, checkNewId } = await beginFamilyWrite(
        app,
        req,
        body,
        'That pack or child is not in this family’s learning packs.',
      );

      const result = await appendOnce(app.db, 'paper_requests', id, {
        pupilIds: scope.pupilIds,
        bodyHash,
        missing,
        checkNewId,
        conflict: `Paper request ${id} was already sent with different details; a new request needs a new id.`,
        entity: 'paperRequest',
        make: async (trx) => {
          if (!(await packForChild(trx, scope, body.packId, body.pupilId))) throw missing;
          const row: PaperRequestRow = {
            id,
            pack_id: body.packId,
            pupil_id: body.pupilId,
            family_id: device.familyId,
            device_id: device.id,
            note: body.note,
            created_at: body.createdAt,
            received_at: app.now().toISOString(),
            posted_at: null,
            posted_by: null,
            body_hash: bodyHash,
          };
          return row;
        },
      });
      return reply.code(result.status).send({ request: toPaperRequest(result.row) });
    },
  );
};
