// Databases for tests under `npm run test:pg` (tests/pg/run.ts sets HOMEWARD_TEST_PG_URL
// to the cluster and HOMEWARD_TEST_PG_TEMPLATE to a migrated, empty database). Each app a
// test starts gets its own database copied from the template (CREATE DATABASE … TEMPLATE
// copies files, far faster than migrating), so tests stay isolated and run in parallel.
// Without those variables (npm test) every function here says "SQLite".
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const adminUrl = process.env.HOMEWARD_TEST_PG_URL;
const template = process.env.HOMEWARD_TEST_PG_TEMPLATE ?? 'homeward_template';

let admin: Promise<pg.Client> | null = null;
function adminClient(): Promise<pg.Client> {
  if (!adminUrl) throw new Error('not under npm run test:pg');
  admin ??= (async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    return c;
  })();
  return admin;
}

export const onPostgres = adminUrl !== undefined;

export function databaseUrlOf(name: string): string {
  if (!adminUrl) throw new Error('not under npm run test:pg');
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A new database made from the template, or undefined on SQLite. */
export async function createTestDatabase(): Promise<string | undefined> {
  if (!adminUrl) return undefined;
  const name = `hw_${randomBytes(6).toString('hex')}`;
  const c = await adminClient();
  await c.query(`create database ${name} template ${template}`);
  return databaseUrlOf(name);
}

export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^hw_[0-9a-f]{12}$/.test(name)) return;
  const c = await adminClient();
  await c.query(`drop database if exists ${name} with (force)`);
}

/** A fresh bucket on the test run's S3 server, as the app's S3 configuration. */
export async function testBucket(endpoint = process.env.HOMEWARD_TEST_S3_ENDPOINT) {
  if (!endpoint) throw new Error('not under npm run test:pg');
  const { createBucket, s3Credentials } = await import('./s3.ts');
  const bucket = `hw-${randomBytes(6).toString('hex')}`;
  await createBucket(process.env.HOMEWARD_TEST_S3_ENDPOINT ?? endpoint, bucket);
  return {
    bucket,
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: s3Credentials,
  };
}
