// The tus upload area: `${dataDir}/uploads/<id>` (the bytes so far) and `<id>.json`
// (@tus/file-store's record of the declared length and metadata), both 0600 in a 0700
// directory. Upload ids are made by the server (random UUIDs) and checked against a
// pattern before they touch a path.
import { chmod, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import type { DataStore } from '@tus/utils';
import { privateDirSync, privateFileMode } from './private-files.ts';

/** @tus/file-store creates its files with the process's umask: make them the user's only. */
class PrivateFileStore extends FileStore {
  override async create(...args: Parameters<FileStore['create']>) {
    const upload = await super.create(...args);
    await chmod(join(this.directory, upload.id), privateFileMode);
    await chmod(join(this.directory, `${upload.id}.json`), privateFileMode);
    return upload;
  }
}

const uploadIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** An id the server could have made (lower case: callers lower-case what a client sent). */
export function isUploadId(value: string): boolean {
  return uploadIdPattern.test(value);
}

/** Where tus uploads wait to be committed: this directory, or a bucket (storage/s3.ts). */
export interface UploadArea {
  readonly store: DataStore;
  /** Declared length, bytes received so far, and the bytes themselves when complete. */
  read(id: string): Promise<{ size: number | null; offset: number; bytes: Buffer | null }>;
  /** Deletes an upload's bytes and record; a missing upload is not an error. */
  remove(id: string): Promise<void>;
  /** Upload ids with anything stored, and when they were last written. */
  list(): Promise<Map<string, number>>;
}

export class DiskUploadArea implements UploadArea {
  readonly dir: string;
  readonly store: FileStore;

  constructor(dir: string, expirationMs: number) {
    privateDirSync(dir);
    this.dir = dir;
    this.store = new PrivateFileStore({
      directory: dir,
      expirationPeriodInMilliseconds: expirationMs,
    });
  }

  /** Declared length, bytes received so far, and the bytes themselves when complete. */
  async read(id: string): Promise<{ size: number | null; offset: number; bytes: Buffer | null }> {
    if (!isUploadId(id)) return { size: null, offset: 0, bytes: null };
    let upload;
    try {
      upload = await this.store.getUpload(id);
    } catch {
      return { size: null, offset: 0, bytes: null };
    }
    const size = upload.size ?? null;
    const complete = size !== null && upload.offset === size;
    return {
      size,
      offset: upload.offset,
      bytes: complete ? await readFile(join(this.dir, id)) : null,
    };
  }

  /** Deletes an upload's bytes and record; a missing upload is not an error. */
  async remove(id: string): Promise<void> {
    if (!isUploadId(id)) return;
    await rm(join(this.dir, id), { force: true });
    await rm(join(this.dir, `${id}.json`), { force: true });
  }

  /** Upload ids with anything on disk, and when they were last written. */
  async list(): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (const name of await readdir(this.dir)) {
      const id = name.endsWith('.json') ? name.slice(0, -5) : name;
      const s = await stat(join(this.dir, name)).catch(() => null);
      if (!s) continue;
      found.set(id, Math.max(found.get(id) ?? 0, s.mtimeMs));
    }
    return found;
  }
}
