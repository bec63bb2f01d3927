// The page's transport for the engine: outbox entries become idempotent PUTs, pulls
// become GETs whose answers are checked with the shared zod schemas.
import { pull } from '../net/api.ts';
import type { Http } from '../net/http.ts';
import type { Transport } from './engine.ts';
import { sendEntry } from './send.ts';

export function httpTransport(http: Http): Transport {
  return { send: sendEntry(http), pull: (since, token) => pull(http, token, since) };
}
