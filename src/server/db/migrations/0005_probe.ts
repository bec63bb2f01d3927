// Issue 11 (an outside probe). Uploads learn two things:
//   - `claim_id`: the record id a phone named in the upload's metadata (the submission or
//     media file the bytes are for). The first family to name an id claims it, so another
//     family can never commit a record under it first (routes/README.md, "Whose id").
//   - `patched_at`: when bytes were last sent to it. An upload that never got a byte is
//     one whose creating request lost its answer; it stops counting against the quota
//     after an hour (db/uploads.ts). Existing uploads count as written when created.
// And stored dates that are not real calendar days (accepted before the shared
// `calendarDate` type checked them: `2026-02-30`, `2026-99-99`, `0000-00-00`) are repaired
// so that no answer carries one: an optional date is cleared, a required one becomes the
// nearest real day in 2000–2099 (month and day clamped). Each repaired record is written
// to the change log so phones receive the repaired copy.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

type Change = {
  scope_type: string;
  scope_id: string;
  entity: string;
  entity_id: string;
  op: string;
};
// The columns this migration reads and writes, as they are at 0005.
type Tables = {
  uploads: { created_at: string; patched_at: string | null };
  absence_notices: { id: string; pupil_id: string; from_date: string; to_date: string };
  visual_schedules: { id: string; pupil_id: string; date: string | null };
  timetable_weeks: { id: string; class_id: string; week_start: string };
  timetable_sessions: { id: string; week_id: string; pupil_id: string | null; date: string };
  packs: { id: string; class_id: string; pupil_id: string | null; week_start: string | null };
  changes: Change;
};

const minYear = 2000;
const maxYear = 2099;

function isRealDay(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < minYear || y > maxYear || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** The nearest real day: year, month and day each clamped into range. */
function nearestDay(day: string): string {
  const parts = /^(\d+)-(\d+)-(\d+)$/.exec(day);
  const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
  const y = clamp(Number(parts?.[1] ?? minYear), minYear, maxYear);
  const mo = clamp(Number(parts?.[2] ?? 1), 1, 12);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const d = clamp(Number(parts?.[3] ?? 1), 1, last);
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const pupilOrClass = (pupilId: string | null, classId: string) =>
  pupilId ? { scope_type: 'pupil', scope_id: pupilId } : { scope_type: 'class', scope_id: classId };

async function repairDates(db: Kysely<Tables>): Promise<void> {
  const changes: Change[] = [];
  const upsert = (scope: { scope_type: string; scope_id: string }, entity: string, id: string) =>
    changes.push({ ...scope, entity, entity_id: id, op: 'upsert' });

  for (const n of await db.selectFrom('absence_notices').selectAll().execute()) {
    if (isRealDay(n.from_date) && isRealDay(n.to_date)) continue;
    const from = nearestDay(n.from_date);
    const to = nearestDay(n.to_date);
    await db
      .updateTable('absence_notices')
      .set({ from_date: from, to_date: to < from ? from : to })
      .where('id', '=', n.id)
      .execute();
    upsert({ scope_type: 'pupil', scope_id: n.pupil_id }, 'absenceNotice', n.id);
  }
  for (const s of await db.selectFrom('visual_schedules').selectAll().execute()) {
    if (s.date === null || isRealDay(s.date)) continue;
    await db.updateTable('visual_schedules').set({ date: null }).where('id', '=', s.id).execute();
    upsert({ scope_type: 'pupil', scope_id: s.pupil_id }, 'visualSchedule', s.id);
  }
  const weeks = await db.selectFrom('timetable_weeks').selectAll().execute();
  for (const w of weeks) {
    if (isRealDay(w.week_start)) continue;
    await db
      .updateTable('timetable_weeks')
      .set({ week_start: nearestDay(w.week_start) })
      .where('id', '=', w.id)
      .execute();
    upsert({ scope_type: 'class', scope_id: w.class_id }, 'timetableWeek', w.id);
  }
  const classOfWeek = new Map(weeks.map((w) => [w.id, w.class_id]));
  for (const s of await db.selectFrom('timetable_sessions').selectAll().execute()) {
    if (isRealDay(s.date)) continue;
    await db
      .updateTable('timetable_sessions')
      .set({ date: nearestDay(s.date) })
      .where('id', '=', s.id)
      .execute();
    upsert(pupilOrClass(s.pupil_id, classOfWeek.get(s.week_id) ?? ''), 'timetableSession', s.id);
  }
  for (const p of await db.selectFrom('packs').selectAll().execute()) {
    if (p.week_start === null || isRealDay(p.week_start)) continue;
    await db.updateTable('packs').set({ week_start: null }).where('id', '=', p.id).execute();
    upsert(pupilOrClass(p.pupil_id, p.class_id), 'pack', p.id);
  }
  if (changes.length > 0) await db.insertInto('changes').values(changes).execute();
}

export const probe: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('uploads').addColumn('claim_id', 'text').execute();
    await db.schema.alterTable('uploads').addColumn('patched_at', 'text').execute();
    await db.schema.createIndex('uploads_claim').on('uploads').column('claim_id').execute();
    const typed = db as unknown as Kysely<Tables>;
    await typed
      .updateTable('uploads')
      .set((eb) => ({ patched_at: eb.ref('created_at') }))
      .execute();
    await repairDates(typed);
  },
};
