// Typed calls to the school's server, answers checked with the shared zod schemas. Kept
// apart from ./http.ts so zod loads only where these calls are made (after first paint).
import {
  API,
  joinResponseSchema,
  syncResponseSchema,
  type JoinRequest,
  type JoinResponse,
  type SyncResponse,
} from '../../shared/api.ts';
import type { z } from 'zod';
import type { Http, Parser } from './http.ts';

const parserOf =
  <S extends z.ZodType>(schema: S): Parser<z.infer<S>> =>
  (data) =>
    schema.safeParse(data);

export function join(http: Http, request: JoinRequest): Promise<JoinResponse> {
  return http.json(`${API}/join`, parserOf(joinResponseSchema), {
    method: 'POST',
    body: JSON.stringify(request),
  });
}

export function pull(http: Http, token: string, since: string | undefined): Promise<SyncResponse> {
  const query = since ? `?since=${encodeURIComponent(since)}` : '';
  return http.json(`${API}/sync${query}`, parserOf(syncResponseSchema), { token });
}
