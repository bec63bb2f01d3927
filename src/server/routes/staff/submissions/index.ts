// Returned work, for staff of the child's school:
//   GET  /staff/submissions?classId=          newest first, with pages and feedback
//   GET  /staff/files/:pageId[/thumb]         the re-encoded JPEG (or its 320 px thumbnail)
//   POST /staff/submissions/:id/seen          {} → sets seenAt once (families see it)
//   POST /staff/submissions/:id/feedback      { text } → 201 { feedback }
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API } from '../../../../shared/api.ts';
import { id } from '../../../../shared/primitives.ts';
import {
  emptyBodySchema,
  idParamsSchema,
  staffFeedbackBodySchema,
  staffFeedbackResponseSchema,
  staffSubmissionResponseSchema,
  staffSubmissionsQuerySchema,
  staffSubmissionsResponseSchema,
  type StaffSubmission,
} from '../../../../shared/staff-api.ts';
import { v7 as uuidv7 } from 'uuid';
import { recordChange } from '../../../db/changes.ts';
import type { Db } from '../../../db/database.ts';
import { toFeedback, toSubmission } from '../../../db/mappers.ts';
import type { SubmissionRow } from '../../../db/schema.ts';
import { notFound } from '../../../lib/http-error.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { classInSchool, pageInSchool, submissionInSchool } from '../school-scope.ts';

/** Photos do not change once stored: a staff browser may keep them a day (never shared caches). */
const fileCacheControl = 'private, max-age=86400';
const listLimit = 500;

async function withDetails(
  db: Db,
  rows: (SubmissionRow & { pupil_name: string })[],
): Promise<StaffSubmission[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const pages = await db
    .selectFrom('submission_pages')
    .select(['id', 'submission_id', 'idx', 'width', 'height'])
    .where('submission_id', 'in', ids)
    .orderBy('idx')
    .execute();
  const feedback = await db
    .selectFrom('submission_feedback')
    .selectAll()
    .where('submission_id', 'in', ids)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => {
    const own = pages.filter((p) => p.submission_id === r.id);
    const { pupil_name, ...row } = r;
    return {
      ...toSubmission({ ...row, page_count: own.length }),
      familyId: r.family_id,
      pupilName: pupil_name,
      pages: own.map((p) => ({
        id: p.id,
        idx: p.idx,
        width: p.width,
        height: p.height,
        url: `${API}/staff/files/${p.id}`,
        thumbUrl: `${API}/staff/files/${p.id}/thumb`,
      })),
      feedback: feedback.filter((f) => f.submission_id === r.id).map(toFeedback),
    };
  });
}

async function loadOne(db: Db, submissionId: string): Promise<StaffSubmission> {
  const row = await db
    .selectFrom('submissions as s')
    .innerJoin('pupils as p', 'p.id', 's.pupil_id')
    .selectAll('s')
    .select('p.display_name as pupil_name')
    .where('s.id', '=', submissionId)
    .executeTakeFirstOrThrow();
  const [one] = await withDetails(db, [row]);
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
        querystring: staffSubmissionsQuerySchema,
        response: { 200: staffSubmissionsResponseSchema },
      },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const cls = await classInSchool(app.db, req.query.classId, schoolId);
      const rows = await app.db
        .selectFrom('submissions as s')
        .innerJoin('pupils as p', 'p.id', 's.pupil_id')
        .selectAll('s')
        .select('p.display_name as pupil_name')
        .where('p.class_id', '=', cls.id)
        .orderBy('s.received_at', 'desc')
        .orderBy('s.id', 'desc')
        .limit(listLimit)
        .execute();
      return { submissions: await withDetails(app.db, rows) };
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
        response: { 200: staffSubmissionResponseSchema },
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
      return { submission: await loadOne(app.db, submission.id) };
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
        body: staffFeedbackBodySchema,
        response: { 201: staffFeedbackResponseSchema },
      },
    },
    async (req, reply) => {
      const staff = staffOf(req);
      const submission = await submissionInSchool(app.db, req.params.id, staff.schoolId);
      const row = {
        id: uuidv7(),
        submission_id: submission.id,
        pupil_id: submission.pupil_id,
        staff_id: staff.id,
        staff_name: staff.name,
        text: req.body.text,
        created_at: app.now().toISOString(),
      };
      await app.db.transaction().execute(async (trx) => {
        await trx.insertInto('submission_feedback').values(row).execute();
        await recordChange(
          trx,
          [{ type: 'pupil', id: submission.pupil_id }],
          'submissionFeedback',
          row.id,
          'upsert',
        );
      });
      return reply.code(201).send({ feedback: toFeedback(row) });
    },
  );
};
