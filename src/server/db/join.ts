// Joining a family: the join code a phone names, and the children the family has, which
// the phone's welcome screen names before its first sync has arrived.
import type { Db } from './database.ts';

export type JoinCodeRow = {
  familyId: string;
  familyName: string;
  expiresAt: string;
  revokedAt: string | null;
};

export async function findJoinCode(db: Db, code: string): Promise<JoinCodeRow | undefined> {
  const row = await db
    .selectFrom('join_codes')
    .innerJoin('families', 'families.id', 'join_codes.family_id')
    .select([
      'join_codes.family_id',
      'join_codes.expires_at',
      'join_codes.revoked_at',
      'families.name',
    ])
    .where('join_codes.code', '=', code)
    .executeTakeFirst();
  return row
    ? {
        familyId: row.family_id,
        familyName: row.name,
        expiresAt: row.expires_at,
        revokedAt: row.revoked_at,
      }
    : undefined;
}

/** The family's children by the name the family knows them by, in name order. */
export async function familyChildren(
  db: Db,
  familyId: string,
): Promise<Array<{ id: string; displayName: string }>> {
  const rows = await db
    .selectFrom('family_pupils')
    .innerJoin('pupils', 'pupils.id', 'family_pupils.pupil_id')
    .select(['pupils.id', 'pupils.display_name'])
    .where('family_pupils.family_id', '=', familyId)
    .orderBy('pupils.display_name')
    .orderBy('pupils.id')
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}
