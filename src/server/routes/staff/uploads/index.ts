// tus 1.0.0 for the workspace at /api/v1/staff/uploads (POST, HEAD/PATCH/DELETE /:id): the
// pack files staff send from the browser, resumable after a dropped connection (a 25 MB
// scanned workbook on school Wi-Fi). The same upload area and the same Fastify-first
// checks as families' uploads (lib/tus-fastify.ts), with the staff session instead of a
// device: an upload is only ever its maker's (anyone else: 404), at most maxPackFileBytes,
// and is committed as a pack file by `POST /staff/packs/:id/files/:fileId/upload`.
import type { FastifyPluginAsync } from 'fastify';
import { maxPackFileBytes } from '../../../../shared/packs.ts';
import { staffUploadsPath } from '../../../../shared/publishing.ts';
import {
  forgetStaffUpload,
  insertStaffUpload,
  markStaffUploadPatched,
  staffUploadOf,
} from '../../../db/staff-uploads.ts';
import { notFound } from '../../../lib/http-error.ts';
import { checkExactUploadUrl, creationLength, tusArea } from '../../../lib/tus-fastify.ts';
import { staffOf, type StaffAuth } from '../../../plugins/auth.ts';
import { isUploadId } from '../../../storage/uploads.ts';

export const staffUploadRoutes: FastifyPluginAsync = async (app) => {
  const tus = tusArea<StaffAuth>({
    path: staffUploadsPath,
    datastore: app.uploads.store,
    locker: app.uploadLocker,
    maxSize: maxPackFileBytes,
    onCreate: async (staff, upload, withBytes) => {
      await insertStaffUpload(
        app.db,
        staff,
        { id: upload.id, size: upload.size, withBytes },
        app.now(),
      );
    },
  });

  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => {
    done(null);
  });

  const schema = { hide: true };

  // Registered under /api/v1/staff: the routes are relative, tus sees the whole path.
  app.post('/uploads', { schema }, async (req, reply) => {
    creationLength(req, maxPackFileBytes, 'A file in a pack');
    await tus.handOver(req, reply, staffOf(req));
  });

  app.route<{ Params: { id: string } }>({
    method: ['HEAD', 'PATCH', 'DELETE'],
    url: '/uploads/:id',
    schema,
    handler: async (req, reply) => {
      const staff = staffOf(req);
      const id = req.params.id.toLowerCase();
      const gone = notFound('No such upload.');
      if (!isUploadId(id)) throw gone;
      checkExactUploadUrl(req, staffUploadsPath);
      const now = app.now();
      const upload = await staffUploadOf(app.db, id, staff, now);
      if (!upload || upload.committed || !upload.live) throw gone;
      if (req.method === 'PATCH' && !(await markStaffUploadPatched(app.db, id, staff, now))) {
        throw gone;
      }
      if (req.method === 'DELETE') await forgetStaffUpload(app.db, id, staff);
      await tus.handOver(req, reply, staff, id);
    },
  });
};
