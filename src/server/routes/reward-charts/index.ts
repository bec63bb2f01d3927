// PUT /api/v1/reward-charts/:id: a family's own reward chart (token board) for a child.
// Revisions exactly as visual schedules (201 new; same revision same body 200, other body
// 409 `conflict`; lower 200 unchanged; higher 200 replaced). The goal is fixed once made:
// a higher revision with another goal is a 409 `conflict` (a new goal is a new chart, so a
// board never changes under the tokens already on it). The school's charts: 409
// `made_by_school`. A chart never moves to another child (409). A reward picture must be
// one the child can use (422, `details.field`). Charts are archived, never deleted.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { familyWriteParamsSchema } from '../../../shared/api.ts';
import { rewardChartBodySchema, rewardChartResponseSchema } from '../../../shared/schedules.ts';
import { recordChange } from '../../db/changes.ts';
import { toRewardChart } from '../../db/mappers.ts';
import { checkReward } from '../../db/schedule-refs.ts';
import type { RewardChartRow } from '../../db/schema.ts';
import { HttpError } from '../../lib/http-error.ts';
import { beginFamilyWrite } from '../family-write.ts';

export const rewardChartRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/reward-charts/:id',
    {
      onRequest: app.requireDevice,
      schema: {
        tags: ['family'],
        security: [{ device: [] }],
        params: familyWriteParamsSchema,
        body: rewardChartBodySchema,
        response: { 200: rewardChartResponseSchema, 201: rewardChartResponseSchema },
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
          .selectFrom('reward_charts')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        if (existing) {
          if (!scope.pupilIds.includes(existing.pupil_id)) throw missing;
          if (existing.made_by === 'school') {
            throw new HttpError(
              409,
              'made_by_school',
              'The school made this chart; make your own chart to change it.',
            );
          }
          if (existing.pupil_id !== body.pupilId) {
            throw new HttpError(409, 'conflict', 'A reward chart cannot move to another child.');
          }
          if (body.revision === existing.revision) {
            if (existing.body_hash !== bodyHash) {
              throw new HttpError(
                409,
                'conflict',
                `Revision ${body.revision} of this chart was already sent with different details; send the change as revision ${existing.revision + 1}.`,
              );
            }
            return { status: 200 as const, row: existing };
          }
          if (body.revision < existing.revision) return { status: 200 as const, row: existing };
          if (body.goal !== existing.goal) {
            throw new HttpError(
              409,
              'conflict',
              'A new goal needs a new chart: the tokens on this one were earned for its goal.',
            );
          }
        } else {
          await checkNewId(trx);
        }
        await checkReward(trx, { schoolId: scope.schoolId, pupilId: body.pupilId }, body.reward);
        const change = {
          title: body.title,
          goal: body.goal,
          reward: JSON.stringify(body.reward),
          reward_label: body.rewardLabel,
          token_per_step: body.tokenPerStep ? 1 : 0,
          archived: body.archived ? 1 : 0,
          revision: body.revision,
          body_hash: bodyHash,
          device_id: device.id,
          updated_at: now,
        };
        let row: RewardChartRow;
        if (existing) {
          row = { ...existing, ...change };
          await trx.updateTable('reward_charts').set(change).where('id', '=', id).execute();
        } else {
          row = {
            id,
            pupil_id: body.pupilId,
            family_id: device.familyId,
            made_by: 'family',
            staff_id: null,
            created_at: now,
            ...change,
          };
          await trx.insertInto('reward_charts').values(row).execute();
        }
        await recordChange(trx, [{ type: 'pupil', id: body.pupilId }], 'rewardChart', id, 'upsert');
        return { status: existing ? (200 as const) : (201 as const), row };
      });
      return reply.code(result.status).send({ chart: toRewardChart(result.row) });
    },
  );
};
