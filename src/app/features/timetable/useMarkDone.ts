// Marking a session done (or not done): saved on the phone with its outbox entry, then
// a sync is asked for. Works the same offline.
import { useCallback } from 'react';
import { getAppDb } from '../../data/lazyDb.ts';
import { markSessionDone } from '../../data/outbox.ts';
import { guardWrite } from '../../pwa/bridge.ts';
import { requestSync } from '../../sync/request.ts';

export function useMarkDone() {
  return useCallback(async (pupilId: string, sessionId: string, done: boolean) => {
    const db = await getAppDb();
    await guardWrite(() => markSessionDone(db, { pupilId, sessionId, done }));
    void requestSync('write');
  }, []);
}
