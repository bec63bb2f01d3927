// Photo submissions made on this phone: the submission, its pages (binary) and its outbox
// entry are written in ONE transaction, so a photo is never queued half-way. Pages stay
// on the phone after delivery (the family's own record of what was sent) until removed.
import type { SubmissionBody } from '../../shared/submissions.ts';
import type { HomewardDB, LocalSubmission, SubmissionPage } from './db.ts';
import { enqueue, newId } from './outbox.ts';

export type PreparedPage = {
  blob: Blob;
  sha256: string;
  bytes: number;
  width: number;
  height: number;
};

export type SubmissionDraft = {
  pupilId: string;
  sessionId: string | null;
  note: string;
  pages: PreparedPage[];
};

/** The outbox entry's body: what the commit PUT needs besides the upload ids. */
export type SubmissionEntryBody = Omit<SubmissionBody, 'pages'>;

export async function queueSubmission(
  db: HomewardDB,
  draft: SubmissionDraft,
  now = new Date(),
): Promise<string> {
  if (draft.pages.length === 0) throw new Error('a submission needs at least one page');
  const id = newId();
  const submission: LocalSubmission = {
    id,
    pupilId: draft.pupilId,
    sessionId: draft.sessionId,
    note: draft.note.trim(),
    createdAt: now.toISOString(),
    pageCount: draft.pages.length,
    bytes: draft.pages.reduce((sum, p) => sum + p.bytes, 0),
    server: null,
    delivery: 'saved',
  };
  const pages: SubmissionPage[] = draft.pages.map((p, index) => ({
    id: `${id}:${index}`,
    submissionId: id,
    index,
    blob: p.blob,
    sha256: p.sha256,
    bytes: p.bytes,
    width: p.width,
    height: p.height,
    uploadId: null,
  }));
  const body: SubmissionEntryBody = {
    pupilId: submission.pupilId,
    sessionId: submission.sessionId,
    note: submission.note,
    createdAt: submission.createdAt,
  };
  await db.transaction(
    'rw',
    [db.submissions, db.submissionPages, db.outbox, db.draftPages],
    async () => {
      await db.submissions.add(submission);
      await db.submissionPages.bulkAdd(pages);
      await enqueue(db, 'submission', id, body, now);
      // The draft becomes the submission: both in one step, so nothing is lost or doubled.
      await db.draftPages.where('pupilId').equals(draft.pupilId).delete();
    },
  );
  return id;
}

export async function pagesOf(db: HomewardDB, submissionId: string): Promise<SubmissionPage[]> {
  const pages = await db.submissionPages.where('submissionId').equals(submissionId).toArray();
  return pages.toSorted((a, b) => a.index - b.index);
}

export async function recordUpload(db: HomewardDB, pageId: string, uploadId: string): Promise<void> {
  await db.submissionPages.update(pageId, { uploadId });
}

export async function listSubmissions(db: HomewardDB, pupilId: string): Promise<LocalSubmission[]> {
  const list = await db.submissions.where('pupilId').equals(pupilId).toArray();
  return list.toSorted((a, b) => b.createdAt.localeCompare(a.createdAt));
}
