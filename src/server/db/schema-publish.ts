// Table types of issue 15 (migration 0015_publish); schema.ts adds them to the Database type.
export type SchoolPublishingTable = {
  school_id: string;
  min_minutes_ks1: number;
  min_minutes_ks2: number;
  /** KS3, KS4 and KS5. */
  min_minutes_secondary: number;
  /** ISO weekday of the week before (1 = Monday … 7 = Sunday). */
  publish_by_weekday: number;
  /** HH:MM in the school's time zone. */
  publish_by_time: string;
  updated_at: string;
};
export type StaffUploadTable = {
  id: string;
  school_id: string;
  staff_id: string;
  size: number;
  created_at: string;
  /** When bytes were last sent; null: never (the answer to the POST may have been lost). */
  patched_at: string | null;
  committed_at: string | null;
};
