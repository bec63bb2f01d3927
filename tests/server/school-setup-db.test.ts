// The repositories behind setting up a school: join codes (reissue, who has not joined,
// codes for letters) and staff invites (one use, expiry, a newer invite replaces an older).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvite, findInvite, insertInvite } from '../../src/server/db/invites.ts';
import {
  ensureLetterCodes,
  familiesJoinState,
  issueJoinCode,
  reissueJoinCode,
} from '../../src/server/db/join-codes.ts';
import { createSchool } from '../../src/server/db/schools.ts';
import { hashPassword, verifyPassword } from '../../src/server/lib/crypto.ts';
import { join_, startApp, type TestApp } from './helpers.ts';
import { secondSchool } from './second-school.ts';

let t: TestApp;
let schoolId: string;
let novakId: string;
beforeAll(async () => {
  t = await startApp();
  schoolId = (await t.app.db.selectFrom('schools').select('id').executeTakeFirstOrThrow()).id;
  novakId = (
    await t.app.db
      .selectFrom('families')
      .select('id')
      .where('name', '=', 'Novak family')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t.close());
const now = () => t.app.now();

describe('join codes', () => {
  it('lists the families that have not joined, and drops them once a phone joins', async () => {
    const before = await familiesJoinState(t.app.db, schoolId, now(), { joined: false });
    expect(before.map((f) => f.name)).toEqual(['Khan family', 'Novak family']);
    expect(before[0]!.children.map((c) => c.displayName)).toEqual(['Amira', 'Yusuf']);
    expect(before[1]!.code).toBeNull();
    await join_(t.app, t.demo.joinCode);
    const after = await familiesJoinState(t.app.db, schoolId, now(), { joined: false });
    expect(after.map((f) => f.name)).toEqual(['Novak family']);
    const joined = await familiesJoinState(t.app.db, schoolId, now(), { joined: true });
    expect(joined[0]).toMatchObject({ name: 'Khan family', activeDevices: 1 });
    expect(joined[0]!.lastSeenAt).not.toBeNull();
  });

  it('reissues a code: the old one stops working, the new one joins', async () => {
    const old = await issueJoinCode(t.app.db, novakId, now());
    const fresh = await reissueJoinCode(t.app.db, novakId, now());
    expect(fresh.code).not.toBe(old.code);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/join',
      payload: { code: old.code },
    });
    expect(refused.statusCode).toBe(410);
    expect(refused.json().error.code).toBe('join_code_revoked');
    const [state] = await familiesJoinState(t.app.db, schoolId, now(), { familyIds: [novakId] });
    expect(state!.code?.code).toBe(fresh.code);
    await join_(t.app, fresh.code);
  });

  it('gives every letter a code that works for at least a week, issuing only where needed', async () => {
    const elm = await secondSchool(t, 'Letterfield');
    const short = await issueJoinCode(t.app.db, elm.familyId, now(), 24);
    const states = await familiesJoinState(t.app.db, elm.schoolId, now());
    const live = states[0]!.code!;
    expect(live.code).not.toBe(short.code); // the code secondSchool issued works longer
    const letters = await ensureLetterCodes(t.app.db, states, now());
    expect(letters[0]!.code!.code).toBe(live.code);
    const soon = await ensureLetterCodes(t.app.db, states, now(), 20);
    expect(soon[0]!.code!.code).not.toBe(live.code);
    const stored = await t.app.db
      .selectFrom('join_codes')
      .select('code')
      .where('code', '=', soon[0]!.code!.code)
      .execute();
    expect(stored).toHaveLength(1);
    // Another school's families are never in this school's lists.
    const ours = await familiesJoinState(t.app.db, schoolId, now(), { familyIds: [elm.familyId] });
    expect(ours).toEqual([]);
  });
});

describe('staff invites', () => {
  it('works once, then says it was used; the member signs in with the password they chose', async () => {
    const made = await createSchool(
      t.app.db,
      { name: 'Invite Primary', adminEmail: 'head@invite.example' },
      now(),
    );
    expect(await findInvite(t.app.db, made.token, now())).toMatchObject({
      state: 'valid',
      invite: { schoolName: 'Invite Primary', email: 'head@invite.example', role: 'admin' },
    });
    const hash = await hashPassword('correct horse battery');
    expect(
      await acceptInvite(t.app.db, made.token, { name: 'Ms Head', passwordHash: hash }, now()),
    ).toEqual({ ok: true, staffId: made.staffId });
    expect(
      await acceptInvite(t.app.db, made.token, { name: 'X', passwordHash: hash }, now()),
    ).toEqual({ ok: false, state: 'used' });
    expect((await findInvite(t.app.db, made.token, now())).state).toBe('used');
    const staff = await t.app.db
      .selectFrom('staff')
      .selectAll()
      .where('id', '=', made.staffId)
      .executeTakeFirstOrThrow();
    expect(staff.name).toBe('Ms Head');
    expect(await verifyPassword('correct horse battery', staff.password_hash)).toBe(true);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      payload: { email: 'head@invite.example', password: 'correct horse battery' },
    });
    expect(signIn.statusCode).toBe(200);
  });

  it('says when a link is wrong, expired, or replaced by a newer one; none of them set a password', async () => {
    expect((await findInvite(t.app.db, 'no-such-token', now())).state).toBe('unknown');
    const made = await createSchool(
      t.app.db,
      { name: 'Late Primary', adminEmail: 'head@late.example', validDays: 1 },
      now(),
    );
    const later = new Date(now().getTime() + 2 * 86_400_000);
    expect((await findInvite(t.app.db, made.token, later)).state).toBe('expired');
    expect(
      await acceptInvite(t.app.db, made.token, { name: 'X', passwordHash: 'x' }, later),
    ).toEqual({ ok: false, state: 'expired' });
    const again = await insertInvite(
      t.app.db,
      { schoolId: made.schoolId, staffId: made.staffId, createdBy: null },
      now(),
    );
    expect((await findInvite(t.app.db, made.token, now())).state).toBe('revoked');
    expect((await findInvite(t.app.db, again.token, now())).state).toBe('valid');
    // Before the link is used, no password signs in.
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      payload: { email: 'head@late.example', password: '' },
    });
    expect(signIn.statusCode).toBe(400);
    const guess = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      payload: { email: 'head@late.example', password: 'anything at all' },
    });
    expect(guess.statusCode).toBe(401);
  });
});
