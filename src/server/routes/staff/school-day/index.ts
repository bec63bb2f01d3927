// The school's day (issue 14): settings, saved phrases and the feedback tally, engagement,
// the contact log and exports. Returned work, absences and paper copies extend their own
// folders (staff/submissions, staff/absence-notices, staff/packs/paper-requests).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contactLogRoutes } from './contact-log.ts';
import { engagementRoutes } from './engagement.ts';
import { exportRoutes } from './exports.ts';
import { feedbackRoutes } from './feedback.ts';
import { settingsRoutes } from './settings.ts';

export const schoolDayRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(settingsRoutes);
  await app.register(feedbackRoutes);
  await app.register(engagementRoutes);
  await app.register(contactLogRoutes);
  await app.register(exportRoutes);
};
