// Lookups that only succeed inside the signed-in member's school. Anything else is a
// 404, so staff of one school cannot even learn that another school's ids exist.
import type { Db } from '../../db/database.ts';
import { notFound } from '../../lib/http-error.ts';

export async function classInSchool(db: Db, classId: string, schoolId: string) {
  const row = await db
    .selectFrom('classes')
    .selectAll()
    .where('id', '=', classId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  if (!row) throw notFound('No such class.');
  return row;
}

export async function weekInSchool(db: Db, weekId: string, schoolId: string) {
  const row = await db
    .selectFrom('timetable_weeks as w')
    .innerJoin('classes as c', 'c.id', 'w.class_id')
    .selectAll('w')
    .where('w.id', '=', weekId)
    .where('c.school_id', '=', schoolId)
    .executeTakeFirst();
  if (!row) throw notFound('No such timetable week.');
  return row;
}

export async function familyInSchool(db: Db, familyId: string, schoolId: string) {
  const row = await db
    .selectFrom('families')
    .selectAll()
    .where('id', '=', familyId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  if (!row) throw notFound('No such family.');
  return row;
}
