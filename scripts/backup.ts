// npm run backup: a consistent backup of the database while the server runs, written to
// BACKUP_DIR (default DATA_DIR/backups) as homeward-<time>.sqlite or .pgdump
// (DATABASE_URL set). Prints the file's path. See src/server/db/backup.ts.
import { resolve } from 'node:path';
import { backupDatabase, backupFileName } from '../src/server/db/backup.ts';

const dataDir = resolve(process.env.DATA_DIR ?? './data');
const databaseUrl = process.env.DATABASE_URL || undefined;
const dir = resolve(process.env.BACKUP_DIR ?? `${dataDir}/backups`);
const file = backupFileName(dir, new Date(), databaseUrl !== undefined);
try {
  await backupDatabase({ dataDir, databaseUrl }, file);
  console.log(file);
} catch (err) {
  console.error(`Backup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
