// Every routine write from the UI goes through here: saved on the phone (with its outbox
// entry where the school must hear of it), guarded against an app update reloading the
// page half-way, then a sync is asked for. Works the same offline.
import { appDb } from '../../data/appDb.ts';
import {
  addLocalMedia,
  copySchedule,
  deleteFamilySchedule,
  markStepDone,
  saveFamilySchedule,
  undoStep,
  type ScheduleDraft,
} from '../../data/schedules.ts';
import {
  addToken,
  archiveChart,
  chartsEarningFromSteps,
  markCelebrated,
  saveChart,
  undoToken,
  type ChartDraft,
} from '../../data/rewards.ts';
import { enterChildMode, leaveChildMode, setDisplayPrefs, setPin } from '../../data/parent.ts';
import type { DisplayPrefs } from '../../data/parent.ts';
import type { LocalMedia } from '../../data/db.ts';
import { guardWrite } from '../../pwa/bridge.ts';
import { requestSync } from '../../sync/request.ts';

async function write<T>(fn: () => Promise<T>, sync = true): Promise<T> {
  const result = await guardWrite(fn);
  if (sync) void requestSync('write');
  return result;
}

export const routine = {
  saveSchedule: (draft: ScheduleDraft) => write(() => saveFamilySchedule(appDb, draft)),
  deleteSchedule: (id: string) => write(() => deleteFamilySchedule(appDb, id)),
  copySchedule: (id: string, title: string) => write(() => copySchedule(appDb, id, title)),
  addMedia: (
    input: Pick<LocalMedia, 'pupilId' | 'kind' | 'contentType' | 'blob' | 'sha256' | 'bytes'>,
  ) => write(() => addLocalMedia(appDb, input), false),

  /** The child finished a step: progress saved, and a token on each chart that gives one. */
  async stepDone(input: {
    scheduleId: string;
    date: string;
    stepId: string;
    pupilId: string;
    by: 'child' | 'parent';
  }): Promise<{ chartId: string; tokenId: string }[]> {
    return write(async () => {
      await markStepDone(appDb, input.scheduleId, input.date, input.stepId);
      const charts = await chartsEarningFromSteps(appDb, input.pupilId);
      const tokens: { chartId: string; tokenId: string }[] = [];
      for (const chart of charts) {
        const tokenId = await addToken(appDb, {
          chartId: chart.id,
          pupilId: input.pupilId,
          by: input.by,
          stepId: input.stepId,
        });
        tokens.push({ chartId: chart.id, tokenId });
      }
      return tokens;
    });
  },
  /** A mistaken "done": the step comes back, and so does any token it earned. */
  async stepUndone(input: {
    scheduleId: string;
    date: string;
    stepId: string | 'all';
    pupilId: string;
    tokens: { chartId: string; tokenId: string }[];
    by: 'child' | 'parent';
  }): Promise<void> {
    await write(async () => {
      await undoStep(appDb, input.scheduleId, input.date, input.stepId);
      for (const t of input.tokens) {
        await undoToken(appDb, { ...t, pupilId: input.pupilId, by: input.by });
      }
    });
  },

  addToken: (input: { chartId: string; pupilId: string; by: 'child' | 'parent' }) =>
    write(() => addToken(appDb, input)),
  undoToken: (input: {
    chartId: string;
    pupilId: string;
    tokenId: string;
    by: 'child' | 'parent';
  }) => write(() => undoToken(appDb, input)),
  celebrated: (chartId: string, rewards: number) =>
    write(() => markCelebrated(appDb, chartId, rewards), false),
  saveChart: (draft: ChartDraft) => write(() => saveChart(appDb, draft)),
  archiveChart: (chartId: string) => write(() => archiveChart(appDb, chartId)),

  setPin: (pin: string) => write(() => setPin(appDb, pin), false),
  enterChildMode: (pupilId: string, scheduleId?: string) =>
    write(() => enterChildMode(appDb, pupilId, scheduleId), false),
  leaveChildMode: () => write(() => leaveChildMode(appDb), false),
  setDisplay: (change: Partial<DisplayPrefs>) => write(() => setDisplayPrefs(appDb, change), false),
};
