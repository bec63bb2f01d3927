// Reward charts and their token events: chart revisions (the goal is fixed), the school's
// charts, append-only idempotent events (duplicates never count twice, undo rules), both
// households getting the same board, and the staff tally matching `tallyTokens`.
import fc from 'fast-check';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tallyTokens } from '../../src/shared/schedules.ts';
import { asStaff, bearer, startApp, twoFamilies, type TestApp } from './helpers.ts';
import { current } from './publish-fixtures.ts';
import { chartBody } from './family-write-fixtures.ts';
import { audio, commitMedia, shareChild, sync, synced } from './schedule-fixtures.ts';

let t: TestApp;
let f: Awaited<ReturnType<typeof twoFamilies>>;
let khan: string;
let novak: string;
let amira: string;
let yusuf: string;
let maja: string;

beforeAll(async () => {
  t = await startApp();
  f = await twoFamilies(t);
  khan = f.khan.token;
  novak = f.novak.token;
  amira = f.pupils.Amira!.id;
  yusuf = f.pupils.Yusuf!.id;
  maja = f.pupils.Maja!.id;
  await shareChild(t, f.novak.familyId, yusuf);
});
afterAll(() => t.close());

const putChart = (id: string, body: object, token = khan) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/reward-charts/${id}`,
    headers: bearer(token),
    payload: body,
  });
const putEvent = (id: string, body: object, token = khan) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/reward-events/${id}`,
    headers: bearer(token),
    payload: body,
  });
/** A PUT names the stored revision unless it names one (publish-fixtures.ts `current`). */
const staff = async (method: 'GET' | 'PUT', url: string, payload?: object) =>
  t.app.inject(
    asStaff(f.adminCookie, {
      method,
      url: `/api/v1/staff${url}`,
      payload: method === 'PUT' ? await current(t.app, url, payload) : payload,
    }),
  );

const token = (chartId: string, pupilId: string, extra: object = {}) => ({
  chartId,
  pupilId,
  type: 'token',
  undoes: null,
  by: 'child',
  stepId: null,
  at: '2026-11-23T10:00:00.000Z',
  ...extra,
});
const undo = (chartId: string, pupilId: string, undoes: string) =>
  token(chartId, pupilId, { type: 'undo', undoes, by: 'parent' });

async function schoolChart(pupilId: string): Promise<string> {
  const rows = await t.app.db
    .selectFrom('reward_charts')
    .select('id')
    .where('pupil_id', '=', pupilId)
    .where('made_by', '=', 'school')
    .execute();
  return rows[0]!.id;
}

describe('a family’s reward chart', () => {
  const id = uuid();

  it('follows revisions: 201, same again 200, same revision other body 409, stale 200', async () => {
    const first = await putChart(id, chartBody(amira));
    expect(first.statusCode).toBe(201);
    expect(first.json().chart).toMatchObject({ id, madeBy: 'family', revision: 1, goal: 3 });
    expect((await putChart(id, chartBody(amira))).json()).toEqual(first.json());
    const other = await putChart(id, chartBody(amira, { title: 'Other' }));
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('conflict');
    const renamed = await putChart(id, chartBody(amira, { revision: 2, title: 'Kind hands' }));
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().chart).toMatchObject({ revision: 2, title: 'Kind hands' });
    const stale = await putChart(id, chartBody(amira));
    expect(stale.json().chart).toMatchObject({ revision: 2, title: 'Kind hands' });
  });

  it('keeps its goal: a new goal needs a new chart (409)', async () => {
    const res = await putChart(id, chartBody(amira, { revision: 3, goal: 10 }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('conflict');
    expect(res.json().error.message).toMatch(/new goal needs a new chart/);
  });

  it('is 404 for another family’s child or chart, 409 when moved, 422 for an unusable reward picture', async () => {
    expect((await putChart(uuid(), chartBody(maja))).statusCode).toBe(404);
    expect((await putChart(id, chartBody(yusuf, { revision: 9 }), novak)).statusCode).toBe(404);
    expect((await putChart(id, chartBody(yusuf, { revision: 9 }))).statusCode).toBe(409);
    const clip = await commitMedia(t.app, khan, {
      pupilId: amira,
      kind: 'audio',
      bytes: audio.ogg(),
    });
    for (const mediaId of [uuid(), clip.id]) {
      const res = await putChart(uuid(), chartBody(amira, { reward: { kind: 'media', mediaId } }));
      expect(res.statusCode).toBe(422);
      expect(res.json().error.details).toEqual({ field: 'reward' });
    }
    const outOfRange = await putChart(uuid(), chartBody(amira, { goal: 21 }));
    expect(outOfRange.statusCode).toBe(400);
  });

  it('refuses changes to the school’s chart (409 made_by_school)', async () => {
    const chartId = await schoolChart(yusuf);
    const res = await putChart(chartId, chartBody(yusuf, { goal: 5, revision: 2 }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('made_by_school');
  });
});

describe('token events', () => {
  let chartId: string;
  beforeAll(async () => {
    chartId = uuid();
    const made = await putChart(chartId, chartBody(yusuf, { goal: 2 }));
    if (made.statusCode !== 201) throw new Error(`chart: ${made.statusCode} ${made.body}`);
  });

  it('are idempotent: same body 200, other body 409, and duplicates never count twice', async () => {
    const id = uuid();
    const body = token(chartId, yusuf);
    const sends = await Promise.all([1, 2, 3].map(() => putEvent(id, body)));
    expect(sends.map((r) => r.statusCode).toSorted()).toEqual([200, 200, 201]);
    const other = await putEvent(id, { ...body, at: '2026-11-23T11:00:00.000Z' });
    expect(other.statusCode).toBe(409);
    const rows = await t.app.db
      .selectFrom('reward_events')
      .select('id')
      .where('chart_id', '=', chartId)
      .execute();
    expect(rows).toHaveLength(1);
    const charts = (await staff('GET', `/reward-charts?pupilId=${yusuf}`)).json().charts;
    expect(charts.find((c: { id: string }) => c.id === chartId).tally).toMatchObject({ earned: 1 });
  });

  it('take an undo of a token on the same chart, and refuse any other undo', async () => {
    const tokenId = uuid();
    expect((await putEvent(tokenId, token(chartId, yusuf))).statusCode).toBe(201);
    const undoId = uuid();
    expect((await putEvent(undoId, undo(chartId, yusuf, tokenId))).statusCode).toBe(201);

    const otherChart = uuid();
    expect((await putChart(otherChart, chartBody(yusuf))).statusCode).toBe(201);
    const refusals = [
      undo(chartId, yusuf, undoId), // an undo of an undo
      undo(chartId, yusuf, uuid()), // nothing
      undo(otherChart, yusuf, tokenId), // a token of another chart
    ];
    for (const body of refusals) {
      const res = await putEvent(uuid(), body);
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('bad_request');
    }
    // Shape: an undo names its token, and only an undo does; phones never act as the school.
    expect((await putEvent(uuid(), token(chartId, yusuf, { type: 'undo' }))).statusCode).toBe(400);
    expect((await putEvent(uuid(), token(chartId, yusuf, { undoes: tokenId }))).statusCode).toBe(
      400,
    );
    expect((await putEvent(uuid(), token(chartId, yusuf, { by: 'school' }))).statusCode).toBe(400);
  });

  it('are 404 for a chart outside the family or of another child', async () => {
    const amiraChart = uuid();
    expect((await putChart(amiraChart, chartBody(amira))).statusCode).toBe(201);
    // Novak has Yusuf but not Amira.
    expect((await putEvent(uuid(), token(amiraChart, amira), novak)).statusCode).toBe(404);
    expect((await putEvent(uuid(), token(amiraChart, yusuf), novak)).statusCode).toBe(404);
    expect((await putEvent(uuid(), token(amiraChart, yusuf))).statusCode).toBe(404);
    expect((await putEvent(uuid(), token(uuid(), yusuf))).statusCode).toBe(404);
    expect((await putEvent(uuid(), token(chartId, maja))).statusCode).toBe(404);
  });

  it('still reach an archived chart (tapped offline before the archive arrived)', async () => {
    const archived = await putChart(
      chartId,
      chartBody(yusuf, { goal: 2, revision: 2, archived: true }),
    );
    expect(archived.json().chart.archived).toBe(true);
    const late = await putEvent(
      uuid(),
      token(chartId, yusuf, { at: '2026-11-23T09:00:00.000Z' }),
      novak,
    );
    expect(late.statusCode).toBe(201);
  });

  it('sync to both households, so both phones show the same board; never to another family', async () => {
    const khanEvents = (await synced(t.app, khan, 'rewardEvent')).filter(
      (e) => e.chartId === chartId,
    );
    const novakEvents = (await synced(t.app, novak, 'rewardEvent')).filter(
      (e) => e.chartId === chartId,
    );
    expect(novakEvents.map((e) => e.id).toSorted()).toEqual(khanEvents.map((e) => e.id).toSorted());
    expect(tallyTokens(khanEvents, 2)).toEqual(tallyTokens(novakEvents, 2));
    expect(tallyTokens(khanEvents, 2)).toMatchObject({ earned: 2, rewardsReached: 1, onBoard: 0 });
    const novakCharts = (await synced(t.app, novak, 'rewardChart')).map((c) => c.pupilId);
    expect(novakCharts).not.toContain(amira);
    expect(novakCharts).toContain(yusuf);
  });
});

describe('the school’s reward charts', () => {
  const id = uuid();
  const body = (extra: object = {}) => ({
    pupilId: yusuf,
    title: 'Calm time stars',
    goal: 4,
    reward: { kind: 'openmoji', code: '2B50' },
    rewardLabel: 'Choose a song',
    tokenPerStep: true,
    archived: false,
    ...extra,
  });

  it('are made by staff with revisions that bump only on a real change; the goal is fixed', async () => {
    const created = await staff('PUT', `/reward-charts/${id}`, body());
    expect(created.statusCode).toBe(201);
    expect(created.json().chart).toMatchObject({ madeBy: 'school', revision: 1 });
    expect((await staff('PUT', `/reward-charts/${id}`, body())).json().chart.revision).toBe(1);
    const renamed = await staff('PUT', `/reward-charts/${id}`, body({ title: 'Quiet stars' }));
    expect(renamed.json().chart).toMatchObject({ revision: 2, title: 'Quiet stars' });
    const goal = await staff(
      'PUT',
      `/reward-charts/${id}`,
      body({ title: 'Quiet stars', goal: 6 }),
    );
    expect(goal.statusCode).toBe(409);
    const familyChart = uuid();
    expect((await putChart(familyChart, chartBody(yusuf))).statusCode).toBe(201);
    expect(
      (await staff('PUT', `/reward-charts/${familyChart}`, body({ goal: 3 }))).statusCode,
    ).toBe(409);
    expect(
      (await staff('PUT', `/reward-charts/${uuid()}`, body({ pupilId: uuid() }))).statusCode,
    ).toBe(404);
    expect((await staff('GET', `/reward-charts?pupilId=${uuid()}`)).statusCode).toBe(404);
  });

  it('show staff the board exactly as tallyTokens counts the events the phones have', async () => {
    const chart = await schoolChart(yusuf); // the seed's: goal 5, two tokens from the school
    const tokens = [uuid(), uuid(), uuid(), uuid()];
    for (const [i, tokenId] of tokens.entries()) {
      const at = `2026-11-23T1${i}:00:00.000Z`;
      expect(
        (await putEvent(tokenId, token(chart, yusuf, { at }), i % 2 ? khan : novak)).statusCode,
      ).toBe(201);
    }
    const undoAt = '2026-11-23T15:30:00.000Z';
    expect(
      (await putEvent(uuid(), { ...undo(chart, yusuf, tokens[3]!), at: undoAt })).statusCode,
    ).toBe(201);
    const events = (await synced(t.app, novak, 'rewardEvent')).filter((e) => e.chartId === chart);
    expect(events).toHaveLength(7);
    const listed = (await staff('GET', `/reward-charts?pupilId=${yusuf}`)).json().charts;
    const got = listed.find((c: { id: string }) => c.id === chart);
    const expected = tallyTokens(events, 5);
    expect(got.tally).toEqual({
      earned: expected.earned,
      rewardsReached: expected.rewardsReached,
      onBoard: expected.onBoard,
      // The newest event: the undo, unless the seed's school tokens (stamped with the real
      // clock at seeding) are newer — as they are after 15:30 on 23 November 2026.
      lastEventAt: [undoAt, ...events.map((e) => e.at)].toSorted().at(-1),
    });
    expect(got.tally).toMatchObject({ earned: 5, rewardsReached: 1, onBoard: 0 });
  });

  it('tally any mix of taps from two phones, in any order and repeated, as tallyTokens does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ undo: fc.boolean(), phone: fc.boolean(), repeat: fc.nat(2) }), {
          minLength: 1,
          maxLength: 12,
        }),
        async (taps) => {
          const chart = uuid();
          const made = await putChart(chart, chartBody(yusuf, { goal: 3 }));
          expect(made.statusCode).toBe(201);
          const sent: { id: string; type: 'token' | 'undo'; undoes: string | null }[] = [];
          const tokens: string[] = [];
          for (const tap of taps) {
            const eventId = uuid();
            const target = tap.undo ? tokens.at(-1) : undefined;
            const event = target ? undo(chart, yusuf, target) : token(chart, yusuf);
            for (let i = 0; i <= tap.repeat; i++) {
              const res = await putEvent(eventId, event, tap.phone ? khan : novak);
              expect([200, 201]).toContain(res.statusCode);
            }
            if (target) sent.push({ id: eventId, type: 'undo', undoes: target });
            else {
              tokens.push(eventId);
              sent.push({ id: eventId, type: 'token', undoes: null });
            }
          }
          const listed = (await staff('GET', `/reward-charts?pupilId=${yusuf}`)).json().charts;
          const { earned, rewardsReached, onBoard } = tallyTokens(sent, 3);
          expect(listed.find((c: { id: string }) => c.id === chart).tally).toMatchObject({
            earned,
            rewardsReached,
            onBoard,
          });
        },
      ),
      { numRuns: 15 },
    );
  });

  it('reach the families as deltas', async () => {
    const before = await sync(t.app, khan);
    const edited = await staff(
      'PUT',
      `/reward-charts/${id}`,
      body({ title: 'Quiet stars', archived: true }),
    );
    expect(edited.json().chart.revision).toBe(3);
    const delta = await sync(t.app, khan, before.cursor);
    expect(delta.changes).toEqual([
      {
        op: 'upsert',
        entity: 'rewardChart',
        data: expect.objectContaining({ id, archived: true }),
      },
    ]);
  });
});
