// Where each kind of family write goes: the request is built from the entry when it is
// sent, never stored, so a route that moves in a new build takes the waiting entries
// with it. No zod here (the service worker's drain imports this).
import type { OutboxKind } from '../data/db.ts';
import { API } from '../../shared/paths.ts';

const collections = {
  sessionCompletion: 'session-completions',
  absenceNotice: 'absence-notices',
  submission: 'submissions',
  media: 'media',
  visualSchedule: 'visual-schedules',
  rewardChart: 'reward-charts',
  rewardEvent: 'reward-events',
  activityCompletion: 'activity-completions',
  paperRequest: 'paper-requests',
} as const satisfies Record<OutboxKind, string>;

/** The idempotent PUT that delivers a record of this kind. */
export const recordPath = (kind: OutboxKind, recordId: string): string =>
  `${API}/${collections[kind]}/${encodeURIComponent(recordId)}`;
