// A tiny load balancer for tests and the rush bench: each request goes to the next
// instance in turn, with X-Forwarded-For extended by the client's address (as a real
// proxy does), so instances behind it must share everything through the database and the
// bucket.
import { createServer, request, type Server } from 'node:http';

export async function roundRobin(
  targets: number[],
): Promise<{ port: number; server: Server; hits: number[]; close: () => Promise<void> }> {
  let next = 0;
  const hits = targets.map(() => 0);
  const server = createServer((req, res) => {
    const i = next++ % targets.length;
    hits[i] = (hits[i] ?? 0) + 1;
    const prior = req.headers['x-forwarded-for'];
    const client = req.socket.remoteAddress ?? '';
    const up = request(
      {
        host: '127.0.0.1',
        port: targets[i],
        path: req.url,
        method: req.method,
        headers: {
          ...req.headers,
          'x-forwarded-for': prior ? `${String(prior)}, ${client}` : client,
        },
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    server,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
