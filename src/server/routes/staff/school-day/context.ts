// What every school-day route needs about the caller: the school's time zone and day
// settings, the classes a request names (checked to be the member's school's: else 404),
// and who may see the whole school or the safeguarding flag.
// Roles and classes are checked by plugins/access.ts before a handler runs; a request
// that names no class reaches the whole school only for leaders (SENCo, DSL, admin).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/database.ts';
import { schoolDaySettings } from '../../../db/school-day-settings.ts';
import { recordAudit } from '../../../db/staff-audit.ts';
import { HttpError } from '../../../lib/http-error.ts';
import { staffOf, type StaffAuth } from '../../../plugins/auth.ts';
import { may } from '../../../../shared/staff/roles.ts';
import { classInSchool } from '../school-scope.ts';

export const isLeader = (staff: StaffAuth) => may(staff.role, 'lead');
export const maySeeSafeguarding = (staff: StaffAuth) => may(staff.role, 'safeguarding');

const forbidden = (message: string) => new HttpError(403, 'forbidden', message);

export async function schoolOf(db: Db, schoolId: string) {
  const row = await db
    .selectFrom('schools')
    .select(['id', 'time_zone'])
    .where('id', '=', schoolId)
    .executeTakeFirstOrThrow();
  return { timeZone: row.time_zone, settings: await schoolDaySettings(db, schoolId) };
}

/** One class of the member's school, or (no classId) all of them for a leader. */
export async function classesFor(db: Db, req: FastifyRequest, classId: string | undefined) {
  const staff = staffOf(req);
  if (classId) {
    const cls = await classInSchool(db, classId, staff.schoolId);
    return { staff, classes: [{ id: cls.id, name: cls.name }] };
  }
  if (!isLeader(staff)) throw forbidden('Only the school’s leaders see every class at once.');
  const classes = await db
    .selectFrom('classes')
    .select(['id', 'name'])
    .where('school_id', '=', staff.schoolId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return { staff, classes };
}

export type ExportRecord = {
  staff: StaffAuth;
  what: 'engagement' | 'contact-log' | 'feedback-tally';
  /** null: the whole school. */
  classIds: string[] | null;
  range: string;
  rows: number;
};

/**
 * Records an export of children's records in the staff audit log (who, what, which classes
 * or the school, when) and the server log (with the days and the row count; no names or
 * contents).
 */
export async function recordExport(app: FastifyInstance, r: ExportRecord): Promise<void> {
  await recordAudit(app.db, {
    schoolId: r.staff.schoolId,
    staffId: r.staff.id,
    action: 'export',
    kind: r.what,
    subjects: r.classIds
      ? r.classIds.map((id) => ({ type: 'class' as const, id }))
      : [{ type: 'school' as const, id: r.staff.schoolId }],
    at: app.now().toISOString(),
  });
  app.log.info(
    {
      audit: 'export',
      staffId: r.staff.id,
      schoolId: r.staff.schoolId,
      what: r.what,
      classIds: r.classIds,
      range: r.range,
      rows: r.rows,
    },
    'staff export',
  );
}
