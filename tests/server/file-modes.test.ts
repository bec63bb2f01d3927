// The data directory is the server's user's only: directories 0700, files 0600 (the
// database and its -wal/-shm, stored files, uploads in progress, the demo credentials),
// whatever the umask, and what an older server left readable is put right at start.
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { readDemoCredentials } from '../../src/server/db/seed.ts';
import { bearer, join_ } from './helpers.ts';
import { pngBytes } from './schedule-fixtures.ts';
import { tusCreate, tusPatch, uploadIdOf, uploadPage } from './tus.ts';

/** Every entry under dir (dir itself too) with its permission bits. */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string) => {
    const s = lstatSync(p);
    out[relative(dir, p) || '.'] = (s.mode & 0o777).toString(8);
    if (s.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
  };
  walk(dir);
  return out;
}

const now = () => new Date('2026-11-23T09:00:00.000Z');
let dataDir: string;
let umask: number;

beforeAll(() => {
  // The loosest umask there is: every mode below must come from the server itself.
  umask = process.umask(0);
  dataDir = mkdtempSync(join(tmpdir(), 'homeward-test-'));
  chmodSync(dataDir, 0o755);
});
afterAll(() => {
  process.umask(umask);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the data directory', () => {
  it('holds only 0700 directories and 0600 files, with a umask of 0', async () => {
    const app = await buildApp({ dataDir, distDir: false, now });
    try {
      const { token } = await join_(app, readDemoCredentials(dataDir)!.joinCode);
      const pupil = await app.db
        .selectFrom('pupils')
        .select('id')
        .where('display_name', '=', 'Amira')
        .executeTakeFirstOrThrow();
      // A stored photo (re-encoded into files/) and an upload still in progress.
      const page = await uploadPage(app, token, await pngBytes(80, 60));
      const commit = await app.inject({
        method: 'PUT',
        url: '/api/v1/submissions/01a2358c-0000-7000-8000-000000000001',
        headers: bearer(token),
        payload: {
          pupilId: pupil.id,
          sessionId: null,
          note: '',
          createdAt: '2026-11-23T10:00:00.000Z',
          pages: [page],
        },
      });
      expect(commit.statusCode).toBe(201);
      const open = await tusCreate(app, token, 100);
      const openId = uploadIdOf(open.headers.location);
      expect((await tusPatch(app, token, openId, 0, Buffer.alloc(10))).statusCode).toBe(204);

      const found = modes(dataDir);
      for (const name of [
        'homeward.sqlite',
        'homeward.sqlite-wal',
        'homeward.sqlite-shm',
        'demo-credentials.json',
        'files',
        'uploads',
        `uploads/${openId}`,
        `uploads/${openId}.json`,
      ]) {
        expect(found).toHaveProperty([name]);
      }
      const storedFiles = Object.keys(found).filter((p) => /^files\/[0-9a-f]{2}\/./.test(p));
      expect(storedFiles.length).toBeGreaterThan(2);
      const wrong = Object.entries(found).filter(([path, mode]) => {
        const dir = lstatSync(join(dataDir, path)).isDirectory();
        return mode !== (dir ? '700' : '600');
      });
      expect(wrong).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('puts right what was left world-readable, at the next start', async () => {
    const loosen = (p: string) => {
      const s = lstatSync(p);
      chmodSync(p, s.isDirectory() ? 0o755 : 0o644);
      if (s.isDirectory()) for (const name of readdirSync(p)) loosen(join(p, name));
    };
    loosen(dataDir);
    expect(Object.values(modes(dataDir))).toContain('644');
    const app = await buildApp({ dataDir, distDir: false, now });
    await app.close();
    const found = modes(dataDir);
    const wrong = Object.entries(found).filter(([path, mode]) => {
      const dir = lstatSync(join(dataDir, path)).isDirectory();
      return mode !== (dir ? '700' : '600');
    });
    expect(wrong).toEqual([]);
  });
});
