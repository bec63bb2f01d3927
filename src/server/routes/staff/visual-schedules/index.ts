// The school's visual schedules, for staff of the child's school:
//   GET    /staff/visual-schedules?pupilId=   the child's schedules (school's and family's),
//                                            not deleted, newest change first
//   PUT    /staff/visual-schedules/:id        create or replace a school-made schedule;
//                                            revision 1, then +1 on every real change (the
//                                            same body again changes nothing)
//   DELETE /staff/visual-schedules/:id        deletes it for good (families get a delete)
// A family's own schedule is the family's: staff cannot change or delete it (409). A
// deleted schedule cannot come back (409 `gone`), nor move to another child (409).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  staffPupilQuerySchema,
  staffScheduleBodySchema,
  staffSchedulesResponseSchema,
  visualScheduleResponseSchema,
} from '../../../../shared/schedules.ts';
import { baseRevisionQuerySchema } from '../../../../shared/publishing.ts';
import { idParamsSchema } from '../../../../shared/staff-api.ts';
import { recordChange } from '../../../db/changes.ts';
import type { Db } from '../../../db/database.ts';
import { toVisualSchedule } from '../../../db/mappers.ts';
import { checkSteps, childHasSession } from '../../../db/schedule-refs.ts';
import type { VisualScheduleRow } from '../../../db/schema.ts';
import { canonicalHash } from '../../../lib/canonical.ts';
import { HttpError, notFound, stale } from '../../../lib/http-error.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { pupilInSchool } from '../school-scope.ts';

type Executor = Pick<Db, 'selectFrom'>;

/** The schedule, if it exists; a 404 if it is another school's. */
async function scheduleInSchool(
  db: Executor,
  id: string,
  schoolId: string,
): Promise<VisualScheduleRow | undefined> {
  const found = await db
    .selectFrom('visual_schedules as v')
    .innerJoin('pupils as p', 'p.id', 'v.pupil_id')
    .innerJoin('classes as c', 'c.id', 'p.class_id')
    .selectAll('v')
    .select('c.school_id')
    .where('v.id', '=', id)
    .executeTakeFirst();
  if (!found) return undefined;
  const { school_id, ...row } = found;
  if (school_id !== schoolId) throw notFound('No such schedule.');
  return row;
}

/** 409 `stale` with the schedule as stored unless the save started from its revision. */
function checkScheduleRevision(existing: VisualScheduleRow | undefined, base: number | undefined) {
  const stored = existing?.revision ?? 0;
  if ((base ?? 0) !== stored) {
    throw stale('schedule', existing ? toVisualSchedule(existing) : null, stored);
  }
}

const familyMade = () =>
  new HttpError(409, 'conflict', 'A family made this schedule; only the family can change it.');

export const staffScheduleRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  app.get(
    '/visual-schedules',
    {
      schema: {
        tags: ['staff'],
        security,
        querystring: staffPupilQuerySchema,
        response: { 200: staffSchedulesResponseSchema },
      },
    },
    async (req) => {
      const pupil = await pupilInSchool(app.db, req.query.pupilId, staffOf(req).schoolId);
      const rows = await app.db
        .selectFrom('visual_schedules')
        .selectAll()
        .where('pupil_id', '=', pupil.id)
        .where('deleted', '=', 0)
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return { schedules: rows.map(toVisualSchedule) };
    },
  );

  app.put(
    '/visual-schedules/:id',
    {
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        body: staffScheduleBodySchema,
        response: { 200: visualScheduleResponseSchema, 201: visualScheduleResponseSchema },
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
        const existing = await scheduleInSchool(trx, id, staff.schoolId);
        if (existing) {
          if (existing.made_by !== 'school') throw familyMade();
          if (existing.deleted) {
            throw new HttpError(409, 'gone', 'This schedule was deleted; make a new one instead.');
          }
          if (existing.pupil_id !== pupil.id) {
            throw new HttpError(409, 'conflict', 'A schedule cannot move to another child.');
          }
          if (existing.body_hash === bodyHash) return { status: 200 as const, row: existing };
        }
        checkScheduleRevision(existing, baseRevision);
        await checkSteps(trx, { schoolId: staff.schoolId, pupilId: pupil.id }, body.steps);
        if (body.sessionId && !(await childHasSession(trx, pupil.id, body.sessionId))) {
          throw notFound('That session is not in this child’s timetable.');
        }
        const change = {
          title: body.title,
          date: body.date,
          session_id: body.sessionId,
          language: body.language,
          steps: JSON.stringify(body.steps),
          revision: existing ? existing.revision + 1 : 1,
          body_hash: bodyHash,
          staff_id: staff.id,
          updated_at: app.now().toISOString(),
        };
        let row: VisualScheduleRow;
        if (existing) {
          row = { ...existing, ...change };
          await trx.updateTable('visual_schedules').set(change).where('id', '=', id).execute();
        } else {
          row = {
            id,
            pupil_id: pupil.id,
            family_id: null,
            made_by: 'school',
            deleted: 0,
            device_id: null,
            ...change,
          };
          await trx.insertInto('visual_schedules').values(row).execute();
        }
        await recordChange(trx, [{ type: 'pupil', id: pupil.id }], 'visualSchedule', id, 'upsert');
        return { status: existing ? (200 as const) : (201 as const), row };
      });
      return reply.code(result.status).send({ schedule: toVisualSchedule(result.row) });
    },
  );

  app.delete(
    '/visual-schedules/:id',
    {
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        querystring: baseRevisionQuerySchema,
      },
    },
    async (req, reply) => {
      const staff = staffOf(req);
      const { id } = req.params;
      await app.db.transaction().execute(async (trx) => {
        const existing = await scheduleInSchool(trx, id, staff.schoolId);
        if (!existing) throw notFound('No such schedule.');
        if (existing.made_by !== 'school') throw familyMade();
        if (existing.deleted) return;
        if (req.query.baseRevision !== undefined) {
          checkScheduleRevision(existing, req.query.baseRevision);
        }
        await trx
          .updateTable('visual_schedules')
          .set({
            deleted: 1,
            revision: existing.revision + 1,
            staff_id: staff.id,
            updated_at: app.now().toISOString(),
          })
          .where('id', '=', id)
          .execute();
        await recordChange(
          trx,
          [{ type: 'pupil', id: existing.pupil_id }],
          'visualSchedule',
          id,
          'delete',
        );
      });
      return reply.code(204).send();
    },
  );
};
