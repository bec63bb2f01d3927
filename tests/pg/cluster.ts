// A throwaway PostgreSQL cluster for tests and the rush bench: initdb in a temp dir, a
// free port on loopback, trust auth, no fsync (nothing here must survive a crash), stopped
// and deleted afterwards. PostgreSQL refuses to run as root, so as root the binaries run
// as the `postgres` user (runuser) on a data dir it owns.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const installHint =
  'PostgreSQL is not installed: run `apt-get install -y postgresql` (Debian), then npm run test:pg again.';

/** The newest PostgreSQL server binaries Debian installed, or null. */
export function findPgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .toSorted((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

export type Cluster = {
  port: number;
  dir: string;
  /** `postgres://postgres@127.0.0.1:<port>/<db>` */
  url: (db?: string) => string;
  /** Runs a PostgreSQL client binary (psql, pg_dump…) as the cluster's owner. */
  bin: (name: string) => string;
  stop: () => void;
  /** Stops the server immediately (fault tests) and starts it again. */
  restart: () => void;
  stopOnly: () => void;
  startOnly: () => void;
};

const asRoot = process.getuid?.() === 0;

function run(cmd: string, args: string[]): void {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8', stdio: 'pipe' });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  }
}

export async function startCluster(): Promise<Cluster> {
  const bin = findPgBin();
  if (!bin) throw new Error(installHint);
  const dir = mkdtempSync(join(tmpdir(), 'homeward-pg-'));
  chmodSync(dir, 0o700);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  run(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    // A collation that is not byte order (ICU English, as on most production servers), so
    // the tests notice an ordering that only SQLite gives.
    '--locale=C.UTF-8',
    '--locale-provider=icu',
    '--icu-locale=en-US',
    '--no-sync',
  ]);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
    '-c shared_buffers=128MB',
    '-c log_min_messages=fatal',
  ].join(' ');
  const pgCtl = join(bin, 'pg_ctl');
  const startOnly = () =>
    run(pgCtl, ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const stopOnly = () => run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
  startOnly();
  return {
    port,
    dir,
    url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
    bin: (name) => join(bin, name),
    stopOnly,
    startOnly,
    restart: () => {
      stopOnly();
      startOnly();
    },
    stop: () => {
      try {
        stopOnly();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
