// Starts the real server (`node src/server/server.ts`) on a free port with its own
// DATA_DIR, the way `npm start` does, so tests can also kill and restart it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testNow } from './clock.ts';

const root = new URL('../../', import.meta.url).pathname;

export type DemoCredentials = {
  joinCode: string;
  /** The first member listed (the head, an admin). */
  staffEmail: string;
  staffPassword: string;
  /** Every demo member of staff, with role and class names. */
  staff: { email: string; password: string; name: string; role: string; classes: string[] }[];
};

export type RunningServer = {
  url: string;
  port: number;
  dataDir: string;
  demo(): DemoCredentials;
  stop(): Promise<void>;
  kill(): Promise<void>;
  /** Stops and starts it again on the same data; `env` replaces the extra environment. */
  restart(env?: Record<string, string>): Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output.join('')}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not healthy in 20 s:\n${output.join('')}`);
}

/**
 * `clock`: where the server's clock starts (default the tests' instant, clock.ts; `false`:
 * the real clock). A restarted server's clock goes on from where it was, never back.
 */
export async function startServer(
  options: { distDir?: string; clock?: Date | false; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'homeward-e2e-'));
  let extraEnv = options.env ?? {};
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  const output: string[] = [];

  const clockStart = options.clock === false ? null : (options.clock ?? testNow).getTime();
  const startedAt = performance.now();
  const clockEnv = (): Record<string, string> =>
    clockStart === null
      ? {}
      : { HOMEWARD_CLOCK: new Date(clockStart + performance.now() - startedAt).toISOString() };

  async function launch() {
    child = spawn(process.execPath, ['src/server/server.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        ...clockEnv(),
        ...(options.distDir ? { DIST_DIR: options.distDir } : {}),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    await waitForHealth(url, child, output);
  }

  async function exit(signal: NodeJS.Signals) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  await launch();
  return {
    url,
    port,
    dataDir,
    demo() {
      return readDemoCredentials(dataDir);
    },
    stop: () => exit('SIGTERM'),
    kill: () => exit('SIGKILL'),
    async restart(env) {
      await exit('SIGTERM');
      if (env) extraEnv = env;
      await launch();
    },
  };
}

export function readDemoCredentials(dataDir: string): DemoCredentials {
  const raw = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  return normalizeCredentials(raw);
}

// The file's shape is the server's to decide; this reads it once, in one place.
function normalizeCredentials(raw: Record<string, unknown>): DemoCredentials {
  const family = (raw.family ?? {}) as Record<string, unknown>;
  const staff = (Array.isArray(raw.staff) ? raw.staff[0] : (raw.staff ?? {})) as Record<
    string,
    unknown
  >;
  const joinCode = String(raw.joinCode ?? family.joinCode ?? family.code ?? '');
  const staffEmail = String(raw.staffEmail ?? staff.email ?? '');
  const staffPassword = String(raw.staffPassword ?? staff.password ?? '');
  if (!joinCode || !staffEmail || !staffPassword) {
    throw new Error(`demo-credentials.json not understood: ${JSON.stringify(Object.keys(raw))}`);
  }
  const members = (Array.isArray(raw.staff) ? raw.staff : []) as DemoCredentials['staff'];
  return { joinCode, staffEmail, staffPassword, staff: members };
}
