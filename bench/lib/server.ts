// Starts the real server (`node src/server/server.ts`) as a child process on a free port
// with its own temporary DATA_DIR, the way `npm start` runs it, and makes sure it dies
// with the bench (normal end, error, Ctrl-C).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type DemoCredentials = { joinCode: string; familyName: string };

export type RunningServer = {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  dataDir: string;
  demo: DemoCredentials;
  /** What the server printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
};

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

function killAllNow(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

// `exit` handlers must be synchronous: SIGKILL is the only thing that can be done there.
process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}, stopping the server`);
    killAllNow();
    process.exit(130);
  });
}

export async function freePort(): Promise<number> {
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

async function waitForHealth(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not healthy within 30 s:\n${output()}`);
}

function readDemo(dataDir: string): DemoCredentials {
  const file = join(dataDir, 'demo-credentials.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const joinCode = typeof raw.joinCode === 'string' ? raw.joinCode : '';
  if (!joinCode) throw new Error(`no joinCode in ${file}: ${Object.keys(raw).join(', ')}`);
  return { joinCode, familyName: String(raw.familyName ?? '') };
}

export async function startServer(root: string, logLevel = 'warn'): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'homeward-bench-'));
  tempDirs.add(dataDir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const chunks: string[] = [];
  const output = () => chunks.join('');
  const child = spawn(process.execPath, ['src/server/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: logLevel,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.stdout?.on('data', (d: Buffer) => chunks.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => chunks.push(d.toString()));

  const stop = async () => {
    children.delete(child);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
    tempDirs.delete(dataDir);
  };

  try {
    await waitForHealth(url, child, output);
    return { url, port, dataDir, demo: readDemo(dataDir), output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
