import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers.ts';

describe('cross-cutting behaviour', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('answers the health check', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  it('serves an OpenAPI 3 document generated from the schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/join',
      '/api/v1/sync',
      '/api/v1/session-completions/{id}',
      '/api/v1/staff/session',
      '/api/v1/staff/timetable-weeks/{id}',
      '/api/v1/staff/timetable-sessions/{id}',
      '/api/v1/files/{sha256}',
      '/api/v1/activity-completions/{id}',
      '/api/v1/paper-requests/{id}',
      '/api/v1/staff/packs',
      '/api/v1/staff/packs/{id}',
      '/api/v1/staff/packs/{id}/files/{fileId}',
      '/api/v1/staff/paper-requests',
      '/api/v1/staff/paper-requests/{id}/posted',
    ]) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect(doc.paths['/api/v1/join'].post.requestBody).toBeDefined();
    expect(Object.keys(doc.paths).every((p: string) => p.startsWith('/api/'))).toBe(true);
  });

  it('answers unknown /api paths with a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json().error.code).toBe('not_found');
  });

  it('rejects malformed JSON with a reason', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/join',
      headers: { 'content-type': 'application/json' },
      payload: '{"code": "ABCD',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({
      code: 'bad_request',
      message: expect.stringMatching(/Malformed JSON/),
    });
  });

  it('names the invalid field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/join',
      // Not a string at all (a string of the wrong shape is join_code_characters: join.test.ts).
      payload: { code: 12345678 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_request');
    expect(res.json().error.message).toMatch(/body\.code/);
  });

  it('refuses bodies over 64 KB with 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/join',
      payload: { code: 'ABCDEFGH', deviceName: 'x'.repeat(70 * 1024) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toEqual({
      code: 'payload_too_large',
      message: 'The request body is too large: this request takes at most 64 KB.',
    });
  });

  it('hides the details of server errors', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sync',
      headers: { authorization: 'Bearer x' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  });
});
