// Staff roles and what they reach (issue 13). `staff.role` stays text and now holds one of
// teacher, teaching_assistant, senco, dsl, admin (src/shared/staff/roles.ts); existing
// teachers and admins keep their role. `staff_classes` assigns staff to classes (teachers
// and teaching assistants reach only theirs). `staff.deactivated_at`: a member who left
// cannot sign in and their sessions stop working. `staff_sessions.last_seen_at`: the idle
// timeout (30 minutes) counts from it; existing sessions count from when they began.
// `staff_audit`: who read or exported which child's or class's records, and when.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const staffAccess: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('staff').addColumn('deactivated_at', 'text').execute();
    await db.schema.alterTable('staff_sessions').addColumn('last_seen_at', 'text').execute();
    await sql`update staff_sessions set last_seen_at = created_at`.execute(db);
    await db.schema
      .createIndex('staff_sessions_staff')
      .on('staff_sessions')
      .column('staff_id')
      .execute();
    await db.schema
      .createTable('staff_classes')
      .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
      .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('staff_classes_pk', ['staff_id', 'class_id'])
      .execute();
    await db.schema
      .createIndex('staff_classes_class')
      .on('staff_classes')
      .column('class_id')
      .execute();
    await db.schema
      .createTable('staff_audit')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
      .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    // The admin's list: newest first within the school (ids are UUIDv7, so they sort by time too).
    await db.schema
      .createIndex('staff_audit_school_at')
      .on('staff_audit')
      .columns(['school_id', 'at', 'id'])
      .execute();
  },
};
