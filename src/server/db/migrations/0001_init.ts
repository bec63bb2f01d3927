// The first schema. Plain column types (text, integer) and no SQLite-only SQL, so the
// same migration runs on PostgreSQL; the one difference is the change log's `seq`
// (SQLite's `integer primary key autoincrement`, PostgreSQL's bigint identity).
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres } from '../dialect.ts';

export const init: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('schools')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('contact_hours', 'text', (c) => c.notNull())
      .addColumn('contacts', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('classes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('classes_school').on('classes').column('school_id').execute();
    await db.schema
      .createTable('pupils')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id'))
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('key_stage', 'text', (c) => c.notNull())
      .addColumn('visual_support', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('pupils_class').on('pupils').column('class_id').execute();
    await db.schema
      .createTable('families')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('scope_version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('family_pupils')
      .addColumn('family_id', 'text', (c) => c.notNull().references('families.id'))
      .addColumn('pupil_id', 'text', (c) => c.notNull().references('pupils.id'))
      .addPrimaryKeyConstraint('family_pupils_pk', ['family_id', 'pupil_id'])
      .execute();
    await db.schema
      .createIndex('family_pupils_pupil')
      .on('family_pupils')
      .column('pupil_id')
      .execute();
    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('family_id', 'text', (c) => c.notNull().references('families.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('devices_family').on('devices').column('family_id').execute();
    await db.schema
      .createTable('join_codes')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('family_id', 'text', (c) => c.notNull().references('families.id'))
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('join_codes_family').on('join_codes').column('family_id').execute();
    await db.schema
      .createTable('staff')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('staff_sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('timetable_weeks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id'))
      .addColumn('week_start', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('published_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('timetable_weeks_class_week', ['class_id', 'week_start'])
      .execute();
    await db.schema
      .createTable('timetable_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('week_id', 'text', (c) => c.notNull().references('timetable_weeks.id'))
      .addColumn('pupil_id', 'text', (c) => c.references('pupils.id'))
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('start_time', 'text', (c) => c.notNull())
      .addColumn('end_time', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('live_url', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('timetable_sessions_week')
      .on('timetable_sessions')
      .column('week_id')
      .execute();
    await db.schema
      .createTable('session_completions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull().references('timetable_sessions.id'))
      .addColumn('pupil_id', 'text', (c) => c.notNull().references('pupils.id'))
      .addColumn('done', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('session_completions_session')
      .on('session_completions')
      .column('session_id')
      .execute();
    await db.schema
      .createIndex('session_completions_pupil')
      .on('session_completions')
      .column('pupil_id')
      .execute();
    // The change log that drives sync. Sync asks "scope ids IN (…) AND seq > cursor":
    // (scope_id, seq) serves exactly that; scope ids are UUIDs so they never collide
    // across scope types.
    await db.schema
      .createTable('changes')
      .addColumn('seq', isPostgres(db) ? 'bigint' : 'integer', (c) =>
        isPostgres(db)
          ? c.primaryKey().generatedByDefaultAsIdentity()
          : c.primaryKey().autoIncrement(),
      )
      .addColumn('scope_type', 'text', (c) => c.notNull())
      .addColumn('scope_id', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('op', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('changes_scope_seq')
      .on('changes')
      .columns(['scope_id', 'seq'])
      .execute();
  },
};
