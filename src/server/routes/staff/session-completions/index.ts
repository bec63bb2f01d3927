// GET /staff/session-completions?weekId=: who marked which session done, and from which phone.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  staffCompletionsQuerySchema,
  staffCompletionsResponseSchema,
} from '../../../../shared/staff-api.ts';
import { toCompletion } from '../../../db/mappers.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { weekInSchool } from '../school-scope.ts';

export const staffCompletionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/session-completions',
    {
      config: {
        access: {
          can: 'read',
          scope: [{ kind: 'week', from: 'query.weekId' }],
          audit: { kind: 'session-completions' },
        },
      },
      schema: {
        tags: ['staff'],
        security: [{ staff: [] }],
        querystring: staffCompletionsQuerySchema,
        response: { 200: staffCompletionsResponseSchema },
      },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const week = await weekInSchool(app.db, req.query.weekId, schoolId);
      const rows = await app.db
        .selectFrom('session_completions as c')
        .innerJoin('timetable_sessions as s', 's.id', 'c.session_id')
        .selectAll('c')
        .where('s.week_id', '=', week.id)
        // Oldest first by the marks' own order: the last of a session's marks is the one
        // that counts (revision, then time, then id; db/marks.ts).
        .orderBy('c.revision')
        .orderBy('c.at')
        .orderBy('c.id')
        .execute();
      return {
        completions: rows.map((r) => ({
          ...toCompletion(r),
          deviceId: r.device_id,
          receivedAt: r.received_at,
        })),
      };
    },
  );
};
