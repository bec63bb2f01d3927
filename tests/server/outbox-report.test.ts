// Phones tell the school what they still hold with each sync (Homeward-Outbox: count;age).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, join_, startApp, type TestApp } from './helpers.ts';

describe('outbox reports', () => {
  let t: TestApp;
  let now = new Date('2026-11-24T10:00:00.000Z');
  let token = '';
  let deviceId = '';
  beforeEach(async () => {
    now = new Date('2026-11-24T10:00:00.000Z');
    t = await startApp({ now: () => now });
    ({ token, deviceId } = await join_(t.app, t.demo.joinCode));
  });
  afterEach(() => t.close());

  const sync = (header?: string) =>
    t.app.inject({
      method: 'GET',
      url: '/api/v1/sync',
      headers: { ...bearer(token), ...(header === undefined ? {} : { 'homeward-outbox': header }) },
    });
  const device = () =>
    t.app.db
      .selectFrom('devices')
      .select(['outbox_count', 'outbox_since', 'outbox_reported_at'])
      .where('id', '=', deviceId)
      .executeTakeFirstOrThrow();

  it('stores the count and, on the server’s clock, since when the oldest item waits', async () => {
    expect(await device()).toEqual({
      outbox_count: null,
      outbox_since: null,
      outbox_reported_at: null,
    });
    expect((await sync('3;7200')).statusCode).toBe(200);
    expect(await device()).toEqual({
      outbox_count: 3,
      outbox_since: '2026-11-24T08:00:00.000Z',
      outbox_reported_at: '2026-11-24T10:00:00.000Z',
    });
  });

  it('writes only when the report changed, and clears "since" when nothing waits', async () => {
    await sync('3;7200');
    now = new Date('2026-11-24T10:02:00.000Z');
    await sync('3;7320'); // the same oldest item, two minutes later
    expect((await device()).outbox_reported_at).toBe('2026-11-24T10:00:00.000Z');
    await sync('1;60');
    expect(await device()).toMatchObject({
      outbox_count: 1,
      outbox_since: '2026-11-24T10:01:00.000Z',
    });
    await sync('0;0');
    expect(await device()).toMatchObject({ outbox_count: 0, outbox_since: null });
  });

  it('keeps the last report when an older build sends none or a malformed one', async () => {
    await sync('2;60');
    for (const bad of [undefined, '', 'two;60', '-1;5', '3', '3;60;1', '9999999;1']) {
      expect((await sync(bad)).statusCode).toBe(200);
    }
    expect(await device()).toMatchObject({
      outbox_count: 2,
      outbox_since: '2026-11-24T09:59:00.000Z',
    });
  });
});
