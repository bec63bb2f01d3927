// The page's check of an outbox body before it is sent, with the same shared schemas the
// server validates with: a body this build would send but the server must refuse is set
// aside on the phone, with the reason, instead of going round the network. (The service
// worker's drain has no zod; the server's 400 sets such an entry aside there.)
import type { z } from 'zod';
import { sessionCompletionBodySchema } from '../../shared/api.ts';
import { activityCompletionBodySchema, paperRequestBodySchema } from '../../shared/packs.ts';
import {
  familyScheduleBodySchema,
  mediaBodySchema,
  rewardChartBodySchema,
  rewardEventBodySchema,
} from '../../shared/schedules.ts';
import { absenceNoticeBodySchema, submissionBodySchema } from '../../shared/submissions.ts';
import type { OutboxKind } from '../data/db.ts';
import type { BodyCheck } from './send.ts';

const schemas: Record<OutboxKind, z.ZodType> = {
  sessionCompletion: sessionCompletionBodySchema,
  absenceNotice: absenceNoticeBodySchema,
  // The upload ids are added when the pages are up.
  submission: submissionBodySchema.omit({ pages: true }),
  media: mediaBodySchema.omit({ uploadId: true }),
  visualSchedule: familyScheduleBodySchema,
  rewardChart: rewardChartBodySchema,
  rewardEvent: rewardEventBodySchema,
  activityCompletion: activityCompletionBodySchema,
  paperRequest: paperRequestBodySchema,
};

export const checkBody: BodyCheck = (kind, body) => {
  const result = schemas[kind].safeParse(body);
  if (result.success) return null;
  const issue = result.error.issues[0];
  return issue ? `${issue.path.join('.') || kind}: ${issue.message}` : `${kind}: not readable`;
};
