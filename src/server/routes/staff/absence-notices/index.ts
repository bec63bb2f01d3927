// Absence notices, for staff of the child's school:
//   GET  /staff/absence-notices?classId=&current=1   newest first (current: today and upcoming)
//   POST /staff/absence-notices/:id/acknowledge {} → 200; idempotent (the first
//        acknowledgement stays); families see acknowledgedAt / acknowledgedBy. A notice the
//        family withdrew is a 409 `notice_withdrawn` (nothing to acknowledge).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  emptyBodySchema,
  idParamsSchema,
  staffAbsenceNoticeResponseSchema,
  staffAbsenceNoticesQuerySchema,
  staffAbsenceNoticesResponseSchema,
} from '../../../../shared/staff-api.ts';
import { recordChange } from '../../../db/changes.ts';
import { toAbsenceNotice } from '../../../db/mappers.ts';
import type { AbsenceNoticeRow } from '../../../db/schema.ts';
import { HttpError } from '../../../lib/http-error.ts';
import { localDate } from '../../../lib/time.ts';
import { staffOf } from '../../../plugins/auth.ts';
import { schoolOf } from '../school-day/context.ts';
import { absenceNoticeInSchool, classInSchool } from '../school-scope.ts';

const listLimit = 500;

const toStaffNotice = (r: AbsenceNoticeRow & { pupil_name: string }) => {
  const { pupil_name, ...row } = r;
  return { ...toAbsenceNotice(row), familyId: r.family_id, pupilName: pupil_name };
};

export const staffAbsenceNoticeRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  const load = (noticeId: string) =>
    app.db
      .selectFrom('absence_notices as n')
      .innerJoin('pupils as p', 'p.id', 'n.pupil_id')
      .selectAll('n')
      .select('p.display_name as pupil_name')
      .where('n.id', '=', noticeId)
      .executeTakeFirstOrThrow();

  app.get(
    '/absence-notices',
    {
      config: {
        access: {
          can: 'read',
          scope: [{ kind: 'class', from: 'query.classId' }],
          audit: { kind: 'absence-notices' },
        },
      },
      schema: {
        tags: ['staff'],
        security,
        querystring: staffAbsenceNoticesQuerySchema,
        response: { 200: staffAbsenceNoticesResponseSchema },
      },
    },
    async (req) => {
      const { schoolId } = staffOf(req);
      const cls = await classInSchool(app.db, req.query.classId, schoolId);
      let q = app.db
        .selectFrom('absence_notices as n')
        .innerJoin('pupils as p', 'p.id', 'n.pupil_id')
        .selectAll('n')
        .select('p.display_name as pupil_name')
        .where('p.class_id', '=', cls.id);
      if (req.query.current) {
        const { timeZone } = await schoolOf(app.db, schoolId);
        q = q.where('n.to_date', '>=', localDate(app.now(), timeZone));
      }
      const rows = await q
        .orderBy('n.received_at', 'desc')
        .orderBy('n.id', 'desc')
        .limit(listLimit)
        .execute();
      return { notices: rows.map(toStaffNotice) };
    },
  );

  app.post(
    '/absence-notices/:id/acknowledge',
    {
      config: {
        access: { can: 'acknowledge', scope: [{ kind: 'absenceNotice', from: 'params.id' }] },
      },
      schema: {
        tags: ['staff'],
        security,
        params: idParamsSchema,
        body: emptyBodySchema,
        response: { 200: staffAbsenceNoticeResponseSchema },
      },
    },
    async (req) => {
      const staff = staffOf(req);
      const notice = await absenceNoticeInSchool(app.db, req.params.id, staff.schoolId);
      if (notice.withdrawn_reason !== null && notice.acknowledged_at === null) {
        throw new HttpError(
          409,
          'notice_withdrawn',
          'The family withdrew this notice, so there is nothing to acknowledge.',
        );
      }
      if (notice.acknowledged_at === null) {
        await app.db.transaction().execute(async (trx) => {
          const updated = await trx
            .updateTable('absence_notices')
            .set({
              acknowledged_at: app.now().toISOString(),
              acknowledged_by: staff.name,
              acknowledged_by_staff_id: staff.id,
            })
            .where('id', '=', notice.id)
            .where('acknowledged_at', 'is', null)
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) > 0) {
            await recordChange(
              trx,
              [{ type: 'pupil', id: notice.pupil_id }],
              'absenceNotice',
              notice.id,
              'upsert',
            );
          }
        });
      }
      return { notice: toStaffNotice(await load(notice.id)) };
    },
  );
};
