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

export async function weekInSchool(db: Pick<Db, 'selectFrom'>, weekId: string, schoolId: string) {
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

/** A submission whose child is in the member's school (with the child's class). */
export async function submissionInSchool(db: Db, submissionId: string, schoolId: string) {
  const row = await db
    .selectFrom('submissions as s')
    .innerJoin('pupils as p', 'p.id', 's.pupil_id')
    .innerJoin('classes as c', 'c.id', 'p.class_id')
    .selectAll('s')
    .select('p.class_id')
    .where('s.id', '=', submissionId)
    .where('c.school_id', '=', schoolId)
    .executeTakeFirst();
  if (!row) throw notFound('No such submission.');
  return row;
}

export async function pageInSchool(db: Db, pageId: string, schoolId: string) {
  const row = await db
    .selectFrom('submission_pages as sp')
    .innerJoin('submissions as s', 's.id', 'sp.submission_id')
    .innerJoin('pupils as p', 'p.id', 's.pupil_id')
    .innerJoin('classes as c', 'c.id', 'p.class_id')
    .select(['sp.id', 'sp.file_key', 'sp.thumb_key'])
    .where('sp.id', '=', pageId)
    .where('c.school_id', '=', schoolId)
    .executeTakeFirst();
  if (!row) throw notFound('No such page.');
  return row;
}

export async function absenceNoticeInSchool(db: Db, noticeId: string, schoolId: string) {
  const row = await db
    .selectFrom('absence_notices as n')
    .innerJoin('pupils as p', 'p.id', 'n.pupil_id')
    .innerJoin('classes as c', 'c.id', 'p.class_id')
    .selectAll('n')
    .where('n.id', '=', noticeId)
    .where('c.school_id', '=', schoolId)
    .executeTakeFirst();
  if (!row) throw notFound('No such absence notice.');
  return row;
}

export async function pupilInSchool(db: Db, pupilId: string, schoolId: string) {
  const row = await db
    .selectFrom('pupils as p')
    .innerJoin('classes as c', 'c.id', 'p.class_id')
    .selectAll('p')
    .where('p.id', '=', pupilId)
    .where('c.school_id', '=', schoolId)
    .executeTakeFirst();
  if (!row) throw notFound('No such pupil.');
  return row;
}

/** A media file of the member's school (the school's own or any of its children's). */
export async function mediaInSchool(db: Db, mediaId: string, schoolId: string) {
  const row = await db
    .selectFrom('media_files')
    .selectAll()
    .where('id', '=', mediaId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  if (!row) throw notFound('No such picture or sound clip.');
  return row;
}
