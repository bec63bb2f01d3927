// Files: `app.storage` (stored photos, see storage/index.ts) and `app.uploads` (the tus
// upload area). On start, uploads abandoned for more than 7 days are deleted, and so are
// left-over upload files of committed submissions (their pages live in storage) and files
// no database row knows. Stored files no row names, an hour old (a crash between writing
// bytes and naming them), go too: storage/sweep.ts. Named stored files are never touched.
import type { Locker } from '@tus/utils';
import { withInstanceLock } from '../db/dialect.ts';
import { knownUploads, takeAbandonedUploads } from '../db/uploads.ts';
import { abandonedUploadMs } from '../options.ts';
import type { FileStorage } from '../storage/index.ts';
import type { Files } from '../storage/open.ts';
import { sweepStorage } from '../storage/sweep.ts';
import type { UploadArea } from '../storage/uploads.ts';
import { globalPlugin } from './plugin.ts';

declare module 'fastify' {
  interface FastifyInstance {
    storage: FileStorage;
    uploads: UploadArea;
    /** tus locks across instances (PostgreSQL); undefined: tus's in-process locker. */
    uploadLocker: Locker | undefined;
  }
}

export const filesPlugin = globalPlugin<{ files: Files }>(async (app, opts) => {
  const { storage, uploads } = opts.files;
  app.decorate('storage', storage);
  app.decorate('uploads', uploads);
  app.decorate('uploadLocker', opts.files.locker);
  app.addHook('onClose', async () => {
    await opts.files.close();
  });

  // One instance at a time; another starting meanwhile skips it (the next start sweeps).
  await withInstanceLock(app.db, 'sweep', 'try', async () => {
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
  });
}, 'homeward-files');
