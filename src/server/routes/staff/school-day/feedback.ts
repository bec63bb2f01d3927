// Saved feedback phrases (each member's own) and the week's feedback tally:
//   GET    /staff/feedback-phrases           the member's phrases, oldest first
//   POST   /staff/feedback-phrases { text }  → 201 (the same text again: the saved one, 200)
//   DELETE /staff/feedback-phrases/:id       → 204 (another member's: 404)
//   GET    /staff/feedback-tally?classId=&week=  per child: work with feedback this week
//          against the school's target, and work still awaiting feedback
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  feedbackPhraseBodySchema,
  feedbackPhraseResponseSchema,
  feedbackPhrasesResponseSchema,
  tallyQuerySchema,
  tallyResponseSchema,
} from '../../../../shared/school-day-api.ts';
import { idParamsSchema } from '../../../../shared/staff-api.ts';
import { deletePhrase, phrasesOf, savePhrase } from '../../../db/feedback.ts';
import { feedbackTally } from '../../../db/tally.ts';
import { HttpError, notFound } from '../../../lib/http-error.ts';
import { weekStartOf as mondayOf } from '../../../../shared/calendar.ts';
import { localDate } from '../../../lib/time.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { classesFor, schoolOf } from './context.ts';

export const feedbackRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  app.get(
    '/feedback-phrases',
    {
      config: { access: { can: 'support', scope: [] } },
      schema: { tags: ['staff'], security, response: { 200: feedbackPhrasesResponseSchema } },
    },
    async (req) => ({ phrases: await phrasesOf(app.db, staffOf(req).id) }),
  );

  app.post(
    '/feedback-phrases',
    {
      config: { access: { can: 'support', scope: [] } },
      schema: {
        tags: ['staff'],
        security,
        body: feedbackPhraseBodySchema,
        response: { 200: feedbackPhraseResponseSchema, 201: feedbackPhraseResponseSchema },
      },
    },
    async (req, reply) => {
      const staffId = staffOf(req).id;
      const before = await phrasesOf(app.db, staffId);
      const phrase = await savePhrase(app.db, staffId, req.body.text, app.now());
      if (phrase === 'too_many') {
        throw new HttpError(409, 'too_many', 'You have saved 100 phrases: delete one first.');
      }
      const isNew = !before.some((p) => p.id === phrase.id);
      return reply.code(isNew ? 201 : 200).send({ phrase });
    },
  );

  app.delete(
    '/feedback-phrases/:id',
    {
      config: { access: { can: 'support', scope: [] } },
      schema: { tags: ['staff'], security, params: idParamsSchema },
    },
    async (req, reply) => {
      if (!(await deletePhrase(app.db, staffOf(req).id, req.params.id))) {
        throw notFound('No such saved phrase.');
      }
      return reply.code(204).send();
    },
  );

  app.get(
    '/feedback-tally',
    {
      config: {
        access: {
          can: 'read',
          scope: [{ kind: 'class', from: 'query.classId' }],
          audit: { kind: 'feedback-tally' },
        },
      },
      schema: {
        tags: ['staff'],
        security,
        querystring: tallyQuerySchema,
        response: { 200: tallyResponseSchema },
      },
    },
    async (req) => {
      const { staff, classes } = await classesFor(app.db, req, req.query.classId);
      const { timeZone, settings } = await schoolOf(app.db, staff.schoolId);
      const weekStart = mondayOf(req.query.week ?? localDate(app.now(), timeZone));
      return feedbackTally(app.db, {
        classIds: classes.map((c) => c.id),
        weekStart,
        timeZone,
        target: settings.feedbackTarget,
      });
    },
  );
};
