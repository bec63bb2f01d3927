// Issue 3: what families send back. tus uploads (remembered with the family and phone
// that made them), photo submissions with their pages and staff feedback, and absence
// notices with every revision's body hash. Same portable column types as 0001.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const submissions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('uploads')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('family_id', 'text', (c) => c.notNull().references('families.id'))
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('committed_at', 'text')
      .execute();
    await db.schema
      .createIndex('uploads_family')
      .on('uploads')
      .columns(['family_id', 'committed_at'])
      .execute();

    await db.schema
      .createTable('submissions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('family_id', 'text', (c) => c.notNull().references('families.id'))
      .addColumn('pupil_id', 'text', (c) => c.notNull().references('pupils.id'))
      .addColumn('session_id', 'text', (c) => c.references('timetable_sessions.id'))
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('seen_at', 'text')
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .execute();
    await db.schema
      .createIndex('submissions_pupil')
      .on('submissions')
      .columns(['pupil_id', 'received_at'])
      .execute();
    await db.schema
      .createIndex('submissions_family')
      .on('submissions')
      .column('family_id')
      .execute();

    await db.schema
      .createTable('submission_pages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id'))
      .addColumn('idx', 'integer', (c) => c.notNull())
      .addColumn('file_key', 'text', (c) => c.notNull())
      .addColumn('thumb_key', 'text', (c) => c.notNull())
      .addColumn('width', 'integer', (c) => c.notNull())
      .addColumn('height', 'integer', (c) => c.notNull())
      /** Bytes of the stored (re-encoded) JPEG. */
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('thumb_bytes', 'integer', (c) => c.notNull())
      /** What the phone sent: its size and sha256 (the upload is deleted after commit). */
      .addColumn('original_bytes', 'integer', (c) => c.notNull())
      .addColumn('original_sha256', 'text', (c) => c.notNull())
      .addUniqueConstraint('submission_pages_idx', ['submission_id', 'idx'])
      .execute();

    await db.schema
      .createTable('submission_feedback')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id'))
      .addColumn('pupil_id', 'text', (c) => c.notNull().references('pupils.id'))
      .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
      .addColumn('staff_name', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('submission_feedback_submission')
      .on('submission_feedback')
      .column('submission_id')
      .execute();
    await db.schema
      .createIndex('submission_feedback_pupil')
      .on('submission_feedback')
      .column('pupil_id')
      .execute();

    await db.schema
      .createTable('absence_notices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('family_id', 'text', (c) => c.notNull().references('families.id'))
      .addColumn('pupil_id', 'text', (c) => c.notNull().references('pupils.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('from_date', 'text', (c) => c.notNull())
      .addColumn('to_date', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('withdrawn_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('acknowledged_at', 'text')
      .addColumn('acknowledged_by', 'text')
      .addColumn('acknowledged_by_staff_id', 'text', (c) => c.references('staff.id'))
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .execute();
    await db.schema
      .createIndex('absence_notices_pupil')
      .on('absence_notices')
      .columns(['pupil_id', 'from_date'])
      .execute();
    await db.schema
      .createTable('absence_notice_revisions')
      .addColumn('notice_id', 'text', (c) => c.notNull().references('absence_notices.id'))
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('absence_notice_revisions_pk', ['notice_id', 'revision'])
      .execute();
  },
};
