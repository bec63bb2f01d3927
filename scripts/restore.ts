// npm run restore -- <file>: replaces the database (DATA_DIR's SQLite file, or
// DATABASE_URL's) with a backup made by npm run backup and gives it a new epoch, so
// phones start again from a full snapshot. Stop every server instance first.
import { resolve } from 'node:path';
import { restoreDatabase } from '../src/server/db/backup.ts';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run restore -- <backup file>   (stop the server first)');
  process.exit(2);
}
const dataDir = resolve(process.env.DATA_DIR ?? './data');
const databaseUrl = process.env.DATABASE_URL || undefined;
try {
  const epoch = await restoreDatabase({ dataDir, databaseUrl }, resolve(file));
  console.log(`Restored ${resolve(file)}; new epoch ${epoch}: phones will sync from scratch.`);
} catch (err) {
  console.error(`Restore failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
