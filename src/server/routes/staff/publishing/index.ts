// The school's publishing settings and what they say about next week:
//   GET /staff/publishing-settings   the daily minimum per key stage and when next week is
//                                    due (defaults until an admin changes them)
//   PUT /staff/publishing-settings   admin only (403 otherwise)
//   GET /staff/publishing-status     each class the member reaches (teachers and teaching
//                                    assistants: their own): next week started? published? late?
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  publishingSettingsResponseSchema,
  publishingSettingsSchema,
  publishingStatusResponseSchema,
} from '../../../../shared/publishing.ts';
import {
  nextWeekStatuses,
  publishingSettings,
  savePublishingSettings,
} from '../../../db/publishing.ts';
import { HttpError } from '../../../lib/http-error.ts';
import { reachOf } from '../../../plugins/access.ts';
import { staffOf } from '../../../plugins/auth.ts';

export const publishingRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  app.get(
    '/publishing-settings',
    {
      config: { access: { can: 'read', scope: [] } },
      schema: { tags: ['staff'], security, response: { 200: publishingSettingsResponseSchema } },
    },
    async (req) => ({ settings: await publishingSettings(app.db, staffOf(req).schoolId) }),
  );

  app.put(
    '/publishing-settings',
    {
      config: { access: { can: 'admin', scope: [] } },
      schema: {
        tags: ['staff'],
        security,
        body: publishingSettingsSchema,
        response: { 200: publishingSettingsResponseSchema },
      },
    },
    async (req) => {
      const staff = staffOf(req);
      if (staff.role !== 'admin') {
        throw new HttpError(403, 'forbidden', 'Only the school’s admins change these settings.');
      }
      await savePublishingSettings(app.db, staff.schoolId, req.body, app.now().toISOString());
      return { settings: await publishingSettings(app.db, staff.schoolId) };
    },
  );

  app.get(
    '/publishing-status',
    {
      config: { access: { can: 'read', scope: [] } },
      schema: { tags: ['staff'], security, response: { 200: publishingStatusResponseSchema } },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const school = await app.db
        .selectFrom('schools')
        .select(['id', 'time_zone'])
        .where('id', '=', schoolId)
        .executeTakeFirstOrThrow();
      return nextWeekStatuses(app.db, school, reachOf(req).classIds ?? 'all', app.now());
    },
  );
};
