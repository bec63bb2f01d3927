// PUT /api/v1/session-completions/:id: a "done" mark made on the phone. Idempotent by
// the phone's id: the same body again returns the stored record (200), a different body
// with the same id is a 409. Anything outside the family's scope is a 404, whether or
// not it exists. The mark keeps the revision the phone gave it (db/marks.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  familyWriteParamsSchema,
  sessionCompletionBodySchema,
  sessionCompletionResponseSchema,
} from '../../../shared/api.ts';
import { appendOnce } from '../../db/family-writes.ts';
import { toCompletion } from '../../db/mappers.ts';
import { markRevisionFor } from '../../db/marks.ts';
import { beginFamilyWrite } from '../family-write.ts';

export const sessionCompletionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/session-completions/:id',
    {
      onRequest: app.requireDevice,
      schema: {
        tags: ['family'],
        security: [{ device: [] }],
        params: familyWriteParamsSchema,
        body: sessionCompletionBodySchema,
        response: { 200: sessionCompletionResponseSchema, 201: sessionCompletionResponseSchema },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const { device, id, bodyHash, scope, missing, checkNewId } = await beginFamilyWrite(
        app,
        req,
        body,
        'That session or child is not in this family’s timetable.',
      );

      const result = await appendOnce(app.db, 'session_completions', id, {
        pupilIds: scope.pupilIds,
        bodyHash,
        missing,
        checkNewId,
        conflict: `Completion ${id} was already recorded with different details; a changed mark needs a new id.`,
        entity: 'sessionCompletion',
        make: async (trx) => {
          // The session must be one this child actually has: published, in the child's
          // class, and for the whole class or this child.
          const session = await trx
            .selectFrom('timetable_sessions as s')
            .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
            .innerJoin('pupils as p', 'p.class_id', 'w.class_id')
            .select('s.id')
            .where('s.id', '=', body.sessionId)
            .where('p.id', '=', body.pupilId)
            .where('w.published_at', 'is not', null)
            .where((eb) =>
              eb.or([eb('s.pupil_id', 'is', null), eb('s.pupil_id', '=', body.pupilId)]),
            )
            .executeTakeFirst();
          if (!session) throw missing;
          const revision = await markRevisionFor(
            trx,
            { table: 'session_completions', pupilId: body.pupilId, sessionId: body.sessionId },
            body.revision,
          );
          const row = {
            id,
            session_id: body.sessionId,
            pupil_id: body.pupilId,
            done: body.done ? 1 : 0,
            at: body.at,
            revision,
            device_id: device.id,
            body_hash: bodyHash,
            received_at: app.now().toISOString(),
          };
          return row;
        },
      });
      return reply.code(result.status).send({ completion: toCompletion(result.row) });
    },
  );
};
