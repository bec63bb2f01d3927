// Queues a submission (saved on the phone with its outbox entry) and asks for a sync.
import { useCallback } from 'react';
import { appDb } from '../../data/appDb.ts';
import { queueSubmission, type SubmissionDraft } from '../../data/submissions.ts';
import { guardWrite } from '../../pwa/bridge.ts';
import { askForPersistentStorage } from '../../pwa/storage.ts';
import { requestSync } from '../../sync/request.ts';

export function useSubmit() {
  return useCallback(async (draft: SubmissionDraft) => {
    const id = await guardWrite(() => queueSubmission(appDb, draft));
    void askForPersistentStorage();
    void requestSync('write');
    return id;
  }, []);
}
