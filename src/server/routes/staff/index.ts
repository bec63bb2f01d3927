// /api/v1/staff/*: signing in is open (and rate limited); everything else needs a staff
// session, and each route declares what it needs (`config.access`, plugins/access.ts):
// the role's capability (403 otherwise) and the ids it names inside the member's reach,
// their school and, for teachers and teaching assistants, their classes (404 otherwise).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RateLimits } from '../../options.ts';
import { staffAbsenceNoticeRoutes } from './absence-notices/index.ts';
import { staffAuditRoutes } from './audit/index.ts';
import { classRoutes } from './classes/index.ts';
import { familyRoutes } from './families/index.ts';
import { staffMediaRoutes } from './media/index.ts';
import { staffPackRoutes } from './packs/index.ts';
import { publishingRoutes } from './publishing/index.ts';
import { staffRosterRoutes } from './roster/index.ts';
import { staffRewardChartRoutes } from './reward-charts/index.ts';
import { schoolDayRoutes } from './school-day/index.ts';
import { staffCompletionRoutes } from './session-completions/index.ts';
import { staffSessionRoutes } from './session/index.ts';
import { staffSubmissionRoutes } from './submissions/index.ts';
import { timetableRoutes } from './timetable/index.ts';
import { staffUploadRoutes } from './uploads/index.ts';
import { staffScheduleRoutes } from './visual-schedules/index.ts';

export const staffRoutes: FastifyPluginAsyncZod<{
  limits: RateLimits;
  secureCookies: boolean;
}> = async (app, opts) => {
  await app.register(staffSessionRoutes, {
    limits: opts.limits,
    secureCookies: opts.secureCookies,
  });
  await app.register(async (signedIn) => {
    signedIn.addHook('onRequest', signedIn.requireStaff);
    await signedIn.register(classRoutes);
    await signedIn.register(timetableRoutes);
    await signedIn.register(familyRoutes);
    await signedIn.register(staffCompletionRoutes);
    await signedIn.register(staffSubmissionRoutes);
    await signedIn.register(staffAbsenceNoticeRoutes);
    await signedIn.register(staffScheduleRoutes);
    await signedIn.register(staffRewardChartRoutes);
    await signedIn.register(staffMediaRoutes);
    await signedIn.register(staffPackRoutes);
    await signedIn.register(schoolDayRoutes);
    await signedIn.register(publishingRoutes);
    await signedIn.register(staffUploadRoutes);
    await signedIn.register(staffAuditRoutes);
    await signedIn.register(staffRosterRoutes);
  });
};
