// Sends one outbox entry as its idempotent PUT. No zod here: the service worker's
// Background Sync drain imports only this.
import type { OutboxEntry } from '../data/db.ts';
import { anyBody, type Http } from '../net/http.ts';

export function sendEntry(http: Http) {
  return async (entry: OutboxEntry, token: string): Promise<void> => {
    await http.json(entry.path, anyBody, {
      method: entry.method,
      body: JSON.stringify(entry.body),
      token,
    });
  };
}
