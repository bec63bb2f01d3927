// Learning packs: loading them with their files (in position order), the change-log scope
// of a pack, and what a pack may point at (checked when staff save it).
import type { Kysely, Transaction } from 'kysely';
import type { StaffPackBody } from '../../shared/packs.ts';
import type { ScheduleStep } from '../../shared/schedules.ts';
import { HttpError } from '../lib/http-error.ts';
import { sessionScope, type Scope } from './changes.ts';
import type { ProcessedPackFile } from '../lib/pack-files.ts';
import type { Database, PackFileRow } from './schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** Files of each pack, sorted by position then id. */
export async function filesOfPacks(
  db: Pick<Executor, 'selectFrom'>,
  packIds: string[],
): Promise<Map<string, PackFileRow[]>> {
  const byPack = new Map<string, PackFileRow[]>(packIds.map((id) => [id, []]));
  if (packIds.length === 0) return byPack;
  const rows = await db
    .selectFrom('pack_files')
    .selectAll()
    .where('pack_id', 'in', packIds)
    .orderBy('pack_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
  for (const r of rows) byPack.get(r.pack_id)?.push(r);
  return byPack;
}

/** The columns a staff body sets (the text; publishing and authorship are the caller's). */
export const packColumns = (body: Omit<StaffPackBody, 'published'>) => ({
  class_id: body.classId,
  pupil_id: body.pupilId,
  week_start: body.weekStart,
  title: body.title,
  instructions: body.instructions,
  links: JSON.stringify(body.links),
  activities: JSON.stringify(body.activities),
  session_ids: JSON.stringify(body.sessionIds),
  step_ids: JSON.stringify(body.stepIds),
});

/** The columns of a pack file that come from its (processed) bytes. */
export const fileColumns = (file: ProcessedPackFile) => ({
  kind: file.kind,
  sha256: file.sha256,
  bytes: file.bytes.length,
  content_type: file.contentType,
});

/** Who hears of a pack's changes: its class, or only the child it is for. */
export const packScope = (p: { class_id: string; pupil_id: string | null }): Scope =>
  sessionScope(p.class_id, p.pupil_id);

const invalid = (path: string, message: string) =>
  new HttpError(400, 'bad_request', `Invalid request: body.${path}: ${message}`);

function noRepeats(values: string[], path: string, what: string) {
  const seen = new Set<string>();
  for (const [i, v] of values.entries()) {
    if (seen.has(v)) throw invalid(`${path}.${i}`, `${what} appears twice`);
    seen.add(v);
  }
}

/**
 * The pupil must be in the pack's class; sessions must be in that class's timetable (for
 * the whole class or, in a child's pack, that child); steps must be steps of a schedule of
 * that child, or of a child of the class for a class pack. Throws 400 with the field.
 */
export async function checkPackRefs(db: Executor, body: StaffPackBody): Promise<void> {
  noRepeats(
    body.activities.map((a) => a.id),
    'activities',
    'an activity id',
  );
  noRepeats(body.sessionIds, 'sessionIds', 'a session');
  noRepeats(body.stepIds, 'stepIds', 'a step');
  if (body.pupilId) {
    const pupil = await db
      .selectFrom('pupils')
      .select('id')
      .where('id', '=', body.pupilId)
      .where('class_id', '=', body.classId)
      .executeTakeFirst();
    if (!pupil) throw invalid('pupilId', 'not a pupil of this class');
  }
  if (body.sessionIds.length > 0) {
    const { pupilId } = body;
    let q = db
      .selectFrom('timetable_sessions as s')
      .innerJoin('timetable_weeks as w', 'w.id', 's.week_id')
      .select('s.id')
      .where('s.id', 'in', body.sessionIds)
      .where('w.class_id', '=', body.classId);
    if (pupilId) {
      q = q.where((eb) => eb.or([eb('s.pupil_id', 'is', null), eb('s.pupil_id', '=', pupilId)]));
    }
    const rows = await q.execute();
    const found = new Set(rows.map((r) => r.id));
    const i = body.sessionIds.findIndex((s) => !found.has(s));
    if (i >= 0) {
      throw invalid(
        `sessionIds.${i}`,
        pupilId ? 'not a session of this child’s timetable' : 'not a session of this class',
      );
    }
  }
  if (body.stepIds.length > 0) {
    let q = db
      .selectFrom('visual_schedules as v')
      .innerJoin('pupils as p', 'p.id', 'v.pupil_id')
      .select('v.steps')
      .where('p.class_id', '=', body.classId)
      .where('v.deleted', '=', 0);
    if (body.pupilId) q = q.where('v.pupil_id', '=', body.pupilId);
    const steps = new Set(
      (await q.execute()).flatMap((r) => (JSON.parse(r.steps) as ScheduleStep[]).map((s) => s.id)),
    );
    const i = body.stepIds.findIndex((s) => !steps.has(s));
    if (i >= 0) {
      throw invalid(
        `stepIds.${i}`,
        body.pupilId
          ? 'not a step of this child’s visual schedules'
          : 'not a step of a visual schedule of a child in this class',
      );
    }
  }
}
