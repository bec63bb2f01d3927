// The audit log of staff access to children's records (table `staff_audit`, 0009):
// written by plugins/access.ts after a staff read or export succeeded, read by admins.
import { v7 as uuidv7 } from 'uuid';
import type { AuditEntry } from '../../shared/staff/audit.ts';
import type { AuditAction, AuditSubjectType } from '../../shared/staff/roles.ts';
import type { Db } from './database.ts';

export type AuditRecord = {
  schoolId: string;
  staffId: string;
  action: AuditAction;
  kind: string;
  subjects: { type: AuditSubjectType; id: string }[];
  at: string;
};

export async function recordAudit(db: Db, r: AuditRecord): Promise<void> {
  if (r.subjects.length === 0) return;
  await db
    .insertInto('staff_audit')
    .values(
      r.subjects.map((s) => ({
        id: uuidv7(),
        school_id: r.schoolId,
        staff_id: r.staffId,
        action: r.action,
        kind: r.kind,
        subject_type: s.type,
        subject_id: s.id,
        at: r.at,
      })),
    )
    .execute();
}

const nameTables = {
  pupil: { table: 'pupils', column: 'display_name' },
  class: { table: 'classes', column: 'name' },
  family: { table: 'families', column: 'name' },
  school: { table: 'schools', column: 'name' },
} as const;

/** Names of the subjects, by type and id (one query per type that occurs). */
async function subjectNames(db: Db, subjects: { type: AuditSubjectType; id: string }[]) {
  const names = new Map<string, string>();
  for (const [type, { table, column }] of Object.entries(nameTables)) {
    const ids = [...new Set(subjects.filter((s) => s.type === type).map((s) => s.id))];
    if (ids.length === 0) continue;
    const rows = await db
      .selectFrom(table)
      .select(['id', `${column} as name`])
      .where('id', 'in', ids)
      .execute();
    for (const row of rows) names.set(`${type}:${row.id}`, row.name);
  }
  return names;
}

export async function listAudit(
  db: Db,
  schoolId: string,
  q: { before?: string; staffId?: string; subjectId?: string; limit: number },
): Promise<{ entries: AuditEntry[]; next: string | null }> {
  let query = db
    .selectFrom('staff_audit as a')
    .innerJoin('staff as s', 's.id', 'a.staff_id')
    .selectAll('a')
    .select(['s.name as staff_name', 's.role as staff_role'])
    .where('a.school_id', '=', schoolId);
  if (q.before) {
    const from = await db
      .selectFrom('staff_audit')
      .select(['at', 'id'])
      .where('id', '=', q.before)
      .where('school_id', '=', schoolId)
      .executeTakeFirst();
    if (from) {
      query = query.where((eb) =>
        eb.or([
          eb('a.at', '<', from.at),
          eb.and([eb('a.at', '=', from.at), eb('a.id', '<', from.id)]),
        ]),
      );
    }
  }
  if (q.staffId) query = query.where('a.staff_id', '=', q.staffId);
  if (q.subjectId) query = query.where('a.subject_id', '=', q.subjectId);
  const rows = await query
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const names = await subjectNames(
    db,
    page.map((r) => ({ type: r.subject_type, id: r.subject_id })),
  );
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at,
      staff: { id: r.staff_id, name: r.staff_name, role: r.staff_role },
      action: r.action,
      kind: r.kind,
      subject: {
        type: r.subject_type,
        id: r.subject_id,
        name: names.get(`${r.subject_type}:${r.subject_id}`) ?? null,
      },
    })),
    next: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
