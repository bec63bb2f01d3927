// Timetable weeks and their sessions. Families see a week only once it is published;
// every change to something a family can see (or could see before the change) writes
// change-log entries in the same transaction, so the next sync carries it.
// A week and its sessions share one revision (db/timetable.ts): every save names the
// revision it started from (`baseRevision`), a save that started from an older one is a
// 409 `stale` with the week as stored now, and the same save again changes nothing (200).
// Sessions may not overlap for any child (400 naming `body.startTime`). Copying a week:
// copy.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffSessionBodySchema, staffWeekBodySchema } from '../../../../shared/api.ts';
import {
  idParamsSchema,
  staffTimetableSessionResponseSchema,
  staffWeekResponseSchema,
  staffWeekWithSessionsResponseSchema,
  staffWeeksQuerySchema,
  staffWeeksResponseSchema,
} from '../../../../shared/staff-api.ts';
import { baseRevisionQuerySchema } from '../../../../shared/publishing.ts';
import { recordChange, sessionScope, type Scope } from '../../../db/changes.ts';
import { toSession, toStaffWeek } from '../../../db/mappers.ts';
import { weekHoursOf } from '../../../db/publishing.ts';
import {
  bumpWeek,
  checkWeekRevision,
  overlappingSession,
  sameSession,
  sessionsOfWeek,
} from '../../../db/timetable.ts';
import { addDays } from '../../../lib/time.ts';
import { fieldError, HttpError, notFound } from '../../../lib/http-error.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { classInSchool, weekInSchool } from '../school-scope.ts';
import { copyWeekRoutes } from './copy.ts';

export const timetableRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];
  await app.register(copyWeekRoutes);

  app.get(
    '/timetable-weeks',
    {
      schema: {
        tags: ['staff'],
        security,
        querystring: staffWeeksQuerySchema,
        response: { 200: staffWeeksResponseSchema },
      },
    },
    async (req) => {
      const cls = await classInSchool(app.db, req.query.classId, staffOf(req).schoolId);
      const rows = await app.db
        .selectFrom('timetable_weeks')
        .selectAll()
        .where('class_id', '=', cls.id)
        .orderBy('week_start')
        .execute();
      return { weeks: rows.map(toStaffWeek) };
    },
  );

  app.get(
    '/timetable-weeks/:id',
    {
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        response: { 200: staffWeekWithSessionsResponseSchema },
      },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const week = await weekInSchool(app.db, req.params.id, schoolId);
      const sessions = (await sessionsOfWeek(app.db, week.id)).map(toSession);
      const hours = await weekHoursOf(app.db, schoolId, week, sessions);
      return { week: toStaffWeek(week), sessions, hours };
    },
  );

  app.put(
    '/timetable-weeks/:id',
    {
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        body: staffWeekBodySchema,
        response: { 200: staffWeekResponseSchema, 201: staffWeekResponseSchema },
      },
    },
    async (req, reply) => {
      const { schoolId } = staffOf(req);
      const { id } = req.params;
      const body = req.body;
      const cls = await classInSchool(app.db, body.classId, schoolId);
      if (new Date(`${body.weekStart}T00:00:00Z`).getUTCDay() !== 1) {
        throw new HttpError(
          400,
          'bad_request',
          'Invalid request: body.weekStart: must be a Monday',
        );
      }
      const at = app.now().toISOString();
      const result = await app.db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('timetable_weeks as w')
          .innerJoin('classes as c', 'c.id', 'w.class_id')
          .selectAll('w')
          .select('c.school_id')
          .where('w.id', '=', id)
          .executeTakeFirst();
        if (existing && existing.school_id !== schoolId) throw notFound('No such timetable week.');
        if (existing && existing.class_id !== cls.id) {
          throw new HttpError(
            409,
            'conflict',
            'A week cannot move to another class; create a new week.',
          );
        }
        const clash = await trx
          .selectFrom('timetable_weeks')
          .select('id')
          .where('class_id', '=', cls.id)
          .where('week_start', '=', body.weekStart)
          .where('id', '!=', id)
          .executeTakeFirst();
        if (clash) {
          throw new HttpError(
            409,
            'conflict',
            `This class already has a week starting ${body.weekStart} (${clash.id}).`,
          );
        }
        if (
          existing &&
          existing.week_start === body.weekStart &&
          existing.note === body.note &&
          (existing.published_at !== null) === body.published
        ) {
          return { status: 200 as const, row: existing };
        }
        if (existing) await checkWeekRevision(trx, existing, body.baseRevision);
        const publishedAt = body.published ? (existing?.published_at ?? at) : null;
        const row = {
          id,
          class_id: cls.id,
          week_start: body.weekStart,
          note: body.note,
          published_at: publishedAt,
          updated_at: at,
          revision: (existing?.revision ?? 0) + 1,
        };
        if (existing) {
          await trx.updateTable('timetable_weeks').set(row).where('id', '=', id).execute();
        } else {
          await trx.insertInto('timetable_weeks').values(row).execute();
        }
        const wasVisible = Boolean(existing?.published_at);
        const isVisible = publishedAt !== null;
        if (wasVisible || isVisible) {
          await recordChange(trx, [{ type: 'class', id: cls.id }], 'timetableWeek', id, 'upsert');
        }
        if (wasVisible !== isVisible) {
          // Publishing or unpublishing shows or hides every session of the week.
          const sessions = await trx
            .selectFrom('timetable_sessions')
            .select(['id', 'pupil_id'])
            .where('week_id', '=', id)
            .execute();
          for (const s of sessions) {
            await recordChange(
              trx,
              [sessionScope(cls.id, s.pupil_id)],
              'timetableSession',
              s.id,
              'upsert',
            );
          }
        }
        return { status: existing ? (200 as const) : (201 as const), row };
      });
      return reply.code(result.status).send({ week: toStaffWeek(result.row) });
    },
  );

  app.put(
    '/timetable-sessions/:id',
    {
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        body: staffSessionBodySchema,
        response: {
          200: staffTimetableSessionResponseSchema,
          201: staffTimetableSessionResponseSchema,
        },
      },
    },
    async (req, reply) => {
      const { schoolId } = staffOf(req);
      const { id } = req.params;
      const body = req.body;
      const week = await weekInSchool(app.db, body.weekId, schoolId);
      if (body.date < week.week_start || body.date > addDays(week.week_start, 6)) {
        throw new HttpError(
          400,
          'bad_request',
          `Invalid request: body.date: must be in the week starting ${week.week_start}`,
        );
      }
      if (body.pupilId) {
        const pupil = await app.db
          .selectFrom('pupils')
          .select('id')
          .where('id', '=', body.pupilId)
          .where('class_id', '=', week.class_id)
          .executeTakeFirst();
        if (!pupil)
          throw new HttpError(
            400,
            'bad_request',
            'Invalid request: body.pupilId: not a pupil of this class',
          );
      }
      const session = {
        weekId: week.id,
        pupilId: body.pupilId,
        date: body.date,
        startTime: body.startTime,
        endTime: body.endTime,
        subject: body.subject,
        kind: body.kind,
        details: body.details,
        liveUrl: body.liveUrl,
      };
      const at = app.now().toISOString();
      const result = await app.db.transaction().execute(async (trx) => {
        const current = await weekInSchool(trx, week.id, schoolId);
        const existing = await trx
          .selectFrom('timetable_sessions as s')
          .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
          .innerJoin('classes as c', 'c.id', 'w.class_id')
          .selectAll('s')
          .select('c.school_id')
          .where('s.id', '=', id)
          .executeTakeFirst();
        if (existing && existing.school_id !== schoolId) throw notFound('No such session.');
        if (existing && existing.week_id !== week.id) {
          throw new HttpError(
            409,
            'conflict',
            'A session cannot move to another week; create a new one.',
          );
        }
        if (existing && sameSession(existing, session)) {
          return { status: 200 as const, row: existing, revision: current.revision };
        }
        await checkWeekRevision(trx, current, body.baseRevision);
        const clash = await overlappingSession(trx, week.id, id, session);
        if (clash) {
          throw fieldError(
            'body.startTime',
            `overlaps “${clash.subject}” (${clash.start_time}–${clash.end_time}) on ${clash.date}${clash.pupil_id ? ' for the same child' : ''}: change the times or the other session`,
          );
        }
        const row = {
          id,
          week_id: week.id,
          pupil_id: session.pupilId,
          date: session.date,
          start_time: session.startTime,
          end_time: session.endTime,
          subject: session.subject,
          kind: session.kind,
          details: session.details,
          live_url: session.liveUrl,
          updated_at: at,
        };
        if (existing) {
          await trx.updateTable('timetable_sessions').set(row).where('id', '=', id).execute();
        } else {
          await trx.insertInto('timetable_sessions').values(row).execute();
        }
        const bumped = await bumpWeek(trx, current, at);
        if (current.published_at) {
          // Both the old and the new audience hear of it: whoever can no longer see the
          // session gets a delete at sync time.
          const scopes: Scope[] = [sessionScope(current.class_id, body.pupilId)];
          if (existing) scopes.push(sessionScope(current.class_id, existing.pupil_id));
          await recordChange(trx, scopes, 'timetableSession', id, 'upsert');
        }
        return {
          status: existing ? (200 as const) : (201 as const),
          row,
          revision: bumped.revision,
        };
      });
      return reply
        .code(result.status)
        .send({ session: toSession(result.row), weekRevision: result.revision });
    },
  );

  app.delete(
    '/timetable-sessions/:id',
    {
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        querystring: baseRevisionQuerySchema,
      },
    },
    async (req, reply) => {
      const { schoolId } = staffOf(req);
      const { id } = req.params;
      await app.db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('timetable_sessions as s')
          .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
          .innerJoin('classes as c', 'c.id', 'w.class_id')
          .select(['s.pupil_id', 'w.class_id', 'w.published_at', 's.week_id'])
          .where('s.id', '=', id)
          .where('c.school_id', '=', schoolId)
          .executeTakeFirst();
        if (!existing) throw notFound('No such session.');
        const week = await weekInSchool(trx, existing.week_id, schoolId);
        // A delete checks the revision when it names one (the workspace always does).
        if (req.query.baseRevision !== undefined) {
          await checkWeekRevision(trx, week, req.query.baseRevision);
        }
        await bumpWeek(trx, week, app.now().toISOString());
        // Marks for a session that no longer exists mean nothing; families drop them too.
        const completions = await trx
          .selectFrom('session_completions')
          .select(['id', 'pupil_id'])
          .where('session_id', '=', id)
          .execute();
        for (const c of completions) {
          await recordChange(
            trx,
            [{ type: 'pupil', id: c.pupil_id }],
            'sessionCompletion',
            c.id,
            'delete',
          );
        }
        await trx.deleteFrom('session_completions').where('session_id', '=', id).execute();
        await trx.deleteFrom('timetable_sessions').where('id', '=', id).execute();
        if (existing.published_at) {
          await recordChange(
            trx,
            [sessionScope(existing.class_id, existing.pupil_id)],
            'timetableSession',
            id,
            'delete',
          );
        }
      });
      return reply.code(204).send();
    },
  );
};
