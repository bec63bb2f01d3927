// Files behind one small interface: local disk by default (`${dataDir}/files`), an
// S3-compatible bucket later. Keys are made by the server (`newStorageKey()`), never taken
// from a request, and checked against a strict pattern before they touch a path, so a
// key can never name a file outside the storage root.
import { createReadStream } from 'node:fs';
import { chmod, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { ByteRange } from '../lib/byte-range.ts';
import { privateDirSync, privateFileMode, privateSubdir } from './private-files.ts';

export interface FileStorage {
  /** Stores bytes under a key (replacing what was there). Atomic: readers never see half a file. */
  put(key: string, body: Uint8Array | Readable): Promise<void>;
  /**
   * A stream of the bytes (only `range`, end inclusive, when given), or null when there is
   * no such file. `size` is always the whole file's.
   */
  get(key: string, range?: ByteRange): Promise<{ stream: Readable; size: number } | null>;
  /** Size in bytes, or null when there is no such file. */
  size(key: string): Promise<number | null>;
  /** Deletes the file; deleting a missing file is not an error. */
  delete(key: string): Promise<void>;
  /** Everything in storage: files by key, and what interrupted writes left (`key` null). */
  entries(): AsyncIterable<StoredEntry>;
  /** Deletes one listed entry (a leftover of an interrupted write too). */
  removeEntry(entry: StoredEntry): Promise<void>;
}

export type StoredEntry = {
  /** The file's key, or null for a temporary file an interrupted write left behind. */
  key: string | null;
  /** The name in storage (the key, or the temporary file's name). */
  name: string;
  modifiedMs: number;
  bytes: number;
};

/** UUIDv7 (sortable by creation) — the only form of key the server makes. */
export function newStorageKey(): string {
  return uuidv7();
}

const keyPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const tempPattern =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[0-9a-f]{12}\.tmp$/;

export function assertStorageKey(key: string): void {
  if (!keyPattern.test(key)) throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
}

/**
 * Files under `root/<first two hex digits>/<key>`. Writes go to a temp file in the same
 * directory first and are renamed into place.
 */
export class LocalDiskStorage implements FileStorage {
  readonly root: string;

  constructor(root: string) {
    privateDirSync(root);
    this.root = root;
  }

  private pathOf(key: string): { dir: string; file: string } {
    assertStorageKey(key);
    // UUIDv7 keys start with a timestamp: shard on the random tail instead.
    const dir = join(this.root, key.slice(-2));
    return { dir, file: join(dir, key) };
  }

  async put(key: string, body: Uint8Array | Readable): Promise<void> {
    const { dir, file } = this.pathOf(key);
    await privateSubdir(dir);
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const mode = privateFileMode;
    try {
      if (body instanceof Uint8Array) await writeFile(tmp, body, { flag: 'wx', mode });
      else await pipeline(body, createWriteStream(tmp, { flags: 'wx', mode }));
      await chmod(tmp, mode);
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<{ stream: Readable; size: number } | null> {
    const size = await this.size(key);
    if (size === null) return null;
    return { stream: createReadStream(this.pathOf(key).file, range), size };
  }

  async size(key: string): Promise<number | null> {
    try {
      const s = await stat(this.pathOf(key).file);
      return s.isFile() ? s.size : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key).file, { force: true });
  }

  async *entries(): AsyncIterable<StoredEntry> {
    let shards: string[];
    try {
      shards = await readdir(this.root);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const shard of shards.filter((d) => /^[0-9a-f]{2}$/.test(d)).toSorted()) {
      for (const name of (await readdir(join(this.root, shard))).toSorted()) {
        const key = keyPattern.test(name) ? name : null;
        if (!key && !tempPattern.test(name)) continue; // not ours: leave it
        if ((key ?? name.slice(0, 36)).slice(-2) !== shard) continue;
        const s = await stat(join(this.root, shard, name)).catch(() => null);
        if (s?.isFile()) yield { key, name, modifiedMs: s.mtimeMs, bytes: s.size };
      }
    }
  }

  async removeEntry(entry: StoredEntry): Promise<void> {
    const key = keyPattern.test(entry.name) ? entry.name : tempPattern.exec(entry.name)?.[1];
    if (!key) throw new Error(`not a stored file: ${JSON.stringify(entry.name)}`);
    await rm(join(this.pathOf(key).dir, entry.name), { force: true });
  }
}
