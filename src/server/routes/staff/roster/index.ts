// POST /staff/roster/preview and /staff/roster/commit (admin only): the school's CSV, as
// its management system exported it, sent as the file's bytes (text/csv, or
// application/octet-stream as a browser sends a file it cannot name); GET …/template is
// the CSV template to fill in. The preview answers
// with the report (src/shared/roster.ts); the commit takes the preview's fingerprint and
// applies the file all or nothing (db/roster.ts: 422 with errors, 409 if the roster or the
// file changed since the preview). The import's own limit (5 MB) is reported in the
// preview; a body far beyond it is a 413 before it is read.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffEndpoints as e } from '../../../../shared/staff/contract.ts';
import { commitRosterFile, previewRosterFile } from '../../../db/roster.ts';
import { defaultRosterLimits } from '../../../roster/index.ts';
import { rosterTemplateCsv } from '../../../roster/template.ts';
import { HttpError } from '../../../lib/http-error.ts';
import type { RouteAccess } from '../../../plugins/access.ts';
import { staffOf } from '../../../plugins/auth.ts';

/** Twice the import's limit: a file somewhat too large gets the report that says so. */
const bodyLimit = defaultRosterLimits.maxBytes * 2;

function bytesOf(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  throw new HttpError(400, 'bad_request', 'Send the CSV file itself (content-type text/csv).');
}

export const staffRosterRoutes: FastifyPluginAsyncZod = async (app) => {
  // Bytes as they came; encapsulated, so only these routes take them.
  app.addContentTypeParser(
    ['text/csv', 'application/octet-stream', 'application/vnd.ms-excel'],
    { parseAs: 'buffer', bodyLimit },
    (_req, body, done) => done(null, body),
  );
  // Admins only; no id to check: the member's own school is the one imported into.
  const access: RouteAccess = { can: 'admin', scope: [] };
  const common = { bodyLimit, config: { access } };
  const schema = { tags: ['staff'], security: [{ staff: [] }], consumes: ['text/csv'] };

  // The template: a download (a link in the workspace), with a BOM so Excel reads UTF-8.
  app.get(e.rosterTemplate.path, { config: common.config, schema }, async (_req, reply) =>
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="homeward-roster-template.csv"')
      .send(`\uFEFF${rosterTemplateCsv}\r\n`),
  );

  app.post(
    e.rosterPreview.path,
    { ...common, schema: { ...schema, response: { 200: e.rosterPreview.response } } },
    async (req) =>
      (await previewRosterFile(app.db, staffOf(req).schoolId, bytesOf(req.body))).report,
  );

  app.post(
    e.rosterCommit.path,
    {
      ...common,
      schema: {
        ...schema,
        querystring: e.rosterCommit.query,
        response: { 200: e.rosterCommit.response },
      },
    },
    async (req) =>
      commitRosterFile(
        app.db,
        staffOf(req).schoolId,
        bytesOf(req.body),
        req.query.fingerprint,
        app.now(),
      ),
  );
};
