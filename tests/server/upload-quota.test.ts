// Uploads whose creating request lost its answer (the phone never learned the URL, so no
// byte ever comes) stop holding the family's quota after an hour, answer 404 so that
// tus-js-client starts a new upload, and are cleaned up while the server runs and at
// start. Uploads that did get bytes keep their room for the 7-day window. A controlled
// clock drives it all.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { readDemoCredentials } from '../../src/server/db/seed.ts';
import { familyBytes } from '../../src/server/db/uploads.ts';
import { uploadsPath } from '../../src/shared/submissions.ts';
import { bearer, join_ } from './helpers.ts';
import { tusCreate, tusHead, tusPatch, tusVersion, uploadIdOf } from './tus.ts';

const start = new Date('2026-11-23T09:00:00.000Z').getTime();
let clock = start;
const at = (minutes: number) => {
  clock = start + minutes * 60_000;
};
const quota = 1024 * 1024;
const big = 600 * 1024;

let dataDir: string;
let app: FastifyInstance;
let token: string;
let familyId: string;

const boot = () =>
  buildApp({ dataDir, distDir: false, now: () => new Date(clock), uploadQuotaBytes: quota });
const create = async (length: number) => {
  const res = await tusCreate(app, token, length);
  return {
    status: res.statusCode,
    id: res.statusCode === 201 ? uploadIdOf(res.headers.location) : '',
  };
};
const rowExists = async (id: string) =>
  (await app.db.selectFrom('uploads').select('id').where('id', '=', id).executeTakeFirst()) !==
  undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'homeward-test-'));
  app = await boot();
  const joined = await join_(app, readDemoCredentials(dataDir)!.joinCode);
  token = joined.token;
  familyId = joined.familyId;
});
afterAll(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('an upload that never got a byte', () => {
  let lost: string;
  let written: string;

  it('holds the quota for an hour, then no longer', async () => {
    at(0);
    const used = await familyBytes(app.db, familyId, new Date(clock));
    // The POST reached the server, its answer did not reach the phone.
    ({ id: lost } = await create(big));
    expect(lost).not.toBe('');
    expect(await familyBytes(app.db, familyId, new Date(clock))).toBe(used + big);
    expect((await create(big)).status).toBe(413);
    at(59);
    expect((await create(big)).status).toBe(413);
    at(61);
    expect(await familyBytes(app.db, familyId, new Date(clock))).toBe(used);
    // The room is back: this upload gets bytes, so it keeps its room.
    const next = await create(big);
    expect(next.status).toBe(201);
    written = next.id;
    expect((await tusPatch(app, token, written, 0, Buffer.alloc(1000, 1))).statusCode).toBe(204);
  });

  it('is a 404 to HEAD, PATCH and DELETE, so the phone starts a new upload', async () => {
    const head = await tusHead(app, token, lost);
    expect(head.statusCode).toBe(404);
    const patch = await tusPatch(app, token, lost, 0, Buffer.alloc(10));
    expect(patch.statusCode).toBe(404);
    expect(patch.json().error.code).toBe('not_found');
    const del = await app.inject({
      method: 'DELETE',
      url: `${uploadsPath}/${lost}`,
      headers: { ...bearer(token), ...tusVersion },
    });
    expect(del.statusCode).toBe(404);
  });

  it('an upload with bytes keeps its room and its resume point for the 7-day window', async () => {
    at(61 + 24 * 60);
    const head = await tusHead(app, token, written);
    expect(head.statusCode).toBe(200);
    expect(head.headers['upload-offset']).toBe('1000');
    expect((await create(big)).status).toBe(413);
  });

  it('is deleted by the clean-up while the server runs', async () => {
    expect(await rowExists(lost)).toBe(true);
    expect(existsSync(join(dataDir, 'uploads', lost))).toBe(true);
    expect(await app.cleanUploads()).toBe(1);
    expect(await rowExists(lost)).toBe(false);
    expect(existsSync(join(dataDir, 'uploads', lost))).toBe(false);
    expect(existsSync(join(dataDir, 'uploads', `${lost}.json`))).toBe(false);
    expect(await rowExists(written)).toBe(true);
  });

  it('and at start: an empty one after an hour, one with bytes after 7 days', async () => {
    const empty = (await create(100)).id;
    expect(empty).not.toBe('');
    await app.close();
    at(61 + 24 * 60 + 61);
    app = await boot();
    expect(await rowExists(empty)).toBe(false);
    expect(existsSync(join(dataDir, 'uploads', empty))).toBe(false);
    expect(await rowExists(written)).toBe(true);
    await app.close();
    at(8 * 24 * 60);
    app = await boot();
    expect(await rowExists(written)).toBe(false);
    expect(existsSync(join(dataDir, 'uploads', written))).toBe(false);
  });
});
