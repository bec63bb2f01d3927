// Files and tus uploads in an S3-compatible bucket (s3rver) with PostgreSQL: the storage
// contract, a photo sent in pieces to two instances and committed, locks across instances,
// a bucket that refuses writes for a while, and the start-up sweep (one instance at a time).
import { createServer, request, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import sharp from 'sharp';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { withInstanceLock } from '../../src/server/db/dialect.ts';
import type { S3Config } from '../../src/server/options.ts';
import { newStorageKey } from '../../src/server/storage/index.ts';
import { PgLocker } from '../../src/server/storage/pg-locker.ts';
import { bearer, join_, startApp, type TestApp } from '../server/helpers.ts';
import { sha256Hex, tusCreate, tusHead, tusPatch, uploadIdOf } from '../server/tus.ts';
import { testBucket } from './databases.ts';

let s3: S3Config;
let a: TestApp;
let token: string;
let pupilId: string;
let photo: Buffer;

beforeAll(async () => {
  s3 = await testBucket();
  a = await startApp({ s3 });
  token = (await join_(a.app, a.demo.joinCode)).token;
  pupilId = (
    await a.app.db
      .selectFrom('pupils')
      .select('id')
      .where('display_name', '=', 'Amira')
      .executeTakeFirstOrThrow()
  ).id;
  const svg = `<svg width="900" height="600"><rect width="900" height="600" fill="#ddd"/><circle cx="450" cy="300" r="200" fill="teal"/></svg>`;
  photo = await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
});
afterAll(() => a.close());

/** A second instance: same database and bucket, nothing else shared. */
const second = () =>
  buildApp({
    dataDir: a.dataDir,
    databaseUrl: a.databaseUrl,
    s3,
    distDir: false,
    seedDemo: false,
  });

describe('S3 storage', () => {
  it('keeps the storage contract: put, whole and ranged get, size, list, delete', async () => {
    const st = a.app.storage;
    const key = newStorageKey();
    const bytes = randomBytes(10_000);
    await st.put(key, bytes);
    expect(await st.size(key)).toBe(10_000);
    const whole = await st.get(key);
    expect(Buffer.from(await text(whole!.stream), 'latin1').length).toBeGreaterThan(0);
    const part = await st.get(key, { start: 100, end: 199 });
    const chunks: Buffer[] = [];
    for await (const c of part!.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(bytes.subarray(100, 200));
    expect(part!.size).toBe(10_000);
    const listed = [];
    for await (const e of st.entries()) listed.push(e.key);
    expect(listed).toContain(key);
    await st.delete(key);
    expect(await st.size(key)).toBeNull();
    expect(await st.get(key)).toBeNull();
    await st.delete(key); // missing is fine
  });

  it('resumes a photo started on one instance on another and commits it there', async () => {
    const b = await second();
    try {
      const created = await tusCreate(a.app, token, photo.length);
      expect(created.statusCode).toBe(201);
      const id = uploadIdOf(created.headers.location);
      const half = Math.floor(photo.length / 2);
      expect((await tusPatch(a.app, token, id, 0, photo.subarray(0, half))).statusCode).toBe(204);
      const head = await tusHead(b, token, id);
      expect(head.headers['upload-offset']).toBe(String(half));
      const rest = await tusPatch(b, token, id, half, photo.subarray(half));
      expect(rest.statusCode).toBe(204);
      expect(rest.headers['upload-offset']).toBe(String(photo.length));
      const subId = uuid();
      const commit = await b.inject({
        method: 'PUT',
        url: `/api/v1/submissions/${subId}`,
        headers: bearer(token),
        payload: {
          pupilId,
          sessionId: null,
          note: 'two instances',
          createdAt: '2026-11-23T09:00:00.000Z',
          pages: [{ uploadId: id, sha256: sha256Hex(photo), bytes: photo.length }],
        },
      });
      expect(commit.statusCode).toBe(201);
      // The stored page is in the bucket and readable from the first instance.
      const page = await a.app.db
        .selectFrom('submission_pages')
        .select(['file_key', 'thumb_key'])
        .where('submission_id', '=', subId)
        .executeTakeFirstOrThrow();
      expect(await a.app.storage.size(page.file_key)).toBeGreaterThan(1000);
      expect(await a.app.storage.size(page.thumb_key)).toBeGreaterThan(100);
      // The upload's bytes left the bucket after the commit.
      expect((await a.app.uploads.read(id)).size).toBeNull();
    } finally {
      await b.close();
    }
  });

  it('locks an upload across instances: the holder is asked to let go', async () => {
    const one = new PgLocker(a.databaseUrl!, 5_000);
    const two = new PgLocker(a.databaseUrl!, 5_000);
    try {
      const id = crypto.randomUUID();
      const first = one.newLock(id);
      let asked = 0;
      await first.lock(new AbortController().signal, async () => {
        asked++;
        await first.unlock();
      });
      const t0 = Date.now();
      const other = two.newLock(id);
      await other.lock(new AbortController().signal, () => {});
      expect(asked).toBe(1);
      expect(Date.now() - t0).toBeLessThan(2_000);
      // Held by `two` now: `one` cannot take it until it is released.
      const stuck = one.newLock(id);
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 300);
      await expect(stuck.lock(stop.signal, () => {})).rejects.toMatchObject({ status_code: 500 });
      await other.unlock();
      await stuck.lock(new AbortController().signal, () => {});
      await stuck.unlock();
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('leaves an upload resumable when the bucket refuses a write for a while', async () => {
    let refuse = false;
    const target = new URL(s3.endpoint!);
    // A fault-injecting proxy in front of the S3 server: refuses every write while `refuse`.
    const proxy: Server = createServer((req, res) => {
      if (refuse && (req.method === 'PUT' || req.method === 'POST')) {
        req.resume();
        res.writeHead(503, { 'content-type': 'application/xml' });
        res.end('<Error><Code>SlowDown</Code><Message>refused</Message></Error>');
        return;
      }
      const up = request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as { port: number }).port;
    const flaky = await buildApp({
      dataDir: a.dataDir,
      databaseUrl: a.databaseUrl,
      s3: { ...s3, endpoint: `http://127.0.0.1:${port}` },
      distDir: false,
      seedDemo: false,
    });
    try {
      const created = await tusCreate(flaky, token, photo.length);
      expect(created.statusCode).toBe(201);
      const id = uploadIdOf(created.headers.location);
      const half = Math.floor(photo.length / 2);
      expect((await tusPatch(flaky, token, id, 0, photo.subarray(0, half))).statusCode).toBe(204);
      refuse = true;
      const refused = await tusPatch(flaky, token, id, half, photo.subarray(half));
      expect(refused.statusCode).toBeGreaterThanOrEqual(500);
      refuse = false;
      // The phone asks where it stands and goes on from there. (@tus/s3-store keeps a tail
      // under S3's 5 MB part minimum as a separate object and re-reads it into the next
      // write, so a refused write can send the phone back to the last whole part: here 0.)
      const head = await tusHead(flaky, token, id);
      expect(head.statusCode).toBe(200);
      const offset = Number(head.headers['upload-offset']);
      expect([0, half]).toContain(offset);
      const rest = await tusPatch(flaky, token, id, offset, photo.subarray(offset));
      expect(rest.statusCode).toBe(204);
      const done = await flaky.uploads.read(id);
      expect(done.bytes && sha256Hex(done.bytes)).toBe(sha256Hex(photo));
    } finally {
      await flaky.close();
      proxy.close();
    }
  });

  it('sweeps unnamed files at start-up, on one instance at a time', async () => {
    const orphan = newStorageKey();
    await a.app.storage.put(orphan, Buffer.alloc(500, 1));
    const later = () => new Date(Date.now() + 2 * 60 * 60_000);
    // Another instance is sweeping (holds the lock): this one skips, the orphan stays.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = withInstanceLock(a.app.db, 'sweep', 'wait', async () => {
      locked();
      await held;
    });
    await isLocked;
    const skipped = await buildApp({
      dataDir: a.dataDir,
      databaseUrl: a.databaseUrl,
      s3,
      distDir: false,
      seedDemo: false,
      now: later,
    });
    await skipped.close();
    expect(await a.app.storage.size(orphan)).toBe(500);
    release();
    await holder;
    const sweeper = await buildApp({
      dataDir: a.dataDir,
      databaseUrl: a.databaseUrl,
      s3,
      distDir: false,
      seedDemo: false,
      now: later,
    });
    await sweeper.close();
    expect(await a.app.storage.size(orphan)).toBeNull();
    // Named files stay.
    const named = await a.app.db.selectFrom('file_blobs').select('storage_key').execute();
    expect(named.length).toBeGreaterThan(0);
    for (const n of named) expect(await a.app.storage.size(n.storage_key)).not.toBeNull();
  });
});
