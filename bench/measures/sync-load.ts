// syncRequestsPerSecond / syncP99Ms: how many "anything new?" pulls one server process
// answers. autocannon, 10 connections for 10 s (after a 2 s warm-up), keep-alive, on
// loopback, against GET /api/v1/sync?since=<current cursor> with a real device token.
// The server is the real `node src/server/server.ts` child process with LOG_LEVEL=warn.
import autocannon from 'autocannon';
import type { Measure } from '../lib/context.ts';
import { browserLikeHeaders } from '../lib/http.ts';
import { round } from '../lib/stats.ts';
import { syncToEnd, syncUrl } from '../lib/sync.ts';

const connections = 10;
const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 10);

export const syncLoad: Measure = {
  name: 'sync-load',
  title: 'Sync under load (autocannon)',
  async run(ctx) {
    // Chromium would compete with the server for the CPU.
    await ctx.closeBrowser();
    const server = await ctx.server();
    const token = await ctx.deviceToken();
    const { cursor } = await syncToEnd(server.url, token, null);

    const result = await autocannon({
      url: syncUrl(server.url, cursor),
      connections,
      duration: seconds,
      headers: { ...browserLikeHeaders, authorization: `Bearer ${token}` },
      warmup: { connections, duration: 2 },
    });

    const warnings: string[] = [];
    if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
      warnings.push(
        `${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts ` +
          `(status codes: ${JSON.stringify(result.statusCodeStats)}): the rate is not of real syncs`,
      );
    }
    const details = [
      `${connections} connections, ${seconds} s, ${result.requests.total} requests; ` +
        `latency p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
      `server logging: LOG_LEVEL=warn (server.ts reads LOG_LEVEL)`,
    ];
    return {
      values: {
        syncRequestsPerSecond: round(result.requests.average),
        syncP50Ms: result.latency.p50,
        syncP99Ms: result.latency.p99,
        syncLoadNon2xx: result.non2xx + result.errors + result.timeouts,
      },
      details,
      warnings,
    };
  },
};
