// PUT /api/v1/visual-schedules/:id: a family's own visual schedule for one of its children.
// Revisions as absence notices:
//   unknown id → 201 created (any revision);
//   same revision: same body → 200 stored schedule; other body → 409 `conflict`;
//   lower revision → 200 stored schedule (a stale retry changes nothing);
//   higher revision → 200 replaced.
// The school's schedules are not the family's to change: 409 `made_by_school` (the app
// copies one to change it). A schedule never moves to another child (409). `deleted: true`
// is final: the schedule leaves every phone (a `delete` in sync) and a later revision of
// that id is a 409 `gone`. Pictures and clips in the steps must be ones the child can use
// (422, `details.step`); `sessionId` must be a session the child has (404).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { familyWriteParamsSchema } from '../../../shared/api.ts';
import {
  familyScheduleBodySchema,
  visualScheduleResponseSchema,
  type FamilyScheduleBody,
} from '../../../shared/schedules.ts';
import { recordChange } from '../../db/changes.ts';
import { toVisualSchedule } from '../../db/mappers.ts';
import { checkSteps, childHasSession } from '../../db/schedule-refs.ts';
import type { VisualScheduleRow } from '../../db/schema.ts';
import { HttpError, notFound } from '../../lib/http-error.ts';

const fields = (body: FamilyScheduleBody) => ({
  title: body.title,
  date: body.date,
  session_id: body.sessionId,
  language: body.language,
  steps: JSON.stringify(body.steps),
  revision: body.revision,
  deleted: body.deleted ? 1 : 0,
});
import { beginFamilyWrite } from '../family-write.ts';

export const visualScheduleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/visual-schedules/:id',
    {
      onRequest: app.requireDevice,
      schema: {
        tags: ['family'],
        security: [{ device: [] }],
        params: familyWriteParamsSchema,
        body: familyScheduleBodySchema,
        response: { 200: visualScheduleResponseSchema, 201: visualScheduleResponseSchema },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const { device, id, bodyHash, scope, missing, checkNewId } = await beginFamilyWrite(
        app,
        req,
        body,
        'That child is not in this family.',
      );
      const now = app.now().toISOString();

      const result = await app.db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('visual_schedules')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        if (existing) {
          if (!scope.pupilIds.includes(existing.pupil_id)) throw missing;
          if (existing.made_by === 'school') {
            throw new HttpError(
              409,
              'made_by_school',
              'The school made this schedule; copy it to change it.',
            );
          }
          if (existing.pupil_id !== body.pupilId) {
            throw new HttpError(409, 'conflict', 'A schedule cannot move to another child.');
          }
          if (body.revision === existing.revision) {
            if (existing.body_hash !== bodyHash) {
              throw new HttpError(
                409,
                'conflict',
                `Revision ${body.revision} of this schedule was already sent with different details; send the change as revision ${existing.revision + 1}.`,
              );
            }
            return { status: 200 as const, row: existing };
          }
          if (body.revision < existing.revision) return { status: 200 as const, row: existing };
          if (existing.deleted) {
            throw new HttpError(409, 'gone', 'This schedule was deleted; make a new one instead.');
          }
        } else {
          await checkNewId(trx);
        }
        if (!body.deleted) {
          await checkSteps(trx, { schoolId: scope.schoolId, pupilId: body.pupilId }, body.steps);
          if (body.sessionId && !(await childHasSession(trx, body.pupilId, body.sessionId))) {
            throw notFound('That session is not in this child’s timetable.');
          }
        }
        const change = {
          ...fields(body),
          body_hash: bodyHash,
          device_id: device.id,
          updated_at: now,
        };
        let row: VisualScheduleRow;
        if (existing) {
          row = { ...existing, ...change };
          await trx.updateTable('visual_schedules').set(change).where('id', '=', id).execute();
        } else {
          row = {
            id,
            pupil_id: body.pupilId,
            family_id: device.familyId,
            made_by: 'family',
            staff_id: null,
            ...change,
          };
          await trx.insertInto('visual_schedules').values(row).execute();
        }
        await recordChange(
          trx,
          [{ type: 'pupil', id: body.pupilId }],
          'visualSchedule',
          id,
          body.deleted ? 'delete' : 'upsert',
        );
        return { status: existing ? (200 as const) : (201 as const), row };
      });
      return reply.code(result.status).send({ schedule: toVisualSchedule(result.row) });
    },
  );
};
