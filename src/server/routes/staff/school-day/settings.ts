// GET /staff/school-day-settings: reply hours, feedback target, "needs a call" days.
// PUT (admins): the same shape; turning `holdOutsideReplyHours` off delivers feedback at once.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  schoolDaySettingsResponseSchema,
  schoolDaySettingsSchema,
} from '../../../../shared/school-day-api.ts';
import { saveSchoolDaySettings, schoolDaySettings } from '../../../db/school-day-settings.ts';
import { HttpError } from '../../../lib/http-error.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { isLeader } from './context.ts';

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];
  app.get(
    '/school-day-settings',
    {
      config: { access: { can: 'read', scope: [] } },
      schema: { tags: ['staff'], security, response: { 200: schoolDaySettingsResponseSchema } },
    },
    async (req) => ({ settings: await schoolDaySettings(app.db, staffOf(req).schoolId) }),
  );
  app.put(
    '/school-day-settings',
    {
      config: { access: { can: 'admin', scope: [] } },
      schema: {
        tags: ['staff'],
        security,
        body: schoolDaySettingsSchema,
        response: { 200: schoolDaySettingsResponseSchema },
      },
    },
    async (req) => {
      const staff = staffOf(req);
      if (!isLeader(staff)) {
        throw new HttpError(403, 'forbidden', 'Only an admin can change the school’s settings.');
      }
      return { settings: await saveSchoolDaySettings(app.db, staff.schoolId, req.body, app.now()) };
    },
  );
};
