// Issue 14 (the school's day): what phones say they still hold, the school's reply hours
// and daily-check settings, feedback held until reply hours begin, saved feedback
// phrases, the contact log, and the indexes the engagement queries need.
//   devices.outbox_count / outbox_since / outbox_reported_at: the phone's last report
//     (items waiting, when the oldest was made by the server's clock, when it said so);
//     null until a phone that reports has synced. No personal data.
//   school_day_settings: one row per school, absent = the defaults in db/school-day-settings.ts.
//   held_feedback: feedback written outside reply hours, moved to submission_feedback
//     (and so to the phones) when `deliver_at` has passed (db/feedback.ts).
//   contact_log: who tried to reach which family, when, how, the outcome; the
//     safeguarding flag columns are read only for the DSL and admins.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const schoolDay: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('devices').addColumn('outbox_count', 'integer').execute();
    await db.schema.alterTable('devices').addColumn('outbox_since', 'text').execute();
    await db.schema.alterTable('devices').addColumn('outbox_reported_at', 'text').execute();

    await db.schema
      .createTable('school_day_settings')
      .addColumn('school_id', 'text', (c) => c.primaryKey())
      .addColumn('reply_from', 'text', (c) => c.notNull())
      .addColumn('reply_until', 'text', (c) => c.notNull())
      .addColumn('hold_outside_reply_hours', 'integer', (c) => c.notNull())
      .addColumn('feedback_target', 'integer', (c) => c.notNull())
      .addColumn('needs_call_days', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('held_feedback')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('submission_id', 'text', (c) => c.notNull())
      .addColumn('pupil_id', 'text', (c) => c.notNull())
      .addColumn('staff_id', 'text', (c) => c.notNull())
      .addColumn('staff_name', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('deliver_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('held_feedback_deliver')
      .on('held_feedback')
      .column('deliver_at')
      .execute();
    await db.schema
      .createIndex('held_feedback_submission')
      .on('held_feedback')
      .column('submission_id')
      .execute();
    await db.schema
      .createIndex('held_feedback_pupil')
      .on('held_feedback')
      .columns(['pupil_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('feedback_phrases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('staff_id', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('feedback_phrases_staff')
      .on('feedback_phrases')
      .column('staff_id')
      .execute();

    await db.schema
      .createTable('contact_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('school_id', 'text', (c) => c.notNull())
      .addColumn('family_id', 'text', (c) => c.notNull())
      .addColumn('pupil_id', 'text')
      .addColumn('staff_id', 'text', (c) => c.notNull())
      .addColumn('staff_name', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('safeguarding', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('safeguarding_by', 'text')
      .addColumn('safeguarding_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('contact_log_school')
      .on('contact_log')
      .columns(['school_id', 'at'])
      .execute();
    await db.schema
      .createIndex('contact_log_family')
      .on('contact_log')
      .column('family_id')
      .execute();

    // The engagement day reads each kind of sign by child and time.
    await db.schema
      .createIndex('submissions_pupil_created')
      .on('submissions')
      .columns(['pupil_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('session_completions_pupil_at')
      .on('session_completions')
      .columns(['pupil_id', 'at'])
      .execute();
    await db.schema
      .createIndex('activity_completions_pupil_at')
      .on('activity_completions')
      .columns(['pupil_id', 'at'])
      .execute();
    await db.schema
      .createIndex('reward_events_pupil_at')
      .on('reward_events')
      .columns(['pupil_id', 'at'])
      .execute();
    await db.schema
      .createIndex('submission_feedback_pupil_created')
      .on('submission_feedback')
      .columns(['pupil_id', 'created_at'])
      .execute();
  },
};
