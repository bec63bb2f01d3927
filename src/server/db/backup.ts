// Backups of the database, and restoring one (npm run backup / npm run restore -- <file>).
// SQLite: the online backup API (a consistent copy while the server runs). PostgreSQL:
// pg_dump's custom format, restored with pg_restore --clean. A restore gives the database
// a new epoch, so every phone's cursor becomes unknown and the next sync is a full
// snapshot: phones find out that the school's data went back in time.
// Stored files (DATA_DIR/files or the bucket) are not in the backup: they are written
// once under new keys and named by rows, so back them up as files (bucket versioning, a
// disk snapshot); after a restore, files no restored row names are swept an hour later.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { openDatabase, renewEpoch } from './database.ts';

export type BackupTarget = { dataDir: string; databaseUrl?: string | undefined };

const sqliteFile = (dataDir: string) => join(dataDir, 'homeward.sqlite');

/** pg_dump / pg_restore of the newest PostgreSQL Debian installed, else from PATH. */
export function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  if (process.env.PG_BIN) return join(process.env.PG_BIN, name);
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', name)))
        .toSorted((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] ? join(root, versions[0], 'bin', name) : name;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} failed: ${(r.stderr || r.stdout).trim()}`);
}

/** Writes a backup to `file` (a new file). */
export async function backupDatabase(t: BackupTarget, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  if (t.databaseUrl) {
    run(pgTool('pg_dump'), ['--format=custom', '--no-owner', `--file=${file}`, t.databaseUrl]);
    return;
  }
  const db = new SQLite(sqliteFile(t.dataDir), { fileMustExist: true });
  try {
    await db.backup(file);
  } finally {
    db.close();
  }
}

/**
 * Replaces the database with the backup in `file` and gives it a new epoch. The server
 * must be stopped (every instance) while this runs.
 */
export async function restoreDatabase(t: BackupTarget, file: string): Promise<string> {
  if (!existsSync(file)) throw new Error(`no such backup: ${file}`);
  if (t.databaseUrl) {
    run(pgTool('pg_restore'), [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--single-transaction',
      `--dbname=${t.databaseUrl}`,
      file,
    ]);
  } else {
    const target = sqliteFile(t.dataDir);
    const staged = `${target}.restoring`;
    // Copy through the backup API (checks the file is a database), then swap it in.
    const src = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      await src.backup(staged);
    } finally {
      src.close();
    }
    for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
    renameSync(staged, target);
  }
  const db = await openDatabase({ dataDir: t.dataDir, databaseUrl: t.databaseUrl });
  try {
    return await renewEpoch(db);
  } finally {
    await db.destroy();
  }
}

/** Where `npm run backup` writes: BACKUP_DIR, else DATA_DIR/backups; named by the time. */
export function backupFileName(dir: string, now: Date, postgres: boolean): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return join(dir, `homeward-${stamp}.${postgres ? 'pgdump' : 'sqlite'}`);
}
