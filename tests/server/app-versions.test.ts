// Old app, new server: which app versions the server answers (426 `app_too_old` only below
// the configured minimum), and the test knob that makes sync pages look like a newer
// server's, read by the phone's own parser the way an older build would.
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { olderThan } from '../../src/server/plugins/app-version.ts';
import { readSyncPage } from '../../src/app/net/api.ts';
import { bearer, join_, signIn, startApp, type TestApp } from './helpers.ts';
import { tusCreate } from './tus.ts';

describe('app versions', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startApp({ minAppVersion: '0.3.0' });
    const joined = await t.app.inject({
      method: 'POST',
      url: '/api/v1/join',
      headers: { 'homeward-app': '0.3.0' },
      payload: { code: t.demo.joinCode },
    });
    token = joined.json().token;
  });
  afterAll(() => t.close());

  const sync = (version?: string) =>
    t.app.inject({
      method: 'GET',
      url: '/api/v1/sync',
      headers: { ...bearer(token), ...(version ? { 'homeward-app': version } : {}) },
    });

  it('compares versions by their numbers', () => {
    expect(olderThan('0.2.9', '0.3.0')).toBe(true);
    expect(olderThan('0.10.0', '0.3.0')).toBe(false);
    expect(olderThan('0.3.0', '0.3.0')).toBe(false);
    expect(olderThan('0.3.0-dev', '0.3.0')).toBe(false);
    expect(olderThan('1', '0.3.0')).toBe(false);
    expect(olderThan(undefined, '0.3.0')).toBe(true);
    expect(olderThan('nonsense', '0.3.0')).toBe(true);
  });

  it('answers the versions from the minimum on', async () => {
    expect((await sync('0.3.0')).statusCode).toBe(200);
    expect((await sync('0.12.1')).statusCode).toBe(200);
  });

  it('refuses older ones (and a build from before the header) with 426 app_too_old, on every family route', async () => {
    const old = { 'homeward-app': '0.2.9' };
    const refused = [
      await sync('0.2.9'),
      await sync(),
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/session-completions/${uuid()}`,
        headers: { ...bearer(token), ...old },
        payload: {},
      }),
      await tusCreate(t.app, token, 100, old),
      await t.app.inject({ method: 'POST', url: '/api/v1/join', headers: old, payload: {} }),
    ];
    for (const res of refused) {
      expect(res.statusCode).toBe(426);
      expect(res.json().error.code).toBe('app_too_old');
    }
    expect(refused[0]?.json().error.message).toMatch(/update the app/);
  });

  it('never refuses the health check or staff (served by this server, always current)', async () => {
    expect((await t.app.inject({ method: 'HEAD', url: '/api/health' })).statusCode).toBe(200);
    const staff = t.demo.staff[0]!;
    await expect(signIn(t.app, staff.email, staff.password)).resolves.toHaveProperty('cookie');
  });

  it('answers every version when no minimum is set, and refuses a minimum that is not a version', async () => {
    const open = await startApp();
    try {
      const phone = (await join_(open.app, open.demo.joinCode)).token;
      const res = await open.app.inject({
        method: 'GET',
        url: '/api/v1/sync',
        headers: { ...bearer(phone), 'homeward-app': '0.0.1' },
      });
      expect(res.statusCode).toBe(200);
      await expect(buildApp({ dataDir: open.dataDir, minAppVersion: 'soon' })).rejects.toThrow(
        /not a version/,
      );
    } finally {
      await open.close();
    }
  });
});

describe('a server a release ahead (futureSyncChanges)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ futureSyncChanges: true });
  });
  afterAll(() => t.close());

  it('sends changes this build does not know, which the phone skips while reading the rest', async () => {
    const token = (await join_(t.app, t.demo.joinCode)).token;
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/sync', headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    const raw = res.json() as { changes: Array<{ entity: string }> };
    expect(raw.changes.some((c) => c.entity === 'learningBadge')).toBe(true);
    const read = readSyncPage(raw);
    expect(read.success).toBe(true);
    const page = read.success ? read.data : null;
    expect(page?.skipped).toEqual({ learningBadge: 2, timetableSession: 1 });
    expect(page?.changes.length).toBe(raw.changes.length - 3);
    expect(page?.changes.some((c) => c.entity === 'timetableSession')).toBe(true);
  });
});
