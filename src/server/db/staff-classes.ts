// The classes and families a member of staff reaches: the whole school (classIds null) or
// the classes they are assigned to. Ordered by name (byte order on both databases, 0008).
import type { Pupil, SchoolClass } from '../../shared/entities.ts';
import type { Db } from './database.ts';
import { toClass, toPupil } from './mappers.ts';

export type ClassWithPupils = SchoolClass & { pupils: Pupil[] };

export async function classesWithPupils(
  db: Db,
  schoolId: string,
  classIds: string[] | null,
): Promise<ClassWithPupils[]> {
  if (classIds?.length === 0) return [];
  let classes = db.selectFrom('classes').selectAll().where('school_id', '=', schoolId);
  let pupils = db
    .selectFrom('pupils')
    .innerJoin('classes', 'classes.id', 'pupils.class_id')
    .selectAll('pupils')
    .where('classes.school_id', '=', schoolId);
  if (classIds) {
    classes = classes.where('id', 'in', classIds);
    pupils = pupils.where('pupils.class_id', 'in', classIds);
  }
  const classRows = await classes.orderBy('name').orderBy('id').execute();
  const pupilRows = await pupils.orderBy('pupils.display_name').orderBy('pupils.id').execute();
  return classRows.map((c) => ({
    ...toClass(c),
    pupils: pupilRows.filter((p) => p.class_id === c.id).map(toPupil),
  }));
}

/** Families with their children; a teacher sees a family through any child in their classes. */
export async function familiesWithPupils(db: Db, schoolId: string, classIds: string[] | null) {
  if (classIds?.length === 0) return [];
  let links = db
    .selectFrom('family_pupils')
    .innerJoin('families', 'families.id', 'family_pupils.family_id')
    .innerJoin('pupils', 'pupils.id', 'family_pupils.pupil_id')
    .selectAll('pupils')
    .select('family_pupils.family_id')
    .where('families.school_id', '=', schoolId);
  if (classIds) links = links.where('pupils.class_id', 'in', classIds);
  const rows = await links.orderBy('pupils.display_name').orderBy('pupils.id').execute();
  const byFamily = new Map<string, Pupil[]>();
  for (const l of rows) {
    const list = byFamily.get(l.family_id) ?? [];
    list.push(toPupil(l));
    byFamily.set(l.family_id, list);
  }
  let families = db.selectFrom('families').select(['id', 'name']).where('school_id', '=', schoolId);
  if (classIds) {
    const reached = [...byFamily.keys()];
    if (reached.length === 0) return [];
    families = families.where('id', 'in', reached);
  }
  const familyRows = await families.orderBy('name').orderBy('id').execute();
  // A teacher sees only the children in their classes, not the family's other children.
  return familyRows.map((f) => ({ ...f, pupils: byFamily.get(f.id) ?? [] }));
}
