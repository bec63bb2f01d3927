// Reward charts (token boards). A token is an append-only event with an id made here,
// written with its outbox entry in ONE transaction; the board is `tallyTokens` of the
// chart's events, so tokens added on two phones offline add up once both have synced.
// Positive only: the one way to take a token back is "undo" of a mistaken tap.
import {
  tallyTokens,
  type RewardChartBody,
  type RewardEvent,
  type RewardEventBody,
  type SymbolRef,
  type TokenTally,
} from '../../shared/schedules.ts';
import type { HomewardDB, LocalRewardChart } from './db.ts';
import { getMeta, setMeta } from './meta.ts';
import { enqueue, newId, supersede } from './outbox.ts';
import { queueNewMedia } from './schedules.ts';

export type Board = {
  chart: LocalRewardChart;
  tally: TokenTally;
  /** Rewards this phone has already celebrated (a new one shows the celebration). */
  celebrated: number;
};

export type ChartDraft = {
  id?: string;
  pupilId: string;
  title: string;
  goal: number;
  reward: SymbolRef;
  rewardLabel: string;
  tokenPerStep: boolean;
};

/** The child's charts in use, each with its board. */
export async function loadBoards(db: HomewardDB, pupilId: string): Promise<Board[]> {
  const [charts, events, celebrated] = await Promise.all([
    db.rewardCharts.where('pupilId').equals(pupilId).toArray(),
    db.rewardEvents.where('pupilId').equals(pupilId).toArray(),
    getMeta<Record<string, number>>(db, 'celebrated'),
  ]);
  return charts
    .filter((c) => !c.archived)
    .toSorted((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((chart) => {
      const tally = tallyTokens(
        events.filter((e) => e.chartId === chart.id),
        chart.goal,
      );
      // A chart new to this phone starts celebrated up to what it already reached.
      return { chart, tally, celebrated: celebrated?.[chart.id] ?? tally.rewardsReached };
    });
}

async function addEvent(db: HomewardDB, event: Omit<RewardEvent, 'id'>, now: Date) {
  const id = newId();
  const body: RewardEventBody = event;
  await db.transaction('rw', db.rewardEvents, db.outbox, db.meta, db.rewardCharts, async () => {
    const chart = await db.rewardCharts.get(event.chartId);
    if (!chart) throw new Error('That chart has gone.');
    if (event.type === 'token') {
      // Remember what was celebrated before this token, so only a NEW reward celebrates.
      const events = await db.rewardEvents.where('chartId').equals(chart.id).toArray();
      const before = tallyTokens(events, chart.goal).rewardsReached;
      const celebrated = (await getMeta<Record<string, number>>(db, 'celebrated')) ?? {};
      if (celebrated[chart.id] === undefined) {
        await setMeta(db, 'celebrated', { ...celebrated, [chart.id]: before });
      }
    }
    await db.rewardEvents.add({ id, ...event, delivery: 'saved' });
    await enqueue(db, 'rewardEvent', id, body, now);
  });
  return id;
}

export function addToken(
  db: HomewardDB,
  input: { chartId: string; pupilId: string; by: RewardEvent['by']; stepId?: string | null },
  now = new Date(),
): Promise<string> {
  return addEvent(
    db,
    {
      chartId: input.chartId,
      pupilId: input.pupilId,
      type: 'token',
      undoes: null,
      by: input.by,
      stepId: input.stepId ?? null,
      at: now.toISOString(),
    },
    now,
  );
}

/** Takes back one mistaken token. */
export function undoToken(
  db: HomewardDB,
  input: { chartId: string; pupilId: string; tokenId: string; by: RewardEvent['by'] },
  now = new Date(),
): Promise<string> {
  return addEvent(
    db,
    {
      chartId: input.chartId,
      pupilId: input.pupilId,
      type: 'undo',
      undoes: input.tokenId,
      by: input.by,
      stepId: null,
      at: now.toISOString(),
    },
    now,
  );
}

/** The celebration was seen: the board shows empty again for the next reward. */
export async function markCelebrated(db: HomewardDB, chartId: string, rewards: number) {
  await db.transaction('rw', db.meta, async () => {
    const celebrated = (await getMeta<Record<string, number>>(db, 'celebrated')) ?? {};
    await setMeta(db, 'celebrated', { ...celebrated, [chartId]: rewards });
  });
}

/** Charts that add a token when the child finishes a schedule step. */
export async function chartsEarningFromSteps(
  db: HomewardDB,
  pupilId: string,
): Promise<LocalRewardChart[]> {
  const charts = await db.rewardCharts.where('pupilId').equals(pupilId).toArray();
  return charts.filter((c) => c.tokenPerStep && !c.archived);
}

export async function saveChart(
  db: HomewardDB,
  draft: ChartDraft & { archived?: boolean },
  now = new Date(),
): Promise<string> {
  const id = draft.id ?? newId();
  await db.transaction('rw', db.rewardCharts, db.media, db.outbox, async () => {
    const existing = await db.rewardCharts.get(id);
    if (existing?.madeBy === 'school') throw new Error('The school made this chart.');
    const record: LocalRewardChart = {
      id,
      pupilId: existing?.pupilId ?? draft.pupilId,
      title: draft.title.trim(),
      // The goal of a chart never changes: a new goal is a new chart.
      goal: existing?.goal ?? draft.goal,
      reward: draft.reward,
      rewardLabel: draft.rewardLabel.trim(),
      tokenPerStep: draft.tokenPerStep,
      archived: draft.archived ?? false,
      madeBy: 'family',
      revision: (existing?.revision ?? 0) + 1,
      createdAt: existing?.createdAt ?? now.toISOString(),
      updatedAt: now.toISOString(),
      delivery: 'saved',
    };
    if (draft.reward.kind === 'media') await queueNewMedia(db, [draft.reward.mediaId], now);
    await db.rewardCharts.put(record);
    const body: RewardChartBody = {
      pupilId: record.pupilId,
      title: record.title,
      goal: record.goal,
      reward: record.reward,
      rewardLabel: record.rewardLabel,
      tokenPerStep: record.tokenPerStep,
      archived: record.archived,
      revision: record.revision,
    };
    await supersede(db, id);
    await enqueue(db, 'rewardChart', id, body, now);
  });
  return id;
}

/** "Move to a new chart": this one is kept as history, hidden from the child. */
export async function archiveChart(db: HomewardDB, chartId: string, now = new Date()) {
  const chart = await db.rewardCharts.get(chartId);
  if (!chart) return;
  await saveChart(db, { ...chart, archived: true }, now);
}
