// Staff members and their sessions: the queries behind signing in and out, the session
// check of every staff request (plugins/auth.ts) and changing a password.
import type { Db } from './database.ts';

export async function findSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('staff_sessions as ss')
    .innerJoin('staff', 'staff.id', 'ss.staff_id')
    .select([
      'staff.id',
      'staff.school_id',
      'staff.name',
      'staff.email',
      'staff.role',
      'staff.deactivated_at',
      'ss.expires_at',
      'ss.created_at',
      'ss.last_seen_at',
    ])
    .where('ss.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchSession(db: Db, tokenHash: string, at: string): Promise<void> {
  await db
    .updateTable('staff_sessions')
    .set({ last_seen_at: at })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function findStaffByEmail(db: Db, email: string) {
  return db
    .selectFrom('staff')
    .selectAll()
    .where('email', '=', email)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
}

export async function passwordHashOf(db: Db, staffId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('staff')
    .select('password_hash')
    .where('id', '=', staffId)
    .executeTakeFirst();
  return row?.password_hash;
}

/** A new session; sessions that ended (at their absolute end) are cleared on the way. */
export async function startSession(
  db: Db,
  s: { tokenHash: string; staffId: string; now: Date; expiresAt: Date },
): Promise<void> {
  const at = s.now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('staff_sessions').where('expires_at', '<=', at).execute();
    await trx
      .insertInto('staff_sessions')
      .values({
        token_hash: s.tokenHash,
        staff_id: s.staffId,
        expires_at: s.expiresAt.toISOString(),
        created_at: at,
        last_seen_at: at,
      })
      .execute();
  });
}

export async function endSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
}

/** The new hash; every other session of the member ends (a stolen session stops working). */
export async function changePassword(
  db: Db,
  staffId: string,
  passwordHash: string,
  keepTokenHash: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('staff')
      .set({ password_hash: passwordHash })
      .where('id', '=', staffId)
      .execute();
    await trx
      .deleteFrom('staff_sessions')
      .where('staff_id', '=', staffId)
      .where('token_hash', '!=', keepTokenHash)
      .execute();
  });
}

export async function schoolOf(db: Db, schoolId: string) {
  return db
    .selectFrom('schools')
    .select(['id', 'name'])
    .where('id', '=', schoolId)
    .executeTakeFirstOrThrow();
}
