// Writes for absence notices: saved on the phone with their outbox entry, then a sync.
import { useCallback } from 'react';
import { appDb } from '../../data/appDb.ts';
import {
  saveAbsenceNotice,
  withdrawAbsenceNotice,
  type AbsenceDraft,
} from '../../data/absences.ts';
import { guardWrite } from '../../pwa/bridge.ts';
import { requestSync } from '../../sync/request.ts';
import { askForPersistentStorage } from '../../pwa/storage.ts';

export function useAbsenceActions() {
  const save = useCallback(async (draft: AbsenceDraft, existingId: string | null) => {
    const id = await guardWrite(() => saveAbsenceNotice(appDb, draft, existingId));
    void askForPersistentStorage();
    void requestSync('write');
    return id;
  }, []);
  const withdraw = useCallback(async (id: string, reason: string) => {
    await guardWrite(() => withdrawAbsenceNotice(appDb, id, reason));
    void requestSync('write');
  }, []);
  return { save, withdraw };
}
