// Shortcuts for the publishing tests (issue 15): the revision a record has now, which a
// staff save must name as its `baseRevision`.
import type { FastifyInstance } from 'fastify';

type Revisioned = 'timetable_weeks' | 'packs' | 'visual_schedules' | 'reward_charts';

/** The stored revision of a week, pack, schedule or chart (0 when there is none). */
export async function revisionOf(
  app: FastifyInstance,
  table: Revisioned,
  id: string,
): Promise<number> {
  const row = await app.db
    .selectFrom(table)
    .select('revision')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.revision ?? 0;
}

/** The week's revision: what a save of the week or one of its sessions starts from. */
export const weekRevision = (app: FastifyInstance, weekId: string) =>
  revisionOf(app, 'timetable_weeks', weekId);

const tableOf: [RegExp, Revisioned][] = [
  [/\/timetable-weeks\/([0-9a-f-]{36})$/i, 'timetable_weeks'],
  [/\/packs\/([0-9a-f-]{36})$/i, 'packs'],
  [/\/visual-schedules\/([0-9a-f-]{36})$/i, 'visual_schedules'],
  [/\/reward-charts\/([0-9a-f-]{36})$/i, 'reward_charts'],
];

/**
 * A staff PUT body that names the record's stored revision, unless it names one already:
 * for tests about something other than two editors (publishing.test.ts is about those).
 */
export async function current<T extends object>(
  app: FastifyInstance,
  url: string,
  body: T | undefined,
): Promise<T | undefined> {
  if (!body || 'baseRevision' in body) return body;
  const match = tableOf.map(([re, table]) => [re.exec(url)?.[1], table] as const).find((m) => m[0]);
  if (!match?.[0]) return body;
  return { ...body, baseRevision: await revisionOf(app, match[1], match[0]) };
}

/** The sha256 a pack file has now (what a replacement names as `replaces`), if any. */
export async function storedSha(app: FastifyInstance, fileId: string): Promise<string | undefined> {
  const row = await app.db
    .selectFrom('pack_files')
    .select('sha256')
    .where('id', '=', fileId)
    .executeTakeFirst();
  return row?.sha256;
}
