// Issue 15: publishing the week from the workspace.
// - `timetable_weeks.revision` and `packs.revision`: every real change of a week (its own
//   fields or any of its sessions) or of a pack's text adds one; a staff save names the
//   revision it started from and a stale one is refused (409 `stale`), instead of the last
//   write silently winning. Existing rows start at 1.
// - `school_publishing`: a school's publishing settings, one row per school once an admin
//   changed them (no row: the defaults in db/publishing.ts): the daily minimum of learning
//   per key stage, in minutes, and when next week should be published by (an ISO weekday
//   of the week before, 1 = Monday, and a time of day in the school's time zone).
// - `staff_uploads`: tus uploads made from the workspace (pack files), the staff member's
//   and school's; committed by the pack-file PUT that names them, cleaned up like family
//   uploads (db/uploads.ts).
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const publish: Migration = {
  async up(db: Kysely<unknown>) {
    for (const table of ['timetable_weeks', 'packs']) {
      await db.schema
        .alterTable(table)
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
    }
    await db.schema
      .createTable('school_publishing')
      .addColumn('school_id', 'text', (c) => c.primaryKey().references('schools.id'))
      .addColumn('min_minutes_ks1', 'integer', (c) => c.notNull())
      .addColumn('min_minutes_ks2', 'integer', (c) => c.notNull())
      .addColumn('min_minutes_secondary', 'integer', (c) => c.notNull())
      .addColumn('publish_by_weekday', 'integer', (c) => c.notNull())
      .addColumn('publish_by_time', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('staff_uploads')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
      .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('patched_at', 'text')
      .addColumn('committed_at', 'text')
      .execute();
    await db.schema
      .createIndex('staff_uploads_staff')
      .on('staff_uploads')
      .column('staff_id')
      .execute();
  },
};
