// The contact log (db/contact-log.ts):
//   POST /staff/contact-log { familyId, pupilId?, at, method, outcome, note } → 201 { entry }
//        the family must be one of the member's school's (another school's: 404)
//   GET  /staff/contact-log?classId=&familyId=   newest first (no classId: leaders, the school)
//   PUT  /staff/contact-log/:id/safeguarding { flagged }   the DSL and admins only (403);
//        only they see `safeguarding` on any entry
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  contactBodySchema,
  contactEntryResponseSchema,
  contactLogQuerySchema,
  contactLogResponseSchema,
  safeguardingBodySchema,
} from '../../../../shared/school-day-api.ts';
import { idParamsSchema } from '../../../../shared/staff-api.ts';
import { addContact, contactEntries, setSafeguarding } from '../../../db/contact-log.ts';
import type { Db } from '../../../db/database.ts';
import { HttpError, notFound } from '../../../lib/http-error.ts';
import { staffOf, type StaffAuth } from '../../../plugins/auth.ts';
import { familyInSchool, pupilInSchool } from '../school-scope.ts';
import { classesFor, maySeeSafeguarding } from './context.ts';

async function oneEntry(db: Db, staff: StaffAuth, entryId: string) {
  const [entry] = await contactEntries(
    db,
    { schoolId: staff.schoolId, classIds: null, id: entryId, limit: 1 },
    maySeeSafeguarding(staff),
  );
  if (!entry) throw notFound('No such contact log entry.');
  return entry;
}

export const contactLogRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  app.post(
    '/contact-log',
    {
      config: {
        access: {
          can: 'read',
          scope: [
            { kind: 'family', from: 'body.familyId' },
            { kind: 'pupil', from: 'body.pupilId', optional: true },
          ],
        },
      },
      schema: {
        tags: ['staff'],
        security,
        body: contactBodySchema,
        response: { 201: contactEntryResponseSchema },
      },
    },
    async (req, reply) => {
      const staff = staffOf(req);
      const family = await familyInSchool(app.db, req.body.familyId, staff.schoolId);
      const pupilId = req.body.pupilId ?? null;
      if (pupilId) await pupilInSchool(app.db, pupilId, staff.schoolId);
      const id = await addContact(app.db, {
        schoolId: staff.schoolId,
        familyId: family.id,
        pupilId,
        staff,
        at: req.body.at,
        method: req.body.method,
        outcome: req.body.outcome,
        note: req.body.note,
        now: app.now(),
      });
      return reply.code(201).send({ entry: await oneEntry(app.db, staff, id) });
    },
  );

  app.get(
    '/contact-log',
    {
      config: {
        access: {
          can: 'read',
          scope: [
            { kind: 'class', from: 'query.classId', optional: true },
            { kind: 'family', from: 'query.familyId', optional: true },
          ],
          audit: { kind: 'contact-log' },
        },
      },
      schema: {
        tags: ['staff'],
        security,
        querystring: contactLogQuerySchema,
        response: { 200: contactLogResponseSchema },
      },
    },
    async (req) => {
      const staff = staffOf(req);
      const { familyId, classId, limit } = req.query;
      if (familyId) await familyInSchool(app.db, familyId, staff.schoolId);
      // A class's list follows the class rules; one family's is open to the school's
      // staff; the whole school's to leaders (classesFor refuses the others).
      const classIds = classId
        ? (await classesFor(app.db, req, classId)).classes.map((c) => c.id)
        : null;
      if (!classId && !familyId) await classesFor(app.db, req, undefined);
      const entries = await contactEntries(
        app.db,
        { schoolId: staff.schoolId, classIds, familyId, limit },
        maySeeSafeguarding(staff),
      );
      return { entries };
    },
  );

  app.put(
    '/contact-log/:id/safeguarding',
    {
      config: { access: { can: 'safeguarding', scope: [] } },
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        body: safeguardingBodySchema,
        response: { 200: contactEntryResponseSchema },
      },
    },
    async (req) => {
      const staff = staffOf(req);
      if (!maySeeSafeguarding(staff)) {
        throw new HttpError(403, 'forbidden', 'Only the safeguarding lead and admins can do this.');
      }
      const found = await setSafeguarding(app.db, {
        schoolId: staff.schoolId,
        id: req.params.id,
        flagged: req.body.flagged,
        staffId: staff.id,
        now: app.now(),
      });
      if (!found) throw notFound('No such contact log entry.');
      return { entry: await oneEntry(app.db, staff, req.params.id) };
    },
  );
};
