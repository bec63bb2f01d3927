// What a family may see: its children, their classes, their school. Everything sync
// sends and every family write is checked against this, never against the request.
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { FamilyScope } from '../../db/devices.ts';
import type { Database, PackRow } from '../../db/schema.ts';

export type { FamilyScope } from '../../db/devices.ts';

/** Media files a family may fetch and sync: its children's, and the school's own (no child). */
export function mediaVisibleTo(scope: FamilyScope) {
  return (eb: ExpressionBuilder<Database, 'media_files'>) => {
    const school = eb.and([
      eb('media_files.pupil_id', 'is', null),
      eb('media_files.school_id', '=', scope.schoolId),
    ]);
    return scope.pupilIds.length > 0
      ? eb.or([school, eb('media_files.pupil_id', 'in', scope.pupilIds)])
      : school;
  };
}

/**
 * Packs a family may see and fetch files of: PUBLISHED packs of its children's classes, for
 * the whole class or one of its children. Callers return early when the family has no
 * children (an empty IN list is not portable SQL).
 */
export function packVisibleTo(scope: FamilyScope) {
  return (eb: ExpressionBuilder<Database, 'packs'>) =>
    eb.and([
      eb('packs.published_at', 'is not', null),
      eb('packs.class_id', 'in', scope.classIds),
      eb.or([eb('packs.pupil_id', 'is', null), eb('packs.pupil_id', 'in', scope.pupilIds)]),
    ]);
}

/**
 * The pack, if this family may write about it for this child: visible to the family, and
 * for this child (a child's own pack, or a class pack of the child's class). Else undefined.
 */
export async function packForChild(
  db: Pick<Db, 'selectFrom'>,
  scope: FamilyScope,
  packId: string,
  pupilId: string,
): Promise<PackRow | undefined> {
  if (!scope.pupilIds.includes(pupilId)) return undefined;
  return db
    .selectFrom('packs')
    .innerJoin('pupils', 'pupils.class_id', 'packs.class_id')
    .selectAll('packs')
    .where('packs.id', '=', packId)
    .where('pupils.id', '=', pupilId)
    .where(packVisibleTo(scope))
    .where((eb) => eb.or([eb('packs.pupil_id', 'is', null), eb('packs.pupil_id', '=', pupilId)]))
    .executeTakeFirst();
}
