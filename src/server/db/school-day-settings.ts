// The school's settings for its day: reply hours (feedback written outside them waits for
// them to begin, unless an admin turned holding off), the feedback target per child per
// week, and after how many quiet school days a family needs a call. A school without a
// row has the defaults below.
import type { Db } from './database.ts';
import type { SchoolDaySettingsRow } from './schema.ts';

export type SchoolDaySettings = {
  replyFrom: string;
  replyUntil: string;
  holdOutsideReplyHours: boolean;
  feedbackTarget: number;
  needsCallDays: number;
};

export const defaultSchoolDaySettings: SchoolDaySettings = {
  replyFrom: '08:45',
  replyUntil: '15:15',
  holdOutsideReplyHours: true,
  feedbackTarget: 2,
  needsCallDays: 3,
};

const fromRow = (r: SchoolDaySettingsRow): SchoolDaySettings => ({
  replyFrom: r.reply_from,
  replyUntil: r.reply_until,
  holdOutsideReplyHours: r.hold_outside_reply_hours === 1,
  feedbackTarget: r.feedback_target,
  needsCallDays: r.needs_call_days,
});

export async function schoolDaySettings(db: Db, schoolId: string): Promise<SchoolDaySettings> {
  const row = await db
    .selectFrom('school_day_settings')
    .selectAll()
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return row ? fromRow(row) : defaultSchoolDaySettings;
}

export async function saveSchoolDaySettings(
  db: Db,
  schoolId: string,
  settings: SchoolDaySettings,
  now: Date,
): Promise<SchoolDaySettings> {
  const values = {
    reply_from: settings.replyFrom,
    reply_until: settings.replyUntil,
    hold_outside_reply_hours: settings.holdOutsideReplyHours ? 1 : 0,
    feedback_target: settings.feedbackTarget,
    needs_call_days: settings.needsCallDays,
    updated_at: now.toISOString(),
  };
  await db
    .insertInto('school_day_settings')
    .values({ school_id: schoolId, ...values })
    .onConflict((oc) => oc.column('school_id').doUpdateSet(values))
    .execute();
  return schoolDaySettings(db, schoolId);
}
