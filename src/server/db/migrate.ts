// Runs the migrations that are compiled into the server (no files read at run time).
import type { Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { init } from './migrations/0001_init.ts';
import { submissions } from './migrations/0002_submissions.ts';
import { schedules } from './migrations/0003_schedules.ts';
import { packs } from './migrations/0004_packs.ts';
import { probe } from './migrations/0005_probe.ts';
import { syncOrder } from './migrations/0006_sync_order.ts';
import { scale } from './migrations/0008_scale.ts';
import { roster } from './migrations/0010_roster.ts';
import { schoolDay } from './migrations/0014_school_day.ts';
import { publish } from './migrations/0015_publish.ts';
import type { Database } from './schema.ts';

const migrations: Record<string, Migration> = {
  '0001_init': init,
  '0002_submissions': submissions,
  '0003_schedules': schedules,
  '0004_packs': packs,
  '0005_probe': probe,
  '0006_sync_order': syncOrder,
  '0008_scale': scale,
  '0010_roster': roster,
  '0014_school_day': schoolDay,
  '0015_publish': publish,
};

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Branches add numbered migrations in parallel; one merged later than a higher number
    // still runs (each migration only adds, so their order does not matter).
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
