// PUT /api/v1/activity-completions/:id: a learning-pack activity ticked (or unticked) on
// the phone. Append-only marks like session completions: idempotent by the phone's id (the
// same body again → 200 with the stored mark; another body with the same id → 409), and the
// latest mark (by revision, then `at`, then id: db/marks.ts) decides. The pack must be one the family sees and for this
// child (its own pack or its class's), else 404 whether or not it exists; the activity must
// be one of the pack's activities now (422: the school may have removed it meanwhile).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { familyWriteParamsSchema } from '../../../shared/api.ts';
import {
  activityCompletionBodySchema,
  activityCompletionResponseSchema,
  type PackActivity,
} from '../../../shared/packs.ts';
import { appendOnce } from '../../db/family-writes.ts';
import { toActivityCompletion } from '../../db/mappers.ts';
import { markRevisionFor } from '../../db/marks.ts';
import { HttpError } from '../../lib/http-error.ts';
import { packForChild } from '../sync/scope.ts';
import { beginFamilyWrite } from '../family-write.ts';

export const activityCompletionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/activity-completions/:id',
    {
      onRequest: app.requireDevice,
      schema: {
        tags: ['family'],
        security: [{ device: [] }],
        params: familyWriteParamsSchema,
        body: activityCompletionBodySchema,
        response: {
          200: activityCompletionResponseSchema,
          201: activityCompletionResponseSchema,
        },
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

      const result = await appendOnce(app.db, 'activity_completions', id, {
        pupilIds: scope.pupilIds,
        bodyHash,
        missing,
        checkNewId,
        conflict: `Activity mark ${id} was already recorded with different details; a changed mark needs a new id.`,
        entity: 'activityCompletion',
        make: async (trx) => {
          const pack = await packForChild(trx, scope, body.packId, body.pupilId);
          if (!pack) throw missing;
          const activities = JSON.parse(pack.activities) as PackActivity[];
          if (!activities.some((a) => a.id === body.activityId)) {
            throw new HttpError(
              422,
              'bad_request',
              'That activity is no longer in this pack (the school has changed it); the mark was not kept.',
              { field: 'activityId' },
            );
          }
          const revision = await markRevisionFor(
            trx,
            {
              table: 'activity_completions',
              pupilId: body.pupilId,
              packId: body.packId,
              activityId: body.activityId,
            },
            body.revision,
          );
          const row = {
            id,
            pack_id: body.packId,
            activity_id: body.activityId,
            pupil_id: body.pupilId,
            done: body.done ? 1 : 0,
            at: body.at,
            revision,
            device_id: device.id,
            body_hash: bodyHash,
            received_at: app.now().toISOString(),
          };
          return row;
        },
      });
      return reply.code(result.status).send({ completion: toActivityCompletion(result.row) });
    },
  );
};
