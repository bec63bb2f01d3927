import { afterEach, describe, expect, it } from 'vitest';
import { bearer, join_, signIn, startApp, type TestApp } from './helpers.ts';

describe('joining a family with a code', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('exchanges a valid code for a token that works', async () => {
    t = await startApp();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/join',
      payload: { code: t.demo.joinCode, deviceName: 'Mum’s phone' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ familyId: t.demo.familyId, familyName: 'Khan family' });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const sync = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sync',
      headers: bearer(body.token),
    });
    expect(sync.statusCode).toBe(200);
    // The token itself is never stored.
    const stored = await t.app.db.selectFrom('devices').select('token_hash').execute();
    expect(stored.map((d) => d.token_hash)).not.toContain(body.token);
  });

  it('accepts what people type: lower case, spaces and dashes; and the code is multi-use', async () => {
    t = await startApp();
    const c = t.demo.joinCode.toLowerCase();
    const a = await join_(t.app, `${c.slice(0, 4)}-${c.slice(4)}`);
    const b = await join_(t.app, ` ${c.slice(0, 4)} ${c.slice(4)} `);
    expect(a.familyId).toBe(t.demo.familyId);
    expect(b.deviceId).not.toBe(a.deviceId);
  });

  it('says which way a code is wrong: invalid, expired, revoked', async () => {
    let clock = new Date();
    t = await startApp({ now: () => clock });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/join',
      payload: { code: 'ZZZZZZZZ' },
    });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().error.code).toBe('join_code_invalid');

    const admin = t.demo.staff.find((s) => s.role === 'admin')!;
    const { cookie } = await signIn(t.app, admin.email, admin.password);
    const issued = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/families/${t.demo.familyId}/join-codes`,
      headers: { cookie },
      payload: { validForHours: 1 },
    });
    expect(issued.statusCode).toBe(201);
    const { code, joinPath } = issued.json().joinCode;
    expect(joinPath).toBe(`/join/${code}`);
    await join_(t.app, code);

    clock = new Date(clock.getTime() + 2 * 3_600_000);
    const expired = await t.app.inject({ method: 'POST', url: '/api/v1/join', payload: { code } });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('join_code_expired');

    // Two hours on, the admin's session has ended (30 minutes idle): sign in again.
    const again = await signIn(t.app, admin.email, admin.password);
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/staff/join-codes/${t.demo.joinCode}`,
      headers: { cookie: again.cookie },
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().joinCode.revokedAt).not.toBeNull();
    const revoked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/join',
      payload: { code: t.demo.joinCode },
    });
    expect(revoked.statusCode).toBe(410);
    expect(revoked.json().error.code).toBe('join_code_revoked');
  });

  it('stops guessing: wrong codes from one address are limited (429 with Retry-After)', async () => {
    t = await startApp({ rateLimit: { joinFailures: { max: 3, timeWindowMs: 60_000 } } });
    const codes = ['AAAAAAAA', 'BBBBBBBB', 'CCCCCCCC'];
    for (const code of codes) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/join', payload: { code } });
      expect(res.statusCode).toBe(404);
    }
    // Even the right code is refused while the address is blocked.
    const blocked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/join',
      payload: { code: t.demo.joinCode },
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits all join attempts per minute', async () => {
    t = await startApp({ rateLimit: { join: { max: 2, timeWindowMs: 60_000 } } });
    await join_(t.app, t.demo.joinCode);
    await join_(t.app, t.demo.joinCode);
    const third = await t.app.inject({
      method: 'POST',
      url: '/api/v1/join',
      payload: { code: t.demo.joinCode },
    });
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('rate_limited');
    expect(third.headers['retry-after']).toBeDefined();
  });
});

describe('devices', () => {
  it('a revoked phone gets 401 device_revoked; an unknown token 401 unauthorized', async () => {
    const t = await startApp();
    try {
      const phone = await join_(t.app, t.demo.joinCode, 'Old phone');
      const teacher = t.demo.staff.find((s) => s.role === 'teacher')!;
      const { cookie } = await signIn(t.app, teacher.email, teacher.password);
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/v1/staff/families/${t.demo.familyId}/devices`,
        headers: { cookie },
      });
      expect(list.json().devices).toEqual([
        expect.objectContaining({ id: phone.deviceId, name: 'Old phone', revokedAt: null }),
      ]);
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/staff/devices/${phone.deviceId}`,
        headers: { cookie },
      });
      expect(del.statusCode).toBe(200);
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/sync',
        headers: bearer(phone.token),
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('device_revoked');
      const unknown = await t.app.inject({
        method: 'GET',
        url: '/api/v1/sync',
        headers: bearer('nope'),
      });
      expect(unknown.json().error.code).toBe('unauthorized');
      const none = await t.app.inject({ method: 'GET', url: '/api/v1/sync' });
      expect(none.statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});
