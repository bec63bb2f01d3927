// The demo's visual supports for the child with visualSupport (Yusuf, Year 1): a school-made
// schedule for today linked to his first session, a "getting ready" routine for any day,
// and a token board with two tokens the school already gave. Symbols are OpenMoji hexcodes
// from the app's bundled set (src/app/features/schedule/symbols/catalog.json).
import type { Transaction } from 'kysely';
import { v7 as uuid } from 'uuid';
import type { ScheduleStep, SymbolRef } from '../../shared/schedules.ts';
import { canonicalHash } from '../lib/canonical.ts';
import { localDate } from '../lib/time.ts';
import type { Database } from './schema.ts';

export type SeededSchedules = { today: string; routine: string; chart: string };

type StepSeed = [code: string, label: string, minutes: number | null];

const todaySteps: StepSeed[] = [
  ['1F3B5', 'Good morning song', null],
  ['1F4D6', 'Read with my grown-up', 10],
  ['270F', 'Writing', 10],
  ['1F34E', 'Snack', 5],
  ['1F9E9', 'Puzzle', 10],
  ['1F6B6', 'Walk outside', null],
  ['2B50', 'All done!', null],
];

const routineSteps: StepSeed[] = [
  ['1F6BD', 'Toilet', null],
  ['1F9FC', 'Wash hands', null],
  ['1F455', 'Get dressed', null],
  ['1F34E', 'Breakfast', 10],
  ['1F4D6', 'Get my school pack', null],
  ['1F3E0', 'Ready to learn at home', null],
];

const reward: SymbolRef = { kind: 'openmoji', code: '1F3A8' };

const stepsOf = (seeds: StepSeed[]): ScheduleStep[] =>
  seeds.map(([code, label, minutes]) => ({
    id: uuid(),
    symbol: { kind: 'openmoji', code },
    label,
    minutes,
    audioId: null,
  }));

/** Every OpenMoji code the demo uses (the app must bundle each one). */
export const seededSymbolCodes = [
  ...new Set([...todaySteps, ...routineSteps].map(([code]) => code).concat(reward.code)),
];

export async function seedSchedules(
  trx: Transaction<Database>,
  o: { pupilId: string; weekId: string; staffId: string; timeZone: string; now: Date },
): Promise<SeededSchedules> {
  const at = o.now.toISOString();
  const today = localDate(o.now, o.timeZone);
  const first = await trx
    .selectFrom('timetable_sessions')
    .select('id')
    .where('week_id', '=', o.weekId)
    .where('date', '=', today)
    .where((eb) => eb.or([eb('pupil_id', 'is', null), eb('pupil_id', '=', o.pupilId)]))
    .orderBy('start_time')
    .limit(1)
    .executeTakeFirst();
  const ids: SeededSchedules = { today: uuid(), routine: uuid(), chart: uuid() };
  const schedules = [
    {
      id: ids.today,
      body: {
        pupilId: o.pupilId,
        title: 'My morning',
        date: today,
        sessionId: first?.id ?? null,
        language: 'en',
        steps: stepsOf(todaySteps),
      },
    },
    {
      id: ids.routine,
      body: {
        pupilId: o.pupilId,
        title: 'Getting ready for school work',
        date: null,
        sessionId: null,
        language: 'en',
        steps: stepsOf(routineSteps),
      },
    },
  ];
  // Hashes of the staff body, so the same body sent again by staff changes nothing.
  await trx
    .insertInto('visual_schedules')
    .values(
      schedules.map(({ id, body }) => ({
        id,
        pupil_id: o.pupilId,
        family_id: null,
        made_by: 'school' as const,
        title: body.title,
        date: body.date,
        session_id: body.sessionId,
        language: body.language,
        steps: JSON.stringify(body.steps),
        revision: 1,
        deleted: 0,
        body_hash: canonicalHash(body),
        device_id: null,
        staff_id: o.staffId,
        updated_at: at,
      })),
    )
    .execute();

  const chart = {
    pupilId: o.pupilId,
    title: 'My star chart',
    goal: 5,
    reward,
    rewardLabel: 'Painting time',
    tokenPerStep: true,
    archived: false,
  };
  await trx
    .insertInto('reward_charts')
    .values({
      id: ids.chart,
      pupil_id: o.pupilId,
      family_id: null,
      made_by: 'school',
      title: chart.title,
      goal: chart.goal,
      reward: JSON.stringify(chart.reward),
      reward_label: chart.rewardLabel,
      token_per_step: 1,
      archived: 0,
      revision: 1,
      body_hash: canonicalHash(chart),
      device_id: null,
      staff_id: o.staffId,
      created_at: at,
      updated_at: at,
    })
    .execute();
  // Two tokens from the school (for joining the morning call and for good listening).
  const events = [2, 1].map((hoursAgo) => {
    const body = {
      chartId: ids.chart,
      pupilId: o.pupilId,
      type: 'token' as const,
      undoes: null,
      by: 'school' as const,
      stepId: null,
      at: new Date(o.now.getTime() - hoursAgo * 3_600_000).toISOString(),
    };
    return {
      id: uuid(),
      chart_id: body.chartId,
      pupil_id: body.pupilId,
      type: body.type,
      undoes: null,
      by: body.by,
      step_id: null,
      at: body.at,
      device_id: null,
      body_hash: canonicalHash(body),
      received_at: at,
    };
  });
  await trx.insertInto('reward_events').values(events).execute();
  return ids;
}
