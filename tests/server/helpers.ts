// Test helpers: a real app on a fresh temp data directory, the demo data, and shortcuts
// for joining, signing in and JSON requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp, type BuildAppOptions } from '../../src/server/app.ts';
import { readDemoCredentials, type DemoCredentials } from '../../src/server/db/seed.ts';
import { createTestDatabase, dropTestDatabase } from '../pg/databases.ts';

export type TestApp = {
  app: FastifyInstance;
  dataDir: string;
  /** The PostgreSQL database of this app under `npm run test:pg`; undefined on SQLite. */
  databaseUrl: string | undefined;
  demo: DemoCredentials;
  close: () => Promise<void>;
};

/**
 * A fresh app on a temp data directory: SQLite there, or (under `npm run test:pg`) a new
 * PostgreSQL database made from the migrated template, dropped again by `close`.
 */
export async function startApp(opts: Partial<BuildAppOptions> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'homeward-test-'));
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabase());
  const app = await buildApp({ distDir: false, ...opts, dataDir, databaseUrl });
  const demo = readDemoCredentials(dataDir);
  if (!demo) throw new Error('no demo credentials written');
  return {
    app,
    dataDir,
    databaseUrl,
    demo,
    close: async () => {
      await app.close();
      if (databaseUrl && !opts.databaseUrl) await dropTestDatabase(databaseUrl);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function join_(app: FastifyInstance, code: string, deviceName?: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/join',
    payload: { code, deviceName },
  });
  if (res.statusCode !== 201) throw new Error(`join failed: ${res.statusCode} ${res.body}`);
  return res.json() as { token: string; deviceId: string; familyId: string };
}

export async function signIn(app: FastifyInstance, email: string, password: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/staff/session',
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'hw_staff');
  if (!cookie) throw new Error('no cookie');
  return { cookie: `hw_staff=${cookie.value}`, raw: cookie };
}

export function asStaff(cookie: string, opts: InjectOptions): InjectOptions {
  return { ...opts, headers: { ...opts.headers, cookie } };
}

export function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

/** Joins the demo's Khan family and the Novak family (a code issued by the admin). */
export async function twoFamilies(t: TestApp) {
  const khan = await join_(t.app, t.demo.joinCode);
  const admin = t.demo.staff.find((s) => s.role === 'admin');
  if (!admin) throw new Error('no admin');
  const { cookie } = await signIn(t.app, admin.email, admin.password);
  const novakFamily = await t.app.db
    .selectFrom('families')
    .select('id')
    .where('name', '=', 'Novak family')
    .executeTakeFirstOrThrow();
  const code = await t.app.inject({
    method: 'POST',
    url: `/api/v1/staff/families/${novakFamily.id}/join-codes`,
    headers: { cookie },
    payload: {},
  });
  if (code.statusCode !== 201) throw new Error(`join code: ${code.statusCode} ${code.body}`);
  const novak = await join_(t.app, code.json().joinCode.code);
  const rows = await t.app.db
    .selectFrom('pupils')
    .select(['id', 'display_name', 'class_id'])
    .execute();
  const pupils = Object.fromEntries(rows.map((r) => [r.display_name, r]));
  return { khan, novak, adminCookie: cookie, pupils };
}
