// An in-memory stand-in for the school's server, with the same idempotency rules as the
// real one (same id + same body → the stored result; different body → 409), and knobs
// for the faults the engine must survive: no network, 5xx, slowness, lost responses.
import type { SyncResponse } from '../../shared/api.ts';
import type { OutboxEntry } from '../data/db.ts';
import { HttpError, NetworkError } from '../net/http.ts';
import type { Transport } from '../sync/engine.ts';

export type Fault = 'network' | 'server' | 'lost-response' | 'revoked' | null;

export function createFakeServer() {
  const stored = new Map<string, string>();
  const pages: SyncResponse[] = [];
  const state = {
    /** Faults to apply to the next calls, in order (null = behave). */
    faults: [] as Fault[],
    delayMs: 0,
    sendCalls: 0,
    pullCalls: 0,
    sinceSeen: [] as (string | undefined)[],
  };

  async function maybeFail(commit?: () => void): Promise<void> {
    if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
    const fault = state.faults.shift() ?? null;
    if (fault === 'network') throw new NetworkError('Failed to fetch');
    if (fault === 'server') throw new HttpError(503, 'server_error', 'Service unavailable');
    if (fault === 'revoked') throw new HttpError(401, 'device_revoked', 'Removed');
    commit?.();
    if (fault === 'lost-response') throw new NetworkError('Connection reset after commit');
  }

  const transport: Transport = {
    async send(entry: OutboxEntry) {
      state.sendCalls += 1;
      const id = entry.path.split('/').pop() ?? '';
      const body = JSON.stringify(entry.body);
      const previous = stored.get(id);
      if (previous !== undefined && previous !== body) {
        await maybeFail();
        throw new HttpError(409, 'conflict', 'Same id, different body');
      }
      await maybeFail(() => stored.set(id, body));
    },
    async pull(since) {
      state.pullCalls += 1;
      state.sinceSeen.push(since);
      await maybeFail();
      const index = since ? pages.findIndex((p) => p.cursor === since) + 1 : 0;
      return pages[index] ?? { cursor: since ?? 'v1.0', more: false, reset: false, changes: [] };
    },
  };

  return { transport, stored, pages, state };
}
