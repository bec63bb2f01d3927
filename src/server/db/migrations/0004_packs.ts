// Issue 5: learning packs. `packs` holds the text (JSON lists as text, like schedule
// steps); `pack_files` names each file of a pack by the SHA-256 of its bytes, and
// `file_blobs` stores each distinct content once (sha256 → server-made storage key), so a
// worksheet used in two packs, or a file replaced by the same bytes, costs one file on
// disk. A blob no `pack_files` row names any more is deleted with its stored bytes.
// Activity marks and paper-copy requests are family writes, idempotent by the phone's id.
// `packs.session_ids` and `step_ids` carry no foreign keys on purpose: a deleted session or
// schedule step simply links to nothing (the phone shows the pack without the link).
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const packs: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('packs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id'))
      /** null: for the whole class. */
      .addColumn('pupil_id', 'text', (c) => c.references('pupils.id'))
      /** The Monday of its week; null: not tied to a week. */
      .addColumn('week_start', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('instructions', 'text', (c) => c.notNull())
      .addColumn('links', 'text', (c) => c.notNull())
      .addColumn('activities', 'text', (c) => c.notNull())
      .addColumn('session_ids', 'text', (c) => c.notNull())
      .addColumn('step_ids', 'text', (c) => c.notNull())
      /** null: a draft no family sees. */
      .addColumn('published_at', 'text')
      /** Hash of the staff body, so the same PUT again changes nothing. */
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull().references('staff.id'))
      .addColumn('updated_by', 'text', (c) => c.notNull().references('staff.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      /** Changes with the text and with every file added, replaced or removed. */
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('packs_class')
      .on('packs')
      .columns(['class_id', 'week_start'])
      .execute();
    await db.schema.createIndex('packs_pupil').on('packs').column('pupil_id').execute();

    await db.schema
      .createTable('file_blobs')
      .addColumn('sha256', 'text', (c) => c.primaryKey())
      .addColumn('storage_key', 'text', (c) => c.notNull().unique())
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('pack_files')
      /** Stable across replacements (a new version of a worksheet keeps its id). */
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pack_id', 'text', (c) => c.notNull().references('packs.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull().references('file_blobs.sha256'))
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('pack_files_pack').on('pack_files').column('pack_id').execute();
    await db.schema.createIndex('pack_files_sha256').on('pack_files').column('sha256').execute();

    await db.schema
      .createTable('activity_completions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pack_id', 'text', (c) => c.notNull().references('packs.id'))
      .addColumn('activity_id', 'text', (c) => c.notNull())
      .addColumn('pupil_id', 'text', (c) => c.notNull().references('pupils.id'))
      .addColumn('done', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('activity_completions_pack')
      .on('activity_completions')
      .columns(['pack_id', 'pupil_id'])
      .execute();
    await db.schema
      .createIndex('activity_completions_pupil')
      .on('activity_completions')
      .column('pupil_id')
      .execute();

    await db.schema
      .createTable('paper_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pack_id', 'text', (c) => c.notNull().references('packs.id'))
      .addColumn('pupil_id', 'text', (c) => c.notNull().references('pupils.id'))
      .addColumn('family_id', 'text', (c) => c.notNull().references('families.id'))
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('posted_at', 'text')
      .addColumn('posted_by', 'text', (c) => c.references('staff.id'))
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('paper_requests_pack')
      .on('paper_requests')
      .column('pack_id')
      .execute();
    await db.schema
      .createIndex('paper_requests_pupil')
      .on('paper_requests')
      .column('pupil_id')
      .execute();
  },
};
