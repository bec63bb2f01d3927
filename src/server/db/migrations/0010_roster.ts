// The roster from a school's management system (issue 13): pupils get the MIS id, full
// name and year group the import matches them by (the name families see stays
// display_name); families get the carer's phone (the family's key in the import) and home
// language (the join letter's language). `staff_invites`: one-time links that make a member of staff, the first
// admin's from `npm run create-school` (only a hash of the token is kept).
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres } from '../dialect.ts';

export const roster: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('pupils').addColumn('mis_id', 'text').execute();
    await db.schema
      .alterTable('pupils')
      .addColumn('full_name', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.alterTable('pupils').addColumn('year_group', 'text').execute();
    await db.schema.createIndex('pupils_mis_id').on('pupils').column('mis_id').execute();
    await db.schema.alterTable('families').addColumn('phone', 'text').execute();
    await db.schema.alterTable('families').addColumn('home_language', 'text').execute();
    // NULLs are distinct in a unique index on both databases: families without a phone
    // (made by hand) never collide.
    await db.schema
      .createIndex('families_school_phone')
      .on('families')
      .columns(['school_id', 'phone'])
      .unique()
      .execute();
    await db.schema
      .createTable('staff_invites')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
      .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_by', 'text', (c) => c.references('staff.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema
      .createIndex('staff_invites_staff')
      .on('staff_invites')
      .column('staff_id')
      .execute();
    if (isPostgres(db)) {
      await sql`alter table pupils alter column full_name type text collate "C"`.execute(db);
    }
  },
};
