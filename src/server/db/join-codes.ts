// Join codes and families' phones, for staff: issue a code (or reissue one: the family's
// older codes stop working), the families who have not joined yet, and the data of their
// join letters. Codes are multi-use until they expire or are revoked (routes/join).
import type { Transaction } from 'kysely';
import { newJoinCode } from '../lib/crypto.ts';
import type { Db } from './database.ts';
import type { Database } from './schema.ts';

type Executor = Db | Transaction<Database>;
export type JoinCodeRow = {
  code: string;
  family_id: string;
  expires_at: string;
  revoked_at: string | null;
  created_at: string;
};

export const defaultCodeHours = 24 * 14;

/** A new code for the family, valid `hours` from now. */
export async function issueJoinCode(
  db: Executor,
  familyId: string,
  now: Date,
  hours = defaultCodeHours,
): Promise<JoinCodeRow> {
  const row: JoinCodeRow = {
    code: '',
    family_id: familyId,
    expires_at: new Date(now.getTime() + hours * 3_600_000).toISOString(),
    revoked_at: null,
    created_at: now.toISOString(),
  };
  // ~8.5e11 codes: a clash is unlikely, but the primary key decides.
  for (let attempt = 0; ; attempt++) {
    row.code = newJoinCode();
    const inserted = await db
      .insertInto('join_codes')
      .values(row)
      .onConflict((oc) => oc.column('code').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return row;
    if (attempt > 5) throw new Error('could not find a free join code');
  }
}

/** Revokes every live code of the family and issues a new one: the old letters stop working. */
export async function reissueJoinCode(
  db: Db,
  familyId: string,
  now: Date,
  hours = defaultCodeHours,
): Promise<JoinCodeRow> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('join_codes')
      .set({ revoked_at: now.toISOString() })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
    return issueJoinCode(trx, familyId, now, hours);
  });
}

/** The family's code that works longest from now, if any works. */
export async function liveJoinCode(
  db: Executor,
  familyId: string,
  now: Date,
): Promise<JoinCodeRow | undefined> {
  return db
    .selectFrom('join_codes')
    .selectAll()
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .orderBy('expires_at', 'desc')
    .executeTakeFirst();
}

export type FamilyJoinState = {
  id: string;
  name: string;
  phone: string | null;
  homeLanguage: string | null;
  /** Phones that joined and were not removed. */
  activeDevices: number;
  lastSeenAt: string | null;
  code: JoinCodeRow | null;
  children: { id: string; displayName: string; classId: string; className: string }[];
};

/**
 * The school's families (or those of one class, or the given ones) with their phones and
 * live code, ordered by name. `joined: false` keeps only families with no working phone.
 */
export async function familiesJoinState(
  db: Db,
  schoolId: string,
  now: Date,
  filter: { classId?: string; familyIds?: string[]; joined?: boolean } = {},
): Promise<FamilyJoinState[]> {
  if (filter.familyIds && filter.familyIds.length === 0) return [];
  let q = db
    .selectFrom('families')
    .select(['families.id', 'families.name', 'families.phone', 'families.home_language'])
    .where('families.school_id', '=', schoolId);
  if (filter.familyIds) q = q.where('families.id', 'in', filter.familyIds);
  if (filter.classId) {
    const classId = filter.classId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('family_pupils')
          .innerJoin('pupils', 'pupils.id', 'family_pupils.pupil_id')
          .select('family_pupils.pupil_id')
          .whereRef('family_pupils.family_id', '=', 'families.id')
          .where('pupils.class_id', '=', classId),
      ),
    );
  }
  const families = await q.orderBy('families.name').orderBy('families.id').execute();
  if (families.length === 0) return [];
  const ids = families.map((f) => f.id);
  const [devices, codes, children] = await Promise.all([
    db
      .selectFrom('devices')
      .select(['family_id', 'last_seen_at', 'revoked_at', 'created_at'])
      .where('family_id', 'in', ids)
      .execute(),
    db
      .selectFrom('join_codes')
      .selectAll()
      .where('family_id', 'in', ids)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .orderBy('expires_at')
      .execute(),
    db
      .selectFrom('family_pupils')
      .innerJoin('pupils', 'pupils.id', 'family_pupils.pupil_id')
      .innerJoin('classes', 'classes.id', 'pupils.class_id')
      .select([
        'family_pupils.family_id',
        'pupils.id',
        'pupils.display_name',
        'pupils.class_id',
        'classes.name as class_name',
      ])
      .where('family_pupils.family_id', 'in', ids)
      .orderBy('pupils.display_name')
      .execute(),
  ]);
  const out = families.map((f): FamilyJoinState => {
    const own = devices.filter((d) => d.family_id === f.id && d.revoked_at === null);
    const seen = own
      .map((d) => d.last_seen_at ?? d.created_at)
      .toSorted()
      .at(-1);
    return {
      id: f.id,
      name: f.name,
      phone: f.phone,
      homeLanguage: f.home_language,
      activeDevices: own.length,
      lastSeenAt: seen ?? null,
      // Ordered by expiry: the last is the one that works longest.
      code: codes.filter((c) => c.family_id === f.id).at(-1) ?? null,
      children: children
        .filter((c) => c.family_id === f.id)
        .map((c) => ({
          id: c.id,
          displayName: c.display_name,
          classId: c.class_id,
          className: c.class_name,
        })),
    };
  });
  if (filter.joined === undefined) return out;
  return out.filter((f) => f.activeDevices > 0 === filter.joined);
}

/**
 * What each letter needs: the families with a code that works for at least `minDays`
 * more days, issuing one where there is none, in one transaction (so a letter never
 * shows a code that was not stored).
 */
export async function ensureLetterCodes(
  db: Db,
  families: FamilyJoinState[],
  now: Date,
  minDays = 7,
  hours = defaultCodeHours,
): Promise<FamilyJoinState[]> {
  const cutoff = new Date(now.getTime() + minDays * 86_400_000).toISOString();
  const need = families.filter((f) => !f.code || f.code.expires_at < cutoff);
  if (need.length === 0) return families;
  const issued = await db.transaction().execute(async (trx) => {
    const made = new Map<string, JoinCodeRow>();
    for (const f of need) made.set(f.id, await issueJoinCode(trx, f.id, now, hours));
    return made;
  });
  return families.map((f) => ({ ...f, code: issued.get(f.id) ?? f.code }));
}
