// Issue 4: media files (symbol pictures and short audio clips, the school's or a family's),
// visual schedules, reward charts and their append-only token events. Same portable column
// types as 0001. JSON (steps, reward) is stored as text. `visual_schedules.session_id` has
// no foreign key on purpose: staff may delete a timetable session, and a schedule that
// named it simply names nothing (the phone shows it without the link).
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const schedules: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('media_files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
      /** null: the school's own, for every family of the school. */
      .addColumn('pupil_id', 'text', (c) => c.references('pupils.id'))
      /** The family that sent it (counts against its quota); null for the school's. */
      .addColumn('family_id', 'text', (c) => c.references('families.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      /** Bytes and sha256 of what is stored and served (images are re-encoded). */
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.references('devices.id'))
      .addColumn('staff_id', 'text', (c) => c.references('staff.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('media_files_pupil').on('media_files').column('pupil_id').execute();
    await db.schema
      .createIndex('media_files_school')
      .on('media_files')
      .columns(['school_id', 'pupil_id'])
      .execute();
    await db.schema
      .createIndex('media_files_family')
      .on('media_files')
      .column('family_id')
      .execute();

    await db.schema
      .createTable('visual_schedules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pupil_id', 'text', (c) => c.notNull().references('pupils.id'))
      /** The family that made it; null when the school made it. */
      .addColumn('family_id', 'text', (c) => c.references('families.id'))
      .addColumn('made_by', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('date', 'text')
      .addColumn('session_id', 'text')
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('steps', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.references('devices.id'))
      .addColumn('staff_id', 'text', (c) => c.references('staff.id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('visual_schedules_pupil')
      .on('visual_schedules')
      .columns(['pupil_id', 'deleted'])
      .execute();

    await db.schema
      .createTable('reward_charts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pupil_id', 'text', (c) => c.notNull().references('pupils.id'))
      .addColumn('family_id', 'text', (c) => c.references('families.id'))
      .addColumn('made_by', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('goal', 'integer', (c) => c.notNull())
      .addColumn('reward', 'text', (c) => c.notNull())
      .addColumn('reward_label', 'text', (c) => c.notNull())
      .addColumn('token_per_step', 'integer', (c) => c.notNull())
      .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.references('devices.id'))
      .addColumn('staff_id', 'text', (c) => c.references('staff.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('reward_charts_pupil')
      .on('reward_charts')
      .column('pupil_id')
      .execute();

    await db.schema
      .createTable('reward_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('chart_id', 'text', (c) => c.notNull().references('reward_charts.id'))
      .addColumn('pupil_id', 'text', (c) => c.notNull().references('pupils.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('undoes', 'text', (c) => c.references('reward_events.id'))
      .addColumn('by', 'text', (c) => c.notNull())
      .addColumn('step_id', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.references('devices.id'))
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('reward_events_chart')
      .on('reward_events')
      .column('chart_id')
      .execute();
    await db.schema
      .createIndex('reward_events_pupil')
      .on('reward_events')
      .column('pupil_id')
      .execute();
  },
};
