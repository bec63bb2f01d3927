// Table types of the school's day (issue 14, migration 0014_school_day); schema.ts adds
// them to the Database type.
import type { Selectable } from 'kysely';

export type SchoolDaySettingsTable = {
  school_id: string;
  /** Local times HH:MM in the school's time zone; replies inside [from, until) go at once. */
  reply_from: string;
  reply_until: string;
  /** 0: feedback is delivered at once whenever it is written. */
  hold_outside_reply_hours: number;
  feedback_target: number;
  needs_call_days: number;
  updated_at: string;
};
export type HeldFeedbackTable = {
  id: string;
  submission_id: string;
  pupil_id: string;
  staff_id: string;
  staff_name: string;
  text: string;
  created_at: string;
  deliver_at: string;
};
export type FeedbackPhraseTable = {
  id: string;
  staff_id: string;
  text: string;
  created_at: string;
};
export type ContactMethod = 'phone' | 'message' | 'visit';
export type ContactLogTable = {
  id: string;
  school_id: string;
  family_id: string;
  pupil_id: string | null;
  staff_id: string;
  staff_name: string;
  at: string;
  method: ContactMethod;
  outcome: string;
  note: string;
  safeguarding: number;
  safeguarding_by: string | null;
  safeguarding_at: string | null;
  created_at: string;
};

export type SchoolDaySettingsRow = Selectable<SchoolDaySettingsTable>;
export type HeldFeedbackRow = Selectable<HeldFeedbackTable>;
export type ContactLogRow = Selectable<ContactLogTable>;
