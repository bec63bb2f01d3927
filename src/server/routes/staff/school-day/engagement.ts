// Daily engagement (db/engagement.ts builds every view):
//   GET /staff/engagement?classId=&date=          a class's day per child, "needs a call" first
//       (no classId: the whole school, leaders only)
//   GET /staff/engagement/week?classId=&week=     each child's status per school day, and the rate
//   GET /staff/engagement/school?week=            participation per class per day (leaders)
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { weekDays, weekStartOf as mondayOf } from '../../../../shared/calendar.ts';
import {
  engagementQuerySchema,
  engagementResponseSchema,
  schoolSummaryQuerySchema,
  schoolSummaryResponseSchema,
  weekQuerySchema,
  weekResponseSchema,
} from '../../../../shared/school-day-api.ts';
import {
  engagementDay,
  householdsByPupil,
  participation,
  pupilsOfClasses,
  type ChildDay,
} from '../../../db/engagement.ts';
import { classesFor, schoolOf } from './context.ts';

export const childDay = (c: ChildDay) => ({
  pupilId: c.pupil.id,
  name: c.pupil.name,
  classId: c.pupil.classId,
  className: c.pupil.className,
  handedIn: c.signs.handedIn,
  sessionsDone: c.signs.sessionsDone,
  activitiesDone: c.signs.activitiesDone,
  stars: c.signs.stars,
  notice: c.notice,
  phones: c.phones,
  status: c.status,
});

export const engagementRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  app.get(
    '/engagement',
    {
      config: {
        access: {
          can: 'read',
          scope: [{ kind: 'class', from: 'query.classId', optional: true }],
          audit: { kind: 'engagement' },
        },
      },
      schema: {
        tags: ['staff'],
        security,
        querystring: engagementQuerySchema,
        response: { 200: engagementResponseSchema },
      },
    },
    async (req) => {
      const { staff, classes } = await classesFor(app.db, req, req.query.classId);
      const { timeZone, settings } = await schoolOf(app.db, staff.schoolId);
      const day = await engagementDay(app.db, {
        classIds: classes.map((c) => c.id),
        date: req.query.date,
        timeZone,
        needsCallDays: settings.needsCallDays,
      });
      const households = await householdsByPupil(
        app.db,
        day.needsCall.map((c) => c.pupil.id),
      );
      return {
        date: day.date,
        quietDays: day.quietDays,
        needsCall: day.needsCall.map((c) => ({
          ...childDay(c),
          households: households.get(c.pupil.id) ?? [],
        })),
        children: day.children.map(childDay),
      };
    },
  );

  app.get(
    '/engagement/week',
    {
      config: {
        access: {
          can: 'read',
          scope: [{ kind: 'class', from: 'query.classId' }],
          audit: { kind: 'engagement' },
        },
      },
      schema: {
        tags: ['staff'],
        security,
        querystring: weekQuerySchema,
        response: { 200: weekResponseSchema },
      },
    },
    async (req) => {
      const { staff, classes } = await classesFor(app.db, req, req.query.classId);
      const { timeZone } = await schoolOf(app.db, staff.schoolId);
      const days = weekDays(mondayOf(req.query.week));
      const [pupils, summary] = await Promise.all([
        pupilsOfClasses(
          app.db,
          classes.map((c) => c.id),
        ),
        participation(app.db, { classes, days, timeZone }),
      ]);
      return {
        days,
        children: pupils.map((p) => ({
          pupilId: p.id,
          name: p.name,
          statuses: days.map((d) => summary.children.get(p.id)?.get(d) ?? 'quiet'),
        })),
        rates: summary.rates.map((r) => r.rate),
      };
    },
  );

  app.get(
    '/engagement/school',
    {
      config: { access: { can: 'lead', scope: [], audit: { kind: 'engagement' } } },
      schema: {
        tags: ['staff'],
        security,
        querystring: schoolSummaryQuerySchema,
        response: { 200: schoolSummaryResponseSchema },
      },
    },
    async (req) => {
      const { staff, classes } = await classesFor(app.db, req, undefined);
      const { timeZone } = await schoolOf(app.db, staff.schoolId);
      const days = weekDays(mondayOf(req.query.week));
      const { rates } = await participation(app.db, { classes, days, timeZone });
      return {
        days,
        classes: classes.map((c) => {
          const own = rates.filter((r) => r.classId === c.id);
          return {
            classId: c.id,
            name: c.name,
            pupils: own[0]?.pupils ?? 0,
            days: own.map((r) => ({
              date: r.date,
              active: r.active,
              absent: r.absent,
              rate: r.rate,
            })),
          };
        }),
      };
    },
  );
};
