// A new school and its first admin (`npm run create-school`), and the one-time links that
// make members of staff. An invite's token is shown once, in the link; only its sha256 is
// stored, so the database (or a backup of it) cannot be used to sign in.
import { v7 as uuid } from 'uuid';
import type { Db } from './database.ts';
import { insertInvite, inviteValidDays } from './invites.ts';

export { invitePath } from './invites.ts';

export class SchoolSetupError extends Error {}

export function isTimeZone(zone: string): boolean {
  try {
    const resolved = new Intl.DateTimeFormat('en-GB', { timeZone: zone }).resolvedOptions();
    return resolved.timeZone !== undefined && (zone.includes('/') || zone === 'UTC');
  } catch {
    return false;
  }
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type NewSchool = {
  name: string;
  adminEmail: string;
  adminName?: string | undefined;
  timeZone?: string | undefined;
  validDays?: number | undefined;
};

export type CreatedSchool = {
  schoolId: string;
  staffId: string;
  /** The one-time token of the admin's sign-in link: shown once, never stored. */
  token: string;
  expiresAt: string;
};

export async function createSchool(db: Db, input: NewSchool, now: Date): Promise<CreatedSchool> {
  const name = input.name.trim();
  const email = input.adminEmail.trim().toLowerCase();
  const timeZone = input.timeZone?.trim() || 'Europe/London';
  const validDays = input.validDays ?? inviteValidDays;
  if (!name || name.length > 120)
    throw new SchoolSetupError('Give the school a name (at most 120 characters).');
  if (!emailPattern.test(email))
    throw new SchoolSetupError(`"${input.adminEmail}" is not an email address.`);
  if (!isTimeZone(timeZone)) {
    throw new SchoolSetupError(`"${timeZone}" is not a time zone; use one like Europe/London.`);
  }
  if (!Number.isInteger(validDays) || validDays < 1 || validDays > 30) {
    throw new SchoolSetupError('The link can be valid for 1 to 30 days.');
  }
  const at = now.toISOString();
  const schoolId = uuid();
  const staffId = uuid();
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('staff')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst();
    if (taken) throw new SchoolSetupError(`${email} is already a member of staff on this server.`);
    await trx
      .insertInto('schools')
      .values({
        id: schoolId,
        name,
        contact_hours: '',
        contacts: '[]',
        time_zone: timeZone,
        updated_at: at,
      })
      .execute();
    await trx
      .insertInto('staff')
      .values({
        id: staffId,
        school_id: schoolId,
        email,
        name: input.adminName?.trim() || email.split('@')[0] || email,
        role: 'admin',
        // No password until the link is used: no scrypt hash matches an empty string.
        password_hash: '',
        created_at: at,
      })
      .execute();
    const { token, expiresAt } = await insertInvite(
      trx,
      { schoolId, staffId, createdBy: null, validDays },
      now,
    );
    return { schoolId, staffId, token, expiresAt };
  });
}
