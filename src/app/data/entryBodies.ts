// The stored shape of outbox bodies, per kind, and how an older one is read ("restore on
// read"): an entry written by an earlier build is upgraded step by step to the shape this
// build sends; one that cannot be read is reported, never guessed at.
import type { OutboxEntry, OutboxKind } from './db.ts';

/** The body version each kind is written with now. Add an upgrade when one moves on. */
export const bodyVersions = {
  sessionCompletion: 2,
  absenceNotice: 1,
  submission: 1,
  media: 1,
  visualSchedule: 1,
  rewardChart: 1,
  rewardEvent: 1,
  activityCompletion: 2,
  paperRequest: 1,
} as const satisfies Record<OutboxKind, number>;

type Body = Record<string, unknown>;
type Upgrade = (body: Body) => Body;

/** `upgrades[kind][n]` turns a version-n body into version n + 1. */
const upgrades: { [K in OutboxKind]?: Record<number, Upgrade> } = {
  // v2 added `revision` (the mark's place among the record's marks). A v1 mark has none
  // and is sent without: the server places it as it places marks of older builds.
  sessionCompletion: { 1: (b) => b },
  activityCompletion: { 1: (b) => b },
};

export type EntryBody = { ok: true; body: Body } | { ok: false; reason: string };

const isBody = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The entry's body in the shape this build sends, or why it cannot be read. */
export function readEntryBody(entry: Pick<OutboxEntry, 'kind' | 'bodyVersion' | 'body'>): EntryBody {
  const target = (bodyVersions as Record<string, number | undefined>)[entry.kind];
  if (target === undefined) return { ok: false, reason: `unknown kind ${String(entry.kind)}` };
  let version = entry.bodyVersion;
  if (!Number.isInteger(version) || version < 1 || version > target) {
    return { ok: false, reason: `${entry.kind} body version ${String(version)} is not one this app reads` };
  }
  if (!isBody(entry.body)) return { ok: false, reason: `${entry.kind} body is not an object` };
  let body = entry.body;
  while (version < target) {
    const step = upgrades[entry.kind]?.[version];
    if (!step) return { ok: false, reason: `no upgrade for ${entry.kind} body version ${version}` };
    body = step(body);
    version += 1;
  }
  return { ok: true, body };
}
