// Two API instances behind a round-robin proxy, sharing nothing but PostgreSQL and the
// bucket: start-up on an empty database (one migrates and seeds, the other waits), a
// phone's whole day through the proxy (every request on the other instance from the one
// before), a rate limit counted across both, the database going away mid-request (503 with
// Retry-After, nothing half-written) and a wrong DATABASE_URL (one line, no stack).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/server/app.ts';
import { readDemoCredentials, type DemoCredentials } from '../../src/server/db/seed.ts';
import { uploadsPath } from '../../src/shared/submissions.ts';
import type { S3Config } from '../../src/server/options.ts';
import { sha256Hex } from '../server/tus.ts';
import { databaseUrlOf, testBucket } from './databases.ts';
import { roundRobin } from './round-robin.ts';

let url: string;
let s3: S3Config;
let dataDir: string;
let apps: FastifyInstance[] = [];
let lb: Awaited<ReturnType<typeof roundRobin>>;
let base: string;
let demo: DemoCredentials;

beforeAll(async () => {
  // An empty database (not the migrated template): both instances start at once.
  const name = `hw_inst${Date.now().toString(16).slice(-6)}`;
  const admin = new pg.Client({ connectionString: process.env.HOMEWARD_TEST_PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  url = databaseUrlOf(name);
  s3 = await testBucket();
  dataDir = mkdtempSync(join(tmpdir(), 'homeward-inst-'));
  const opts = {
    dataDir,
    databaseUrl: url,
    s3,
    distDir: false as const,
    trustProxy: ['127.0.0.1'],
    rateLimit: { join: { max: 3, timeWindowMs: 60_000 } },
  };
  apps = await Promise.all([buildApp(opts), buildApp(opts)]);
  const ports: number[] = [];
  for (const app of apps) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    ports.push((app.server.address() as { port: number }).port);
  }
  lb = await roundRobin(ports);
  base = `http://127.0.0.1:${lb.port}`;
  demo = readDemoCredentials(dataDir)!;
});
afterAll(async () => {
  await lb?.close();
  for (const app of apps) await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const call = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body && typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
      ...(init.headers as Record<string, string>),
    },
  });

describe('two instances behind a load balancer', () => {
  it('migrated and seeded the empty database once', async () => {
    const schools = await apps[0]!.db.selectFrom('schools').select('id').execute();
    expect(schools).toHaveLength(1);
    expect(demo.joinCode).toBeTruthy();
  });

  it("carries a phone's day across both instances: join, sync, a photo in pieces, staff", async () => {
    const joined = await call('/api/v1/join', {
      method: 'POST',
      body: JSON.stringify({ code: demo.joinCode }),
    });
    expect(joined.status).toBe(201);
    const { token } = (await joined.json()) as { token: string };
    const snap = await call('/api/v1/sync?limit=1000', { token });
    expect(snap.status).toBe(200);
    const pupil = await apps[0]!.db
      .selectFrom('pupils')
      .select('id')
      .where('display_name', '=', 'Amira')
      .executeTakeFirstOrThrow();

    const svg = `<svg width="800" height="600"><rect width="800" height="600" fill="#eee"/><circle cx="400" cy="300" r="150" fill="purple"/></svg>`;
    const photo = await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
    const tus = { 'tus-resumable': '1.0.0' };
    const created = await call(uploadsPath, {
      method: 'POST',
      token,
      headers: { ...tus, 'upload-length': String(photo.length) },
    });
    expect(created.status).toBe(201);
    const id = created.headers.get('location')!.split('/').pop()!;
    const half = Math.floor(photo.length / 2);
    for (const [offset, end] of [
      [0, half],
      [half, photo.length],
    ] as const) {
      const head = await call(`${uploadsPath}/${id}`, { method: 'HEAD', token, headers: tus });
      expect(head.headers.get('upload-offset')).toBe(String(offset));
      const patch = await call(`${uploadsPath}/${id}`, {
        method: 'PATCH',
        token,
        headers: {
          ...tus,
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
        },
        body: photo.subarray(offset, end),
      });
      expect(patch.status).toBe(204);
    }
    const subId = uuid();
    const commit = await call(`/api/v1/submissions/${subId}`, {
      method: 'PUT',
      token,
      body: JSON.stringify({
        pupilId: pupil.id,
        sessionId: null,
        note: 'via two instances',
        createdAt: '2026-11-23T09:00:00.000Z',
        pages: [{ uploadId: id, sha256: sha256Hex(photo), bytes: photo.length }],
      }),
    });
    expect(commit.status).toBe(201);
    const cursor = ((await snap.json()) as { cursor: string }).cursor;
    const delta = await call(`/api/v1/sync?since=${encodeURIComponent(cursor)}`, { token });
    const changes = ((await delta.json()) as { changes: { data?: { id: string } }[] }).changes;
    expect(changes.map((c) => c.data?.id)).toContain(subId);

    const teacher = demo.staff.find((s) => s.role === 'teacher')!;
    const signIn = await call('/api/v1/staff/session', {
      method: 'POST',
      body: JSON.stringify({ email: teacher.email, password: teacher.password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const klass = await apps[1]!.db
      .selectFrom('pupils')
      .select('class_id')
      .where('id', '=', pupil.id)
      .executeTakeFirstOrThrow();
    // The next request lands on the other instance: the session lives in the database.
    const list = await call(`/api/v1/staff/submissions?classId=${klass.class_id}`, {
      headers: { cookie },
    });
    expect(list.status).toBe(200);
    const listed = (await list.json()) as {
      submissions: { id: string; pages: { url: string }[] }[];
    };
    const mine = listed.submissions.find((s) => s.id === subId)!;
    const page = await call(mine.pages[0]!.url, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect((await page.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect(lb.hits[0]).toBeGreaterThan(3);
    expect(lb.hits[1]).toBeGreaterThan(3);
  });

  it('counts a rate limit across both instances, per phone address behind the proxy', async () => {
    const attempt = (ip: string) =>
      call('/api/v1/join', {
        method: 'POST',
        headers: { 'x-forwarded-for': ip },
        body: JSON.stringify({ code: 'ZZZZ-ZZZZ' }),
      }).then((r) => r.status);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await attempt('203.0.113.9'));
    expect(statuses).toEqual([404, 404, 404, 429]);
    expect(await attempt('203.0.113.10')).toBe(404);
  });

  it('answers 503 with Retry-After while the database is away, and keeps nothing half-written', async () => {
    const joined = await call('/api/v1/join', {
      method: 'POST',
      headers: { 'x-forwarded-for': '198.51.100.20' },
      body: JSON.stringify({ code: demo.joinCode }),
    });
    const { token } = (await joined.json()) as { token: string };
    const pupil = await apps[0]!.db
      .selectFrom('pupils as p')
      .innerJoin('timetable_weeks as w', 'w.class_id', 'p.class_id')
      .innerJoin('timetable_sessions as s', 's.week_id', 'w.id')
      .select(['p.id as pupilId', 's.id as sessionId'])
      .where('p.display_name', '=', 'Amira')
      .where('w.published_at', 'is not', null)
      .where('s.pupil_id', 'is', null)
      .executeTakeFirstOrThrow();
    const ids = Array.from({ length: 60 }, () => uuid());
    const body = JSON.stringify({
      sessionId: pupil.sessionId,
      pupilId: pupil.pupilId,
      done: true,
      at: '2026-11-23T10:00:00.000Z',
    });
    const send = (id: string) =>
      call(`/api/v1/session-completions/${id}`, { method: 'PUT', token, body });
    const killer = new pg.Client({ connectionString: url });
    await killer.connect();
    // One at a time: a pg client runs one query at a time.
    let killing: Promise<unknown> = Promise.resolve();
    const kill = () =>
      (killing = killing.then(() =>
        killer.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and application_name like 'homeward%'`,
        ),
      ));
    const answers = await Promise.all(
      ids.map(async (id, i) => {
        if (i % 10 === 5) await kill();
        return send(id);
      }),
    );
    await killer.end();
    const codes = answers.map((a) => a.status);
    expect(codes.filter((c) => c !== 201 && c !== 503)).toEqual([]);
    expect(codes).toContain(503);
    for (const a of answers.filter((x) => x.status === 503)) {
      expect(a.headers.get('retry-after')).toBe('5');
    }
    // The outbox sends again: everything arrives, each once, each with its change.
    const resent = await Promise.all(ids.filter((_, i) => codes[i] === 503).map(send));
    expect(resent.every((a) => a.status === 200 || a.status === 201)).toBe(true);
    const rows = await apps[0]!.db
      .selectFrom('session_completions')
      .select('id')
      .where('id', 'in', ids)
      .execute();
    expect(rows).toHaveLength(ids.length);
    const logged = await apps[0]!.db
      .selectFrom('changes')
      .select('entity_id')
      .where('entity_id', 'in', ids)
      .execute();
    expect(logged.map((r) => r.entity_id).toSorted()).toEqual(ids.toSorted());
  });

  it('stops at once with one clear line when DATABASE_URL is wrong', () => {
    const r = spawnSync(process.execPath, ['src/server/server.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        DATA_DIR: dataDir,
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing',
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Homeward did not start: Cannot connect to the database at postgres:\/\/nobody@127\.0\.0\.1:1\/nothing: /,
    );
  });
});
