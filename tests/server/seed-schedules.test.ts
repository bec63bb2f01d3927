// The demo's visual supports: the child with visualSupport gets today's school schedule,
// a routine and a token board in the first sync of the family's phone; every symbol the
// seed uses is one the app bundles.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededSymbolCodes } from '../../src/server/db/seed-schedules.ts';
import { localDate } from '../../src/server/lib/time.ts';
import { tallyTokens } from '../../src/shared/schedules.ts';
import { join_, startApp, type TestApp } from './helpers.ts';
import { sync } from './schedule-fixtures.ts';

const catalogPath = resolve(
  import.meta.dirname,
  '../../src/app/features/schedule/symbols/catalog.json',
);

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await startApp();
  token = (await join_(t.app, t.demo.joinCode)).token;
});
afterAll(() => t.close());

describe('the demo seed', () => {
  it('gives the SEND child’s phone today’s schedule, a routine and the star chart in its first sync', async () => {
    const first = await sync(t.app, token);
    const pupils = first.changes.flatMap((c) =>
      c.op === 'upsert' && c.entity === 'pupil' ? [c.data] : [],
    );
    const send = pupils.find((p) => p.visualSupport);
    expect(send?.displayName).toBe('Yusuf');
    const schedules = first.changes.flatMap((c) =>
      c.op === 'upsert' && c.entity === 'visualSchedule' ? [c.data] : [],
    );
    const today = localDate(new Date(), 'Europe/London');
    const todays = schedules.find((s) => s.date === today);
    expect(todays).toMatchObject({ pupilId: send!.id, madeBy: 'school', language: 'en' });
    expect(todays!.steps.length).toBeGreaterThanOrEqual(6);
    expect(todays!.steps.length).toBeLessThanOrEqual(8);
    expect(todays!.steps.some((s) => s.minutes !== null)).toBe(true);
    const routine = schedules.find((s) => s.date === null);
    expect(routine).toMatchObject({ title: 'Getting ready for school work', madeBy: 'school' });

    // Linked to the child's first session of today, when today has sessions.
    const sessions = first.changes
      .flatMap((c) => (c.op === 'upsert' && c.entity === 'timetableSession' ? [c.data] : []))
      .filter((s) => s.date === today && (s.pupilId === null || s.pupilId === send!.id))
      .filter((s) => pupilsClass(first, send!.id) === weekClass(first, s.weekId))
      .toSorted((a, b) => a.startTime.localeCompare(b.startTime));
    expect(todays!.sessionId).toBe(sessions[0]?.id ?? null);

    const chart = first.changes.find((c) => c.op === 'upsert' && c.entity === 'rewardChart');
    expect(chart?.op === 'upsert' && chart.data).toMatchObject({
      pupilId: send!.id,
      goal: 5,
      rewardLabel: 'Painting time',
      tokenPerStep: true,
      madeBy: 'school',
    });
    const events = first.changes.flatMap((c) =>
      c.op === 'upsert' && c.entity === 'rewardEvent' ? [c.data] : [],
    );
    expect(events.every((e) => e.by === 'school')).toBe(true);
    expect(tallyTokens(events, 5)).toMatchObject({ earned: 2, onBoard: 2 });
  });

  it.skipIf(!existsSync(catalogPath))('uses only symbols the app bundles', () => {
    const catalog = JSON.parse(readFileSync(catalogPath, 'utf8')) as {
      symbols: { code: string }[];
    };
    const codes = new Set(catalog.symbols.map((s) => s.code));
    expect(seededSymbolCodes.filter((c) => !codes.has(c))).toEqual([]);
  });

  it('names the symbols of the demo', () => {
    expect(seededSymbolCodes).toEqual(
      expect.arrayContaining(['1F6BD', '1F9FC', '1F455', '1F4D6', '270F', '1F3A8', '2B50']),
    );
  });
});

type First = Awaited<ReturnType<typeof sync>>;
function pupilsClass(first: First, pupilId: string) {
  const p = first.changes.find(
    (c) => c.op === 'upsert' && c.entity === 'pupil' && c.data.id === pupilId,
  );
  return p?.op === 'upsert' && p.entity === 'pupil' ? p.data.classId : null;
}
function weekClass(first: First, weekId: string) {
  const w = first.changes.find(
    (c) => c.op === 'upsert' && c.entity === 'timetableWeek' && c.data.id === weekId,
  );
  return w?.op === 'upsert' && w.entity === 'timetableWeek' ? w.data.classId : null;
}
