// One-time links that make a member of staff. Inviting makes the staff row at once (no
// password yet: no scrypt hash matches an empty one), so classes can be assigned and the
// invite deactivated like any member; the link sets the name and password once. Only the
// token's sha256 is stored.
import { v7 as uuid } from 'uuid';
import type { Transaction } from 'kysely';
import { newToken, sha256 } from '../lib/crypto.ts';
import type { Db } from './database.ts';
import type { Database } from './schema.ts';

export const inviteValidDays = 7;
/** The path of an invite link. The token rides in the fragment: no server log, proxy or Referer sees it. */
export const invitePath = (token: string) => `/staff/invite#${token}`;

type Executor = Db | Transaction<Database>;

/** Stores a new invite for the member (their earlier unused ones stop working); returns the token. */
export async function insertInvite(
  db: Executor,
  invite: { schoolId: string; staffId: string; createdBy: string | null; validDays?: number },
  now: Date,
): Promise<{ token: string; expiresAt: string }> {
  const token = newToken();
  const at = now.toISOString();
  const expiresAt = new Date(
    now.getTime() + (invite.validDays ?? inviteValidDays) * 86_400_000,
  ).toISOString();
  await db
    .updateTable('staff_invites')
    .set({ revoked_at: at })
    .where('staff_id', '=', invite.staffId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  await db
    .insertInto('staff_invites')
    .values({
      id: uuid(),
      school_id: invite.schoolId,
      staff_id: invite.staffId,
      token_hash: sha256(token),
      created_by: invite.createdBy,
      created_at: at,
      expires_at: expiresAt,
      used_at: null,
      revoked_at: null,
    })
    .execute();
  return { token, expiresAt };
}

export type InviteState = 'valid' | 'used' | 'expired' | 'revoked' | 'unknown';

export type FoundInvite = {
  state: InviteState;
  invite?: {
    id: string;
    staffId: string;
    schoolId: string;
    schoolName: string;
    email: string;
    name: string;
    role: string;
    expiresAt: string;
  };
};

/** What a link's token is: a valid invite (with whom it makes), or why it no longer works. */
export async function findInvite(db: Executor, token: string, now: Date): Promise<FoundInvite> {
  const row = await db
    .selectFrom('staff_invites as i')
    .innerJoin('staff as s', 's.id', 'i.staff_id')
    .innerJoin('schools as sc', 'sc.id', 'i.school_id')
    .select([
      'i.id',
      'i.staff_id',
      'i.school_id',
      'i.expires_at',
      'i.used_at',
      'i.revoked_at',
      'sc.name as school_name',
      's.email',
      's.name',
      's.role',
    ])
    .where('i.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row) return { state: 'unknown' };
  const invite = {
    id: row.id,
    staffId: row.staff_id,
    schoolId: row.school_id,
    schoolName: row.school_name,
    email: row.email,
    name: row.name,
    role: row.role,
    expiresAt: row.expires_at,
  };
  if (row.used_at) return { state: 'used', invite };
  if (row.revoked_at) return { state: 'revoked', invite };
  if (row.expires_at <= now.toISOString()) return { state: 'expired', invite };
  return { state: 'valid', invite };
}

/**
 * Uses the link once: sets the member's name and password hash. Returns the staff id, or
 * the reason it cannot be used (checked again inside the transaction, so two tabs cannot
 * both use one link).
 */
export async function acceptInvite(
  db: Db,
  token: string,
  input: { name: string; passwordHash: string },
  now: Date,
): Promise<{ ok: true; staffId: string } | { ok: false; state: InviteState }> {
  return db.transaction().execute(async (trx) => {
    const found = await findInvite(trx, token, now);
    if (found.state !== 'valid' || !found.invite) return { ok: false, state: found.state };
    const at = now.toISOString();
    await trx
      .updateTable('staff_invites')
      .set({ used_at: at })
      .where('id', '=', found.invite.id)
      .execute();
    await trx
      .updateTable('staff')
      .set({ name: input.name, password_hash: input.passwordHash })
      .where('id', '=', found.invite.staffId)
      .execute();
    return { ok: true, staffId: found.invite.staffId };
  });
}
