// Back up, write more, restore: the database's epoch changes, so a phone's old cursor is
// answered with a reset (a full snapshot), and what was written after the backup is gone
// until phones send it again. On SQLite (npm test) and PostgreSQL (npm run test:pg).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuid } from 'uuid';
import { afterAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { backupDatabase, restoreDatabase } from '../../src/server/db/backup.ts';
import { readEpoch } from '../../src/server/db/database.ts';
import { dropTestDatabase } from '../pg/databases.ts';
import { bearer, join_, startApp } from './helpers.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

it('restores a backup under a new epoch; old cursors get a reset', async () => {
  const t = await startApp();
  const { dataDir, databaseUrl } = t;
  const token = (await join_(t.app, t.demo.joinCode)).token;
  const sync = async (app: typeof t.app, since = '') => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/sync?since=${encodeURIComponent(since)}&limit=1000`,
      headers: bearer(token),
    });
    expect(res.statusCode).toBe(200);
    return res.json() as {
      cursor: string;
      reset: boolean;
      more: boolean;
      changes: { data?: { id: string } }[];
    };
  };
  const first = await sync(t.app);
  expect(first.more).toBe(false);
  const epochBefore = await readEpoch(t.app.db);

  const backupDir = mkdtempSync(join(tmpdir(), 'homeward-backup-'));
  dirs.push(backupDir);
  const file = join(backupDir, 'backup');
  await backupDatabase({ dataDir, databaseUrl }, file);

  // Written after the backup: lost by the restore.
  const pupil = await t.app.db
    .selectFrom('pupils')
    .select(['id', 'class_id'])
    .where('display_name', '=', 'Amira')
    .executeTakeFirstOrThrow();
  const session = await t.app.db
    .selectFrom('timetable_sessions as s')
    .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
    .select('s.id')
    .where('w.class_id', '=', pupil.class_id)
    .where('w.published_at', 'is not', null)
    .where('s.pupil_id', 'is', null)
    .executeTakeFirstOrThrow();
  const mark = uuid();
  const put = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/session-completions/${mark}`,
    headers: bearer(token),
    payload: {
      sessionId: session.id,
      pupilId: pupil.id,
      done: true,
      at: '2026-11-23T10:00:00.000Z',
    },
  });
  expect(put.statusCode).toBe(201);
  expect((await sync(t.app, first.cursor)).changes.map((c) => c.data?.id)).toEqual([mark]);
  await t.app.close();

  const epoch = await restoreDatabase({ dataDir, databaseUrl }, file);
  expect(epoch).not.toBe(epochBefore);
  const again = await buildApp({ dataDir, databaseUrl, distDir: false });
  try {
    expect(await readEpoch(again.db)).toBe(epoch);
    const after = await sync(again, first.cursor);
    expect(after.reset).toBe(true);
    expect(after.changes.map((c) => c.data?.id)).not.toContain(mark);
    const rows = await again.db
      .selectFrom('session_completions')
      .select('id')
      .where('id', '=', mark)
      .execute();
    expect(rows).toEqual([]);
    // The phone that sends its mark again (same id, same body) gets it stored once.
    const resent = await again.inject({
      method: 'PUT',
      url: `/api/v1/session-completions/${mark}`,
      headers: bearer(token),
      payload: {
        sessionId: session.id,
        pupilId: pupil.id,
        done: true,
        at: '2026-11-23T10:00:00.000Z',
      },
    });
    expect(resent.statusCode).toBe(201);
  } finally {
    await again.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
