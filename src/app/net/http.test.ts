import { describe, expect, it } from 'vitest';
import { join, pull } from './api.ts';
import { createHttp, HttpError, NetworkError } from './http.ts';

const json = (status: number, body: unknown) =>
  Promise.resolve(
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );

describe('http client', () => {
  it('turns a failed fetch into a NetworkError', async () => {
    const http = createHttp({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(join(http, { code: 'ABCD2345' })).rejects.toBeInstanceOf(NetworkError);
  });

  it('reads the server error code and message', async () => {
    const http = createHttp({
      fetch: () =>
        json(410, { error: { code: 'join_code_expired', message: 'This code has expired.' } }),
    });
    const error = await join(http, { code: 'ABCD2345' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 410, code: 'join_code_expired' });
  });

  it('maps unknown error bodies by status', async () => {
    const http = createHttp({
      fetch: () => Promise.resolve(new Response('<html>bad gateway</html>', { status: 502 })),
    });
    await expect(pull(http, 't', undefined)).rejects.toMatchObject({
      status: 502,
      code: 'server_error',
    });
  });

  it('refuses a sync answer whose envelope does not match the contract', async () => {
    const http = createHttp({ fetch: () => json(200, { cursor: 7, changes: 'all' }) });
    await expect(pull(http, 't', undefined)).rejects.toMatchObject({ code: 'server_error' });
  });

  it('reads a sync page change by change: what this build cannot read is skipped and counted', async () => {
    const amira = {
      id: '01900000-0000-7000-8000-0000000000a1',
      classId: '01900000-0000-7000-8000-00000000000a',
      displayName: 'Amira',
      keyStage: 'KS2',
      visualSupport: false,
    };
    const http = createHttp({
      fetch: () =>
        json(200, {
          cursor: 'v1.1',
          more: false,
          reset: false,
          changes: [
            { op: 'upsert', entity: 'pupil', data: { id: 'x' } }, // broken record
            { op: 'upsert', entity: 'pupil', data: amira },
            { op: 'upsert', entity: 'hologram', data: { id: amira.id } }, // unknown entity
            { op: 'upsert', entity: 'pupil', data: { ...amira, keyStage: 'KS9' } }, // unknown value
            { op: 'delete', entity: 'hologram', id: amira.id },
            'not even an object',
          ],
        }),
    });
    const page = await pull(http, 't', undefined);
    expect(page.changes).toEqual([{ op: 'upsert', entity: 'pupil', data: amira }]);
    expect(page.skipped).toEqual({ pupil: 2, hologram: 2, '?': 1 });
  });

  it('sends the app version with every request', async () => {
    const seen: Array<string | null> = [];
    const http = createHttp({
      appVersion: '1.2.3',
      fetch: (_url, init) => {
        seen.push(new Headers(init?.headers).get('Homeward-App'));
        return json(200, { cursor: 'v1', more: false, reset: false, changes: [] });
      },
    });
    await pull(http, 't', undefined);
    await http.probe('/api/health');
    expect(seen).toEqual(['1.2.3', '1.2.3']);
  });

  it('sends the device token and the cursor', async () => {
    let seen: { url: string; auth: string | null } | null = null;
    const http = createHttp({
      fetch: (url, init) => {
        seen = { url, auth: new Headers(init?.headers).get('Authorization') };
        return json(200, { cursor: 'v1.2', more: false, reset: false, changes: [] });
      },
    });
    await pull(http, 'secret', 'v1/1');
    expect(seen).toEqual({ url: '/api/v1/sync?since=v1%2F1', auth: 'Bearer secret' });
  });

  it('sends what the outbox still holds with a pull (Homeward-Outbox: count;age)', async () => {
    const seen: Array<string | null> = [];
    const http = createHttp({
      fetch: (_url, init) => {
        seen.push(new Headers(init?.headers).get('Homeward-Outbox'));
        return json(200, { cursor: 'v1', more: false, reset: false, changes: [] });
      },
    });
    await pull(http, 't', undefined, { count: 3, ageSeconds: 7200.7 });
    await pull(http, 't', undefined, { count: 0, ageSeconds: 12 });
    await pull(http, 't', undefined);
    expect(seen).toEqual(['3;7200', '0;0', null]);
  });
});
