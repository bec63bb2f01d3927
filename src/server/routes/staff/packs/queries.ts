// Lookups shared by the staff pack routes: a pack of the member's school, and paper-copy
// requests in the shape staff see them (with the family, the child and the pack named).
import type { StaffPaperRequest } from '../../../../shared/packs.ts';
import type { Db } from '../../../db/database.ts';
import { toPaperRequest, toStaffPack } from '../../../db/mappers.ts';
import { filesOfPacks } from '../../../db/packs.ts';
import type { PackRow } from '../../../db/schema.ts';
import { notFound, stale } from '../../../lib/http-error.ts';

type Executor = Pick<Db, 'selectFrom'>;

/** The pack, or undefined when no pack has this id; a 404 when it is another school's. */
export async function findPackInSchool(
  db: Executor,
  id: string,
  schoolId: string,
): Promise<PackRow | undefined> {
  const found = await db
    .selectFrom('packs as p')
    .innerJoin('classes as c', 'c.id', 'p.class_id')
    .selectAll('p')
    .select('c.school_id')
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!found) return undefined;
  const { school_id, ...row } = found;
  if (school_id !== schoolId) throw notFound('No such pack.');
  return row;
}

/**
 * 409 `stale` with the pack as stored now (null: deleted meanwhile) unless the save started
 * from its revision (0 or absent: a new pack).
 */
export async function checkPackRevision(
  db: Executor,
  existing: PackRow | undefined,
  base: number | undefined,
): Promise<void> {
  const stored = existing?.revision ?? 0;
  if ((base ?? 0) === stored) return;
  const files = existing ? await filesOfPacks(db, [existing.id]) : null;
  throw stale(
    'pack',
    existing ? toStaffPack(existing, files?.get(existing.id) ?? []) : null,
    existing?.revision ?? null,
  );
}

export async function packInSchool(db: Executor, id: string, schoolId: string): Promise<PackRow> {
  const row = await findPackInSchool(db, id, schoolId);
  if (!row) throw notFound('No such pack.');
  return row;
}

/** Paper requests of the school, optionally only some: open ones first (oldest first), then posted (newest first). */
export async function staffPaperRequests(
  db: Executor,
  schoolId: string,
  only: { id?: string; classId?: string; packIds?: string[] } = {},
): Promise<StaffPaperRequest[]> {
  if (only.packIds?.length === 0) return [];
  let q = db
    .selectFrom('paper_requests as r')
    .innerJoin('packs as p', 'p.id', 'r.pack_id')
    .innerJoin('classes as c', 'c.id', 'p.class_id')
    .innerJoin('pupils as u', 'u.id', 'r.pupil_id')
    .innerJoin('families as f', 'f.id', 'r.family_id')
    .selectAll('r')
    .select([
      'p.title as pack_title',
      'p.class_id',
      'u.display_name as pupil_name',
      'f.name as family_name',
    ])
    .where('c.school_id', '=', schoolId);
  if (only.id) q = q.where('r.id', '=', only.id);
  if (only.classId) q = q.where('p.class_id', '=', only.classId);
  if (only.packIds) q = q.where('r.pack_id', 'in', only.packIds);
  const rows = await q.execute();
  const open = rows.filter((r) => r.posted_at === null);
  const posted = rows.filter((r) => r.posted_at !== null);
  open.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  posted.sort(
    (a, b) => (b.posted_at ?? '').localeCompare(a.posted_at ?? '') || a.id.localeCompare(b.id),
  );
  return [...open, ...posted].map((r) => ({
    ...toPaperRequest(r),
    familyId: r.family_id,
    familyName: r.family_name,
    pupilName: r.pupil_name,
    classId: r.class_id,
    packTitle: r.pack_title,
  }));
}
