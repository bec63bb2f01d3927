// Everything under the data directory is readable by the server's user only: directories
// 0700, files 0600. Modes are set with chmod after creating (the umask could only take
// bits away, but an odd umask must not change what we mean), and `lockDownDataDir` puts
// right what an older version or a copied backup left behind, once at start.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const privateDirMode = 0o700;
export const privateFileMode = 0o600;

/** Makes the directory (and its parents) if needed; the directory itself gets 0700. */
export function privateDirSync(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
  chmodSync(dir, privateDirMode);
}

/** Creates the file empty if it is missing, and gives it 0600 either way. */
export function privateFileSync(file: string): void {
  closeSync(openSync(file, 'a', privateFileMode));
  chmodSync(file, privateFileMode);
}

/** One level of directory under a private root, made 0700 when it is new. */
export async function privateSubdir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { mode: privateDirMode });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw err;
  }
  await chmod(dir, privateDirMode);
}

/** Sets 0700/0600 on a directory tree (symbolic links are left alone); returns the count changed. */
export async function lockDownTree(path: string): Promise<number> {
  let s;
  try {
    s = await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  if (s.isSymbolicLink() || !(s.isDirectory() || s.isFile())) return 0;
  const want = s.isDirectory() ? privateDirMode : privateFileMode;
  let changed = 0;
  if ((s.mode & 0o777) !== want) {
    await chmod(path, want);
    changed += 1;
  }
  if (s.isDirectory()) {
    for (const name of await readdir(path)) changed += await lockDownTree(join(path, name));
  }
  return changed;
}

/** What the server keeps in its data directory (anything else there is left alone). */
export function dataDirEntries(dataDir: string): string[] {
  const db = join(dataDir, 'homeward.sqlite');
  return [
    `${db}`,
    `${db}-wal`,
    `${db}-shm`,
    `${db}-journal`,
    join(dataDir, 'demo-credentials.json'),
    join(dataDir, 'files'),
    join(dataDir, 'uploads'),
  ];
}

/** The data directory and everything the server keeps in it: 0700 / 0600. */
export async function lockDownDataDir(dataDir: string): Promise<number> {
  let changed = 0;
  const s = await lstat(dataDir);
  if ((s.mode & 0o777) !== privateDirMode) {
    await chmod(dataDir, privateDirMode);
    changed += 1;
  }
  for (const entry of dataDirEntries(dataDir)) changed += await lockDownTree(entry);
  return changed;
}
