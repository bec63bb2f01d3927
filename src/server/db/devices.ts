// A family's phone as the server knows it: found by the hash of its token, together with
// the family's scope (its children, their classes, its school), in ONE query, because
// every request a phone makes needs both and a round trip to PostgreSQL costs more than
// the query itself.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** What a family may see: its children, their classes, their school. */
export type FamilyScope = {
  familyId: string;
  schoolId: string;
  version: number;
  pupilIds: string[];
  classIds: string[];
  /** The change-log scopes this family reads (school, classes, pupils, family). */
  scopeIds: string[];
};

export type KnownDevice = {
  id: string;
  familyId: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  scope: FamilyScope;
};

type ScopeRow = {
  family_id: string;
  school_id: string;
  scope_version: number;
  pupil_id: string | null;
  class_id: string | null;
};

function scopeOf(rows: ScopeRow[]): FamilyScope | undefined {
  const first = rows[0];
  if (!first) return undefined;
  const pupilIds = new Set<string>();
  const classIds = new Set<string>();
  for (const r of rows) {
    if (r.pupil_id) pupilIds.add(r.pupil_id);
    if (r.class_id) classIds.add(r.class_id);
  }
  return {
    familyId: first.family_id,
    schoolId: first.school_id,
    version: first.scope_version,
    pupilIds: [...pupilIds],
    classIds: [...classIds],
    scopeIds: [first.school_id, first.family_id, ...classIds, ...pupilIds],
  };
}

/** The phone with this token hash and its family's scope, or undefined. */
export async function findDeviceByTokenHash(
  db: Executor,
  tokenHash: string,
): Promise<KnownDevice | undefined> {
  const rows = await db
    .selectFrom('devices')
    .innerJoin('families', 'families.id', 'devices.family_id')
    .leftJoin('family_pupils', 'family_pupils.family_id', 'families.id')
    .leftJoin('pupils', 'pupils.id', 'family_pupils.pupil_id')
    .select([
      'devices.id',
      'devices.revoked_at',
      'devices.last_seen_at',
      'devices.family_id',
      'families.school_id',
      'families.scope_version',
      'pupils.id as pupil_id',
      'pupils.class_id',
    ])
    .where('devices.token_hash', '=', tokenHash)
    .execute();
  const first = rows[0];
  const scope = scopeOf(rows);
  if (!first || !scope) return undefined;
  return {
    id: first.id,
    familyId: first.family_id,
    revokedAt: first.revoked_at,
    lastSeenAt: first.last_seen_at,
    scope,
  };
}

/** Notes when the phone was last seen. */
export async function touchDevice(db: Executor, deviceId: string, at: string): Promise<void> {
  await db.updateTable('devices').set({ last_seen_at: at }).where('id', '=', deviceId).execute();
}
