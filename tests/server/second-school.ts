// A second school beside the demo one, for tests that must show another school is
// refused: the school, one class with one child, an admin signed in, and a family of that
// child with a joined phone. Each call makes a new school (pass another name for a third).
import { v7 as uuid } from 'uuid';
import { hashPassword } from '../../src/server/lib/crypto.ts';
import { join_, signIn, type TestApp } from './helpers.ts';

export type SecondSchool = {
  schoolId: string;
  classId: string;
  pupilId: string;
  familyId: string;
  /** The admin's staff cookie. */
  cookie: string;
  /** A phone of the family, joined with a code the admin issued. */
  token: string;
};

export async function secondSchool(t: TestApp, name = 'Elm'): Promise<SecondSchool> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const schoolId = uuid();
  const classId = uuid();
  const pupilId = uuid();
  const familyId = uuid();
  const email = `head@${slug}.example.org`;
  const password = `${slug}-school-pass`;
  const passwordHash = await hashPassword(password);
  await t.app.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('schools')
      .values({
        id: schoolId,
        name,
        contact_hours: '',
        contacts: '[]',
        time_zone: 'Europe/London',
        updated_at: '',
      })
      .execute();
    await trx
      .insertInto('classes')
      .values({ id: classId, school_id: schoolId, name: `${name} 1`, updated_at: '' })
      .execute();
    await trx
      .insertInto('pupils')
      .values({
        id: pupilId,
        class_id: classId,
        display_name: `${name} child`,
        key_stage: 'KS2',
        visual_support: 0,
        updated_at: '',
      })
      .execute();
    await trx
      .insertInto('families')
      .values({
        id: familyId,
        school_id: schoolId,
        name: `${name} family`,
        scope_version: 1,
        created_at: '',
      })
      .execute();
    await trx
      .insertInto('family_pupils')
      .values({ family_id: familyId, pupil_id: pupilId })
      .execute();
    await trx
      .insertInto('staff')
      .values({
        id: uuid(),
        school_id: schoolId,
        email,
        name: 'Head',
        role: 'admin',
        password_hash: passwordHash,
        created_at: '',
      })
      .execute();
  });
  const { cookie } = await signIn(t.app, email, password);
  const code = await t.app.inject({
    method: 'POST',
    url: `/api/v1/staff/families/${familyId}/join-codes`,
    headers: { cookie },
    payload: {},
  });
  if (code.statusCode !== 201) throw new Error(`join code: ${code.statusCode} ${code.body}`);
  const { token } = await join_(t.app, code.json().joinCode.code);
  return { schoolId, classId, pupilId, familyId, cookie, token };
}
