// Reward charts, for staff of the child's school:
//   GET /staff/reward-charts?pupilId=   every chart of the child (the school's and the
//                                       family's, archived too), each with its board as
//                                       `tallyTokens` counts it and the newest event's time
//   PUT /staff/reward-charts/:id        create or replace a school-made chart; revision 1,
//                                       then +1 on every real change
// The goal is fixed once made (409 `conflict`: a new goal is a new chart). A family's own
// chart is the family's (409). A chart never moves to another child (409).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  rewardChartResponseSchema,
  staffPupilQuerySchema,
  staffRewardChartBodySchema,
  staffRewardChartsResponseSchema,
  tallyTokens,
  type StaffRewardChart,
} from '../../../../shared/schedules.ts';
import { idParamsSchema } from '../../../../shared/staff-api.ts';
import { recordChange } from '../../../db/changes.ts';
import { toRewardChart } from '../../../db/mappers.ts';
import { checkReward } from '../../../db/schedule-refs.ts';
import type { RewardChartRow } from '../../../db/schema.ts';
import { canonicalHash } from '../../../lib/canonical.ts';
import { HttpError, notFound, stale } from '../../../lib/http-error.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { pupilInSchool } from '../school-scope.ts';

export const staffRewardChartRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  app.get(
    '/reward-charts',
    {
      schema: {
        tags: ['staff'],
        security,
        querystring: staffPupilQuerySchema,
        response: { 200: staffRewardChartsResponseSchema },
      },
    },
    async (req) => {
      const pupil = await pupilInSchool(app.db, req.query.pupilId, staffOf(req).schoolId);
      const charts = await app.db
        .selectFrom('reward_charts')
        .selectAll()
        .where('pupil_id', '=', pupil.id)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      const events =
        charts.length === 0
          ? []
          : await app.db
              .selectFrom('reward_events')
              .select(['id', 'chart_id', 'type', 'undoes', 'at'])
              .where(
                'chart_id',
                'in',
                charts.map((c) => c.id),
              )
              .execute();
      const result: StaffRewardChart[] = charts.map((c) => {
        const own = events.filter((e) => e.chart_id === c.id);
        const { earned, rewardsReached, onBoard } = tallyTokens(own, c.goal);
        const lastEventAt = own.reduce<string | null>(
          (latest, e) => (latest === null || e.at > latest ? e.at : latest),
          null,
        );
        return { ...toRewardChart(c), tally: { earned, rewardsReached, onBoard, lastEventAt } };
      });
      return { charts: result };
    },
  );

  app.put(
    '/reward-charts/:id',
    {
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        body: staffRewardChartBodySchema,
        response: { 200: rewardChartResponseSchema, 201: rewardChartResponseSchema },
      },
    },
    async (req, reply) => {
      const staff = staffOf(req);
      const { id } = req.params;
      const body = req.body;
      const pupil = await pupilInSchool(app.db, body.pupilId, staff.schoolId);
      const { baseRevision, ...content } = body;
      const bodyHash = canonicalHash(content);
      const result = await app.db.transaction().execute(async (trx) => {
        const found = await trx
          .selectFrom('reward_charts as r')
          .innerJoin('pupils as p', 'p.id', 'r.pupil_id')
          .innerJoin('classes as c', 'c.id', 'p.class_id')
          .selectAll('r')
          .select('c.school_id')
          .where('r.id', '=', id)
          .executeTakeFirst();
        let existing: RewardChartRow | undefined;
        if (found) {
          const { school_id, ...row } = found;
          if (school_id !== staff.schoolId) throw notFound('No such reward chart.');
          existing = row;
          if (row.made_by !== 'school') {
            throw new HttpError(
              409,
              'conflict',
              'A family made this chart; only the family can change it.',
            );
          }
          if (row.pupil_id !== pupil.id) {
            throw new HttpError(409, 'conflict', 'A reward chart cannot move to another child.');
          }
          if (row.goal !== body.goal) {
            throw new HttpError(
              409,
              'conflict',
              'A new goal needs a new chart: the tokens on this one were earned for its goal.',
            );
          }
          if (row.body_hash === bodyHash) return { status: 200 as const, row };
        }
        const stored = existing?.revision ?? 0;
        if ((baseRevision ?? 0) !== stored) {
          throw stale('reward chart', existing ? toRewardChart(existing) : null, stored);
        }
        await checkReward(trx, { schoolId: staff.schoolId, pupilId: pupil.id }, body.reward);
        const now = app.now().toISOString();
        const change = {
          title: body.title,
          goal: body.goal,
          reward: JSON.stringify(body.reward),
          reward_label: body.rewardLabel,
          token_per_step: body.tokenPerStep ? 1 : 0,
          archived: body.archived ? 1 : 0,
          revision: existing ? existing.revision + 1 : 1,
          body_hash: bodyHash,
          staff_id: staff.id,
          updated_at: now,
        };
        let row: RewardChartRow;
        if (existing) {
          row = { ...existing, ...change };
          await trx.updateTable('reward_charts').set(change).where('id', '=', id).execute();
        } else {
          row = {
            id,
            pupil_id: pupil.id,
            family_id: null,
            made_by: 'school',
            device_id: null,
            created_at: now,
            ...change,
          };
          await trx.insertInto('reward_charts').values(row).execute();
        }
        await recordChange(trx, [{ type: 'pupil', id: pupil.id }], 'rewardChart', id, 'upsert');
        return { status: existing ? (200 as const) : (201 as const), row };
      });
      return reply.code(result.status).send({ chart: toRewardChart(result.row) });
    },
  );
};
