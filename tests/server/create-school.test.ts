// `npm run create-school` and SEED_DEMO=0: a real school starts without the demo, its
// first admin gets a one-time link, and only a hash of the link's token is stored.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { configFromEnv } from '../../src/server/config.ts';
import { sha256 } from '../../src/server/lib/crypto.ts';

const run = promisify(execFile);
const script = join(import.meta.dirname, '../../scripts/create-school.ts');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dataDir() {
  const d = mkdtempSync(join(tmpdir(), 'homeward-school-'));
  dirs.push(d);
  return d;
}
async function createSchool(dir: string, ...args: string[]) {
  return run(process.execPath, [script, ...args], {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', PORT: '8123' },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

describe('create-school', () => {
  it('makes the school and its first admin and prints a one-time link whose token is stored only as a hash', async () => {
    const dir = dataDir();
    const out = await createSchool(
      dir,
      '--name',
      'Brook Lane Primary',
      '--admin-email',
      'Head@BrookLane.example.org',
      '--time-zone',
      'Europe/Dublin',
    );
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const link = /(http:\/\/localhost:8123\/staff\/invite#([A-Za-z0-9_-]{43}))/.exec(out.stdout);
    expect(link).not.toBeNull();
    const token = link![2]!;

    const app = await buildApp({
      dataDir: dir,
      distDir: false,
      ...configFromEnv({ SEED_DEMO: '0' }),
    });
    try {
      const schools = await app.db.selectFrom('schools').selectAll().execute();
      expect(schools).toHaveLength(1);
      expect(schools[0]).toMatchObject({
        name: 'Brook Lane Primary',
        time_zone: 'Europe/Dublin',
      });
      const staff = await app.db.selectFrom('staff').selectAll().execute();
      expect(staff).toHaveLength(1);
      expect(staff[0]).toMatchObject({
        email: 'head@brooklane.example.org',
        role: 'admin',
        password_hash: '',
        school_id: schools[0]!.id,
      });
      const invites = await app.db.selectFrom('staff_invites').selectAll().execute();
      expect(invites).toHaveLength(1);
      expect(invites[0]).toMatchObject({
        staff_id: staff[0]!.id,
        token_hash: sha256(token),
        used_at: null,
        created_by: null,
      });
      expect(Date.parse(invites[0]!.expires_at) - Date.parse(invites[0]!.created_at)).toBe(
        7 * 86_400_000,
      );
    } finally {
      await app.close();
    }
    // Not in the database file, its log or anywhere else under the data directory.
    for (const file of ['homeward.sqlite', 'homeward.sqlite-wal']) {
      let bytes = '';
      try {
        bytes = readFileSync(join(dir, file), 'latin1');
      } catch {
        continue;
      }
      expect(bytes.includes(token)).toBe(false);
    }
  });

  it('refuses what it cannot make, says why, and makes nothing', async () => {
    const dir = dataDir();
    const zone = await createSchool(
      dir,
      '--name',
      'X',
      '--admin-email',
      'a@x.example',
      '--time-zone',
      'Mars/Olympus',
    );
    expect(zone.code).toBe(1);
    expect(zone.stderr).toContain('"Mars/Olympus" is not a time zone');
    const email = await createSchool(dir, '--name', 'X', '--admin-email', 'not-an-email');
    expect(email.code).toBe(1);
    expect(email.stderr).toContain('is not an email address');
    const usage = await createSchool(dir, '--name', 'X');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run create-school');
    expect((await createSchool(dir, '--name', 'X', '--admin-email', 'a@x.example')).code).toBe(0);
    const twice = await createSchool(dir, '--name', 'Y', '--admin-email', 'A@x.example');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('a@x.example is already a member of staff');
    const app = await buildApp({ dataDir: dir, distDir: false, seedDemo: false });
    try {
      expect(await app.db.selectFrom('schools').select('name').execute()).toEqual([{ name: 'X' }]);
    } finally {
      await app.close();
    }
  });

  it('starts without the demo under SEED_DEMO=0, and with it on an empty database otherwise', async () => {
    expect(configFromEnv({ SEED_DEMO: '0' }).seedDemo).toBe(false);
    expect(configFromEnv({}).seedDemo).toBe(true);
    const bare = dataDir();
    const a = await buildApp({
      dataDir: bare,
      distDir: false,
      ...configFromEnv({ SEED_DEMO: '0' }),
    });
    expect(await a.db.selectFrom('schools').select('id').execute()).toEqual([]);
    expect(a.demoSeeded).toBe(false);
    await a.close();
    const demo = dataDir();
    const b = await buildApp({ dataDir: demo, distDir: false, ...configFromEnv({}) });
    expect(b.demoSeeded).toBe(true);
    await b.close();
    // A school made with create-school is not joined by a demo, whatever SEED_DEMO says.
    const real = dataDir();
    expect(
      (await createSchool(real, '--name', 'Real', '--admin-email', 'r@real.example')).code,
    ).toBe(0);
    const c = await buildApp({ dataDir: real, distDir: false, ...configFromEnv({}) });
    expect(c.demoSeeded).toBe(false);
    expect(await c.db.selectFrom('schools').select('name').execute()).toEqual([{ name: 'Real' }]);
    await c.close();
  });
});
