import { afterEach, describe, expect, it } from 'vitest';
import { bearer, join_, signIn, startApp, type TestApp } from './helpers.ts';
import { secondSchool } from './second-school.ts';

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

  it('accepts full-width letters and Arabic or Urdu keyboards’ digits as the code they are', async () => {
    t = await startApp();
    // A code with every digit codes use (the demo's is random and may have none).
    const code = 'KH234567';
    await t.app.db
      .insertInto('join_codes')
      .values({
        code,
        family_id: t.demo.familyId,
        expires_at: '2999-01-01T00:00:00.000Z',
        revoked_at: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    const fullWidth = [...code]
      .map((c) => String.fromCharCode(c.charCodeAt(0) - 0x20 + 0xff00))
      .join('');
    const arabic = code.replace(/[2-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    const urdu = code.replace(/[2-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
    expect(arabic).toBe('KH٢٣٤٥٦٧');
    expect(urdu).toBe('KH۲۳۴۵۶۷');
    for (const typed of [fullWidth, arabic, urdu, `${code.slice(0, 4)}\u2013${code.slice(4)}`]) {
      expect((await join_(t.app, typed)).familyId).toBe(t.demo.familyId);
    }
  });

  it('names the family and only its own children in the answer, for the welcome', async () => {
    t = await startApp();
    const other = await secondSchool(t);
    const joined = await t.app.inject({
      method: 'POST',
      url: '/api/v1/join',
      payload: { code: t.demo.joinCode },
    });
    const body = joined.json();
    expect(body.familyName).toBe('Khan family');
    const names = body.children.map((c: { displayName: string }) => c.displayName);
    expect(names).toEqual(['Amira', 'Yusuf']);
    expect(body.children.map((c: { id: string }) => c.id)).not.toContain(other.pupilId);
  });

  it('says what is wrong with a code of the wrong shape, and does not count it as a guess', async () => {
    t = await startApp({ rateLimit: { joinFailures: { max: 2, timeWindowMs: 60_000 } } });
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/v1/join',
      payload: { code: 'abcd-234' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toMatchObject({
      code: 'join_code_length',
      details: { length: 7, expected: 8 },
    });
    const lookAlikes = await t.app.inject({
      method: 'POST',
      url: '/api/v1/join',
      payload: { code: 'AB0O-1ILZ' },
    });
    expect(lookAlikes.statusCode).toBe(400);
    expect(lookAlikes.json().error).toMatchObject({
      code: 'join_code_characters',
      details: { characters: ['0', 'O', '1', 'I', 'L'] },
    });
    expect(lookAlikes.json().error.message).toContain('“O”');
    // Three malformed codes, over the limit of two wrong guesses: the right code still works.
    await t.app.inject({ method: 'POST', url: '/api/v1/join', payload: { code: 'x' } });
    expect((await join_(t.app, t.demo.joinCode)).familyId).toBe(t.demo.familyId);
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
