// npm run test:pg: starts a throwaway PostgreSQL cluster and an S3-compatible server
// (s3rver) on loopback, migrates a template database, then runs the whole server suite
// against PostgreSQL (each app its own database copied from the template) and the tests
// that need PostgreSQL and S3 (tests/pg: the change log under concurrent writers, races,
// S3 storage and tus, two instances behind a round-robin proxy, backups). Cleans up after.
// Without PostgreSQL installed it stops with one line saying how to install it.
import { spawn } from 'node:child_process';
import { openDatabase } from '../../src/server/db/database.ts';
import { findPgBin, installHint, startCluster } from './cluster.ts';
import { startS3 } from './s3.ts';

if (!findPgBin()) {
  console.error(installHint);
  process.exit(1);
}

const started = Date.now();
const cluster = await startCluster();
const s3 = await startS3();
let code = 1;
try {
  const template = 'homeward_template';
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: cluster.url() });
  await c.connect();
  await c.query(`create database ${template}`);
  await c.end();
  const db = await openDatabase({ dataDir: cluster.dir, databaseUrl: cluster.url(template) });
  await db.destroy();

  const args = [
    'vitest',
    'run',
    '--project',
    'server',
    '--project',
    'pg',
    ...process.argv.slice(2),
  ];
  code = await new Promise<number>((resolve) => {
    const child = spawn('npx', args, {
      stdio: 'inherit',
      env: {
        ...process.env,
        HOMEWARD_TEST_PG_URL: cluster.url(),
        HOMEWARD_TEST_PG_TEMPLATE: template,
        HOMEWARD_TEST_PG_DIR: cluster.dir,
        HOMEWARD_TEST_PG_BIN: cluster.bin(''),
        HOMEWARD_TEST_S3_ENDPOINT: s3.endpoint,
      },
    });
    child.on('exit', (status) => resolve(status ?? 1));
  });
} finally {
  await s3.stop();
  cluster.stop();
}
console.log(`test:pg took ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(code);
