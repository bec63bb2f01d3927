// Files: `app.storage` (stored photos, see storage/index.ts) and `app.uploads` (the tus
// upload area). On start, everything the server keeps in its data directory is made
// readable by its user only (storage/private-files.ts), uploads abandoned for more than
// 7 days are deleted, and so are left-over upload files of committed submissions (their pages live in storage) and files
// no database row knows. Stored files no row names, an hour old (a crash between writing
// bytes and naming them), go too: storage/sweep.ts. Named stored files are never touched.
import { join } from 'node:path';
import { knownUploads, takeAbandonedUploads } from '../db/uploads.ts';
import { abandonedUploadMs } from '../options.ts';
import { LocalDiskStorage, type FileStorage } from '../storage/index.ts';
import { lockDownDataDir } from '../storage/private-files.ts';
import { sweepStorage } from '../storage/sweep.ts';
import { UploadArea } from '../storage/uploads.ts';
import { globalPlugin } from './plugin.ts';

declare module 'fastify' {
  interface FastifyInstance {
    storage: FileStorage;
    uploads: UploadArea;
  }
}

export const filesPlugin = globalPlugin<{ dataDir: string; storage?: FileStorage }>(
  async (app, opts) => {
    const storage = opts.storage ?? new LocalDiskStorage(join(opts.dataDir, 'files'));
    const uploads = new UploadArea(join(opts.dataDir, 'uploads'), abandonedUploadMs);
    app.decorate('storage', storage);
    app.decorate('uploads', uploads);

    const locked = await lockDownDataDir(opts.dataDir);
    if (locked > 0) app.log.info({ files: locked }, 'made data files private to this user');

    const now = app.now().getTime();
    const before = new Date(now - abandonedUploadMs).toISOString();
    for (const id of await takeAbandonedUploads(app.db, before)) await uploads.remove(id);
    const known = await knownUploads(app.db);
    for (const [id, mtime] of await uploads.list()) {
      const committed = known.get(id);
      // Unknown files get a grace period: the row and the file are not written at once.
      if (committed === true || (committed === undefined && mtime < now - 60 * 60 * 1000)) {
        await uploads.remove(id);
      }
    }
    const swept = await sweepStorage(app.db, storage, app.now());
    if (swept.removed > 0) app.log.info(swept, 'removed stored files no row names');
  },
  'homeward-files',
);
