// Table types of the learning packs (issue 5, migration 0004_packs); schema.ts adds them
// to the Database type.
import type { Generated, Selectable } from 'kysely';

export type PackTable = {
  id: string;
  class_id: string;
  /** null: for the whole class. */
  pupil_id: string | null;
  week_start: string | null;
  title: string;
  instructions: string;
  /** JSON arrays: links, activities (src/shared/packs.ts), session ids, schedule step ids. */
  links: string;
  activities: string;
  session_ids: string;
  step_ids: string;
  /** null: a draft. */
  published_at: string | null;
  body_hash: string;
  created_by: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
  /** +1 on every real change of the text (files are versioned by their hash). */
  revision: Generated<number>;
};
/** Each distinct file content once, by its SHA-256. */
export type FileBlobTable = {
  sha256: string;
  storage_key: string;
  bytes: number;
  content_type: string;
  created_at: string;
};
export type PackFileTable = {
  id: string;
  pack_id: string;
  position: number;
  kind: 'pdf' | 'image' | 'audio';
  name: string;
  sha256: string;
  bytes: number;
  content_type: string;
  staff_id: string;
  updated_at: string;
};
export type ActivityCompletionTable = {
  id: string;
  pack_id: string;
  activity_id: string;
  pupil_id: string;
  done: number;
  at: string;
  /** The mark's place among its record's marks (0: stored before revisions). */
  revision: Generated<number>;
  device_id: string;
  body_hash: string;
  received_at: string;
};
export type PaperRequestTable = {
  id: string;
  pack_id: string;
  pupil_id: string;
  family_id: string;
  device_id: string;
  note: string;
  created_at: string;
  received_at: string;
  posted_at: string | null;
  posted_by: string | null;
  body_hash: string;
};

export type PackRow = Selectable<PackTable>;
export type PackFileRow = Selectable<PackFileTable>;
export type ActivityCompletionRow = Selectable<ActivityCompletionTable>;
export type PaperRequestRow = Selectable<PaperRequestTable>;
