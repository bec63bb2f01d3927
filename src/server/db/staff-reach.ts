// Where a record sits, for the staff access check (plugins/access.ts): its school, the
// classes it belongs to, and whose record it is (the audit log's subject). One lookup per
// kind of record a staff route names by id; every one is a single indexed query.
import type { AuditSubjectType } from '../../shared/staff/roles.ts';
import type { Db } from './database.ts';

export type Reach = {
  schoolId: string;
  /** The classes it belongs to; null for the school's own (every member of the school may see it). */
  classIds: string[] | null;
  subject: { type: AuditSubjectType; id: string };
};

type Executor = Pick<Db, 'selectFrom'>;

const ofPupil = (row: { school_id: string; class_id: string; pupil_id: string }): Reach => ({
  schoolId: row.school_id,
  classIds: [row.class_id],
  subject: { type: 'pupil', id: row.pupil_id },
});
const ofClass = (row: { school_id: string; class_id: string }): Reach => ({
  schoolId: row.school_id,
  classIds: [row.class_id],
  subject: { type: 'class', id: row.class_id },
});

async function familyReach(db: Executor, familyId: string | undefined) {
  if (!familyId) return undefined;
  const family = await db
    .selectFrom('families')
    .select(['id', 'school_id'])
    .where('id', '=', familyId)
    .executeTakeFirst();
  if (!family) return undefined;
  const classes = await db
    .selectFrom('family_pupils as fp')
    .innerJoin('pupils as p', 'p.id', 'fp.pupil_id')
    .select('p.class_id')
    .distinct()
    .where('fp.family_id', '=', family.id)
    .execute();
  return {
    schoolId: family.school_id,
    // A family is within a teacher's reach through any of its children.
    classIds: classes.map((c) => c.class_id),
    subject: { type: 'family', id: family.id },
  } satisfies Reach;
}

/** A record reached through its child: its `pupil_id`, then the child's class. */
function throughPupil(
  pupilIdOf: (db: Executor, id: string) => Promise<{ pupil_id: string } | undefined>,
) {
  return async (db: Executor, id: string) => {
    const row = await pupilIdOf(db, id);
    return row && pupilReach(db, row.pupil_id);
  };
}

async function pupilReach(db: Executor, id: string): Promise<Reach | undefined> {
  const row = await db
    .selectFrom('pupils as p')
    .innerJoin('classes as c', 'c.id', 'p.class_id')
    .select(['c.school_id', 'p.class_id', 'p.id as pupil_id'])
    .where('p.id', '=', id)
    .executeTakeFirst();
  return row && ofPupil(row);
}

export const reachOf = {
  class: async (db: Executor, id: string) => {
    const row = await db
      .selectFrom('classes')
      .select(['school_id', 'id as class_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && ofClass(row);
  },
  pupil: pupilReach,
  week: async (db: Executor, id: string) => {
    const row = await db
      .selectFrom('timetable_weeks as w')
      .innerJoin('classes as c', 'c.id', 'w.class_id')
      .select(['c.school_id', 'w.class_id'])
      .where('w.id', '=', id)
      .executeTakeFirst();
    return row && ofClass(row);
  },
  session: async (db: Executor, id: string) => {
    const row = await db
      .selectFrom('timetable_sessions as s')
      .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
      .innerJoin('classes as c', 'c.id', 'w.class_id')
      .select(['c.school_id', 'w.class_id'])
      .where('s.id', '=', id)
      .executeTakeFirst();
    return row && ofClass(row);
  },
  submission: throughPupil((db, id) =>
    db.selectFrom('submissions').select('pupil_id').where('id', '=', id).executeTakeFirst(),
  ),
  absenceNotice: throughPupil((db, id) =>
    db.selectFrom('absence_notices').select('pupil_id').where('id', '=', id).executeTakeFirst(),
  ),
  schedule: throughPupil((db, id) =>
    db.selectFrom('visual_schedules').select('pupil_id').where('id', '=', id).executeTakeFirst(),
  ),
  chart: throughPupil((db, id) =>
    db.selectFrom('reward_charts').select('pupil_id').where('id', '=', id).executeTakeFirst(),
  ),
  paperRequest: throughPupil((db, id) =>
    db.selectFrom('paper_requests').select('pupil_id').where('id', '=', id).executeTakeFirst(),
  ),
  page: async (db: Executor, id: string) => {
    const row = await db
      .selectFrom('submission_pages as sp')
      .innerJoin('submissions as s', 's.id', 'sp.submission_id')
      .innerJoin('pupils as p', 'p.id', 's.pupil_id')
      .innerJoin('classes as c', 'c.id', 'p.class_id')
      .select(['c.school_id', 'p.class_id', 'p.id as pupil_id'])
      .where('sp.id', '=', id)
      .executeTakeFirst();
    return row && ofPupil(row);
  },
  pack: async (db: Executor, id: string) => {
    const row = await db
      .selectFrom('packs as k')
      .innerJoin('classes as c', 'c.id', 'k.class_id')
      .select(['c.school_id', 'k.class_id', 'k.pupil_id'])
      .where('k.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return row.pupil_id
      ? ofPupil({ ...row, pupil_id: row.pupil_id })
      : ofClass({ school_id: row.school_id, class_id: row.class_id });
  },
  media: async (db: Executor, id: string): Promise<Reach | undefined> => {
    const row = await db
      .selectFrom('media_files as m')
      .leftJoin('pupils as p', 'p.id', 'm.pupil_id')
      .select(['m.school_id', 'm.pupil_id', 'p.class_id'])
      .where('m.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.pupil_id && row.class_id) {
      return ofPupil({ school_id: row.school_id, class_id: row.class_id, pupil_id: row.pupil_id });
    }
    return {
      schoolId: row.school_id,
      classIds: null,
      subject: { type: 'school', id: row.school_id },
    };
  },
  family: familyReach,
  device: async (db: Executor, id: string) => {
    const row = await db
      .selectFrom('devices')
      .select('family_id')
      .where('id', '=', id)
      .executeTakeFirst();
    return familyReach(db, row?.family_id);
  },
  joinCode: async (db: Executor, code: string) => {
    const row = await db
      .selectFrom('join_codes')
      .select('family_id')
      .where('code', '=', code)
      .executeTakeFirst();
    return familyReach(db, row?.family_id);
  },
} satisfies Record<string, (db: Executor, id: string) => Promise<Reach | undefined>>;

export type ReachKind = keyof typeof reachOf;

/** The classes a member of staff is assigned to. */
export async function assignedClassIds(db: Executor, staffId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('staff_classes')
    .select('class_id')
    .where('staff_id', '=', staffId)
    .orderBy('class_id')
    .execute();
  return rows.map((r) => r.class_id);
}
