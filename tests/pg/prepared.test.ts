// Named prepared statements on PostgreSQL (src/server/db/pg-prepared.ts): what a connection
// runs is prepared once; past the cap the rest run unnamed; a statement prepared before
// another instance changed the schema is prepared again instead of failing, in a plain
// query and in a transaction; DATABASE_PREPARED_STATEMENTS=0 prepares nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/server/db/database.ts';
import { maxPerConnection } from '../../src/server/db/pg-prepared.ts';
import { createTestDatabase, dropTestDatabase } from './databases.ts';

let url: string;
let dataDir: string;
const opened: Db[] = [];

beforeAll(async () => {
  url = (await createTestDatabase())!;
  dataDir = mkdtempSync(join(tmpdir(), 'homeward-prepared-'));
});
afterAll(async () => {
  for (const db of opened) await db.destroy();
  await dropTestDatabase(url);
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * The smallest pool (two: start-up locks on one and migrates on the other). pg-pool hands
 * out the connection released last, so queries one after another share one session, and
 * pg_prepared_statements shows what that session prepared.
 */
async function open(preparedStatements = true): Promise<Db> {
  const db = await openDatabase({ dataDir, databaseUrl: url, poolSize: 1, preparedStatements });
  opened.push(db);
  return db;
}

async function preparedTexts(db: Db): Promise<string[]> {
  const { rows } = await sql<{
    statement: string;
  }>`select statement from pg_prepared_statements`.execute(db);
  return rows.map((r) => r.statement);
}

const readEpochRow = (db: Pick<Db, 'selectFrom'>) =>
  db.selectFrom('meta').selectAll().where('key', '=', 'epoch').executeTakeFirstOrThrow();

async function alter(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(statement);
  await c.end();
}

describe('prepared statements on PostgreSQL', () => {
  it('prepares what a connection runs, once, and stops naming past the cap', async () => {
    const db = await open();
    await readEpochRow(db);
    await readEpochRow(db);
    const texts = await preparedTexts(db);
    expect(texts.filter((t) => t.includes('from "meta"'))).toHaveLength(1);

    for (let n = 1; n <= maxPerConnection + 20; n++) {
      const keys = Array.from({ length: n }, (_, i) => `k${i}`);
      await db.selectFrom('meta').select('key').where('key', 'in', keys).execute();
    }
    expect((await preparedTexts(db)).length).toBe(maxPerConnection);
    // Unnamed past the cap, and still answered.
    const row = await readEpochRow(db);
    expect(row.key).toBe('epoch');
  });

  it('prepares a statement again after another instance changed the schema', async () => {
    const db = await open();
    expect(Object.keys(await readEpochRow(db))).not.toContain('extra');
    await alter('alter table meta add column extra text');
    // The same text: PostgreSQL refuses the old plan (its rows have a new column).
    expect(Object.keys(await readEpochRow(db))).toContain('extra');
    // Prepared again under a new name, in the same session.
    const meta = (await preparedTexts(db)).filter((t) => t.includes('from "meta"'));
    expect(meta).toHaveLength(2);

    await db.transaction().execute((trx) => readEpochRow(trx));
    await alter('alter table meta drop column extra');
    const inTrx = await db.transaction().execute((trx) => readEpochRow(trx));
    expect(Object.keys(inTrx)).not.toContain('extra');
  });

  it('prepares nothing when turned off', async () => {
    const db = await open(false);
    await readEpochRow(db);
    await readEpochRow(db);
    expect(await preparedTexts(db)).toEqual([]);
  });
});
