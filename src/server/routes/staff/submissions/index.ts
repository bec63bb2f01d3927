// Returned work, for staff of the child's school (the inbox: db/inbox.ts):
//   GET  /staff/submissions?classId=&awaiting=&week=&pupilId=&sessionId=&packId=&after=&limit=
//        newest first, a page at a time, with pages, feedback and place in the timetable
//   GET  /staff/submissions/:id               one, with the same details
//   GET  /staff/files/:pageId[/thumb]         the re-encoded JPEG (or its 320 px thumbnail)
//   POST /staff/submissions/:id/seen          {} → sets seenAt once (families see it)
//   POST /staff/submissions/:id/feedback      { text } → 201 { feedback }: at once inside the
//        school's reply hours, else held until they begin (`deliverAt`, `held`; db/feedback.ts)
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { weekStartOf as mondayOf } from '../../../../shared/calendar.ts';
import { id } from '../../../../shared/primitives.ts';
import {
  feedbackBodySchema,
  feedbackResponseSchema,
  inboxQuerySchema,
  inboxResponseSchema,
  inboxSubmissionResponseSchema,
} from '../../../../shared/school-day-api.ts';
import { emptyBodySchema, idParamsSchema } from '../../../../shared/staff-api.ts';
import { recordChange } from '../../../db/changes.ts';
import type { Db } from '../../../db/database.ts';
import { writeFeedback } from '../../../db/feedback.ts';
import {
  formatInboxCursor,
  inboxPage,
  packSessionIds,
  parseInboxCursor,
} from '../../../db/inbox.ts';
import { addDays, zonedInstant } from '../../../lib/time.ts';
import { notFound } from '../../../lib/http-error.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { schoolOf } from '../school-day/context.ts';
import { classInSchool, pageInSchool, submissionInSchool } from '../school-scope.ts';

/** Photos do not change once stored: a staff browser may keep them a day (never shared caches). */
const fileCacheControl = 'private, max-age=86400';

async function loadOne(db: Db, submissionId: string, classId: string) {
  const { submissions } = await inboxPage(
    db,
    { classIds: [classId], id: submissionId },
    { limit: 1 },
  );
  const [one] = submissions;
  if (!one) throw notFound('No such submission.');
  return one;
}

export const staffSubmissionRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  app.get(
    '/submissions',
    {
      config: {
        access: {
          can: 'read',
          scope: [{ kind: 'class', from: 'query.classId' }],
          audit: { kind: 'submissions' },
        },
      },
      schema: {
        tags: ['staff'],
        security,
        querystring: inboxQuerySchema,
        response: { 200: inboxResponseSchema },
      },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const q = req.query;
      const cls = await classInSchool(app.db, q.classId, schoolId);
      let sessionIds = q.sessionId ? [q.sessionId] : undefined;
      if (q.packId) {
        const ofPack = await packSessionIds(app.db, q.packId, [cls.id]);
        if (!ofPack) throw notFound('No such pack in this class.');
        sessionIds = sessionIds ? sessionIds.filter((s) => ofPack.includes(s)) : ofPack;
      }
      let range: { from?: string; to?: string } = {};
      if (q.week) {
        const { timeZone } = await schoolOf(app.db, schoolId);
        const monday = mondayOf(q.week);
        range = {
          from: zonedInstant(monday, '00:00', timeZone).toISOString(),
          to: zonedInstant(addDays(monday, 7), '00:00', timeZone).toISOString(),
        };
      }
      const page = await inboxPage(
        app.db,
        {
          classIds: [cls.id],
          awaitingFeedback: q.awaiting,
          pupilId: q.pupilId,
          sessionIds,
          ...range,
        },
        { after: (q.after && parseInboxCursor(q.after)) || undefined, limit: q.limit },
      );
      return { submissions: page.submissions, next: page.next && formatInboxCursor(page.next) };
    },
  );

  app.get(
    '/submissions/:id',
    {
      config: {
        access: {
          can: 'read',
          scope: [{ kind: 'submission', from: 'params.id' }],
          audit: { kind: 'submission' },
        },
      },
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        response: { 200: inboxSubmissionResponseSchema },
      },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const found = await submissionInSchool(app.db, req.params.id, schoolId);
      return { submission: await loadOne(app.db, found.id, found.class_id) };
    },
  );

  for (const variant of ['full', 'thumb'] as const) {
    app.get(
      variant === 'full' ? '/files/:pageId' : '/files/:pageId/thumb',
      {
        // A thumbnail is shown inside the audited list; opening the photo itself is audited.
        config: {
          access: {
            can: 'read',
            scope: [{ kind: 'page', from: 'params.pageId' }],
            ...(variant === 'full' ? { audit: { kind: 'submission-page' } } : {}),
          },
        },
        schema: {
          tags: ['staff'],
          security,
          params: z.object({ pageId: id }),
        },
      },
      async (req, reply) => {
        const { schoolId } = staffOf(req);
        const page = await pageInSchool(app.db, req.params.pageId, schoolId);
        const file = await app.storage.get(variant === 'full' ? page.file_key : page.thumb_key);
        if (!file) throw notFound('That photo is missing from storage.');
        return reply
          .header('content-type', 'image/jpeg')
          .header('content-length', file.size)
          .header('cache-control', fileCacheControl)
          .header('content-disposition', 'inline')
          .header('x-content-type-options', 'nosniff')
          .send(file.stream);
      },
    );
  }

  app.post(
    '/submissions/:id/seen',
    {
      config: { access: { can: 'support', scope: [{ kind: 'submission', from: 'params.id' }] } },
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        body: emptyBodySchema,
        response: { 200: inboxSubmissionResponseSchema },
      },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const submission = await submissionInSchool(app.db, req.params.id, schoolId);
      if (submission.seen_at === null) {
        await app.db.transaction().execute(async (trx) => {
          const updated = await trx
            .updateTable('submissions')
            .set({ seen_at: app.now().toISOString() })
            .where('id', '=', submission.id)
            .where('seen_at', 'is', null)
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) > 0) {
            await recordChange(
              trx,
              [{ type: 'pupil', id: submission.pupil_id }],
              'submission',
              submission.id,
              'upsert',
            );
          }
        });
      }
      return { submission: await loadOne(app.db, submission.id, submission.class_id) };
    },
  );

  app.post(
    '/submissions/:id/feedback',
    {
      config: { access: { can: 'support', scope: [{ kind: 'submission', from: 'params.id' }] } },
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        body: feedbackBodySchema,
        response: { 201: feedbackResponseSchema },
      },
    },
    async (req, reply) => {
      const staff = staffOf(req);
      const submission = await submissionInSchool(app.db, req.params.id, staff.schoolId);
      const { timeZone, settings } = await schoolOf(app.db, staff.schoolId);
      const feedback = await writeFeedback(app.db, {
        submission,
        staff,
        text: req.body.text,
        now: app.now(),
        timeZone,
        settings,
      });
      return reply.code(201).send({ feedback });
    },
  );
};
