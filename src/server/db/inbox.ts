// Returned work for staff: a class's inbox, newest first, filtered (awaiting feedback, a
// time range such as this week, a child, a session, a pack's sessions) and paged by a
// keyset cursor (received_at, id), so the first page costs the same with 50 or 5,000
// submissions. Each submission comes with its pages, its feedback (held or delivered) and
// its place in the timetable.
import { API } from '../../shared/api.ts';
import type { Db } from './database.ts';
import { feedbackForStaff, type StaffFeedback } from './feedback.ts';
import type { SubmissionRow } from './schema.ts';
import { toSubmission } from './mappers.ts';

export type InboxFilter = {
  classIds: string[];
  awaitingFeedback?: boolean;
  /** received_at in [from, to) */
  from?: string;
  to?: string;
  pupilId?: string;
  /** Any of these sessions (a session, or every session a pack is linked to). */
  sessionIds?: string[];
  /** Only this one (a submission's own page, after a check that it is in the classes). */
  id?: string;
};
export type InboxCursor = { receivedAt: string; id: string };

export const formatInboxCursor = (c: InboxCursor) => `${c.receivedAt}_${c.id}`;
export function parseInboxCursor(value: string): InboxCursor | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/.exec(value);
  return m ? { receivedAt: m[1] as string, id: m[2] as string } : null;
}

export type InboxSubmission = ReturnType<typeof toSubmission> & {
  familyId: string;
  pupilName: string;
  pages: {
    id: string;
    idx: number;
    width: number;
    height: number;
    url: string;
    thumbUrl: string;
  }[];
  feedback: StaffFeedback[];
  session: { id: string; date: string; startTime: string; subject: string } | null;
};

export async function inboxPage(
  db: Db,
  filter: InboxFilter,
  page: { after?: InboxCursor; limit: number },
): Promise<{ submissions: InboxSubmission[]; next: InboxCursor | null }> {
  if (filter.classIds.length === 0 || filter.sessionIds?.length === 0) {
    return { submissions: [], next: null };
  }
  let q = db
    .selectFrom('submissions as s')
    .innerJoin('pupils as p', 'p.id', 's.pupil_id')
    .selectAll('s')
    .select('p.display_name as pupil_name')
    .where('p.class_id', 'in', filter.classIds);
  if (filter.id) q = q.where('s.id', '=', filter.id);
  if (filter.pupilId) q = q.where('s.pupil_id', '=', filter.pupilId);
  if (filter.sessionIds) q = q.where('s.session_id', 'in', filter.sessionIds);
  if (filter.from) q = q.where('s.received_at', '>=', filter.from);
  if (filter.to) q = q.where('s.received_at', '<', filter.to);
  if (filter.awaitingFeedback) {
    q = q
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('submission_feedback as f')
              .select('f.id')
              .whereRef('f.submission_id', '=', 's.id'),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('held_feedback as h')
              .select('h.id')
              .whereRef('h.submission_id', '=', 's.id'),
          ),
        ),
      );
  }
  const after = page.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('s.received_at', '<', after.receivedAt),
        eb.and([eb('s.received_at', '=', after.receivedAt), eb('s.id', '<', after.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('s.received_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const more = rows.length > page.limit;
  const pageRows = more ? rows.slice(0, page.limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    submissions: await withDetails(db, pageRows),
    next: more && last ? { receivedAt: last.received_at, id: last.id } : null,
  };
}

async function withDetails(
  db: Db,
  rows: (SubmissionRow & { pupil_name: string })[],
): Promise<InboxSubmission[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const sessionIds = [...new Set(rows.flatMap((r) => (r.session_id ? [r.session_id] : [])))];
  const [pages, feedback, sessions] = await Promise.all([
    db
      .selectFrom('submission_pages')
      .select(['id', 'submission_id', 'idx', 'width', 'height'])
      .where('submission_id', 'in', ids)
      .orderBy('idx')
      .execute(),
    feedbackForStaff(db, ids),
    sessionIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('timetable_sessions')
          .select(['id', 'date', 'start_time', 'subject'])
          .where('id', 'in', sessionIds)
          .execute(),
  ]);
  const pagesBy = new Map<string, InboxSubmission['pages']>();
  for (const p of pages) {
    const list = pagesBy.get(p.submission_id) ?? [];
    list.push({
      id: p.id,
      idx: p.idx,
      width: p.width,
      height: p.height,
      url: `${API}/staff/files/${p.id}`,
      thumbUrl: `${API}/staff/files/${p.id}/thumb`,
    });
    pagesBy.set(p.submission_id, list);
  }
  const sessionsBy = new Map(
    sessions.map((s) => [
      s.id,
      { id: s.id, date: s.date, startTime: s.start_time, subject: s.subject },
    ]),
  );
  return rows.map((r) => {
    const own = pagesBy.get(r.id) ?? [];
    const { pupil_name, ...row } = r;
    return {
      ...toSubmission({ ...row, page_count: own.length }),
      familyId: r.family_id,
      pupilName: pupil_name,
      pages: own,
      feedback: feedback.get(r.id) ?? [],
      session: (r.session_id && sessionsBy.get(r.session_id)) || null,
    };
  });
}

/** The sessions a pack is linked to (for the inbox's "a pack" filter); null: no such pack in these classes. */
export async function packSessionIds(
  db: Db,
  packId: string,
  classIds: string[],
): Promise<string[] | null> {
  if (classIds.length === 0) return null;
  const row = await db
    .selectFrom('packs')
    .select('session_ids')
    .where('id', '=', packId)
    .where('class_id', 'in', classIds)
    .executeTakeFirst();
  return row ? (JSON.parse(row.session_ids) as string[]) : null;
}
