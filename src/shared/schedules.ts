// Contract for issue 4: symbol-based visual schedules, the media files they use (a
// school's own images, photos a parent takes of the real thing, short audio clips), and
// reward charts (token boards) whose tokens are append-only events made on the phone.
import { z } from 'zod';
import { id, instant, calendarDate } from './primitives.ts';
import { baseRevision } from './publishing.ts';

// ---- media (images for symbols, audio clips) ------------------------------------------
export const mediaKinds = ['image', 'audio'] as const;
export type MediaKind = (typeof mediaKinds)[number];
/** Largest picture a phone sends for a symbol (it sends ~60 KB JPEGs, 800 px). */
export const maxSymbolImageBytes = 2 * 1024 * 1024;
/** Largest audio clip: a few seconds of speech ("Time to brush your teeth"). */
export const maxAudioBytes = 1024 * 1024;
/** Longest clip the phone records, in seconds. */
export const maxAudioSeconds = 30;
/** Audio the server keeps, by the bytes it starts with (never by a declared type). */
export const audioTypes = ['audio/webm', 'audio/ogg', 'audio/mp4', 'audio/mpeg'] as const;

// PUT /api/v1/media/:id  (idempotent: commits one finished tus upload as a media file)
export const mediaBodySchema = z.object({
  /** The child the picture or clip is for (a family only makes media for its children). */
  pupilId: id,
  kind: z.enum(mediaKinds),
  /** tus upload id (last path segment of the upload URL). */
  uploadId: z.string().min(1).max(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().min(1).max(maxSymbolImageBytes),
});
export type MediaBody = z.infer<typeof mediaBodySchema>;

/**
 * A stored media file, as sync sends it. Its bytes are fetched once with
 * `GET /api/v1/media/:id` (device auth; immutable: an id's bytes never change) and kept
 * on the phone. Images are re-encoded by the server, so `sha256` is of what it serves.
 */
export const mediaFileSchema = z.object({
  id,
  /** null: the school's own, for every family of the school; else one child's. */
  pupilId: id.nullable(),
  kind: z.enum(mediaKinds),
  contentType: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  createdAt: instant,
});
export type MediaFile = z.infer<typeof mediaFileSchema>;
export const mediaResponseSchema = z.object({ media: mediaFileSchema });

// ---- symbols and schedules -------------------------------------------------------------
/** An OpenMoji hexcode from the bundled set ("1F6BD", "1F9D1-200D-1F3EB"). */
export const symbolCode = z.string().regex(/^[0-9A-F]{4,6}(-[0-9A-F]{4,6}){0,6}$/);

export const symbolRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('openmoji'), code: symbolCode }),
  /** A school's image or a parent's photo: a media file of kind `image`. */
  z.object({ kind: z.literal('media'), mediaId: id }),
]);
export type SymbolRef = z.infer<typeof symbolRefSchema>;

export const maxStepsPerSchedule = 30;

export const scheduleStepSchema = z.object({
  /** Made where the step was made (UUID); stable across edits. */
  id,
  symbol: symbolRefSchema,
  label: z.string().trim().min(1).max(60),
  /** A timed step shows a countdown. */
  minutes: z.number().int().min(1).max(240).nullable(),
  /** A short recorded clip played instead of the synthetic voice (media of kind `audio`). */
  audioId: id.nullable(),
});
export type ScheduleStep = z.infer<typeof scheduleStepSchema>;

const scheduleFields = {
  pupilId: id,
  title: z.string().trim().min(1).max(80),
  /** The day it is for (school schedules usually are); null: a routine for any day. */
  date: calendarDate.nullable(),
  /** The timetable session it belongs to, where it fits. */
  sessionId: id.nullable(),
  /** BCP 47 language of the labels (for speech): "en", "pl"… */
  language: z.string().min(2).max(20),
  steps: z
    .array(scheduleStepSchema)
    .min(1, 'a schedule needs at least one step')
    .max(maxStepsPerSchedule, `a schedule has at most ${maxStepsPerSchedule} steps`),
};

// PUT /api/v1/visual-schedules/:id  (a family's own schedule; revisions like absence
// notices: higher revision replaces, lower is stale and changes nothing, same revision with
// another body is a 409). The school's schedules cannot be changed by families (409
// `made_by_school`); a family copies one to change it.
export const familyScheduleBodySchema = z.object({
  ...scheduleFields,
  revision: z.number().int().min(1),
  /** A deleted schedule is gone from every phone; the id cannot be used again. */
  deleted: z.boolean(),
});
export type FamilyScheduleBody = z.infer<typeof familyScheduleBodySchema>;

export const visualScheduleSchema = z.object({
  id,
  ...scheduleFields,
  madeBy: z.enum(['school', 'family']),
  revision: z.number().int(),
  updatedAt: instant,
});
export type VisualSchedule = z.infer<typeof visualScheduleSchema>;
export const visualScheduleResponseSchema = z.object({ schedule: visualScheduleSchema });

// PUT /api/v1/staff/visual-schedules/:id   DELETE …/:id
export const staffScheduleBodySchema = z.object({
  ...scheduleFields,
  /** The schedule's revision this save started from (publishing.ts); absent: a new one. */
  baseRevision,
});

// ---- reward charts -------------------------------------------------------------------
export const minGoal = 1;
export const maxGoal = 20;

const chartFields = {
  pupilId: id,
  title: z.string().trim().min(1).max(80),
  /** Tokens needed for the reward. Fixed once made: a new goal is a new chart. */
  goal: z.number().int().min(minGoal).max(maxGoal),
  reward: symbolRefSchema,
  rewardLabel: z.string().trim().min(1).max(60),
  /** A token is added when the child finishes a schedule step. */
  tokenPerStep: z.boolean(),
  /** An archived chart is kept (history) but no longer shown or added to. */
  archived: z.boolean(),
};

// PUT /api/v1/reward-charts/:id  (revisions as schedules; `goal` may never change: 409)
export const rewardChartBodySchema = z.object({
  ...chartFields,
  revision: z.number().int().min(1),
});
export type RewardChartBody = z.infer<typeof rewardChartBodySchema>;

export const rewardChartSchema = z.object({
  id,
  ...chartFields,
  madeBy: z.enum(['school', 'family']),
  revision: z.number().int(),
  createdAt: instant,
  updatedAt: instant,
});
export type RewardChart = z.infer<typeof rewardChartSchema>;
export const rewardChartResponseSchema = z.object({ chart: rewardChartSchema });

// PUT /api/v1/staff/reward-charts/:id
export const staffRewardChartBodySchema = z.object({
  ...chartFields,
  /** The chart's revision this save started from (publishing.ts); absent: a new one. */
  baseRevision,
});

/**
 * One tap on a token board. Append-only, id (UUIDv7) made on the phone, so two phones
 * offline at once never lose a token: the board is a pure function of the SET of events
 * (see `tallyTokens`). `undo` takes back one mistaken `token` (named by `undoes`); tokens
 * are never taken away otherwise.
 */
export const rewardEventSchema = z
  .object({
    id,
    chartId: id,
    pupilId: id,
    type: z.enum(['token', 'undo']),
    undoes: id.nullable(),
    /** Who tapped: the child (or a schedule step they finished), a parent, the school. */
    by: z.enum(['child', 'parent', 'school']),
    /** The schedule step that earned it, if any. */
    stepId: id.nullable(),
    at: instant,
  })
  .refine((e) => (e.type === 'undo') === (e.undoes !== null), {
    message: 'an undo names the token it takes back (undoes), and only an undo does',
    path: ['undoes'],
  });
export type RewardEvent = z.infer<typeof rewardEventSchema>;

// PUT /api/v1/reward-events/:id  (idempotent; the body is the event without its id)
export const rewardEventBodySchema = z.object({
  chartId: id,
  pupilId: id,
  type: z.enum(['token', 'undo']),
  undoes: id.nullable(),
  by: z.enum(['child', 'parent', 'school']),
  stepId: id.nullable(),
  at: instant,
});
export type RewardEventBody = z.infer<typeof rewardEventBodySchema>;
export const rewardEventResponseSchema = z.object({ event: rewardEventSchema });

export type TokenTally = {
  /** Tokens that count: every token not undone. */
  earned: number;
  /** Rewards reached so far: floor(earned / goal). */
  rewardsReached: number;
  /** Tokens on the board now (0 … goal-1). A full board shows as reached, then empty. */
  onBoard: number;
  /** The token a child's "undo" would take back: the newest token still counting. */
  lastTokenId: string | null;
};

/**
 * The board, from the events of one chart, whatever order they arrived in and however
 * often each arrived (duplicates are the same id). Pure: the same set gives the same
 * board on every phone and on the server.
 */
export function tallyTokens(
  events: Iterable<Pick<RewardEvent, 'id' | 'type' | 'undoes'>>,
  goal: number,
): TokenTally {
  const tokens = new Set<string>();
  const undone = new Set<string>();
  for (const e of events) {
    if (e.type === 'token') tokens.add(e.id);
    else if (e.undoes) undone.add(e.undoes);
  }
  let earned = 0;
  let lastTokenId: string | null = null;
  for (const t of tokens) {
    if (undone.has(t)) continue;
    earned += 1;
    if (lastTokenId === null || t > lastTokenId) lastTokenId = t;
  }
  const g = Math.max(1, goal);
  return { earned, rewardsReached: Math.floor(earned / g), onBoard: earned % g, lastTokenId };
}

// ---- staff responses -----------------------------------------------------------------
// GET /api/v1/staff/visual-schedules?pupilId=   (not deleted; the school's and the family's)
export const staffPupilQuerySchema = z.object({ pupilId: id });
export const staffSchedulesResponseSchema = z.object({ schedules: z.array(visualScheduleSchema) });
// GET /api/v1/staff/reward-charts?pupilId=   each chart with its board (`tallyTokens`)
export const staffRewardChartSchema = rewardChartSchema.extend({
  tally: z.object({
    earned: z.number().int(),
    rewardsReached: z.number().int(),
    onBoard: z.number().int(),
    /** `at` of the newest event (token or undo), null before the first. */
    lastEventAt: instant.nullable(),
  }),
});
export type StaffRewardChart = z.infer<typeof staffRewardChartSchema>;
export const staffRewardChartsResponseSchema = z.object({
  charts: z.array(staffRewardChartSchema),
});
// POST /api/v1/staff/media?pupilId=   raw bytes (Content-Type image/jpeg|png|webp or
// audio/…) → 201 { media }; without pupilId the file is the school's, for every family.
export const staffMediaQuerySchema = z.object({ pupilId: id.optional() });
