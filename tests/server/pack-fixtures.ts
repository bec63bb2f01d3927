// Shared pieces of the learning-pack tests: a staff client for packs and their files,
// PDFs made up here, and a family's pack writes (a second school: second-school.ts).
import type { FastifyInstance } from 'fastify';
import { v7 as uuid } from 'uuid';
import { asStaff, bearer } from './helpers.ts';
import { current, storedSha } from './publish-fixtures.ts';

/** A small but real PDF: header, one object, trailer, `%%EOF`. */
export const tinyPdf = (marker = 'one') =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Marker (${marker}) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );

export function staffClient(app: FastifyInstance, cookie: string) {
  const packs = '/api/v1/staff/packs';
  return {
    /** Names the stored revision unless the body names one (publish-fixtures.ts `current`). */
    putPack: async (id: string, body: object) =>
      app.inject(
        asStaff(cookie, {
          method: 'PUT',
          url: `${packs}/${id}`,
          payload: await current(app, `${packs}/${id}`, body),
        }),
      ),
    deletePack: (id: string, query = '') =>
      app.inject(asStaff(cookie, { method: 'DELETE', url: `${packs}/${id}${query}` })),
    /** A replacement names the stored hash as `replaces` unless the query names one. */
    putFile: async (
      packId: string,
      fileId: string,
      type: string,
      bytes: Buffer | string,
      query: Record<string, string | number> = {},
    ) => {
      const replaces = 'replaces' in query ? undefined : await storedSha(app, fileId);
      const q = { ...query, ...(replaces ? { replaces } : {}) };
      return app.inject(
        asStaff(cookie, {
          method: 'PUT',
          url: `${packs}/${packId}/files/${fileId}`,
          query: Object.fromEntries(Object.entries(q).map(([k, v]) => [k, String(v)])),
          headers: { 'content-type': type },
          payload: bytes,
        }),
      );
    },
    deleteFile: (packId: string, fileId: string) =>
      app.inject(asStaff(cookie, { method: 'DELETE', url: `${packs}/${packId}/files/${fileId}` })),
    get: (url: string) =>
      app.inject(asStaff(cookie, { method: 'GET', url: `/api/v1/staff${url}` })),
    post: (url: string, payload: object = {}) =>
      app.inject(asStaff(cookie, { method: 'POST', url: `/api/v1/staff${url}`, payload })),
  };
}

/** A pack body for staff, published, for the whole class unless told otherwise. */
export function packBody(classId: string, extra: Record<string, unknown> = {}) {
  return {
    classId,
    pupilId: null,
    weekStart: null,
    title: 'Spellings',
    instructions: 'Learn **ten** words.',
    links: [],
    activities: [
      { id: uuid(), title: 'Look, cover, write, check' },
      { id: uuid(), title: 'Spelling test with a grown-up' },
    ],
    sessionIds: [],
    stepIds: [],
    published: true,
    ...extra,
  };
}

export function familyClient(app: FastifyInstance, token: string) {
  return {
    file: (sha256: string, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'GET',
        url: `/api/v1/files/${sha256}`,
        headers: { ...bearer(token), ...headers },
      }),
    mark: (id: string, body: object) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/activity-completions/${id}`,
        headers: bearer(token),
        payload: body,
      }),
    askForPaper: (id: string, body: object) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/paper-requests/${id}`,
        headers: bearer(token),
        payload: body,
      }),
  };
}
