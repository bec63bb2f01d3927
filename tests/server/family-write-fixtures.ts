// Every family write (a PUT whose id the phone makes), with a valid body for one child of
// one family: what the id, squatting and date tests run through. Bodies that need
// something first (a session, a published pack, a chart, an upload) find or make it.
import type { FastifyInstance } from 'fastify';
import { v7 as uuid } from 'uuid';
import { bearer } from './helpers.ts';
import { pngBytes, step } from './schedule-fixtures.ts';
import { uploadPage } from './tus.ts';

export const familyCollections = [
  'session-completions',
  'absence-notices',
  'visual-schedules',
  'reward-charts',
  'reward-events',
  'activity-completions',
  'paper-requests',
  'submissions',
  'media',
] as const;
export type FamilyCollection = (typeof familyCollections)[number];

export type Writer = { app: FastifyInstance; token: string; pupilId: string };

export function putRecord(w: Writer, collection: FamilyCollection, id: string, body: object) {
  return w.app.inject({
    method: 'PUT',
    url: `/api/v1/${collection}/${id}`,
    headers: bearer(w.token),
    payload: body,
  });
}

const at = '2026-11-23T10:00:00.000Z';

async function sessionOf(w: Writer): Promise<string | null> {
  const row = await w.app.db
    .selectFrom('timetable_sessions as s')
    .innerJoin('timetable_weeks as wk', 'wk.id', 's.week_id')
    .innerJoin('pupils as p', 'p.class_id', 'wk.class_id')
    .select('s.id')
    .where('p.id', '=', w.pupilId)
    .where('wk.published_at', 'is not', null)
    .where('s.pupil_id', 'is', null)
    .executeTakeFirst();
  return row?.id ?? null;
}

async function packOf(w: Writer): Promise<{ id: string; activityId: string } | null> {
  const row = await w.app.db
    .selectFrom('packs')
    .innerJoin('pupils as p', 'p.class_id', 'packs.class_id')
    .select(['packs.id', 'packs.activities'])
    .where('p.id', '=', w.pupilId)
    .where('packs.pupil_id', 'is', null)
    .where('packs.published_at', 'is not', null)
    .where('packs.activities', '!=', '[]')
    .executeTakeFirst();
  if (!row) return null;
  const [first] = JSON.parse(row.activities) as { id: string }[];
  return first ? { id: row.id, activityId: first.id } : null;
}

export const chartBody = (pupilId: string, extra: object = {}) => ({
  pupilId,
  title: 'Tidy-up stars',
  goal: 3,
  reward: { kind: 'openmoji', code: '1F381' },
  rewardLabel: 'Park trip',
  tokenPerStep: false,
  archived: false,
  revision: 1,
  ...extra,
});

export const noticeBody = (pupilId: string, from = '2026-11-23', to = from) => ({
  pupilId,
  reason: 'ill',
  from,
  to,
  note: 'Temperature since last night.',
  revision: 1,
  withdrawnReason: null,
  createdAt: at,
});

export const scheduleBody = (pupilId: string, date: string | null = null) => ({
  pupilId,
  title: 'Morning',
  date,
  sessionId: null,
  language: 'en',
  steps: [step()],
  revision: 1,
  deleted: false,
});

/**
 * A valid body of this collection for the writer's child. Ids of things the child does
 * not have (no session, no pack in a school without them) are made up: the write is then
 * a 404 for that reason, which the callers that need a valid body do not ask for.
 */
export async function bodyFor(w: Writer, collection: FamilyCollection): Promise<object> {
  switch (collection) {
    case 'session-completions':
      return { sessionId: (await sessionOf(w)) ?? uuid(), pupilId: w.pupilId, done: true, at };
    case 'absence-notices':
      return noticeBody(w.pupilId);
    case 'visual-schedules':
      return scheduleBody(w.pupilId);
    case 'reward-charts':
      return chartBody(w.pupilId);
    case 'reward-events': {
      const chartId = uuid();
      const chart = await putRecord(w, 'reward-charts', chartId, chartBody(w.pupilId));
      if (chart.statusCode !== 201) throw new Error(`chart: ${chart.statusCode} ${chart.body}`);
      return {
        chartId,
        pupilId: w.pupilId,
        type: 'token',
        undoes: null,
        by: 'parent',
        stepId: null,
        at,
      };
    }
    case 'activity-completions': {
      const pack = (await packOf(w)) ?? { id: uuid(), activityId: uuid() };
      return { packId: pack.id, activityId: pack.activityId, pupilId: w.pupilId, done: true, at };
    }
    case 'paper-requests':
      return {
        packId: (await packOf(w))?.id ?? uuid(),
        pupilId: w.pupilId,
        note: '',
        createdAt: at,
      };
    case 'submissions': {
      const ref = await uploadPage(w.app, w.token, await pngBytes(64, 48));
      return { pupilId: w.pupilId, sessionId: null, note: 'Page 4', createdAt: at, pages: [ref] };
    }
    case 'media': {
      const ref = await uploadPage(w.app, w.token, await pngBytes(40, 30));
      return { pupilId: w.pupilId, kind: 'image', ...ref };
    }
  }
}

/** Whether `bodyFor` can make a body the server takes for this child (it has the things). */
export async function canWrite(w: Writer, collection: FamilyCollection): Promise<boolean> {
  if (collection === 'session-completions') return (await sessionOf(w)) !== null;
  if (collection === 'activity-completions' || collection === 'paper-requests') {
    return (await packOf(w)) !== null;
  }
  return true;
}
