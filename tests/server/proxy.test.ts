// Behind a load balancer: X-Forwarded-For names the client only when the connection comes
// from the configured proxy (TRUST_PROXY); from anywhere else it is ignored, so a client
// cannot dodge a per-address limit by inventing addresses. Limits are keyed by that
// address (in the database on PostgreSQL, shared by every instance).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers.ts';

let t: TestApp;
const proxy = '10.1.2.3';

beforeAll(async () => {
  t = await startApp({
    trustProxy: ['10.1.2.0/24'],
    rateLimit: { join: { max: 3, timeWindowMs: 60_000 } },
  });
});
afterAll(() => t.close());

const join = (remoteAddress: string, forwardedFor?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/join',
    remoteAddress,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    payload: { code: 'ZZZZ-ZZZZ' },
  });
const statuses = async (n: number, send: () => ReturnType<typeof join>) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send()).statusCode);
  return out;
};

describe('client addresses behind the proxy', () => {
  it('limits each phone behind the trusted proxy by its own forwarded address', async () => {
    expect(await statuses(4, () => join(proxy, '203.0.113.5'))).toEqual([404, 404, 404, 429]);
    // Another phone behind the same proxy has its own allowance.
    expect(await statuses(1, () => join(proxy, '203.0.113.6'))).toEqual([404]);
    // The proxy appends; only the address the proxy saw counts, not what the phone claimed.
    expect(await statuses(1, () => join(proxy, '198.51.100.1, 203.0.113.5'))).toEqual([429]);
  });

  it('ignores X-Forwarded-For from anyone but the proxy', async () => {
    const direct = '192.0.2.77';
    const forged = (i: number) => join(direct, `203.0.113.${100 + i}`);
    const out: number[] = [];
    for (let i = 0; i < 4; i++) out.push((await forged(i)).statusCode);
    // Four different invented addresses, one real one: limited as one client.
    expect(out).toEqual([404, 404, 404, 429]);
  });
});
