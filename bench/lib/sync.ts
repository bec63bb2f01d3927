// Pulls GET /api/v1/sync the way the phone's sync engine does: follow `more` with the
// returned cursor until the server has nothing more to give.
import { browserLikeHeaders, rawRequest, type RawResponse } from './http.ts';

export type SyncPage = { cursor: string; more: boolean; reset: boolean; changes: unknown[] };

export function syncUrl(base: string, since: string | null): string {
  const url = new URL('/api/v1/sync', base);
  if (since !== null) url.searchParams.set('since', since);
  return url.href;
}

export async function syncOnce(
  base: string,
  token: string,
  since: string | null,
): Promise<{ page: SyncPage; res: RawResponse }> {
  const res = await rawRequest(syncUrl(base, since), {
    headers: { ...browserLikeHeaders, authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) {
    throw new Error(`GET /api/v1/sync answered ${res.status}: ${res.text.slice(0, 300)}`);
  }
  return { page: JSON.parse(res.text) as SyncPage, res };
}

/** From `since` (null: the first sync) to the end; every response on the way. */
export async function syncToEnd(base: string, token: string, since: string | null) {
  const responses: RawResponse[] = [];
  let cursor = since;
  let changes = 0;
  for (let i = 0; i < 200; i++) {
    const { page, res } = await syncOnce(base, token, cursor);
    responses.push(res);
    changes += page.changes.length;
    cursor = page.cursor;
    if (!page.more) return { cursor, responses, changes };
  }
  throw new Error('sync still says `more` after 200 pages');
}
