// Paper copies families asked for, for staff of the school:
//   GET  /staff/paper-requests?classId=   open ones first (oldest first), then the posted
//        ones (most recently posted first), with the family, the child and the pack named
//   POST /staff/paper-requests/:id/posted  body {}: marks the copy as posted or delivered;
//        families see `postedAt` at their next sync. Idempotent: the first time stays.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  staffPaperRequestResponseSchema,
  staffPaperRequestsQuerySchema,
  staffPaperRequestsResponseSchema,
} from '../../../../shared/packs.ts';
import { emptyBodySchema, idParamsSchema } from '../../../../shared/staff-api.ts';
import { recordChange } from '../../../db/changes.ts';
import { notFound } from '../../../lib/http-error.ts';
import { reachOf } from '../../../plugins/access.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { classInSchool } from '../school-scope.ts';
import { staffPaperRequests } from './queries.ts';

export const paperRequestRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  app.get(
    '/paper-requests',
    {
      config: {
        access: {
          can: 'read',
          scope: [{ kind: 'class', from: 'query.classId', optional: true }],
          audit: { kind: 'paper-requests' },
        },
      },
      schema: {
        tags: ['staff'],
        security,
        querystring: staffPaperRequestsQuerySchema,
        response: { 200: staffPaperRequestsResponseSchema },
      },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const { classId } = req.query;
      if (classId) await classInSchool(app.db, classId, schoolId);
      const classIds = classId ? undefined : (reachOf(req).classIds ?? undefined);
      return { requests: await staffPaperRequests(app.db, schoolId, { classId, classIds }) };
    },
  );

  app.post(
    '/paper-requests/:id/posted',
    {
      config: { access: { can: 'support', scope: [{ kind: 'paperRequest', from: 'params.id' }] } },
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        body: emptyBodySchema,
        response: { 200: staffPaperRequestResponseSchema },
      },
    },
    async (req) => {
      const staff = staffOf(req);
      const { id } = req.params;
      await app.db.transaction().execute(async (trx) => {
        const [found] = await staffPaperRequests(trx, staff.schoolId, { id });
        if (!found) throw notFound('No such paper request.');
        if (found.postedAt) return;
        await trx
          .updateTable('paper_requests')
          .set({ posted_at: app.now().toISOString(), posted_by: staff.id })
          .where('id', '=', id)
          .execute();
        await recordChange(
          trx,
          [{ type: 'pupil', id: found.pupilId }],
          'paperRequest',
          id,
          'upsert',
        );
      });
      const [request] = await staffPaperRequests(app.db, staff.schoolId, { id });
      if (!request) throw notFound('No such paper request.');
      return { request };
    },
  );
};
