// Staff sessions on a controlled clock: 30 minutes idle ends one, 12 hours end it however
// busy, each with its own answer; changing a password needs the current one and ends the
// member's other sessions; a deactivated member is signed out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffIdleMinutes, staffPasswordMinLength } from '../../src/shared/staff/session.ts';
import { signIn, startApp, type TestApp } from './helpers.ts';

const start = new Date('2026-11-25T08:00:00Z');
let clock = start;
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);
let t: TestApp;
beforeAll(async () => {
  const many = { max: 10_000, timeWindowMs: 60_000 };
  t = await startApp({ now: () => clock, rateLimit: { signIn: many } });
});
afterAll(() => t.close());

const teacher = () => t.demo.staff.find((s) => s.role === 'teacher')!;
const me = (cookie: string) =>
  t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: { cookie } });

describe('a staff session', () => {
  it('ends after 30 minutes without a request, and says so', async () => {
    clock = start;
    const { cookie } = await signIn(t.app, teacher().email, teacher().password);
    clock = minutes(29);
    expect((await me(cookie)).statusCode).toBe(200);
    // Idle counts from the last request: 29 + 29 minutes is still alive.
    clock = minutes(58);
    expect((await me(cookie)).statusCode).toBe(200);
    clock = minutes(58 + staffIdleMinutes);
    const ended = await me(cookie);
    expect(ended.statusCode).toBe(401);
    expect(ended.json().error).toMatchObject({
      code: 'session_expired',
      message: expect.stringMatching(/30 minutes/),
    });
    // And stays ended when activity resumes.
    clock = minutes(58 + staffIdleMinutes + 1);
    expect((await me(cookie)).json().error.code).toBe('session_expired');
  });

  it('ends 12 hours after signing in, however busy', async () => {
    clock = start;
    const { cookie } = await signIn(t.app, teacher().email, teacher().password);
    const body = (await me(cookie)).json();
    expect(body.session).toEqual({ expiresAt: minutes(12 * 60).toISOString(), idleMinutes: 30 });
    for (let m = 20; m < 12 * 60; m += 20) {
      clock = minutes(m);
      expect((await me(cookie)).statusCode).toBe(200);
    }
    clock = minutes(12 * 60);
    const ended = await me(cookie);
    expect(ended.statusCode).toBe(401);
    expect(ended.json().error).toMatchObject({
      code: 'session_expired',
      message: expect.stringMatching(/12 hours/),
    });
  });

  it('tells a wrong password from an ended session from no session at all', async () => {
    clock = start;
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      payload: { email: teacher().email, password: 'not it at all' },
    });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([401, 'sign_in_failed']);
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/staff/me' });
    expect([none.statusCode, none.json().error.code]).toEqual([401, 'unauthorized']);
    const unknown = await me('hw_staff=made-up-token');
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([401, 'unauthorized']);
  });

  it('signs out: the cookie stops working at once', async () => {
    clock = start;
    const { cookie } = await signIn(t.app, teacher().email, teacher().password);
    const out = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/staff/session',
      headers: { cookie },
    });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'hw_staff')?.value).toBe('');
    expect((await me(cookie)).json().error.code).toBe('unauthorized');
  });
});

describe('changing a password', () => {
  it('needs the current password and a long enough new one; then only the new one works', async () => {
    clock = start;
    const s = t.demo.staff.find((x) => x.role === 'dsl')!;
    const here = await signIn(t.app, s.email, s.password);
    const elsewhere = await signIn(t.app, s.email, s.password);
    const change = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/password',
        headers: { cookie: here.cookie },
        payload,
      });

    const wrongCurrent = await change({
      currentPassword: 'wrong',
      newPassword: 'horse battery staple',
    });
    expect([wrongCurrent.statusCode, wrongCurrent.json().error.code]).toEqual([
      400,
      'wrong_password',
    ]);
    expect(wrongCurrent.json().error.details).toEqual({ field: 'currentPassword' });
    const short = await change({
      currentPassword: s.password,
      newPassword: 'x'.repeat(staffPasswordMinLength - 1),
    });
    expect([short.statusCode, short.json().error.message]).toEqual([
      400,
      expect.stringMatching(/newPassword/),
    ]);
    const same = await change({ currentPassword: s.password, newPassword: s.password });
    expect(same.statusCode).toBe(400);

    const done = await change({ currentPassword: s.password, newPassword: 'horse battery staple' });
    expect(done.statusCode).toBe(204);
    // This session goes on; the member's other sessions end (a stolen one among them).
    expect((await me(here.cookie)).statusCode).toBe(200);
    expect((await me(elsewhere.cookie)).statusCode).toBe(401);
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      payload: { email: s.email, password: s.password },
    });
    expect(old.statusCode).toBe(401);
    await signIn(t.app, s.email, 'horse battery staple');
  });
});

describe('a member who left', () => {
  it('cannot sign in, and their open sessions stop working', async () => {
    clock = start;
    const s = t.demo.staff.find((x) => x.role === 'senco')!;
    const { cookie } = await signIn(t.app, s.email, s.password);
    await t.app.db
      .updateTable('staff')
      .set({ deactivated_at: start.toISOString() })
      .where('email', '=', s.email)
      .execute();
    expect((await me(cookie)).statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      payload: { email: s.email, password: s.password },
    });
    expect(again.json().error.code).toBe('sign_in_failed');
  });
});

describe('the sign-in limit', () => {
  it('is kept: too many tries from one address are 429', async () => {
    const limited = await startApp({
      now: () => clock,
      rateLimit: { signIn: { max: 3, timeWindowMs: 60_000 } },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/v1/staff/session',
          payload: { email: 'nobody@example.org', password: 'guess' },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});
