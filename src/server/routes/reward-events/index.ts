// PUT /api/v1/reward-events/:id: one tap on a token board, made on the phone. Append-only
// and idempotent like session completions: the same body again is a 200 with the stored
// event, another body with the same id a 409; a duplicate never counts twice because the
// board is `tallyTokens` of the SET of events. The chart must be in the family's scope and
// belong to the event's child (else 404, whether it exists or not). An `undo` must name a
// `token` of the same chart (else 422). Only the school gives tokens as the school (a
// phone cannot send `by: 'school'`). An archived chart still takes events: they were
// made on a phone that had not heard of the archive yet, and nothing tapped is lost.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { familyWriteParamsSchema } from '../../../shared/api.ts';
import { rewardEventBodySchema, rewardEventResponseSchema } from '../../../shared/schedules.ts';
import { appendOnce } from '../../db/family-writes.ts';
import { toRewardEvent } from '../../db/mappers.ts';
import type { RewardEventRow } from '../../db/schema.ts';
import { HttpError } from '../../lib/http-error.ts';
import { beginFamilyWrite } from '../family-write.ts';

export const rewardEventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/reward-events/:id',
    {
      onRequest: app.requireDevice,
      schema: {
        tags: ['family'],
        security: [{ device: [] }],
        params: familyWriteParamsSchema,
        body: rewardEventBodySchema,
        response: { 200: rewardEventResponseSchema, 201: rewardEventResponseSchema },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const { device, id, bodyHash, scope, missing, checkNewId } = await beginFamilyWrite(
        app,
        req,
        body,
        'That reward chart is not in this family.',
      );
      if ((body.type === 'undo') !== (body.undoes !== null)) {
        throw new HttpError(
          400,
          'bad_request',
          'Invalid request: body.undoes: an undo names the token it takes back (undoes), and only an undo does',
        );
      }
      if (body.by === 'school') {
        throw new HttpError(
          400,
          'bad_request',
          'Invalid request: body.by: only the school gives tokens as the school',
        );
      }

      const result = await appendOnce(app.db, 'reward_events', id, {
        pupilIds: scope.pupilIds,
        bodyHash,
        missing,
        checkNewId,
        conflict: `Event ${id} was already recorded with different details; a new tap needs a new id.`,
        entity: 'rewardEvent',
        make: async (trx) => {
          const chart = await trx
            .selectFrom('reward_charts')
            .select(['id', 'pupil_id'])
            .where('id', '=', body.chartId)
            .executeTakeFirst();
          if (!chart || chart.pupil_id !== body.pupilId) throw missing;
          if (body.undoes) {
            const undone = await trx
              .selectFrom('reward_events')
              .select('id')
              .where('id', '=', body.undoes)
              .where('chart_id', '=', chart.id)
              .where('type', '=', 'token')
              .executeTakeFirst();
            if (!undone) {
              throw new HttpError(
                422,
                'bad_request',
                'An undo must name a token on the same chart; that one is not.',
              );
            }
          }
          const row: RewardEventRow = {
            id,
            chart_id: chart.id,
            pupil_id: body.pupilId,
            type: body.type,
            undoes: body.undoes,
            by: body.by,
            step_id: body.stepId,
            at: body.at,
            device_id: device.id,
            body_hash: bodyHash,
            received_at: app.now().toISOString(),
          };
          return row;
        },
      });
      return reply.code(result.status).send({ event: toRewardEvent(result.row) });
    },
  );
};
