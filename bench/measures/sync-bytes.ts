// Bytes on the wire for the family's pulls, over raw node:http on loopback:
// firstSyncBytes (a phone that has just joined: the demo week, every `more` page) and
// noChangeSyncResponseBytes (the sync a phone makes on every start, online event and
// visibility change when nothing has changed). Response = status line + headers + body.
import type { Measure } from '../lib/context.ts';
import type { RawResponse } from '../lib/http.ts';
import { gzipSize, kb } from '../lib/stats.ts';
import { syncOnce, syncToEnd } from '../lib/sync.ts';

function describeHeaders(res: RawResponse): string[] {
  return res.headers.map(
    ([name, value, bytes]) => `${String(bytes).padStart(6)} B  ${name}: ${value}`,
  );
}

export const syncBytes: Measure = {
  name: 'sync-bytes',
  title: 'Sync response sizes',
  async run(ctx) {
    const server = await ctx.server();
    const token = await ctx.deviceToken();

    const first = await syncToEnd(server.url, token, null);
    const firstBytes = first.responses.reduce((sum, r) => sum + r.totalBytes, 0);
    const firstBody = first.responses.reduce((sum, r) => sum + r.bodyBytes, 0);

    const { page, res } = await syncOnce(server.url, token, first.cursor);
    const warnings: string[] = [];
    if (page.changes.length > 0 || page.more) {
      warnings.push(
        `the "nothing new" sync returned ${page.changes.length} changes (more=${page.more}): not a no-change sync`,
      );
    }
    if (page.cursor !== first.cursor) {
      warnings.push('the "nothing new" sync returned a different cursor than it was given');
    }
    const firstText = first.responses.map((r) => r.text).join('');
    const firstCompressed = first.responses.some((r) =>
      r.headers.some(([n]) => n.toLowerCase() === 'content-encoding'),
    );
    const encoding = res.headers.find(([n]) => n.toLowerCase() === 'content-encoding');
    const details = [
      `first sync: ${first.responses.length} request(s), ${first.changes} changes, ` +
        `${kb(firstBytes)} (${kb(firstBody)} body, ${firstCompressed ? 'compressed' : `uncompressed; gzip would make the body ${kb(gzipSize(firstText))}`})`,
      `no-change sync: ${res.totalBytes} B = ${res.headerBytes} B status line + headers, ${res.bodyBytes} B body${encoding ? ` (${encoding[1]})` : ''}`,
      `  body: ${res.text}`,
      ...describeHeaders(res).map((line) => `  ${line}`),
    ];
    return {
      values: {
        firstSyncBytes: firstBytes,
        firstSyncBodyBytes: firstBody,
        firstSyncRequests: first.responses.length,
        firstSyncChanges: first.changes,
        noChangeSyncResponseBytes: res.totalBytes,
        noChangeSyncHeaderBytes: res.headerBytes,
        noChangeSyncBodyBytes: res.bodyBytes,
      },
      details,
      warnings,
    };
  },
};
