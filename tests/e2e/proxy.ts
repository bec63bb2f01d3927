// A small fault-injecting TCP proxy between Chromium and the real server, for the
// "nothing lost, nothing doubled" tests. It forwards bytes untouched and, when asked,
// cuts a connection part-way through an upload, or swallows the server's answer to a
// request it has already committed. Requests are recognised by their request line at the
// start of a chunk (good enough for HTTP/1.1 from Chromium, which writes each request's
// head in one write).
import { createServer, connect, type Server, type Socket } from 'node:net';

type Rule = (
  | { kind: 'cut'; match: RegExp; afterBytes: number }
  | { kind: 'stall'; match: RegExp; afterBytes: number }
  | { kind: 'drop-response'; match: RegExp }
) & { fired: () => void };

export type FaultProxy = {
  url: string;
  port: number;
  /** Cut the next matching request's connection after this many request bytes. */
  cutNext(match: RegExp, afterBytes: number): Promise<void>;
  /**
   * Forward this many bytes of the next matching request, then hold the rest (resolves
   * when the hold starts), e.g. to kill the server in the middle of an upload.
   */
  stallNext(match: RegExp, afterBytes: number): Promise<void>;
  /** Let the next matching request reach the server, then lose its response. */
  dropResponseOfNext(match: RegExp): Promise<void>;
  /** Client→server bytes of requests matching `match` since the last reset. */
  bytesTo(match: RegExp): number;
  resetCounters(): void;
  /** Request lines seen since the last reset, with their request bytes (for debugging). */
  lines(): string[];
  /** Refuse (reset) every request matching this until unblocked with null. */
  block(match: RegExp | null): void;
  /** Point at another server port (after a restart on a new port). */
  retarget(port: number): void;
  /** Destroy every open connection (a network blip). */
  cutAll(): void;
  close(): Promise<void>;
};

const requestLine = /^(GET|POST|PUT|PATCH|HEAD|DELETE|OPTIONS) (\S+) HTTP\/1\.1\r\n/;

export async function startProxy(targetPort: number): Promise<FaultProxy> {
  let target = targetPort;
  let blocked: RegExp | null = null;
  const rules: Rule[] = [];
  const sockets = new Set<Socket>();
  const counters: Array<{ line: string; bytes: number }> = [];

  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    let current: { line: string; bytes: number; rule: Rule | null } | null = null;
    let dropResponses = false;
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());

    client.on('data', (chunk: Buffer) => {
      const head = requestLine.exec(chunk.subarray(0, 512).toString('latin1'));
      if (head) {
        const line = `${head[1]} ${head[2]}`;
        if (blocked?.test(line)) {
          closeBoth();
          return;
        }
        const index = rules.findIndex((r) => r.match.test(line));
        const rule = index >= 0 ? (rules.splice(index, 1)[0] ?? null) : null;
        current = { line, bytes: 0, rule };
        counters.push(current);
        if (rule && rule.kind !== 'stall') rule.fired();
        if (rule?.kind === 'drop-response') dropResponses = true;
      }
      if (current?.rule?.kind === 'stall') {
        const room = current.rule.afterBytes - current.bytes;
        if (chunk.length >= room) {
          if (room > 0) upstream.write(chunk.subarray(0, room));
          current.bytes += Math.max(0, room);
          const fired = current.rule.fired;
          current.rule = null;
          client.pause(); // the rest never arrives on this connection
          setTimeout(fired, 50);
          return;
        }
      }
      if (current?.rule?.kind === 'cut') {
        const room = current.rule.afterBytes - current.bytes;
        if (chunk.length >= room) {
          current.bytes += Math.max(0, room);
          if (room > 0) upstream.write(chunk.subarray(0, room));
          // Give the partial bytes a moment to reach the server, then pull the plug.
          setTimeout(closeBoth, 20);
          current.rule = null;
          client.pause();
          return;
        }
      }
      if (current) current.bytes += chunk.length;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (dropResponses) {
        // The server has answered (so it has committed): the phone never hears it.
        closeBoth();
        return;
      }
      client.write(chunk);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  /** Resolves once the rule has fired, so a test can wait for the fault to happen. */
  type RuleSpec =
    | { kind: 'cut'; match: RegExp; afterBytes: number }
    | { kind: 'stall'; match: RegExp; afterBytes: number }
    | { kind: 'drop-response'; match: RegExp };
  const arm = (spec: RuleSpec) =>
    new Promise<void>((resolve) => {
      rules.push({ ...spec, fired: resolve });
    });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    cutNext: (match, afterBytes) => arm({ kind: 'cut', match, afterBytes }),
    stallNext: (match, afterBytes) => arm({ kind: 'stall', match, afterBytes }),
    dropResponseOfNext: (match) => arm({ kind: 'drop-response', match }),
    bytesTo: (match) => counters.filter((c) => match.test(c.line)).reduce((s, c) => s + c.bytes, 0),
    lines: () => counters.map((c) => `${c.line} ${c.bytes}`),
    resetCounters: () => {
      counters.length = 0;
    },
    block: (match) => {
      blocked = match;
    },
    retarget: (p) => {
      target = p;
    },
    cutAll: () => {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
