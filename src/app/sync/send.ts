// Sends one outbox entry: its body is read in the shape this build sends (an older one
// upgraded, data/entryBodies.ts), optionally checked, and PUT to the route of its kind.
// Kinds whose bytes go first (photos, pictures, clips) have senders of their own, given
// by the page; the service worker has none and holds those entries. No zod here.
import type { OutboxEntry, OutboxKind } from '../data/db.ts';
import { readEntryBody } from '../data/entryBodies.ts';
import { anyBody, type Http } from '../net/http.ts';
import { LocalDataError, SyncError } from './errors.ts';
import { recordPath } from './requests.ts';

export type Progress = (sent: number, total: number) => void;

/** Delivers one entry whose body has been read; rejects with a typed error. */
export type KindSender = (
  entry: OutboxEntry,
  body: Record<string, unknown>,
  token: string,
  onProgress: Progress,
) => Promise<void>;

/** Says what is wrong with a body this build would send (null: nothing). */
export type BodyCheck = (kind: OutboxKind, body: unknown) => string | null;

export function sendEntry(
  http: Http,
  options: { check?: BodyCheck; senders?: Partial<Record<OutboxKind, KindSender>> } = {},
) {
  return async (entry: OutboxEntry, token: string, onProgress: Progress = () => {}) => {
    const read = readEntryBody(entry);
    if (!read.ok) throw new LocalDataError('unreadable_body', read.reason);
    const problem = options.check?.(entry.kind, read.body);
    if (problem) throw new LocalDataError('unreadable_body', problem);
    const special = options.senders?.[entry.kind];
    if (special) return special(entry, read.body, token, onProgress);
    if (entry.kind === 'submission' || entry.kind === 'media') {
      // Bytes first, which only the page can send: wait for it, never PUT without them.
      throw new SyncError('network', 'network', `${entry.kind} waits for the app to be open`);
    }
    await http.json(recordPath(entry.kind, entry.recordId), anyBody, {
      method: 'PUT',
      body: JSON.stringify(read.body),
      token,
    });
  };
}
