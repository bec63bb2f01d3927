// The contact log: who tried to reach which family, when, how and with what outcome.
// Staff of the family's children's classes and the school's leaders read it; the
// safeguarding flag is set and read only by those the caller says may (the DSL and
// admins): for everyone else an entry comes without it.
import { v7 as uuidv7 } from 'uuid';
import type { Db } from './database.ts';
import type { ContactLogRow, ContactMethod } from './schema.ts';

export const contactMethods = ['phone', 'message', 'visit'] as const satisfies ContactMethod[];
export const contactOutcomes = ['reached', 'no_answer', 'left_message', 'other'] as const;
export type ContactOutcome = (typeof contactOutcomes)[number];

export type ContactEntry = {
  id: string;
  familyId: string;
  familyName: string;
  pupilId: string | null;
  staffName: string;
  at: string;
  method: ContactMethod;
  outcome: ContactOutcome;
  note: string;
  createdAt: string;
  /** Only for those who may see it; absent for everyone else. */
  safeguarding?: { flagged: boolean; by: string | null; at: string | null };
};

const toEntry = (
  r: ContactLogRow & { family_name: string },
  withSafeguarding: boolean,
): ContactEntry => ({
  id: r.id,
  familyId: r.family_id,
  familyName: r.family_name,
  pupilId: r.pupil_id,
  staffName: r.staff_name,
  at: r.at,
  method: r.method,
  outcome: r.outcome as ContactOutcome,
  note: r.note,
  createdAt: r.created_at,
  ...(withSafeguarding
    ? {
        safeguarding: {
          flagged: r.safeguarding === 1,
          by: r.safeguarding_by,
          at: r.safeguarding_at,
        },
      }
    : {}),
});

export async function addContact(
  db: Db,
  input: {
    schoolId: string;
    familyId: string;
    pupilId: string | null;
    staff: { id: string; name: string };
    at: string;
    method: ContactMethod;
    outcome: ContactOutcome;
    note: string;
    now: Date;
  },
): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('contact_log')
    .values({
      id,
      school_id: input.schoolId,
      family_id: input.familyId,
      pupil_id: input.pupilId,
      staff_id: input.staff.id,
      staff_name: input.staff.name,
      at: input.at,
      method: input.method,
      outcome: input.outcome,
      note: input.note,
      safeguarding: 0,
      created_at: input.now.toISOString(),
    })
    .execute();
  return id;
}

/**
 * Entries of the school, newest first: those about families of children in `classIds`
 * (all of the school's when null), or of one family, between two instants when given.
 */
export async function contactEntries(
  db: Db,
  filter: {
    schoolId: string;
    classIds: string[] | null;
    familyId?: string;
    id?: string;
    from?: string;
    to?: string;
    limit: number;
  },
  withSafeguarding: boolean,
): Promise<ContactEntry[]> {
  if (filter.classIds?.length === 0) return [];
  let q = db
    .selectFrom('contact_log as l')
    .innerJoin('families as f', 'f.id', 'l.family_id')
    .selectAll('l')
    .select('f.name as family_name')
    .where('l.school_id', '=', filter.schoolId);
  if (filter.classIds) {
    q = q.where('l.family_id', 'in', (eb) =>
      eb
        .selectFrom('family_pupils as fp')
        .innerJoin('pupils as p', 'p.id', 'fp.pupil_id')
        .select('fp.family_id')
        .where('p.class_id', 'in', filter.classIds as string[]),
    );
  }
  if (filter.familyId) q = q.where('l.family_id', '=', filter.familyId);
  if (filter.id) q = q.where('l.id', '=', filter.id);
  if (filter.from) q = q.where('l.at', '>=', filter.from);
  if (filter.to) q = q.where('l.at', '<', filter.to);
  const rows = await q
    .orderBy('l.at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map((r) => toEntry(r, withSafeguarding));
}

export async function setSafeguarding(
  db: Db,
  input: { schoolId: string; id: string; flagged: boolean; staffId: string; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('contact_log')
    .set({
      safeguarding: input.flagged ? 1 : 0,
      safeguarding_by: input.flagged ? input.staffId : null,
      safeguarding_at: input.flagged ? input.now.toISOString() : null,
    })
    .where('id', '=', input.id)
    .where('school_id', '=', input.schoolId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
