// What every school-day route needs about the caller: the school's time zone and day
// settings, the classes a request names (checked to be the member's school's: else 404),
// and who may see the whole school or the safeguarding flag.
// Until the role and class mechanism of the set-up issue is on main, every member of
// staff sees every class of their school and admins are the leaders and the DSL.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/database.ts';
import { schoolDaySettings } from '../../../db/school-day-settings.ts';
import { HttpError } from '../../../lib/http-error.ts';
import { staffOf, type StaffAuth } from '../../../plugins/auth.ts';
import { classInSchool } from '../school-scope.ts';

export const isLeader = (staff: StaffAuth) => staff.role === 'admin';
export const maySeeSafeguarding = (staff: StaffAuth) => staff.role === 'admin';

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
 * Records an export of children's records: who, what, which classes, which days, how many
 * rows (no names or contents). Written to the server log until the staff audit log of the
 * set-up issue is on main; then to that log.
 */
export async function recordExport(app: FastifyInstance, r: ExportRecord): Promise<void> {
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
