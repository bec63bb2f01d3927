// "Done" marks (session and activity) ordered by something clocks cannot reverse: each
// mark's revision (the phone's latest known + 1). Marks stored before have revision 0, so
// among them the time still decides, as it did. An index per record's marks keeps "the
// latest mark" and "the next revision" one lookup.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const syncOrder: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('session_completions')
      .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('activity_completions')
      .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex('session_completions_mark')
      .on('session_completions')
      .columns(['pupil_id', 'session_id', 'revision'])
      .execute();
    await db.schema
      .createIndex('activity_completions_mark')
      .on('activity_completions')
      .columns(['pupil_id', 'pack_id', 'activity_id', 'revision'])
      .execute();
  },
};
