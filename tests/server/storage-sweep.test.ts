// Stored files no row names (a crash between writing bytes and the transaction naming
// them, or an interrupted write's temporary file) are removed once they are an hour old,
// by the sweep the server runs when it starts; named files (pack files, pictures and
// clips, handed-in pages), young files and files that are not the server's stay.
import { existsSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { newStorageKey, type LocalDiskStorage } from '../../src/server/storage/index.ts';
import { sweepMinAgeMs, sweepStorage } from '../../src/server/storage/sweep.ts';
import { bearer, join_, startApp, type TestApp } from './helpers.ts';
import { uploadPage } from './tus.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(() => t.close());

const storageOf = (app = t.app) => app.storage as LocalDiskStorage;

async function namedKeys(): Promise<string[]> {
  const db = t.app.db;
  const blobs = await db.selectFrom('file_blobs').select('storage_key').execute();
  const media = await db.selectFrom('media_files').select('storage_key').execute();
  const pages = await db.selectFrom('submission_pages').select(['file_key', 'thumb_key']).execute();
  return [
    ...blobs.map((r) => r.storage_key),
    ...media.map((r) => r.storage_key),
    ...pages.flatMap((r) => [r.file_key, r.thumb_key]),
  ];
}

/** Work handed in through the real routes: its page and thumbnail live in storage. */
async function handInWork(): Promise<void> {
  const { token } = await join_(t.app, t.demo.joinCode);
  const jpeg = await sharp({
    create: { width: 320, height: 240, channels: 3, background: '#8a6' },
  })
    .jpeg()
    .toBuffer();
  const page = await uploadPage(t.app, token, jpeg);
  const pupil = await t.app.db
    .selectFrom('pupils')
    .select('id')
    .where('display_name', '=', 'Amira')
    .executeTakeFirstOrThrow();
  const res = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/submissions/${newStorageKey()}`,
    headers: bearer(token),
    payload: {
      pupilId: pupil.id,
      sessionId: null,
      note: '',
      createdAt: new Date().toISOString(),
      pages: [page],
    },
  });
  expect(res.statusCode).toBe(201);
}

describe('storage sweep', () => {
  it('removes only old files nothing names, and leaves files that are not its own', async () => {
    await handInWork();
    const storage = storageOf();
    const named = await namedKeys();
    // The demo's pack files, pictures and clips, and the page and thumbnail just handed in.
    expect(named.length).toBeGreaterThan(4);

    // A crash after the bytes were written: a file no row names.
    const orphan = newStorageKey();
    await storage.put(orphan, Buffer.alloc(5_000, 1));
    // An interrupted write: its temporary file.
    const tempKey = newStorageKey();
    const shard = join(storage.root, tempKey.slice(-2));
    mkdirSync(shard, { recursive: true });
    const temp = join(shard, `${tempKey}.0123456789ab.tmp`);
    writeFileSync(temp, Buffer.alloc(700, 2));
    // Something that is not the server's.
    const foreign = join(shard, 'notes.txt');
    writeFileSync(foreign, 'keep me');

    // Ages come from the files' own times (the file system's clock, whatever the test's).
    const written = Math.max(
      statSync(join(storage.root, orphan.slice(-2), orphan)).mtimeMs,
      statSync(temp).mtimeMs,
    );
    // Young files are left alone: a write may be staging its bytes right now.
    const young = await sweepStorage(t.app.db, storage, new Date(written));
    expect(young.removed).toBe(0);
    expect(await storage.size(orphan)).toBe(5_000);

    const later = new Date(written + sweepMinAgeMs + 1_000);
    const swept = await sweepStorage(t.app.db, storage, later);
    expect(swept).toEqual({ removed: 2, bytes: 5_700, kept: named.length });
    expect(await storage.size(orphan)).toBeNull();
    expect(existsSync(temp)).toBe(false);
    expect(existsSync(foreign)).toBe(true);
    for (const key of named) expect(await storage.size(key)).not.toBeNull();

    // Nothing left to do the second time.
    expect((await sweepStorage(t.app.db, storage, later)).removed).toBe(0);
  });

  it('runs when the server starts', async () => {
    const orphan = newStorageKey();
    await storageOf().put(orphan, Buffer.alloc(1_000, 5));
    const young = newStorageKey();
    await storageOf().put(young, Buffer.alloc(1_000, 6));
    // The orphan was written two hours ago (a crash then); the young one just now, by the
    // server's clock (set both: the file system's clock need not be the test's).
    const shardFile = (key: string) => join(storageOf().root, key.slice(-2), key);
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
    utimesSync(shardFile(orphan), twoHoursAgo, twoHoursAgo);
    utimesSync(shardFile(young), new Date(), new Date());

    const restarted = await buildApp({
      distDir: false,
      dataDir: t.dataDir,
      databaseUrl: t.databaseUrl,
    });
    try {
      expect(await storageOf(restarted).size(orphan)).toBeNull();
      expect(await storageOf(restarted).size(young)).toBe(1_000);
      for (const key of await namedKeys()) {
        expect(await storageOf(restarted).size(key)).not.toBeNull();
      }
    } finally {
      await restarted.close();
    }
  });
});
