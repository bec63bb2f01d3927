// The engine's HTTP transport: outbox entries become idempotent PUTs, pulls become GETs.
import { z } from 'zod';
import type { OutboxEntry } from '../data/db.ts';
import { pull, type Http } from '../net/http.ts';
import type { Transport } from './engine.ts';

const anyJson = z.unknown();

export function httpTransport(http: Http): Transport {
  return {
    async send(entry: OutboxEntry, token: string) {
      await http.json(entry.path, anyJson, {
        method: entry.method,
        body: JSON.stringify(entry.body),
        token,
      });
    },
    pull: (since, token) => pull(http, token, since),
  };
}
