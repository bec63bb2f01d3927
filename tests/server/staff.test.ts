import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startApp, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp({ secureCookies: true });
});
afterAll(() => t.close());

describe('staff sign-in', () => {
  it('refuses a wrong password and an unknown email alike', async () => {
    const teacher = t.demo.staff[0]!;
    for (const payload of [
      { email: teacher.email, password: 'wrong password' },
      { email: 'nobody@oakfield.example.org', password: teacher.password },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/session', payload });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('sign_in_failed');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('sets an httpOnly, SameSite=Strict, /api cookie and signs out', async () => {
    const admin = t.demo.staff.find((s) => s.role === 'admin')!;
    const { cookie, raw } = await signIn(t.app, admin.email.toUpperCase(), admin.password);
    expect(raw).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api', secure: true });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: { cookie } });
    expect(me.json().staff).toMatchObject({ email: admin.email, role: 'admin' });
    const out = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/staff/session',
      headers: { cookie },
    });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/me',
      headers: { cookie },
    });
    expect(after.statusCode).toBe(401);
  });

  it('needs a session for every staff route', async () => {
    for (const url of ['/api/v1/staff/me', '/api/v1/staff/classes', '/api/v1/staff/families']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthorized');
    }
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/timetable-sessions/${uuid()}`,
      payload: {},
    });
    expect(res.statusCode).toBe(401);
  });

  it('rejects form posts (CSRF): state changes must be JSON', async () => {
    const teacher = t.demo.staff[0]!;
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${encodeURIComponent(teacher.email)}&password=${encodeURIComponent(teacher.password)}`,
    });
    expect(form.statusCode).toBe(415);
    const plain = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ email: teacher.email, password: teacher.password }),
    });
    expect(plain.statusCode).toBe(415);
  });
});

describe('staff views', () => {
  it('lists classes with pupils, families, weeks, and completions', async () => {
    const teacher = t.demo.staff[0]!;
    const { cookie } = await signIn(t.app, teacher.email, teacher.password);
    const classes = (
      await t.app.inject({ method: 'GET', url: '/api/v1/staff/classes', headers: { cookie } })
    ).json().classes;
    expect(classes.map((c: { name: string }) => c.name).toSorted()).toEqual([
      'Year 1 Willow',
      'Year 4 Oak',
    ]);
    const willow = classes.find((c: { name: string }) => c.name === 'Year 1 Willow');
    expect(willow.pupils).toEqual([
      expect.objectContaining({ displayName: 'Yusuf', keyStage: 'KS1', visualSupport: true }),
    ]);
    const families = (
      await t.app.inject({ method: 'GET', url: '/api/v1/staff/families', headers: { cookie } })
    ).json().families;
    expect(families.map((f: { name: string }) => f.name)).toEqual(['Khan family', 'Novak family']);
    const weeks = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/staff/timetable-weeks?classId=${willow.id}`,
        headers: { cookie },
      })
    ).json().weeks;
    expect(weeks).toHaveLength(2);
    const week = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/staff/timetable-weeks/${weeks[0].id}`,
        headers: { cookie },
      })
    ).json();
    expect(week.sessions.length).toBeGreaterThanOrEqual(25);
    const completions = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/session-completions?weekId=${weeks[0].id}`,
      headers: { cookie },
    });
    expect(completions.json()).toEqual({ completions: [] });
  });

  it('creates a draft week that families do not see, and validates sessions', async () => {
    const teacher = t.demo.staff[0]!;
    const { cookie } = await signIn(t.app, teacher.email, teacher.password);
    const cls = await t.app.db.selectFrom('classes').select('id').executeTakeFirstOrThrow();
    const weekId = uuid();
    const created = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/timetable-weeks/${weekId}`,
      headers: { cookie },
      payload: { classId: cls.id, weekStart: '2030-01-07', published: false },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().week).toMatchObject({ published: false, publishedAt: null, note: '' });
    const badTime = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/timetable-sessions/${uuid()}`,
      headers: { cookie },
      payload: {
        weekId,
        date: '2030-01-07',
        startTime: '10:00',
        endTime: '09:00',
        subject: 'Maths',
        kind: 'lesson',
      },
    });
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().error.message).toMatch(/endTime/);
    const notMonday = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/timetable-weeks/${uuid()}`,
      headers: { cookie },
      payload: { classId: cls.id, weekStart: '2030-01-08', published: false },
    });
    expect(notMonday.statusCode).toBe(400);
    const httpLink = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/timetable-sessions/${uuid()}`,
      headers: { cookie },
      payload: {
        weekId,
        date: '2030-01-07',
        startTime: '09:00',
        endTime: '09:30',
        subject: 'Live',
        kind: 'live',
        liveUrl: 'http://zoom.us/j/1',
      },
    });
    expect(httpLink.statusCode).toBe(400);
    expect(httpLink.json().error.message).toMatch(/liveUrl/);
  });
});
