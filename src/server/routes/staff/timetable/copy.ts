// POST /staff/timetable-weeks/:id/copy   start a week as a copy of another: a new DRAFT
// week (`newWeekId`, made by the workspace) on `weekStart` (default: the week after), with
// every session copied and moved by whole weeks. The same copy again answers the week it
// made (200); a week already on that Monday for the class is a 409 naming it.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffCopyWeekBodySchema } from '../../../../shared/publishing.ts';
import {
  idParamsSchema,
  staffWeekWithSessionsResponseSchema,
} from '../../../../shared/staff-api.ts';
import { weekHoursOf } from '../../../db/publishing.ts';
import { copyWeek, staffWeekWithSessions } from '../../../db/timetable.ts';
import { fieldError, HttpError } from '../../../lib/http-error.ts';
import { addDays } from '../../../lib/time.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { weekInSchool } from '../school-scope.ts';

export const copyWeekRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/timetable-weeks/:id/copy',
    {
      schema: {
        tags: ['staff'],
        security: [{ staff: [] }],
        params: idParamsSchema,
        body: staffCopyWeekBodySchema,
        response: {
          200: staffWeekWithSessionsResponseSchema,
          201: staffWeekWithSessionsResponseSchema,
        },
      },
    },
    async (req, reply) => {
      const { schoolId } = staffOf(req);
      const from = await weekInSchool(app.db, req.params.id, schoolId);
      const weekStart = req.body.weekStart ?? addDays(from.week_start, 7);
      if (new Date(`${weekStart}T00:00:00Z`).getUTCDay() !== 1) {
        throw fieldError('body.weekStart', 'must be a Monday');
      }
      const { newWeekId } = req.body;
      const result = await app.db.transaction().execute(async (trx) => {
        const made = await trx
          .selectFrom('timetable_weeks')
          .selectAll()
          .where('id', '=', newWeekId)
          .executeTakeFirst();
        if (made) {
          // A retried copy (its answer was lost): the week it made, if it is that copy.
          if (made.class_id === from.class_id && made.week_start === weekStart) {
            return { status: 200 as const, week: await weekInSchool(trx, made.id, schoolId) };
          }
          throw new HttpError(409, 'conflict', 'That week id is taken; a new week needs a new id.');
        }
        const clash = await trx
          .selectFrom('timetable_weeks')
          .select('id')
          .where('class_id', '=', from.class_id)
          .where('week_start', '=', weekStart)
          .executeTakeFirst();
        if (clash) {
          throw new HttpError(
            409,
            'conflict',
            `This class already has a week starting ${weekStart}: open it instead of copying.`,
            { weekId: clash.id },
          );
        }
        const at = app.now().toISOString();
        return { status: 201 as const, week: await copyWeek(trx, from, newWeekId, weekStart, at) };
      });
      const body = await staffWeekWithSessions(app.db, result.week);
      const hours = await weekHoursOf(app.db, schoolId, result.week, body.sessions);
      return reply.code(result.status).send({ ...body, hours });
    },
  );
};
