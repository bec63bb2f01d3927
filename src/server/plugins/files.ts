// Files: `app.storage` (stored photos, see storage/index.ts) and `app.uploads` (the tus
// upload area). On start, everything the server keeps in its data directory is made
// readable by its user only (storage/private-files.ts). Uploads given up on (never
// committed and older than 7 days, or never written and older than an hour: db/uploads.ts)
// are deleted on start and every `uploadCleanupMs` while the server runs; on start, so are
// left-over upload files of committed submissions (their pages live in storage) and files
// no database row knows. Stored files no row names, an hour old (a crash between writing
// bytes and naming them), go too: storage/sweep.ts. Named stored files are never touched.
// With several instances, the start-up sweep runs on one at a time. Staff uploads (pack
// files from the workspace, db/staff-uploads.ts) are kept and given up on the same way.
import type { Locker } from '@tus/utils';
import { withInstanceLock } from '../db/dialect.ts';
import { knownUploads, takeAbandonedUploads } from '../db/uploads.ts';
import { abandonedUploadMs, uploadCleanupMs } from '../options.ts';
import type { FileStorage } from '../storage/index.ts';
import type { Files } from '../storage/open.ts';
import { lockDownDataDir } from '../storage/private-files.ts';
import { sweepStorage } from '../storage/sweep.ts';
import type { UploadArea } from '../storage/uploads.ts';
import { globalPlugin } from './plugin.ts';

declare module 'fastify' {
  interface FastifyInstance {
    storage: FileStorage;
    uploads: UploadArea;
    /** tus locks across instances (PostgreSQL); undefined: tus's in-process locker. */
    uploadLocker: Locker | undefined;
    /** Deletes the uploads given up on by now; returns how many. Runs on a timer too. */
    cleanUploads: () => Promise<number>;
  }
}

export const filesPlugin = globalPlugin<{ files: Files; dataDir: string }>(async (app, opts) => {
  const { storage, uploads } = opts.files;
  app.decorate('storage', storage);
  app.decorate('uploads', uploads);
  app.decorate('uploadLocker', opts.files.locker);
  app.addHook('onClose', async () => {
    await opts.files.close();
  });

  const locked = await lockDownDataDir(opts.dataDir);
  if (locked > 0) app.log.info({ files: locked }, 'made data files private to this user');

  async function cleanUploads(): Promise<number> {
    const now = app.now();
    const before = new Date(now.getTime() - abandonedUploadMs).toISOString();
    const ids = [
      ...(await takeAbandonedUploads(app.db, before, now)),
      ...(await takeAbandonedUploads(app.db, before, now, 'staff_uploads')),
    ];
    for (const id of ids) await uploads.remove(id);
    return ids.length;
  }
  app.decorate('cleanUploads', cleanUploads);

  // One instance at a time; another starting meanwhile skips it (the next start sweeps).
  await withInstanceLock(app.db, 'sweep', 'try', async () => {
    await cleanUploads();
    const now = app.now().getTime();
    const known = new Map([
      ...(await knownUploads(app.db)),
      ...(await knownUploads(app.db, 'staff_uploads')),
    ]);
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

  // Taking a given-up upload's row deletes it, so instances racing here each remove only
  // what they took.
  const timer = setInterval(() => {
    cleanUploads().catch((err: unknown) => app.log.error({ err }, 'upload clean-up failed'));
  }, uploadCleanupMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}, 'homeward-files');
